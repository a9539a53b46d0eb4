"""What the site's overview pages, calendars, feeds and lists need of a meeting, kept small.

A site of many meetings is built by reading each meeting once: its own files are written
then, and only this summary is kept for the pages that list meetings.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from .._repr import fields_repr
from ..formats._common import element_ids, meeting_title
from ..l10n import DANISH
from ..model import DocumentKind, Meeting
from ..store import StoredMeeting
from . import _addresses as addresses

__all__ = ["ItemInfo", "MeetingInfo", "summarise"]


@frozen(kw_only=True)
class ItemInfo:
    __repr__ = fields_repr

    number: str
    anchor: str
    title: str
    public: bool
    case: str | None


@frozen(kw_only=True)
class MeetingInfo:
    """One meeting as the lists show it; ``page`` is its site path."""

    __repr__ = fields_repr

    key: str
    page: str
    forum: str
    title: str
    kind: DocumentKind
    start: dt.datetime
    end: dt.datetime | None
    place: str | None
    indexed: dt.datetime
    modified: dt.datetime
    withdrawn: dt.datetime | None
    items: tuple[ItemInfo, ...]
    participants: tuple[str, ...]

    @property
    def order(self) -> tuple[dt.datetime, str]:
        return (self.start, self.key)


def summarise(stored: StoredMeeting, shown: Meeting) -> MeetingInfo:
    """The summary of ``stored``, whose public edition is ``shown``."""
    items = tuple(
        ItemInfo(
            number=item.number,
            anchor=ids.item,
            title=item.full_title,
            public=item.public,
            case=item.journal_number.raw if item.public and item.journal_number is not None else None,
        )
        for item, ids in zip(shown.items, element_ids(shown), strict=True)
    )
    return MeetingInfo(
        key=stored.key,
        page=addresses.meeting_page(stored.key),
        forum=shown.forum.name,
        title=meeting_title(shown, DANISH),
        kind=shown.kind,
        start=shown.start,
        end=shown.end,
        place=shown.place,
        indexed=stored.indexed,
        modified=stored.modified,
        withdrawn=stored.withdrawn,
        items=items,
        participants=tuple(dict.fromkeys(p.name for p in shown.attendance)),
    )
