"""Editions: the same meeting for another audience, as a model transformation.

Every writer prints what its model holds, so what the public may see is
decided here, once, and no writer can get it wrong:

- :func:`public` is the published edition. A closed item keeps its number
  and its neutral title (``public_title``, which becomes its title too, or
  the label "Lukket punkt"), and nothing else: no sections, journal number, attachments, per-item
  attendance, identifiers, properties, pages or route. A closed attachment
  of an open item is left out, counted or marked as ``labels.closed_attachments``
  says, never named.
- A property (of the meeting, a member, an open item or attachment) whose value
  names closed content (a closed item's title, journal number or identifier, a
  closed attachment's title or file) is left out too, and so is a member's or an
  open item's attendance note that names it ("inhabil under punkt 7: ..."): a
  reader that put one in the wrong place cannot publish it. A value is looked at
  as written and as the text of its HTML (entities read, tags taken out), as the
  case systems keep some fields.
- :func:`agenda` is the agenda edition of a set of minutes: the decisions and
  what happened at the meeting (its end, attendance statuses and notes,
  per-item attendance) are removed, and the kind is AGENDA.

``render(meeting, fmt, edition="public")`` applies them for every writer::

    >>> import referatkit
    >>> from attrs import evolve
    >>> m = referatkit.read("examples/referat-byudvalget.txt")
    >>> closed = evolve(m, items=(evolve(m.items[0], public=False, public_title="Personalesag"),))
    >>> item = public(closed).items[0]
    >>> (item.number, item.title, item.sections, item.journal_number)
    ('1', 'Personalesag', (), None)
"""

from __future__ import annotations

import html
import re
from typing import Literal, assert_never

from attrs import evolve

from .l10n import DANISH, Labels
from .model import (
    Attachment,
    AttachmentList,
    AttendanceStatus,
    Decision,
    DocumentKind,
    Item,
    Meeting,
    Participant,
    Recommendation,
    Section,
    TextSection,
)

__all__ = ["EDITIONS", "Edition", "agenda", "apply", "full", "has_closed_content", "public"]

#: The editions ``render`` and the command line know.
Edition = Literal["full", "public", "agenda", "public-agenda"]
EDITIONS: tuple[Edition, ...] = ("full", "public", "agenda", "public-agenda")


def full(meeting: Meeting, labels: Labels = DANISH) -> Meeting:
    """The meeting as it is: everything, closed items included."""
    return meeting


def public(meeting: Meeting, labels: Labels = DANISH) -> Meeting:
    """The published edition: nothing closed is left in it (see the module's docstring)."""
    items = tuple(_public_item(item, labels) for item in meeting.items)
    if all(new is old for new, old in zip(items, meeting.items, strict=True)):
        return meeting  # every item public, with public attachments: nothing closed to take
    closed = _closed_names(meeting, items)
    if not closed:
        return evolve(meeting, items=items)
    return evolve(
        meeting,
        attendance=tuple(
            evolve(p, note=_open_note(p.note, closed), properties=_open_properties(p.properties, closed))
            for p in meeting.attendance
        ),
        items=tuple(_scrubbed_item(item, closed) for item in items),
        properties=_open_properties(meeting.properties, closed),
    )


#: A closed name this long is looked for inside a property's value; a shorter one
#: (an id, a number) only as the whole value.
_CONTAINED = 8


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _closed_names(meeting: Meeting, published: tuple[Item, ...]) -> frozenset[str]:
    """What names closed content: a closed item's title, route title, journal number and
    identifier, a closed attachment's title and file; less what the public edition shows."""
    names: set[str] = set()
    for item in meeting.items:
        shut = [a for a in item.attachments if not a.public or not item.public]
        if not item.public:
            journal = item.journal_number.raw if item.journal_number else None
            names |= {n for n in (item.title, item.full_title, item.identifier, journal) if n}
        names |= {n for a in shut for n in (a.title, a.file_name) if n}
    shown = {
        _fold(n)
        for item in published
        for n in (
            item.title,
            *(a.title for a in item.attachments),
            *(a.file_name or "" for a in item.attachments),
        )
    }
    return frozenset(n for n in {_fold(n) for n in names} - shown if n)


_TAG = re.compile(r"<[^<>]*>")


def _names_closed(value: str, closed: frozenset[str]) -> bool:
    """Whether ``value`` names closed content: as written, or as the text of its HTML (a
    case system keeps a field of HTML as a property: ``K&oslash;b af ...``), its tags taken
    out or made spaces (a name may run across an inline tag or stop at a block's)."""
    readings = [value]
    if "<" in value or "&" in value:
        readings += [html.unescape(_TAG.sub("", value)), html.unescape(_TAG.sub(" ", value))]
    for reading in readings:
        folded = _fold(reading)
        if folded in closed or any(len(n) >= _CONTAINED and n in folded for n in closed):
            return True
    return False


