"""The body of the printed referat: the model mapped to ODF elements.

Plain functions over the model, no state flags: each returns the elements
for one node. Formatting is never set here, only style names.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, assert_never

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
from odf.text import Section as OdfSection

from ...l10n import Labels, format_short_date
from ...model import (
    Attachment,
    AttachmentList,
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
from .._common import (
    ItemIds,
    caption_text,
    element_ids,
    event_words,
    meeting_when,
    status_headings,
    uri_reference,
)
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
                uri = uri_reference(target)
                # The target as written, when the URI had to encode it: the reader takes it.
                extra = {"title": target} if uri != target else {}
                parent.addElement(_inlines(A(type="simple", href=uri, **extra), inner))
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


def _span(field: str, text: str) -> Element:
    """``text`` marked as the model field ``field`` (a field style), for the reader."""
    span = Span(stylename=s.name(field))
    _text(span, text)
    return span


# A piece of a printed line: plain text (a label, punctuation) or a marked field.
Piece = str | tuple[str, str]


def _line(parent: Element, *pieces: Piece) -> Element:
    for piece in pieces:
        if isinstance(piece, str):
            if piece:
                _text(parent, piece)
        else:
            parent.addElement(_span(*piece))
    return parent


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _template(template: str, **fields: tuple[str, str]) -> list[Piece]:
    """A label template ("Beslutning i {forum} den {date}") as pieces; unknown names stay literal."""
    pieces: list[Piece] = []
    last = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.group(1) in fields:
            pieces += [template[last : match.start()], fields[match.group(1)]]
            last = match.end()
    return [*pieces, template[last:]]


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


def _attachment(attachment: Attachment, labels: Labels) -> Element:
    extras: list[Piece] = []
    if not attachment.public:
        extras.append((s.F_CLOSED, labels.closed_attachment))
    if attachment.file_name:
        extras += [", "] if extras else []
        extras.append((s.F_FILE, attachment.file_name))
    around: list[Piece] = [" (", *extras, ")"] if extras else []
    return _line(P(stylename=s.name(s.ATTACHMENT)), (s.F_ATTACHMENT, attachment.title), *around)


def _caption(section: Section, labels: Labels) -> Element:
    heading = H(outlinelevel="2", stylename=s.name(s.CAPTION))
    if section.caption is not None:
        return _line(heading, (s.F_CAPTION, section.caption))
    if isinstance(section, Decision) and (section.forum or section.date):
        fields = {}
        if section.forum:
            fields["forum"] = (s.F_FORUM, section.forum)
        if section.date:
            fields["date"] = (s.F_DATE, format_short_date(section.date))
        template = (
            labels.decision_by
            if section.forum and section.date
            else labels.decision_forum
            if section.forum
            else labels.decision_date
        )
        return _line(heading, *_template(template, **fields))
    return _line(heading, caption_text(section, labels))


def _section(section: Section, name: str, labels: Labels) -> Element:
    out = OdfSection(name=name)
    out.addElement(_caption(section, labels))
    match section:
        case TextSection(body=body) | Decision(body=body):
            pass
        case Recommendation(intro=intro, clauses=clauses, body=body):
            if intro:
                out.addElement(_paragraph(s.INTRO, intro))
            if clauses:
                clause_list = List(stylename=s.name(s.CLAUSES))
                for clause in clauses:
                    li = OdfListItem()
                    p = P(stylename=s.name(s.BODY))
                    if clause.lead:
                        p.addElement(_span(s.F_LEAD, clause.lead + (" " if clause.content else "")))
                    li.addElement(_inlines(p, clause.content))
                    clause_list.addElement(li)
                out.addElement(clause_list)
        case AttachmentList(attachments=attachments):
            body = ()
            for attachment in attachments:
                out.addElement(_attachment(attachment, labels))
        case _:
            assert_never(section)
    for block in body:
        out.addElement(_block(block))
    return out


def clock(value: dt.time) -> str:
    """ "09:30", or "09:30:15" when the time has seconds."""
    return f"{value:%H:%M:%S}" if value.second or value.microsecond else f"{value:%H:%M}"


def _event(note: ItemAttendance, labels: Labels) -> Element:
    pieces: list[Piece] = [(s.F_PERSON, note.name), ": ", (s.F_EVENT, event_words(labels)[note.event])]
    if note.time is not None:
        pieces += [f" {labels.meeting_time} ", (s.F_TIME, clock(note.time))]
    if note.note:
        pieces += [" (", (s.F_NOTE, note.note), ")"]
    return _line(P(stylename=s.name(s.ITEM_ATTENDANCE)), *pieces)


def _item(item: Item, ids: ItemIds, labels: Labels) -> Element:
    out = OdfSection(name=ids.item)
    heading = H(outlinelevel="1", stylename=s.name(s.ITEM))
    heading.addElement(BookmarkStart(name=ids.item))
    route: list[Piece] = []
    for part in item.route:
        route += ["/" if route else "", (s.F_ROUTE, part)]
    _line(heading, f"{labels.item} ", (s.F_NUMBER, item.number), ": ", *route, " - " if route else "",
          (s.F_TITLE, item.title))  # fmt: skip
    heading.addElement(BookmarkEnd(name=ids.item))
    out.addElement(heading)
    if not item.public or item.public_title:
        note: list[Piece] = [(s.F_CLOSED, labels.closed_item)] if not item.public else []
        if item.public_title:
            note += [" – " if note else "", f"{labels.public_title}: ", (s.F_PUBLIC_TITLE, item.public_title)]
        out.addElement(_line(P(stylename=s.name(s.ITEM_NOTE)), *note))
    if item.journal_number is not None:
        out.addElement(_paragraph(s.JOURNAL, item.journal_number.raw))
    for event in item.attendance:
        out.addElement(_event(event, labels))
    for section, name in zip(item.sections, ids.sections, strict=True):
        out.addElement(_section(section, name, labels))
    return out


def _participant(p: Participant, labels: Labels) -> Element:
    pieces: list[Piece] = [(s.F_PERSON, p.name)]
    if p.party:
        pieces += [" (", (s.F_PARTY, p.party), ")"]
    if p.substitute_for:
        pieces += [
            f", {labels.substitute.lower()} {labels.substitute_for} ",
            (s.F_SUBSTITUTE_FOR, p.substitute_for),
        ]
    if p.role:
        pieces += [", ", (s.F_ROLE, p.role)]
    if p.note:
        pieces += [", ", (s.F_NOTE, p.note)]
    return _line(P(stylename=s.name(s.PARTICIPANT)), *pieces)


def _attendance(meeting: Meeting, labels: Labels) -> list[Element]:
    """A heading per run of one status, then a paragraph per person, in the model's order."""
    headings = status_headings(labels)
    out = []
    status = None
    for person in meeting.attendance:
        if person.status is not status:
            status = person.status
            out.append(_paragraph(s.ATTENDANCE, f"{headings[status]}:"))
        out.append(_participant(person, labels))
    return out


