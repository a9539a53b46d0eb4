"""Reading FirstAgenda's portal: its options (docs/firstagenda.md)."""

from __future__ import annotations

from attrs import frozen

from ..._repr import fields_repr

__all__ = ["PortalOptions"]


@frozen(kw_only=True)
class PortalOptions:
    """Reading FirstAgenda's publication portal (``firstagenda``, ``firstagenda-html``).

    ``base_url`` is the portal's address (``https://dagsordener.greve.dk``): each
    attachment then gets its address there, ``base_url + "/vis/pdf/bilag/" + id``,
    as the property ``firstagenda:url`` (docs/firstagenda.md).
    """

    __repr__ = fields_repr

    base_url: str | None = None
