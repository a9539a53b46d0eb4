"""FirstAgenda's publication portal (``dagsordener.<kommune>.dk``), read only.

``firstagenda`` reads the JSON the portal's API answers for one meeting,
``firstagenda-html`` the web page it shows for it. ``docs/firstagenda.md``
describes how each field maps, what is not read and how a closed item is told.
"""

from ._json import read_firstagenda
from ._page import read_firstagenda_html

__all__ = ["read_firstagenda", "read_firstagenda_html"]