def _title(meeting: Meeting, labels: Labels) -> Element:
    pieces: list[Piece] = [(s.F_DRAFT, labels.draft), " "] if meeting.draft else []
    pieces += [
        (s.F_KIND, labels.kind_title(meeting.kind, meeting.variant)),
        " ",
        (s.F_FORUM, meeting.forum.name),
        f" {labels.date_prefix} {format_short_date(meeting.start.date())}",
    ]
    return _line(P(stylename=s.name(s.TITLE)), *pieces)


def body(meeting: Meeting, labels: Labels) -> list[Element]:
    """Every element of the office:text body, in order."""
    when = meeting_when(meeting, labels)
    out: list[Element] = [_title(meeting, labels), _paragraph(s.FRONT, f"{labels.meeting_date} {when}")]
    if meeting.place is not None:
        out.append(
            _line(P(stylename=s.name(s.FRONT)), f"{labels.meeting_place} ", (s.F_PLACE, meeting.place))
        )
    if meeting.name is not None:
        out.append(_paragraph(s.MEETING_NAME, meeting.name))
    out.extend(_attendance(meeting, labels))
    ids = element_ids(meeting)
    out.append(_paragraph(s.CONTENTS_HEADING, labels.contents))
    for item, item_ids in zip(meeting.items, ids, strict=True):
        entry = _paragraph(s.CONTENTS_ENTRY, item.full_title)
        entry.addElement(Tab())
        # LibreOffice computes page references at layout time, also when it
        # converts without a user interface; it does not rebuild an index.
        entry.addElement(BookmarkRef(referenceformat="page", refname=item_ids.item, text="?"))
        out.append(entry)
    for item, item_ids in zip(meeting.items, ids, strict=True):
        out.append(_item(item, item_ids, labels))
    return out