def _open_note(note: str | None, closed: frozenset[str]) -> str | None:
    """An attendance note, or ``None`` when it names closed content."""
    return None if note is not None and _names_closed(note, closed) else note


def _open_properties(
    properties: tuple[tuple[str, str], ...], closed: frozenset[str]
) -> tuple[tuple[str, str], ...]:
    """The properties, less any whose value names closed content."""
    return tuple((name, value) for name, value in properties if not _names_closed(value, closed))


def _scrubbed_item(item: Item, closed: frozenset[str]) -> Item:
    if not item.public:
        return item  # nothing but its number and neutral title is left
    sections = tuple(
        evolve(
            s,
            attachments=tuple(
                evolve(a, properties=_open_properties(a.properties, closed)) for a in s.attachments
            ),
        )
        if isinstance(s, AttachmentList)
        else s
        for s in item.sections
    )
    return evolve(
        item,
        sections=sections,
        attendance=tuple(evolve(a, note=_open_note(a.note, closed)) for a in item.attendance),
        properties=_open_properties(item.properties, closed),
    )


def _public_item(item: Item, labels: Labels) -> Item:
    if not item.public:
        title = item.public_title or labels.closed_item
        return Item(number=item.number, title=title, public=False, public_title=item.public_title)
    if all(a.public for a in item.attachments):
        return item
    sections: list[Section] = []
    for section in item.sections:
        if isinstance(section, AttachmentList):
            shown = _public_attachments(section.attachments, labels)
            if not shown and section.attachments:
                continue  # only closed attachments, and the labels say to omit them
            sections.append(evolve(section, attachments=shown))
        else:
            sections.append(section)
    return evolve(item, sections=tuple(sections))


def _public_attachments(attachments: tuple[Attachment, ...], labels: Labels) -> tuple[Attachment, ...]:
    open_ = [a for a in attachments if a.public]
    closed = len(attachments) - len(open_)
    match labels.closed_attachments:
        case "omit":
            return tuple(open_)
        case "count":
            title = (
                labels.closed_attachment_title
                if closed == 1
                else labels.closed_attachments_count.format(count=closed)
            )
            return (*open_, Attachment(title=title))
        case "mark":
            mark = Attachment(title=labels.closed_attachment_title)
            return tuple(a if a.public else mark for a in attachments)
        case _:
            assert_never(labels.closed_attachments)


def agenda(meeting: Meeting, labels: Labels = DANISH) -> Meeting:
    """The agenda edition of minutes: decisions and what happened at the meeting removed.

    Members become invited (an apology or a substitute, known before the
    meeting, stays); their notes, the meeting's end and the per-item
    attendance go, and so does every decision. An agenda stays as it is,
    but for its kind.
    """
    return evolve(
        meeting,
        kind=DocumentKind.AGENDA,
        end=None,
        attendance=tuple(_invited(p) for p in meeting.attendance),
        items=tuple(_agenda_item(item) for item in meeting.items),
    )


_KEPT_STATUS = (AttendanceStatus.APOLOGIES, AttendanceStatus.SUBSTITUTE, AttendanceStatus.INVITED)


def _invited(person: Participant) -> Participant:
    status = person.status if person.status in _KEPT_STATUS else AttendanceStatus.INVITED
    return evolve(person, status=status, note=None)


def _agenda_item(item: Item) -> Item:
    def kept(section: Section) -> bool:
        match section:
            case Decision():
                return False
            case TextSection() | Recommendation() | AttachmentList():
                return True
            case _:
                assert_never(section)

    return evolve(item, sections=tuple(s for s in item.sections if kept(s)), attendance=())


def apply(meeting: Meeting, edition: Edition, labels: Labels = DANISH) -> Meeting:
    """``meeting`` in ``edition``; an unknown edition is a ``ValueError`` naming the known ones."""
    match edition:
        case "full":
            return meeting
        case "public":
            return public(meeting, labels)
        case "agenda":
            return agenda(meeting, labels)
        case "public-agenda":
            return public(agenda(meeting, labels), labels)
        case _:  # a caller without type checking
            known = ", ".join(EDITIONS)
            raise ValueError(f"ukendt udgave {edition!r}; kendte udgaver: {known}")


def has_closed_content(meeting: Meeting) -> bool:
    """Whether the meeting holds anything the public edition would leave out."""
    return any(not item.public or not all(a.public for a in item.attachments) for item in meeting.items)
