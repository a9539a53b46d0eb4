"""Reading FirstAgenda's portal: its options (docs/firstagenda.md)."""

from __future__ import annotations

from attrs import field, frozen

from ..._repr import fields_repr
from .._flags import flag

__all__ = ["PortalOptions"]


@frozen(kw_only=True)
class PortalOptions:
    """Reading FirstAgenda's publication portal (``firstagenda``, ``firstagenda-html``).

    ``base_url`` is the portal's address (``https://dagsordener.greve.dk``): each
    attachment then gets its address there, ``base_url + "/vis/pdf/bilag/" + id``,
    as the property ``firstagenda:url`` (docs/firstagenda.md). On the command line:
    ``--portal-base-url URL``.
    """

    __repr__ = fields_repr

    base_url: str | None = field(
        default=None,
        metadata=flag(
            "--portal-base-url",
            metavar="URL",
            help="firstagenda: portalens adresse (https://dagsordener.kommune.dk); "
            "bilagene får deres adresse dér",
            commands=("convert", "info"),
        ),
    )
