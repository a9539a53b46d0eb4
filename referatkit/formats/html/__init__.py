"""HTML for publication: the page a citizen reads on the municipality's website.

A standalone HTML5 page (``lang="da"``, embedded CSS, print CSS with a page
break before each item) or, with ``HtmlOptions(fragment=True)``, the
``<article>`` alone for a CMS page (``top_heading`` shifts its headings).
Semantic structure: one ``h1`` for the meeting, an ``h2`` per item, an
``h3`` per section, real lists, ``em``/``strong``, a table of contents of
links to the items. Ids come from the scheme every
writer shares (``#punkt-2``, ``#punkt-2-indstilling``).

The page is built as an lxml tree and serialised by lxml, so every piece of
model text is escaped; nothing from the model becomes markup. The caller's
own stylesheet, header and footer are the only HTML taken as given.

The page shows the meeting it is given: ``render`` gives it the public
edition by default (:mod:`referatkit.editions`), in which a closed item is
its number, its neutral title and "Lukket punkt". What the page does not
show is reported to the context (``ctx.lost``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._lazy import lazy_names
from ._options import HtmlOptions

# The writer loads on first use (PEP 562): the command line reads the options'
# flags without paying for lxml and the page's machinery.
if TYPE_CHECKING:
    from ._writer import RICH, UNSHOWABLE, write_html

__all__ = ["RICH", "UNSHOWABLE", "HtmlOptions", "write_html"]

__getattr__, __dir__ = lazy_names(
    globals(), {"RICH": "._writer", "UNSHOWABLE": "._writer", "write_html": "._writer"}
)
