"""The body of the printed referat: the model mapped to ODF elements.

Plain functions over the model, no state flags: each returns the elements
for one node. Formatting is never set here, only style names.
"""

from __future__ import annotations

import re
from typing import Any, assert_never
from urllib.parse import quote

from odf.element import Element
from odf.teletype import addTextToElement
from odf.text import (
    A,
    BookmarkEnd,
    BookmarkRef,
    BookmarkStart,
    H,
    List,
    P,
    Span,
    Tab,
)
from odf.text import (
    LineBreak as OdfLineBreak,
)
from odf.text import ListItem as OdfListItem

from ...l10n import Labels, format_meeting_datetime, format_short_date, format_time
from ...model import (
    Attachment,
    AttachmentList,
    AttendanceEvent,
    AttendanceStatus,
    Block,
    BulletList,
    Decision,
    Emphasis,
    Heading,
    Inline,
    Item,
    ItemAttendance,
    LineBreak,
    Link,
    ListBlock,
    Meeting,
    OrderedList,
    Paragraph,
    Participant,
    Recommendation,
    Section,
    Strong,
    Text,
    TextSection,
)
from .._common import caption_text, item_anchors
from . import _styles as s


def _text(parent: Element, text: str) -> None:
    # teletype keeps tabs, runs of spaces and line breaks as ODF elements;
    # odfpy turns what XML cannot carry, or discourages, into U+FFFD (the
    # writer warns about each place). Plain text needs none of teletype's
    # character-by-character work.
    if "\t" in text or "\n" in text or "  " in text or text[:1] == " " or text[-1:] == " ":
        addTextToElement(parent, text)
    else:
        parent.addText(text)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _uri(target: str) -> str:
    """``target`` as an anyURI, which ODF wants (RFC 3986).

    Characters a URI cannot hold are percent-encoded (UTF-8); the syntax
    characters and existing escapes are kept. A stray ``%``, a second ``#``
    and a ``:`` in the first segment of a reference without a scheme are
    encoded too.
    """
    target = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", target)
    uri = quote(target, safe="!#$%&'()*+,/:;=?@~-._")
    head, hash_, fragment = uri.partition("#")
    uri = head + hash_ + fragment.replace("#", "%23")
    if not _SCHEME.match(uri):
        end = min((i for i in (uri.find(c) for c in "/?#") if i >= 0), default=len(uri))
        uri = uri[:end].replace(":", "%3A") + uri[end:]
    return uri


def _inlines(parent: Element, content: tuple[Inline, ...]) -> Element:
    for node in content:
        match node:
            case Text(text=text):
                _text(parent, text)
            case Emphasis(content=inner):
                parent.addElement(_inlines(Span(stylename=s.name(s.EMPHASIS)), inner))
            case Strong(content=inner):
                parent.addElement(_inlines(Span(stylename=s.name(s.STRONG)), inner))
            case Link(content=inner, target=target):
                parent.addElement(_inlines(A(type="simple", href=_uri(target)), inner))
            case LineBreak():
                parent.addElement(OdfLineBreak())
            case _:
                assert_never(node)
    return parent


def _paragraph(style: str, content: tuple[Inline, ...] | str) -> Element:
    p = P(stylename=s.name(style))
    if isinstance(content, str):
        _text(p, content)
        return p
    return _inlines(p, content)


def _list(block: ListBlock) -> Element:
    out = List(stylename=s.name(s.NUMBERS if isinstance(block, OrderedList) else s.BULLETS))
    for index, item in enumerate(block.items):
        attributes: dict[str, Any] = {}
        if isinstance(block, OrderedList) and index == 0:
            # The start number: a list that continues after a paragraph.
            attributes["startvalue"] = str(block.start)
        li = OdfListItem(**attributes)
        li.addElement(_paragraph(s.BODY, item.content))
        if item.sublist is not None:
            li.addElement(_list(item.sublist))
        out.addElement(li)
    return out


def _block(block: Block) -> Element:
    match block:
        case Paragraph(content=content):
            return _paragraph(s.BODY, content)
        case Heading(content=content):
            return _inlines(H(outlinelevel="3", stylename=s.name(s.SUBHEADING)), content)
        case BulletList() | OrderedList():
            return _list(block)
        case _:
            assert_never(block)


def _attachment_line(attachment: Attachment, labels: Labels) -> str:
    line = attachment.title
    extras = [labels.closed_attachment] if not attachment.public else []
    if attachment.file_name:
        extras.append(attachment.file_name)
    return f"{line} ({', '.join(extras)})" if extras else line


