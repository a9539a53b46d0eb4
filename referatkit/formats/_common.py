"""What several writers share: captions, anchors."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from attrs import frozen

from .._repr import fields_repr
from ..l10n import Labels, format_meeting_datetime, format_short_date, format_time
from ..model import (
    AttachmentList,
    AttendanceEvent,
    AttendanceStatus,
    Decision,
    Meeting,
    Recommendation,
    Section,
    SectionKind,
)

__all__ = [
    "SECTION_SLUGS",
    "ItemIds",
    "caption_text",
    "element_ids",
    "event_words",
    "item_anchors",
    "meeting_title",
    "meeting_when",
    "status_headings",
    "uri_reference",
    "xs_datetime",
]


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def xs_datetime(value: dt.datetime) -> str:
    """``value`` as xs:dateTime. An offset with seconds (Copenhagen's before 1894, +00:50:20),
    which xs:dateTime cannot express, is written as the same instant in UTC: a reader gives
    the meeting's time in Copenhagen back (a council's minutes of 1880 too).

        >>> from referatkit.model import COPENHAGEN
        >>> xs_datetime(dt.datetime(1880, 5, 3, 10, 0, tzinfo=COPENHAGEN))
        '1880-05-03T09:09:40Z'
    """
    offset = value.utcoffset()
    if offset is not None and offset % dt.timedelta(minutes=1):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def uri_reference(target: str) -> str:
    """``target`` as an anyURI, which ODF wants (RFC 3986).

    Characters a URI cannot hold are percent-encoded (UTF-8); the syntax
    characters and existing escapes are kept. A stray ``%``, a second ``#``
    and a ``:`` in the first segment of a reference without a scheme are
    encoded too.
    """
    from urllib.parse import quote  # noqa: PLC0415 (the text reader and writer do not need it)

    target = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", target)
    uri = quote(target, safe="!#$%&'()*+,/:;=?@~-._")
    head, hash_, fragment = uri.partition("#")
    uri = head + hash_ + fragment.replace("#", "%23")
    if not _SCHEME.match(uri):
        end = min((i for i in (uri.find(c) for c in "/?#") if i >= 0), default=len(uri))
        uri = uri[:end].replace(":", "%3A") + uri[end:]
    return uri


#: The model's system data: fields no printed or published page shows.
SYSTEM_FIELDS = ("short_name", "organisation", "identifier", "properties", "media_type", "checksum")


def system_fields(meeting: Meeting) -> Iterator[tuple[str, object]]:
    """``(path, value)`` of every system field that has a value, in model order.

    Only meetings, forums, participants, items and attachments have such
    fields, and a decision's forum and date when a caption of its own is
    printed instead of them; rich text is not searched, so this is cheap.
    """

    def of(node: object, path: str) -> Iterator[tuple[str, object]]:
        for name in SYSTEM_FIELDS:
            value = getattr(node, name, None)
            if value not in (None, ()):
                yield f"{path}{name}", value

    yield from of(meeting.forum, "forum.")
    yield from of(meeting, "")
    for i, person in enumerate(meeting.attendance):
        yield from of(person, f"attendance[{i}].")
    for i, item in enumerate(meeting.items):
        yield from of(item, f"items[{i}].")
        for k, section in enumerate(item.sections):
            if isinstance(section, Decision) and section.caption is not None:
                if section.forum is not None:
                    yield f"items[{i}].sections[{k}].forum", section.forum
                if section.date is not None:
                    yield f"items[{i}].sections[{k}].date", section.date
            if isinstance(section, AttachmentList):
                for a, attachment in enumerate(section.attachments):
                    yield from of(attachment, f"items[{i}].sections[{k}].attachments[{a}].")


def meeting_title(meeting: Meeting, labels: Labels) -> str:
    """ "REFERAT Byudvalget d. 14-01-2025" (with "KLADDE" first for a draft)."""
    title = labels.kind_title(meeting.kind, meeting.variant)
    if meeting.draft:
        title = f"{labels.draft} {title}"
    return f"{title} {meeting.forum.name} {labels.date_prefix} {format_short_date(meeting.start.date())}"


def meeting_when(meeting: Meeting, labels: Labels) -> str:
    """ "Tirsdag d. 14. januar 2025 kl. 16:00-18:30": the meeting's time, as the front matter prints it."""
    when = format_meeting_datetime(meeting.start, labels)
    if meeting.end is not None:
        same_day = meeting.end.date() == meeting.start.date()
        end = format_time(meeting.end) if same_day else format_meeting_datetime(meeting.end, labels)
        when += f"-{end}" if same_day else f" {labels.until} {end}"
    return when


