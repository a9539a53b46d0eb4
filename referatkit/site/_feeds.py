"""Atom feeds (RFC 4287): new agendas and minutes per committee and for all; new treatments per case.

Every date in a feed is the store's (when a meeting was indexed or changed, the day of a
treatment), never the build's: the same store gives the same feed. An entry's ``id`` is
the address of what it announces, so a feed reader updates the entry of an agenda when
its minutes replace it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from attrs import frozen
from lxml import etree

from .._repr import fields_repr
from ..formats.html import UNSHOWABLE

__all__ = ["MAX_ENTRIES", "Entry", "feed"]

ATOM = "http://www.w3.org/2005/Atom"
#: The newest entries a feed keeps; older ones are on the pages.
MAX_ENTRIES = 50


@frozen(kw_only=True)
class Entry:
    __repr__ = fields_repr

    id: str
    title: str
    link: str
    published: dt.datetime
    updated: dt.datetime
    summary: str


def _text(parent: etree._Element, tag: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = UNSHOWABLE.sub("\ufffd", text)
    return element


def _when(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def feed(
    *,
    id: str,
    title: str,
    self_link: str,
    page: str,
    author: str,
    entries: Iterable[Entry],
    empty: dt.datetime,
) -> bytes:
    """An Atom feed of the newest ``MAX_ENTRIES`` entries; ``empty`` is its date when it has none."""
    chosen: Sequence[Entry] = sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:MAX_ENTRIES]
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "da")
    _text(root, "id", id)
    _text(root, "title", title)
    _text(root, "updated", _when(max((e.updated for e in chosen), default=empty)))
    _text(etree.SubElement(root, f"{{{ATOM}}}author"), "name", author)
    etree.SubElement(root, f"{{{ATOM}}}link", rel="self", href=self_link, type="application/atom+xml")
    etree.SubElement(root, f"{{{ATOM}}}link", rel="alternate", href=page, type="text/html")
    _text(root, "generator", "referatkit")
    for entry in chosen:
        element = etree.SubElement(root, f"{{{ATOM}}}entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        etree.SubElement(element, f"{{{ATOM}}}link", rel="alternate", href=entry.link, type="text/html")
        _text(element, "published", _when(entry.published))
        _text(element, "updated", _when(entry.updated))
        _text(element, "summary", entry.summary)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8") + b"\n"
