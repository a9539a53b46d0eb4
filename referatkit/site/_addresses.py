"""Stable addresses: every file of the site is named from what it shows, never from build order.

A meeting's page comes from its store key, a committee's from its name, a case's from its
number, an item's anchor from its number (the scheme every writer shares, ``#punkt-2``).
A name that is already a safe file name stays as it is; any other gets a readable form and
a short hash of the name itself, so two names never share an address and adding meetings
never moves one::

    >>> slug("00.01.00-A00-1-22")
    '00.01.00-A00-1-22'
    >>> slug("Økonomiudvalget")
    'oekonomiudvalget-c08b0a34'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ..store import Treatment

__all__ = [
    "case_feed",
    "case_page",
    "committee_calendar",
    "committee_feed",
    "committee_page",
    "meeting_page",
    "relative",
    "slug",
    "treatment_anchor",
]

_SAFE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,79}")
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def slug(name: str) -> str:
    """A file name for ``name``: ``name`` itself when safe, else a readable form and a hash of it."""
    if _SAFE.fullmatch(name) and ".." not in name and not name.endswith("."):
        return name
    ascii_name = unicodedata.normalize("NFKD", name.translate(_DANISH)).encode("ascii", "ignore").decode()
    readable = re.sub(r"[^0-9a-z]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{readable}-{digest}" if readable else f"x-{digest}"


def meeting_page(key: str) -> str:
    """``moede/<key>.html``: the meeting's page."""
    return f"moede/{slug(key)}.html"


def committee_page(name: str) -> str:
    return f"udvalg/{slug(name)}.html"


def case_page(number: str) -> str:
    return f"sag/{slug(number)}.html"


def committee_calendar(name: str) -> str:
    return f"kalender/{slug(name)}.ics"


def committee_feed(name: str) -> str:
    return f"feed/udvalg/{slug(name)}.xml"


def case_feed(number: str) -> str:
    return f"feed/sag/{slug(number)}.xml"


def treatment_anchor(treatment: Treatment) -> str:
    """A treatment's anchor on its case page: from its forum, date, meeting and item."""
    parts = (
        treatment.forum,
        treatment.date.isoformat(),
        treatment.meeting_key or "",
        treatment.item_number or "",
    )
    return (
        "behandling-" + hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    )


def relative(source: str, target: str) -> str:
    """The link from the file ``source`` to ``target`` (both site paths with ``/``)."""
    depth = source.count("/")
    return "../" * depth + target