def status_headings(labels: Labels) -> dict[AttendanceStatus, str]:
    """The heading of each attendance status, in the order the front matter lists them."""
    return {
        AttendanceStatus.PRESENT: labels.participants,
        AttendanceStatus.SUBSTITUTE: labels.substitutes,
        AttendanceStatus.INVITED: labels.invited,
        AttendanceStatus.APOLOGIES: labels.apologies,
        AttendanceStatus.ABSENT: labels.absent,
    }


def event_words(labels: Labels) -> dict[AttendanceEvent, str]:
    """The words of the per-item attendance events ("Forlod mødet", ...)."""
    return {
        AttendanceEvent.LEFT: labels.left,
        AttendanceEvent.ARRIVED: labels.arrived,
        AttendanceEvent.ABSENT: labels.item_absent,
        AttendanceEvent.DISQUALIFIED: labels.disqualified,
    }


def caption_text(section: Section, labels: Labels) -> str:
    """The caption line of ``section``: its own, or the label (with forum and date)."""
    if section.caption is not None:
        return section.caption
    if isinstance(section, Decision) and (section.forum or section.date):
        date = format_short_date(section.date) if section.date else ""
        if section.forum and section.date:
            return labels.decision_by.format(forum=section.forum, date=date)
        if section.forum:
            return labels.decision_forum.format(forum=section.forum)
        return labels.decision_date.format(date=date)
    return labels.caption(section.kind)


#: The id word of each kind of section: ids stay the same whatever the labels say.
SECTION_SLUGS: dict[SectionKind, str] = {
    SectionKind.OCCASION: "anledning",
    SectionKind.SUMMARY: "resume",
    SectionKind.PRESENTATION: "sagsfremstilling",
    SectionKind.RECOMMENDATION: "indstilling",
    SectionKind.DECISION: "beslutning",
    SectionKind.ATTACHMENTS: "bilag",
    SectionKind.ECONOMY: "oekonomi",
    SectionKind.LEGAL_BASIS: "lovgrundlag",
    SectionKind.CONSULTATION: "hoering",
    SectionKind.COMMUNICATION: "kommunikation",
    SectionKind.AUTHORITY: "afgoerelse",
    SectionKind.HISTORY: "behandlet",
    SectionKind.CUSTOM: "afsnit",
}


@frozen
class ItemIds:
    """The ids of one item: the item's, each section's, and each section's parts.

    ``parts[k]`` holds the ids of section ``k``'s clauses (a recommendation)
    or attachments (an attachment list), and is empty for other sections.
    """

    __repr__ = fields_repr

    item: str
    sections: tuple[str, ...]
    parts: tuple[tuple[str, ...], ...]


def element_ids(meeting: Meeting) -> tuple[ItemIds, ...]:
    """Stable ids for items, sections, clauses and attachments, one scheme for every writer.

    An item's id comes from its number (``punkt-2``, ``punkt-1-1`` for
    "1.1"); a section's adds the word of its kind (``punkt-2-indstilling``;
    the second section of a kind in one item ``punkt-2-indstilling-b``); a
    clause or attachment adds its 1-based place (``punkt-2-indstilling-1``).
    Every id is an XML NCName and unique in the document: a number used
    twice (which :func:`referatkit.validate` reports) gets a suffix
    (``punkt-2``, ``punkt-2-b``).

    >>> import datetime as dt
    >>> from referatkit.model import DocumentKind, Forum, Item, Meeting
    >>> m = Meeting(forum=Forum(name="Byudvalget"), kind=DocumentKind.MINUTES,
    ...             start=dt.datetime(2026, 1, 5, 9, tzinfo=dt.timezone.utc),
    ...             items=[Item(number="1", title="A"), Item(number="1", title="B")])
    >>> [i.item for i in element_ids(m)]
    ['punkt-1', 'punkt-1-b']
    """
    used: set[str] = set()

    def unique(base: str) -> str:
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{_suffix(n)}"
        used.add(candidate)
        return candidate

    out = []
    for item in meeting.items:
        number = re.sub(r"[^0-9A-Za-z]+", "-", item.number).strip("-") or "x"
        item_id = unique(f"punkt-{number}")
        sections, parts = [], []
        for section in item.sections:
            section_id = unique(f"{item_id}-{SECTION_SLUGS[section.kind]}")
            sections.append(section_id)
            children: tuple[object, ...] = ()
            if isinstance(section, Recommendation):
                children = section.clauses
            elif isinstance(section, AttachmentList):
                children = section.attachments
            parts.append(tuple(unique(f"{section_id}-{k}") for k in range(1, len(children) + 1)))
        out.append(ItemIds(item_id, tuple(sections), tuple(parts)))
    return tuple(out)


def _suffix(n: int) -> str:
    """2 → "b", 26 → "z", 27 → "ab": a letter suffix that never looks like a place number."""
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def item_anchors(meeting: Meeting) -> list[str]:
    """The id of each item (see :func:`element_ids`)."""
    return [ids.item for ids in element_ids(meeting)]
