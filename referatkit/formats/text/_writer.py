"""Write a meeting in the plain-text layout of the printed referater."""

from __future__ import annotations

from typing import assert_never

from ...errors import ReadError
from ...l10n import Labels, format_meeting_datetime, format_short_date, format_time
from ...model import (
    XML_ILLEGAL,
    Alignment,
    AttachmentList,
    Block,
    BulletList,
    Clause,
    Decision,
    Emphasis,
    Heading,
    Inline,
    Item,
    LineBreak,
    Link,
    ListBlock,
    Meeting,
    OrderedList,
    Paragraph,
    Recommendation,
    Section,
    Strong,
    Table,
    TableCell,
    Text,
    TextSection,
    differences,
    walk,
)
from .._common import caption_text, system_fields
from .._contract import Loss, NoOptions, ReadContext, WriteContext, covers
from ..grammar import (
    LEAD,
    TOC_LEADER,
    Grammar,
    escape_cell,
    escape_inline_text,
    escape_line,
    escape_plain,
    escape_target,
    grammar,
)
from ._reader import read_text


def render_inlines(content: tuple[Inline, ...]) -> str:
    """Inline content as marked-up text; line breaks become ``\\n``."""
    parts: list[str] = []
    for node in content:
        match node:
            case Text(text=text):
                parts.append(escape_inline_text(text))
            case Emphasis(content=inner):
                parts.append("*" + render_inlines(inner) + "*")
            case Strong(content=inner):
                parts.append("**" + render_inlines(inner) + "**")
            case Link(content=inner, target=target):
                parts.append("[" + render_inlines(inner) + "](" + escape_target(target) + ")")
            case LineBreak():
                parts.append("\n")
            case _:
                assert_never(node)
    return "".join(parts)


def _text_lines(content: tuple[Inline, ...], g: Grammar, *, prefix: str = "") -> list[str]:
    """Lines of one paragraph or list item; ``prefix`` is the list marker.

    The first line needs no escaping behind a marker; the lines after a
    line break are escaped where they would read as list markers.
    """
    lines = render_inlines(content).split("\n")
    out = [prefix + lines[0] if prefix else escape_line(lines[0], block_start=True, grammar=g)]
    out.extend(escape_line(line, block_start=False, grammar=g) for line in lines[1:])
    return out


def _clause_lines(number: int, clause: Clause, g: Grammar) -> list[str]:
    if not clause.content:
        return [f"{number}. {clause.lead}".rstrip(" ")]
    prefix = f"{number}. {clause.lead} " if clause.lead else f"{number}. "
    lines = _text_lines(clause.content, g, prefix=prefix)
    if not clause.lead and LEAD.match(render_inlines(clause.content)):
        # Content that begins like a lead word would be read as one.
        lines[0] = f"{prefix}\\{lines[0][len(prefix) :]}"
    return lines


def _list_lines(block: ListBlock, g: Grammar, depth: int) -> list[str]:
    out: list[str] = []
    for i, item in enumerate(block.items):
        marker = f"{block.start + i}." if isinstance(block, OrderedList) else "-"
        indent = " " * depth
        if item.content:
            out.extend(_text_lines(item.content, g, prefix=f"{indent}{marker} "))
        else:
            out.append(indent + marker)
        if item.sublist is not None:
            out.extend(_list_lines(item.sublist, g, depth + 1))
    return out


def _block_lines(block: Block, g: Grammar) -> list[str]:
    match block:
        case Paragraph(content=content) | Heading(content=content):
            return _text_lines(content, g)
        case BulletList() | OrderedList():
            return _list_lines(block, g, 0)
        case Table():
            return _table_lines(block, g)
        case _:
            assert_never(block)


def _one_line(content: tuple[Inline, ...]) -> str:
    # A line break has no place in a table line: it becomes a space, which the
    # read-back check reports.
    return render_inlines(content).replace("\n", " ")


