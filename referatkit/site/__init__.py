"""The publication site: every meeting, committee and case as static files (issue 28).

``build_site(store, "site/")`` writes, from the public edition of a collection
(:mod:`referatkit.store`, or any object with its reading methods, :class:`Collection`):

- pages in Danish: the front page, a page per committee, per meeting (the HTML writer's
  page) and per case (its treatments across meetings, each linking to its item);
- ``soeg.html``: search in the browser (Pagefind), filters committee, year and kind;
- ``kalender/*.ics``: iCalendar per committee and for all; ``feed/**.xml``: Atom feeds
  of new agendas and minutes per committee and of new treatments per case;
- ``oparl/``: the OParl 1.1 API as static JSON.

Addresses come from what they show (:mod:`referatkit.site._addresses`), never from the
order of a build; a rebuild writes only what changed, aside, and swaps the site in whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from ._build import SiteOptions, SiteReport, build_site
    from ._collection import Collection, SiteError

_LAZY = {
    "SiteOptions": "._build",
    "SiteReport": "._build",
    "build_site": "._build",
    "Collection": "._collection",
    "SiteError": "._collection",
}

__all__ = ["Collection", "SiteError", "SiteOptions", "SiteReport", "build_site"]

__getattr__, __dir__ = lazy_names(globals(), _LAZY)