def _section(section: Section, labels: Labels) -> list[Element]:
    out = [_inlines(H(outlinelevel="2", stylename=s.name(s.CAPTION)), (Text(caption_text(section, labels)),))]
    match section:
        case TextSection(body=body) | Decision(body=body):
            out.extend(_block(b) for b in body)
        case Recommendation(intro=intro, clauses=clauses, body=body):
            if intro:
                out.append(_paragraph(s.INTRO, intro))
            if clauses:
                clause_list = List(stylename=s.name(s.CLAUSES))
                for clause in clauses:
                    li = OdfListItem()
                    lead = (Text(clause.lead + (" " if clause.content else "")),) if clause.lead else ()
                    li.addElement(_paragraph(s.BODY, (*lead, *clause.content)))
                    clause_list.addElement(li)
                out.append(clause_list)
            out.extend(_block(b) for b in body)
        case AttachmentList(attachments=attachments):
            out.extend(_paragraph(s.ATTACHMENT, _attachment_line(a, labels)) for a in attachments)
        case _:
            assert_never(section)
    return out


def _event(note: ItemAttendance, labels: Labels) -> str:
    words = {
        AttendanceEvent.LEFT: labels.left,
        AttendanceEvent.ARRIVED: labels.arrived,
        AttendanceEvent.ABSENT: labels.item_absent,
        AttendanceEvent.DISQUALIFIED: labels.disqualified,
    }
    line = f"{note.name}: {words[note.event]}"
    if note.time is not None:
        line += f" {labels.meeting_time} {format_time(note.time)}"
    if note.note:
        line += f" ({note.note})"
    return line


def _item(item: Item, anchor: str, labels: Labels) -> list[Element]:
    heading = H(outlinelevel="1", stylename=s.name(s.ITEM))
    heading.addElement(BookmarkStart(name=anchor))
    _text(heading, f"{labels.item} {item.number}: {item.full_title}")
    heading.addElement(BookmarkEnd(name=anchor))
    out: list[Element] = [heading]
    if not item.public:
        note = labels.closed_item
        if item.public_title:
            note += f" – {labels.public_title}: {item.public_title}"
        out.append(_paragraph(s.ITEM_NOTE, note))
    if item.journal_number is not None:
        out.append(_paragraph(s.JOURNAL, item.journal_number.raw))
    out.extend(_paragraph(s.ITEM_NOTE, _event(n, labels)) for n in item.attendance)
    for section in item.sections:
        out.extend(_section(section, labels))
    return out


def _participant(p: Participant, labels: Labels) -> str:
    text = p.name + (f" ({p.party})" if p.party else "")
    extras = [x for x in (p.role, p.note) if x]
    if p.substitute_for:
        extras.insert(0, f"{labels.substitute.lower()} {labels.substitute_for} {p.substitute_for}")
    return text + (f", {', '.join(extras)}" if extras else "")


_STATUS_ORDER = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.SUBSTITUTE,
    AttendanceStatus.INVITED,
    AttendanceStatus.APOLOGIES,
    AttendanceStatus.ABSENT,
)


def _attendance(meeting: Meeting, labels: Labels) -> list[Element]:
    heading = {
        AttendanceStatus.PRESENT: labels.participants,
        AttendanceStatus.SUBSTITUTE: labels.substitutes,
        AttendanceStatus.INVITED: labels.invited,
        AttendanceStatus.APOLOGIES: labels.apologies,
        AttendanceStatus.ABSENT: labels.absent,
    }
    out = []
    for status in _STATUS_ORDER:
        people = [_participant(p, labels) for p in meeting.attendance if p.status is status]
        if people:
            out.append(_paragraph(s.FRONT, f"{heading[status]}: {'; '.join(people)}"))
    return out


def meeting_title(meeting: Meeting, labels: Labels) -> str:
    title = labels.kind_title(meeting.kind, meeting.variant)
    if meeting.draft:
        title = f"{labels.draft} {title}"
    return f"{title} {meeting.forum.name} {labels.date_prefix} {format_short_date(meeting.start.date())}"


def body(meeting: Meeting, labels: Labels) -> list[Element]:
    """Every element of the office:text body, in order."""
    when = format_meeting_datetime(meeting.start, labels)
    if meeting.end is not None:
        same_day = meeting.end.date() == meeting.start.date()
        end = format_time(meeting.end) if same_day else format_meeting_datetime(meeting.end, labels)
        when += f"-{end}" if same_day else f" {labels.until} {end}"
    out: list[Element] = [
        _paragraph(s.TITLE, meeting_title(meeting, labels)),
        _paragraph(s.FRONT, f"{labels.meeting_date} {when}"),
    ]
    if meeting.place is not None:
        out.append(_paragraph(s.FRONT, f"{labels.meeting_place} {meeting.place}"))
    if meeting.name is not None:
        out.append(_paragraph(s.FRONT, meeting.name))
    out.extend(_attendance(meeting, labels))
    anchors = item_anchors(meeting)
    out.append(_paragraph(s.CONTENTS_HEADING, labels.contents))
    for item, anchor in zip(meeting.items, anchors, strict=True):
        entry = _paragraph(s.CONTENTS_ENTRY, item.full_title)
        entry.addElement(Tab())
        # LibreOffice computes page references at layout time, also when it
        # converts without a user interface; it does not rebuild an index.
        entry.addElement(BookmarkRef(referenceformat="page", refname=anchor, text="?"))
        out.append(entry)
    for item, anchor in zip(meeting.items, anchors, strict=True):
        out.extend(_item(item, anchor, labels))
    return out
