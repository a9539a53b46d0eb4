"""What a build keeps for the next: each meeting's summary and search records, each case's links.

A rebuild reads from the collection only what changed. For a meeting the store has not
changed (its stamp: checksum and dates), the summary the lists need (:class:`MeetingInfo`)
comes from its file in the last site, ``.referatkit/moede/<key>.json``, its search records
from ``.referatkit/soeg/<key>.json`` (kept like any other file: the same bytes, linked);
for a case none of whose meetings changed, its links (the Consultation of each of its
items) come from the manifest. Both are the public edition's, as every file of the site:
nothing closed is ever in them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from ..model import DocumentKind
from . import _addresses as addresses
from ._search import Record
from ._summary import ItemInfo, MeetingInfo

__all__ = [
    "cache_path",
    "dump_compact",
    "info_from_json",
    "info_to_json",
    "records_from_json",
    "records_path",
    "records_to_json",
]


def cache_path(key: str) -> str:
    """The file of the last build's summary of meeting ``key`` (and the list of its files)."""
    return f".referatkit/moede/{addresses.slug(key)}.json"


def records_path(key: str) -> str:
    """The file of meeting ``key``'s search records (read only when the index is made again)."""
    return f".referatkit/soeg/{addresses.slug(key)}.json"


def _when(value: dt.datetime | None) -> list[str | None] | None:
    if value is None:
        return None
    return [value.isoformat(), getattr(value.tzinfo, "key", None)]


def _instant(value: Any) -> dt.datetime | None:
    """A date written by :func:`_when`: the same instant in the same zone (a named zone's
    ``fold`` restored, so an hour that comes twice in autumn stays the one it was)."""
    if value is None:
        return None
    text, zone = value
    fixed = dt.datetime.fromisoformat(text)
    if zone is None:
        return fixed
    named = fixed.replace(tzinfo=ZoneInfo(zone))
    if named.utcoffset() != fixed.utcoffset():
        named = named.replace(fold=1)
    return named


def info_to_json(info: MeetingInfo) -> dict[str, Any]:
    return {
        "key": info.key,
        "page": info.page,
        "forum": info.forum,
        "title": info.title,
        "kind": info.kind.value,
        "start": _when(info.start),
        "end": _when(info.end),
        "place": info.place,
        "indexed": _when(info.indexed),
        "modified": _when(info.modified),
        "withdrawn": _when(info.withdrawn),
        "items": [[i.number, i.anchor, i.title, i.public, i.case] for i in info.items],
        "participants": list(info.participants),
    }


def info_from_json(data: dict[str, Any]) -> MeetingInfo:
    start = _instant(data["start"])
    indexed = _instant(data["indexed"])
    modified = _instant(data["modified"])
    assert start is not None and indexed is not None and modified is not None
    return MeetingInfo(
        key=data["key"],
        page=data["page"],
        forum=data["forum"],
        title=data["title"],
        kind=DocumentKind(data["kind"]),
        start=start,
        end=_instant(data["end"]),
        place=data["place"],
        indexed=indexed,
        modified=modified,
        withdrawn=_instant(data["withdrawn"]),
        items=tuple(
            ItemInfo(number=n, anchor=a, title=t, public=p, case=c) for n, a, t, p, c in data["items"]
        ),
        participants=tuple(data["participants"]),
    )


def records_to_json(records: list[Record]) -> list[list[str]]:
    return [[r.url, r.title, r.content, r.meeting, r.committee, r.year, r.kind] for r in records]


def records_from_json(data: list[list[str]]) -> list[Record]:
    return [
        Record(url=u, title=t, content=c, meeting=m, committee=f, year=y, kind=k)
        for u, t, c, m, f, y, k in data
    ]


def dump_compact(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