def _cell_text(cell: TableCell, g: Grammar) -> str:
    """A cell on one line. The layout holds one paragraph a cell; more blocks, or a
    list, are written one after the other so that no word is lost, and reported."""
    parts: list[str] = []
    for block in cell.body:
        match block:
            case Paragraph(content=content):
                parts.append(_one_line(content))
            case BulletList() | OrderedList():
                parts.extend(line.strip(" ") for line in _list_lines(block, g, 0))
            case _:
                assert_never(block)
    return escape_cell(" ".join(parts))


def _table_lines(table: Table, g: Grammar) -> list[str]:
    """The table as pipe-table lines (docs/text-format.md, 3.8)."""
    grid = table.grid()
    # What each row writes, column by column: a cell, or "^" where a cell from above continues.
    rows: list[list[tuple[int, int, str]]] = []  # (column, span, text)
    below: dict[tuple[int, int], TableCell] = {}
    for r, placed in enumerate(grid):
        starts = {column: cell for column, cell in placed}
        row: list[tuple[int, int, str]] = []
        column = 0
        while column < table.columns:
            cell = starts.get(column)
            if cell is not None:
                row.append((column, cell.column_span, _cell_text(cell, g)))
                for d in range(1, cell.row_span):
                    below[(r + d, column)] = cell
            else:
                cell = below[(r, column)]
                row.append((column, cell.column_span, "^"))
            column += cell.column_span
        rows.append(row)
    widths = [3] * table.columns
    for row in rows:
        for column, span, text in row:
            if span == 1:
                widths[column] = max(widths[column], len(text))
    for row in rows:
        for column, span, text in row:
            room = sum(widths[column : column + span]) + 2 * (span - 1)
            if span > 1 and len(text) > room:
                widths[column + span - 1] += len(text) - room

    def line(row: list[tuple[int, int, str]]) -> str:
        out = "|"
        for column, span, text in row:
            room = sum(widths[column : column + span]) + 2 * (span - 1)
            match table.alignments[column]:
                case Alignment.LEFT:
                    padded = text.ljust(room)
                case Alignment.RIGHT:
                    padded = text.rjust(room)
                case Alignment.CENTER:
                    padded = text.center(room)
                case _:
                    assert_never(table.alignments[column])
            out += f" {padded} " + "|" * span
        return out

    def segment(column: int) -> str:
        dashes = "-" * (widths[column] + 2)
        match table.alignments[column]:
            case Alignment.LEFT:
                return dashes
            case Alignment.RIGHT:
                return dashes[:-1] + ":"
            case Alignment.CENTER:
                return ":" + dashes[2:] + ":"
            case _:
                assert_never(table.alignments[column])

    rule = "|" + "|".join(segment(c) for c in range(table.columns)) + "|"
    lines = [line(row) for row in rows]
    lines.insert(table.header_rows, rule)
    if table.caption:
        lines.append(f"{g.labels.table}: {_one_line(table.caption)}")
    return lines


def _blocks(blocks: tuple[Block, ...], g: Grammar) -> list[list[str]]:
    return [_block_lines(b, g) for b in blocks]


def _section_chunks(section: Section, g: Grammar) -> list[list[str]]:
    match section:
        case TextSection(body=body) | Decision(body=body):
            return _blocks(body, g)
        case Recommendation(intro=intro, clauses=clauses, body=body):
            chunks: list[list[str]] = []
            if intro:
                chunks.append(_text_lines(intro, g))
            if clauses:
                lines: list[str] = []
                for n, clause in enumerate(clauses, start=1):
                    lines.extend(_clause_lines(n, clause, g))
                chunks.append(lines)
            chunks.extend(_blocks(body, g))
            return chunks
        case AttachmentList(attachments=attachments):
            return [[escape_plain(a.title, grammar=g)] for a in attachments]
        case _:
            assert_never(section)


def _meeting_time(meeting: Meeting, labels: Labels) -> str:
    start = format_meeting_datetime(meeting.start, labels)
    if meeting.end is None:
        return start
    if meeting.end.date() == meeting.start.date():
        return f"{start}-{format_time(meeting.end)}"
    return f"{start} {labels.until} {format_meeting_datetime(meeting.end, labels)}"


