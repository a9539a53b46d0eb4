"""FirstAgenda's publication portal (``dagsordener.<kommune>.dk``), read only.

``firstagenda`` reads the JSON the portal's API answers for one meeting,
``firstagenda-html`` the web page it shows for it. ``docs/firstagenda.md``
describes how each field maps, what is not read and how a closed item is told.
The readers load on first use: the registry imports only :class:`PortalOptions`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._options import PortalOptions

if TYPE_CHECKING:
    from ._json import read_firstagenda
    from ._page import read_firstagenda_html

__all__ = ["PortalOptions", "read_firstagenda", "read_firstagenda_html"]


def __getattr__(name: str) -> object:
    if name == "read_firstagenda":
        from ._json import read_firstagenda  # noqa: PLC0415

        return read_firstagenda
    if name == "read_firstagenda_html":
        from ._page import read_firstagenda_html  # noqa: PLC0415

        return read_firstagenda_html
    raise AttributeError(name)
