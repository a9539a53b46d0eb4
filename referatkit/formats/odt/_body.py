"""The body of the printed referat: the model mapped to ODF elements.

Plain functions over the model, no state flags: each returns the lxml
elements for one node. Formatting is never set here, only style names.
lxml writes every character XML 1.0 allows and escapes attribute values
so they parse back exactly (tabs, quotes, line breaks); what XML 1.0
cannot carry at all becomes U+FFFD here, and :func:`xml_safe` reports it there,
at the model path of the text it came from (``Loss.CHARACTERS``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, assert_never

from lxml import etree

from ...l10n import Labels, format_short_date
from ...model import (
    XML_ILLEGAL,
    Alignment,
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
    Table,
    TableCell,
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
from .._contract import Loss, WriteContext
from .._limits import MAX_REPEAT
from .._odfns import OFFICE as _OFFICE
from .._odfns import TABLE as TABLE_NS
from .._odfns import TEXT as _TEXT
from .._odfns import XLINK as _XLINK
from . import _styles as s

Element = etree._Element


def _t(local: str) -> str:
    return f"{{{_TEXT}}}{local}"


_P, _H, _SPAN, _A, _LIST, _LIST_ITEM, _SECTION = (
    _t(n) for n in ("p", "h", "span", "a", "list", "list-item", "section")
)
_S, _TAB, _BREAK = _t("s"), _t("tab"), _t("line-break")
_STYLE_NAME, _OUTLINE, _NAME, _C = _t("style-name"), _t("outline-level"), _t("name"), _t("c")
_START_VALUE = _t("start-value")
_BOOKMARK_START, _BOOKMARK_END, _BOOKMARK_REF = _t("bookmark-start"), _t("bookmark-end"), _t("bookmark-ref")
_HREF, _TYPE, _TITLE = f"{{{_XLINK}}}href", f"{{{_XLINK}}}type", f"{{{_OFFICE}}}title"

# A run of spaces after the first, a tab or a line break: ODF elements.
_WHITESPACE = re.compile(r"(?<= ) +|\t|\n")


#: Where a written text comes from: ``(path, value)`` of each model field in it.
Source = tuple[str, str]
#: The model fields a text is made of (none: the labels' own words, punctuation).
Sources = tuple[Source, ...]


def field(path: str, value: str | None) -> Sources:
    """The sources of a text that is the model field at ``path`` (its value ``value``)."""
    return ((path, value),) if value else ()


def xml_safe(text: str, ctx: WriteContext[Any] | None = None, sources: Iterable[Source] = ()) -> str:
    """``text`` with what XML 1.0 cannot carry replaced by U+FFFD; the replacement is
    reported to ``ctx`` at the path of each of ``sources`` (the model fields ``text`` is
    made of) that holds such a character (``Loss.CHARACTERS``)."""
    if XML_ILLEGAL.search(text) is None:
        return text
    if ctx is not None:
        for path, value in sources:
            if XML_ILLEGAL.search(value):
                ctx.lost(path, Loss.CHARACTERS)
    return XML_ILLEGAL.sub("\ufffd", text)


def _append(parent: Element, text: str) -> None:
    """Plain ``text`` after what ``parent`` holds so far."""
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _text(parent: Element, text: str, ctx: WriteContext[Any], sources: Sources = ()) -> None:
    """``text`` at the end of ``parent``: tabs, line breaks and runs of spaces as
    ``text:tab``, ``text:line-break`` and ``text:s`` (a run's first space stays a space);
    ``sources``: the model fields it is made of (:func:`xml_safe`)."""
    text = xml_safe(text, ctx, sources)
    last = 0
    for match in _WHITESPACE.finditer(text):
        if match.start() > last:
            _append(parent, text[last : match.start()])
        found = match.group()
        if found == "\t":
            etree.SubElement(parent, _TAB)
        elif found == "\n":
            etree.SubElement(parent, _BREAK)
        else:  # in pieces of at most MAX_REPEAT: the reader's limit
            for start in range(0, len(found), MAX_REPEAT):
                etree.SubElement(parent, _S, {_C: str(len(found[start : start + MAX_REPEAT]))})
        last = match.end()
    if last < len(text):
        _append(parent, text[last:] if last else text)


def _styled(tag: str, style: str, parent: Element | None = None) -> Element:
    attributes = {_STYLE_NAME: s.name(style)}
    if parent is None:
        return etree.Element(tag, attributes)
    return etree.SubElement(parent, tag, attributes)


def _inlines(parent: Element, content: tuple[Inline, ...], ctx: WriteContext[Any], where: str) -> Element:
    """``content`` (the model's at path ``where``) at the end of ``parent``."""
    for index, node in enumerate(content):
        here = f"{where}[{index}]"
        match node:
            case Text(text=text):
                _text(parent, text, ctx, field(f"{here}.text", text))
            case Emphasis(content=inner):
                _inlines(_styled(_SPAN, s.EMPHASIS, parent), inner, ctx, f"{here}.content")
            case Strong(content=inner):
                _inlines(_styled(_SPAN, s.STRONG, parent), inner, ctx, f"{here}.content")
            case Link(content=inner, target=target):
                uri = uri_reference(target)
                source = field(f"{here}.target", target)
                link = etree.SubElement(parent, _A, {_TYPE: "simple", _HREF: xml_safe(uri, ctx, source)})
                if uri != target:
                    # The target as written, when the URI had to encode it: the reader takes it.
                    link.set(_TITLE, xml_safe(target, ctx, source))
                _inlines(link, inner, ctx, f"{here}.content")
            case LineBreak():
                etree.SubElement(parent, _BREAK)
            case _:
                assert_never(node)
    return parent


def _paragraph(
    style: str,
    content: tuple[Inline, ...] | str,
    parent: Element | None,
    ctx: WriteContext[Any],
    where: str | Sources = (),
) -> Element:
    """A paragraph of ``content``: rich text (the model's at path ``where``), or a plain
    text made of the model fields ``where``."""
    p = _styled(_P, style, parent)
    if isinstance(content, str):
        _text(p, content, ctx, where if isinstance(where, tuple) else field(where, content))
        return p
    assert isinstance(where, str)
    return _inlines(p, content, ctx, where)


# A piece of a printed line: plain text (a label, punctuation) or a marked field: its
# field style, its text and the model fields it is made of.
Piece = str | tuple[str, str, Sources]


def _line(parent: Element, ctx: WriteContext[Any], *pieces: Piece) -> Element:
    for piece in pieces:
        if isinstance(piece, str):
            if piece:
                _text(parent, piece, ctx)
        else:
            # A model field marked by its field style, for the reader.
            style, text, sources = piece
            _text(_styled(_SPAN, style, parent), text, ctx, sources)
    return parent


def _field(style: str, path: str, value: str) -> Piece:
    """A piece that is the model field at ``path``."""
    return (style, value, field(path, value))


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _template(template: str, **fields: Piece) -> list[Piece]:
    """A label template ("Beslutning i {forum} den {date}") as pieces; unknown names stay literal."""
    pieces: list[Piece] = []
    last = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.group(1) in fields:
            pieces += [template[last : match.start()], fields[match.group(1)]]
            last = match.end()
    return [*pieces, template[last:]]


def _list(
    block: ListBlock, parent: Element, ctx: WriteContext[Any], where: str, paragraph: str = s.BODY
) -> None:
    out = _styled(_LIST, s.NUMBERS if isinstance(block, OrderedList) else s.BULLETS, parent)
    for index, item in enumerate(block.items):
        li = etree.SubElement(out, _LIST_ITEM)
        if isinstance(block, OrderedList) and index == 0:
            # The start number: a list that continues after a paragraph.
            li.set(_START_VALUE, str(block.start))
        _paragraph(paragraph, item.content, li, ctx, f"{where}.items[{index}].content")
        if item.sublist is not None:
            _list(item.sublist, li, ctx, f"{where}.items[{index}].sublist", paragraph)


def tb(local: str) -> str:
    return f"{{{TABLE_NS}}}{local}"


#: The paragraph style of a cell by its column's alignment: (body cell, header cell).
CELL_TEXT = {
    Alignment.LEFT: (s.TABLE_TEXT, s.TABLE_HEADING),
    Alignment.RIGHT: (s.TABLE_TEXT_RIGHT, s.TABLE_HEADING_RIGHT),
    Alignment.CENTER: (s.TABLE_TEXT_CENTER, s.TABLE_HEADING_CENTER),
}


def _cell(
    cell: TableCell, style: str, header: bool, parent: Element, ctx: WriteContext[Any], *, where: str
) -> None:
    attributes = {tb("style-name"): s.TABLE_AUTOMATIC[s.TABLE_HEADER_CELL if header else s.TABLE_CELL][0]}
    if cell.column_span != 1:
        attributes[tb("number-columns-spanned")] = str(cell.column_span)
    if cell.row_span != 1:
        attributes[tb("number-rows-spanned")] = str(cell.row_span)
    out = etree.SubElement(parent, tb("table-cell"), attributes)
    out.set(f"{{{_OFFICE}}}value-type", "string")
    if not cell.body:
        _styled(_P, style, out)  # an empty cell keeps its column's alignment
    for index, block in enumerate(cell.body):
        match block:
            case Paragraph(content=content):
                _paragraph(style, content, out, ctx, f"{where}.body[{index}].content")
            case BulletList() | OrderedList():
                _list(block, out, ctx, f"{where}.body[{index}]", style)
            case _:
                assert_never(block)


def _table(table: Table, parent: Element, ctx: WriteContext[Any], where: str) -> None:
    """``table:table`` with the named table and cell styles, the header rows in
    ``table:table-header-rows`` (repeated on every page), covered cells where a
    span reaches; the caption is a paragraph above it. :func:`body` names the tables."""
    if table.caption:
        _paragraph(s.TABLE_CAPTION, table.caption, parent, ctx, f"{where}.caption")
    out = etree.SubElement(parent, tb("table"), {tb("style-name"): s.TABLE_AUTOMATIC[s.TABLE][0]})
    etree.SubElement(out, tb("table-column"), {tb("number-columns-repeated"): str(table.columns)})
    head = etree.SubElement(out, tb("table-header-rows")) if table.header_rows else out
    for r, placed in enumerate(table.grid()):
        header = r < table.header_rows
        row = etree.SubElement(head if header else out, tb("table-row"))
        starts = dict(placed)
        # grid() places each row's cells in their order: the k-th placed is cells[k].
        numbers = {column: k for k, (column, _) in enumerate(placed)}
        for column in range(table.columns):
            cell = starts.get(column)
            if cell is None:
                etree.SubElement(row, tb("covered-table-cell"))
                continue
            here = f"{where}.rows[{r}].cells[{numbers[column]}]"
            _cell(cell, CELL_TEXT[table.alignments[column]][header], header, row, ctx, where=here)


def _block(block: Block, parent: Element, ctx: WriteContext[Any], where: str) -> None:
    match block:
        case Paragraph(content=content):
            _paragraph(s.BODY, content, parent, ctx, f"{where}.content")
        case Heading(content=content):
            heading = _styled(_H, s.SUBHEADING, parent)
            heading.set(_OUTLINE, "3")
            _inlines(heading, content, ctx, f"{where}.content")
        case BulletList() | OrderedList():
            _list(block, parent, ctx, where)
        case Table():
            _table(block, parent, ctx, where)
        case _:
            assert_never(block)


def _attachment(attachment: Attachment, ctx: WriteContext[Any], parent: Element, where: str) -> None:
    extras: list[Piece] = []
    if not attachment.public:
        extras.append((s.F_CLOSED, ctx.labels.closed_attachment, ()))
    if attachment.file_name:
        extras += [", "] if extras else []
        extras.append(_field(s.F_FILE, f"{where}.file_name", attachment.file_name))
    around: list[Piece] = [" (", *extras, ")"] if extras else []
    title = _field(s.F_ATTACHMENT, f"{where}.title", attachment.title)
    _line(_styled(_P, s.ATTACHMENT, parent), ctx, title, *around)


def _caption(section: Section, ctx: WriteContext[Any], parent: Element, where: str) -> None:
    labels = ctx.labels
    heading = _styled(_H, s.CAPTION, parent)
    heading.set(_OUTLINE, "2")
    if section.caption is not None:
        _line(heading, ctx, _field(s.F_CAPTION, f"{where}.caption", section.caption))
    elif isinstance(section, Decision) and (section.forum or section.date):
        fields: dict[str, Piece] = {}
        if section.forum:
            fields["forum"] = _field(s.F_FORUM, f"{where}.forum", section.forum)
        if section.date:
            fields["date"] = (s.F_DATE, format_short_date(section.date), ())
        template = (
            labels.decision_by
            if section.forum and section.date
            else labels.decision_forum
            if section.forum
            else labels.decision_date
        )
        _line(heading, ctx, *_template(template, **fields))
    else:
        _line(heading, ctx, caption_text(section, labels))


def _section(section: Section, name: str, ctx: WriteContext[Any], parent: Element, where: str) -> None:
    out = etree.SubElement(parent, _SECTION, {_NAME: name})
    _caption(section, ctx, out, where)
    match section:
        case TextSection(body=body) | Decision(body=body):
            pass
        case Recommendation(intro=intro, clauses=clauses, body=body):
            if intro:
                _paragraph(s.INTRO, intro, out, ctx, f"{where}.intro")
            if clauses:
                clause_list = _styled(_LIST, s.CLAUSES, out)
                for k, clause in enumerate(clauses):
                    li = etree.SubElement(clause_list, _LIST_ITEM)
                    p = _styled(_P, s.BODY, li)
                    if clause.lead:
                        lead = clause.lead + (" " if clause.content else "")
                        _line(p, ctx, (s.F_LEAD, lead, field(f"{where}.clauses[{k}].lead", clause.lead)))
                    _inlines(p, clause.content, ctx, f"{where}.clauses[{k}].content")
        case AttachmentList(attachments=attachments):
            body = ()
            for k, attachment in enumerate(attachments):
                _attachment(attachment, ctx, out, f"{where}.attachments[{k}]")
        case _:
            assert_never(section)
    for index, block in enumerate(body):
        _block(block, out, ctx, f"{where}.body[{index}]")


def clock(value: dt.time) -> str:
    """ "09:30", or "09:30:15" when the time has seconds."""
    return f"{value:%H:%M:%S}" if value.second or value.microsecond else f"{value:%H:%M}"


def _event(note: ItemAttendance, ctx: WriteContext[Any], parent: Element, where: str) -> None:
    labels = ctx.labels
    pieces: list[Piece] = [
        _field(s.F_PERSON, f"{where}.name", note.name),
        ": ",
        (s.F_EVENT, event_words(labels)[note.event], ()),
    ]
    if note.time is not None:
        pieces += [f" {labels.meeting_time} ", (s.F_TIME, clock(note.time), ())]
    if note.note:
        pieces += [" (", _field(s.F_NOTE, f"{where}.note", note.note), ")"]
    _line(_styled(_P, s.ITEM_ATTENDANCE, parent), ctx, *pieces)


def _item(item: Item, ids: ItemIds, ctx: WriteContext[Any], parent: Element, where: str) -> None:
    labels = ctx.labels
    out = etree.SubElement(parent, _SECTION, {_NAME: ids.item})
    heading = _styled(_H, s.ITEM, out)
    heading.set(_OUTLINE, "1")
    etree.SubElement(heading, _BOOKMARK_START, {_NAME: ids.item})
    route: list[Piece] = []
    for k, part in enumerate(item.route):
        route += ["/" if route else "", _field(s.F_ROUTE, f"{where}.route[{k}]", part)]
    _line(heading, ctx, f"{labels.item} ", _field(s.F_NUMBER, f"{where}.number", item.number), ": ", *route,
          " - " if route else "", _field(s.F_TITLE, f"{where}.title", item.title))  # fmt: skip
    etree.SubElement(heading, _BOOKMARK_END, {_NAME: ids.item})
    if not item.public or item.public_title:
        note: list[Piece] = [(s.F_CLOSED, labels.closed_item, ())] if not item.public else []
        if item.public_title:
            public_title = _field(s.F_PUBLIC_TITLE, f"{where}.public_title", item.public_title)
            note += [" – " if note else "", f"{labels.public_title}: ", public_title]
        _line(_styled(_P, s.ITEM_NOTE, out), ctx, *note)
    if item.journal_number is not None:
        raw = item.journal_number.raw
        _paragraph(s.JOURNAL, raw, out, ctx, f"{where}.journal_number.raw")
    for k, event in enumerate(item.attendance):
        _event(event, ctx, out, f"{where}.attendance[{k}]")
    for k, (section, name) in enumerate(zip(item.sections, ids.sections, strict=True)):
        _section(section, name, ctx, out, f"{where}.sections[{k}]")


def title_sources(item: Item, where: str) -> Sources:
    """The model fields of ``item.full_title`` (the item at path ``where``)."""
    route = tuple(
        source for k, part in enumerate(item.route) for source in field(f"{where}.route[{k}]", part)
    )
    return (*route, *field(f"{where}.title", item.title))


def _participant(p: Participant, ctx: WriteContext[Any], parent: Element, where: str) -> None:
    labels = ctx.labels
    pieces: list[Piece] = [_field(s.F_PERSON, f"{where}.name", p.name)]
    if p.party:
        pieces += [" (", _field(s.F_PARTY, f"{where}.party", p.party), ")"]
    if p.substitute_for:
        pieces += [
            f", {labels.substitute.lower()} {labels.substitute_for} ",
            _field(s.F_SUBSTITUTE_FOR, f"{where}.substitute_for", p.substitute_for),
        ]
    if p.role:
        pieces += [", ", _field(s.F_ROLE, f"{where}.role", p.role)]
    if p.note:
        pieces += [", ", _field(s.F_NOTE, f"{where}.note", p.note)]
    _line(_styled(_P, s.PARTICIPANT, parent), ctx, *pieces)


def attendance_order(meeting: Meeting, labels: Labels) -> list[int]:
    """The model positions of the people in printed order: by status group
    (in the order of :func:`status_headings`), the model's order within a group."""
    rank = {status: n for n, status in enumerate(status_headings(labels))}
    people = meeting.attendance
    return sorted(range(len(people)), key=lambda i: (rank[people[i].status], i))


def _attendance(meeting: Meeting, ctx: WriteContext[Any], parent: Element) -> None:
    """A heading per status ("Deltagere:"), once, then a paragraph per person of that status."""
    headings = status_headings(ctx.labels)
    status = None
    for index in attendance_order(meeting, ctx.labels):
        person = meeting.attendance[index]
        if person.status is not status:
            status = person.status
            _paragraph(s.ATTENDANCE, f"{headings[status]}:", parent, ctx)
        _participant(person, ctx, parent, f"attendance[{index}]")


def _front(meeting: Meeting, ctx: WriteContext[Any], parent: Element) -> None:
    labels, forum = ctx.labels, meeting.forum
    if forum.organisation is not None:
        organisation = _field(s.F_ORGANISATION, "forum.organisation", forum.organisation)
        _line(_styled(_P, s.FRONT, parent), ctx, organisation)
    pieces: list[Piece] = [(s.F_DRAFT, labels.draft, ()), " "] if meeting.draft else []
    pieces += [
        (s.F_KIND, labels.kind_title(meeting.kind, meeting.variant), ()),
        " ",
        _field(s.F_FORUM, "forum.name", forum.name),
        f" {labels.date_prefix} {format_short_date(meeting.start.date())}",
    ]
    _line(_styled(_P, s.TITLE, parent), ctx, *pieces)
    _paragraph(s.FRONT, f"{labels.meeting_date} {meeting_when(meeting, labels)}", parent, ctx)
    if meeting.place is not None:
        place = _field(s.F_PLACE, "place", meeting.place)
        _line(_styled(_P, s.FRONT, parent), ctx, f"{labels.meeting_place} ", place)
    if meeting.name is not None:
        _paragraph(s.MEETING_NAME, meeting.name, parent, ctx, "name")


def body(meeting: Meeting, ctx: WriteContext[Any], text: Element) -> None:
    """Every element of the office:text body, in order, appended to ``text``: in the
    context's words, with its element ids (computed once, by ``render``)."""
    labels, ids = ctx.labels, ctx.ids or element_ids(meeting)
    _front(meeting, ctx, text)
    _attendance(meeting, ctx, text)
    _paragraph(s.CONTENTS_HEADING, labels.contents, text, ctx)
    for index, (item, item_ids) in enumerate(zip(meeting.items, ids, strict=True)):
        sources = title_sources(item, f"items[{index}]")
        entry = _paragraph(s.CONTENTS_ENTRY, item.full_title, text, ctx, sources)
        etree.SubElement(entry, _TAB)
        # LibreOffice computes page references at layout time, also when it
        # converts without a user interface; it does not rebuild an index.
        ref = etree.SubElement(
            entry, _BOOKMARK_REF, {_t("reference-format"): "page", _t("ref-name"): item_ids.item}
        )
        ref.text = "?"
    for index, (item, item_ids) in enumerate(zip(meeting.items, ids, strict=True)):
        _item(item, item_ids, ctx, text, f"items[{index}]")
    for number, table in enumerate(text.iter(tb("table")), 1):
        table.set(tb("name"), f"Tabel{number}")