def _item_chunks(item: Item, g: Grammar) -> list[list[str]]:
    labels = g.labels
    chunks = [[f"{labels.item} {item.number}: {item.full_title}"]]
    if item.journal_number is not None:
        chunks.append([escape_plain(item.journal_number.raw, grammar=g)])
    for section in item.sections:
        chunks.append([caption_text(section, labels)])
        chunks.extend(_section_chunks(section, g))
    return chunks


def _toc_line(item: Item) -> str:
    if item.page is None:
        return item.full_title
    return f"{item.full_title.rstrip('.')}{TOC_LEADER}\t{item.page}"


def write_text(meeting: Meeting, ctx: WriteContext[NoOptions]) -> str:
    """The meeting in the text layout, without trailing newline.

    Chunks of lines are separated by one blank line. Fields the layout has
    no place for are reported to ``ctx`` where they are left out; what the
    grammar cannot express exactly (see :func:`_report_inexact`) is reported
    too.
    """
    labels = ctx.labels
    _report_unprintable(meeting, ctx)
    out = _render(meeting, labels)
    _report_inexact(meeting, out, ctx)
    return out


def _render(meeting: Meeting, labels: Labels) -> str:
    g = grammar(labels)
    title = labels.kind_title(meeting.kind, meeting.variant)
    if meeting.draft:
        title = f"{labels.draft} {title}"
    chunks: list[list[str]] = [
        [f"{title} {meeting.forum.name} {labels.date_prefix} {format_short_date(meeting.start.date())}"],
        [f"{labels.meeting_date} {_meeting_time(meeting, labels)}"],
    ]
    if meeting.place is not None:
        chunks.append([f"{labels.meeting_place} {meeting.place}"])
    chunks.append([labels.contents])
    if meeting.items:
        chunks.append([_toc_line(item) for item in meeting.items])
    for item in meeting.items:
        chunks.extend(_item_chunks(item, g))
    return "\n\n".join("\n".join(chunk) for chunk in chunks)


def _report_unprintable(meeting: Meeting, ctx: WriteContext[NoOptions]) -> None:
    """Every field the layout has no place for, where the model has a value for it."""
    for path, _ in system_fields(meeting):
        # The reader infers a short name from a route every item shares;
        # whether it comes back is the grammar check's to say.
        if path != "forum.short_name":
            ctx.lost(path)
    if meeting.name is not None:
        ctx.lost("name")
    if meeting.attendance:
        ctx.lost("attendance")
    for i, item in enumerate(meeting.items):
        if not item.public:
            ctx.lost(f"items[{i}].public")
        if item.public_title is not None:
            ctx.lost(f"items[{i}].public_title")
        if item.attendance:
            ctx.lost(f"items[{i}].attendance")
        for k, section in enumerate(item.sections):
            if isinstance(section, AttachmentList):
                for a, attachment in enumerate(section.attachments):
                    where = f"items[{i}].sections[{k}].attachments[{a}]"
                    if not attachment.public:
                        ctx.lost(f"{where}.public")
                    if attachment.file_name is not None:
                        ctx.lost(f"{where}.file_name")


def _report_inexact(meeting: Meeting, out: str, ctx: WriteContext[NoOptions]) -> None:
    """What the grammar cannot express exactly, found by parsing what was written.

    Whether content survives the layout depends on the content itself (a
    meeting without items, nested emphasis ending together, text that reads
    as a list marker or a caption); the reader's grammar is the one
    definition of that, so the writer asks it rather than copying its rules.
    Paths already reported as left out are not reported again.
    """
    try:
        data = out.encode("utf-8", "surrogatepass")
        back = read_text(data, ReadContext(source="<text>", labels=ctx.labels))
    except ReadError as error:
        ctx.lost("", Loss.UNREADABLE, error.message)
        return
    reported = tuple(ctx.reports.paths)
    missed = [path for path in differences(meeting, back) if not any(covers(p, path) for p in reported)]
    if not missed:
        return
    values = dict(walk(meeting))
    for path in missed:
        illegal = any(isinstance(v, str) and XML_ILLEGAL.search(v) for _, v in walk(values.get(path)))
        ctx.lost(path, Loss.CHARACTERS if illegal else Loss.INEXACT)
