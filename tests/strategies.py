"""Hypothesis strategies that generate meetings.

``meetings()`` covers the whole model: every field, closed items,
attendance, custom sections, odd characters. ``text_meetings()`` is
restricted to what the text layout can express (docs/text-format.md), so
that ``read(render(m, "text")) == m`` must hold for every example.
``printed_meetings()`` is restricted further, to what a print shows.

Every strategy is built once: a module constant, or a factory cached by its
arguments (``functools.cache``). A composite draws only from strategies built
beforehand. Hypothesis validates a strategy, and works out whether it can be
empty, the first time it draws from it; a strategy built anew inside a draw
pays that again every time, and for the nested strategies of a meeting it was
94% of a property's time (issue 23; ``benchmarks/bench_strategies.py``).
"""

from __future__ import annotations

import datetime as dt
import functools

import attrs
from hypothesis import strategies as st

from referatkit.formats._common import status_headings
from referatkit.l10n import DANISH, localize
from referatkit.model import (
    Alignment,
    Attachment,
    AttachmentList,
    AttendanceEvent,
    AttendanceStatus,
    Block,
    BulletList,
    Checksum,
    Clause,
    Decision,
    DocumentKind,
    Emphasis,
    Forum,
    Heading,
    Inline,
    Item,
    ItemAttendance,
    LineBreak,
    Link,
    ListItem,
    Meeting,
    OrderedList,
    Paragraph,
    Participant,
    Recommendation,
    Section,
    SectionKind,
    Strong,
    Table,
    TableCell,
    Text,
    TextSection,
    Variant,
    has_visible_text,
)
from referatkit.model._validate import values

# --- text -----------------------------------------------------------------------

# Any character the model allows in text: no line breaks, no surrogates (they
# cannot be encoded), no NUL; the markup and escape characters on purpose.
_ANY_CHAR = st.characters(
    codec="utf-8", exclude_categories=("Cs",), exclude_characters="\n\r\x00"
) | st.sampled_from("*[]()\\-.:,;!? \t”–æøåÆØÅé½")

_DANISH_WORDS = (
    "kommunen borgerne udvalget byrådet budget forslag sagen indstiller godkender "
    "økonomi skole plan lokalplan høring vej trafik ældre børn miljø tilskud bevilling"
).split()


# Visible text is built, not filtered: a text of any characters with one visible
# character put in at a drawn place. Filters that threw away the invisible draws did,
# over a whole meeting, throw away more than Hypothesis' health check allows (issue 23).

#: The characters ``str.strip()`` and ``str.isspace()`` take for white space (Unicode's
#: White_Space): the separators and these controls.
_WHITE_SPACE_CONTROLS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85"
_MARKUP = "*[]()\\-.:,;!?”–æøåÆØÅé½"
# A character a single line's validator (``str.strip()``) takes for text.
_NOT_WHITE_SPACE = st.characters(
    codec="utf-8",
    exclude_categories=("Cs", "Zs", "Zl", "Zp"),
    exclude_characters=_WHITE_SPACE_CONTROLS + "\x00",
) | st.sampled_from(_MARKUP)
# A character rich text's validator (``has_visible_text``: not space, tab, line break) takes for text.
_NOT_BLANK = st.characters(
    codec="utf-8", exclude_categories=("Cs",), exclude_characters="\n\r\x00 \t"
) | st.sampled_from(_MARKUP)


def _put_in(parts: tuple[str, str, int]) -> str:
    """``text`` with ``character`` put in at ``place`` (at its end when it is shorter)."""
    text, character, place = parts
    return text[:place] + character + text[place:]


@functools.cache
def _with_one(
    text: st.SearchStrategy[str], character: st.SearchStrategy[str], max_size: int
) -> st.SearchStrategy[str]:
    """Text from ``text`` (at most ``max_size - 1`` characters) with one ``character`` put in."""
    return st.tuples(text, character, st.integers(0, max_size - 1)).map(_put_in)


@functools.cache
def any_text(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(_ANY_CHAR, min_size=min_size, max_size=max_size)


@functools.cache
def line_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """A non-empty single line (what ``_line`` validators accept): any characters, one
    of them not white space."""
    return _with_one(any_text(0, max_size - 1), _NOT_WHITE_SPACE, max_size)


@functools.cache
def _visible_text(max_size: int) -> st.SearchStrategy[str]:
    """Text for a ``Text`` node that makes its content visible (``has_visible_text``)."""
    return _with_one(any_text(0, max_size - 1), _NOT_BLANK, max_size)


@functools.cache
def words(min_words: int = 1, max_words: int = 6) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_DANISH_WORDS), min_size=min_words, max_size=max_words).map(" ".join)


# --- rich text: full model --------------------------------------------------------


@functools.cache
def _inline_nodes(text: st.SearchStrategy[str], depth: int, links: bool = True) -> st.SearchStrategy[Inline]:
    """Inline nodes nested ``depth`` deep; with no link in them unless ``links`` (a link
    holds no link)."""
    leaf: st.SearchStrategy[Inline] = st.one_of(text.map(Text), st.just(LineBreak()))
    if depth == 0:
        return leaf
    inner = st.lists(_inline_nodes(text, depth - 1, links), max_size=3)
    styled = st.one_of(leaf, inner.map(Emphasis), inner.map(Strong))
    if not links:
        return styled
    no_links = st.lists(_inline_nodes(text, depth - 1, links=False), max_size=3)
    return styled | st.builds(Link, no_links, line_text(30))


def _joined(parts: tuple[list[Inline], Inline, list[Inline]]) -> tuple[Inline, ...]:
    before, node, after = parts
    return (*before, node, *after)


@functools.cache
def _visible_nodes(depth: int, links: bool = True) -> st.SearchStrategy[Inline]:
    """An inline node with visible text in it, nested up to ``depth`` deep."""
    leaf: st.SearchStrategy[Inline] = _visible_text(20).map(Text)
    if depth == 0:
        return leaf
    around = st.lists(_inline_nodes(any_text(1, 20), depth - 1, links), max_size=1)
    inner = st.tuples(around, _visible_nodes(depth - 1, links), around).map(_joined)
    styled = st.one_of(leaf, inner.map(Emphasis), inner.map(Strong))
    if not links:
        return styled
    around_no_links = st.lists(_inline_nodes(any_text(1, 20), depth - 1, links=False), max_size=1)
    no_links = st.tuples(around_no_links, _visible_nodes(depth - 1, links=False), around_no_links)
    return styled | st.builds(Link, no_links.map(_joined), line_text(30))


@functools.cache
def inline_content(min_size: int = 0) -> st.SearchStrategy[tuple[Inline, ...]]:
    return st.lists(_inline_nodes(any_text(1, 20), 2), min_size=min_size, max_size=5).map(tuple)


@functools.cache
def visible_content() -> st.SearchStrategy[tuple[Inline, ...]]:
    """Inline content with visible text (``has_visible_text``), of up to five nodes."""
    around = st.lists(_inline_nodes(any_text(1, 20), 2), max_size=2)
    return st.tuples(around, _visible_nodes(2), around).map(_joined)


@functools.cache
def _list_block(depth: int) -> st.SearchStrategy[Block]:
    sub = st.none() if depth == 0 else st.none() | _list_block(depth - 1)
    item = st.builds(ListItem, inline_content(), sub)
    items = st.lists(item, min_size=1, max_size=3)
    return st.one_of(
        items.map(BulletList),
        st.builds(OrderedList, items, st.integers(0, 30)),
    )


@functools.cache
def _alignments(n_columns: int) -> st.SearchStrategy[list[Alignment]]:
    return st.lists(st.sampled_from(Alignment), min_size=n_columns, max_size=n_columns)


#: The most cells a drawn table has. Every kind of table of up to 4 x 4 cells is still
#: drawn: 4 rows (4 x 2, a cell 3 rows high), 4 columns (2 x 4, a cell 3 columns wide),
#: 3 x 3 (a cell 2 rows high and 2 columns wide). Tables were a third of the draws of a
#: meeting, their cells (each with paragraphs or lists) most of that (issue 23); a
#: 4 x 4 table, 16 of them, adds no kind.
MAX_TABLE_CELLS = 9
_TABLE_ROWS = st.integers(1, 4)
_TABLE_COLUMNS = {rows: st.integers(1, min(4, MAX_TABLE_CELLS // rows)) for rows in range(1, 5)}


@st.composite
def tables(
    draw: st.DrawFn, cell: st.SearchStrategy[TableCell], caption: st.SearchStrategy[tuple[Inline, ...]]
) -> Table:
    """A table of up to 4 rows and up to 4 columns, of at most :data:`MAX_TABLE_CELLS`
    cells, at most one of them spanning rows and columns, with header rows, alignments
    and a caption drawn."""
    n_rows = draw(_TABLE_ROWS)
    n_columns = draw(_TABLE_COLUMNS[n_rows])
    header = draw(st.integers(0, n_rows))
    merged: tuple[int, int, int, int] | None = None  # row, column, height, width
    if draw(st.booleans()):
        r, c = draw(st.integers(0, n_rows - 1)), draw(st.integers(0, n_columns - 1))
        limit = header if r < header else n_rows  # a header cell stays in the head
        # No row may be covered whole (a row holds a cell), and some cell must
        # begin in every column: a cell as high as the table is one column wide.
        height = draw(st.integers(1, limit - r)) if n_columns > 1 else 1
        if height == n_rows:
            width = 1
        else:
            width = draw(st.integers(1, n_columns - c - (1 if height > 1 and c == 0 else 0)))
        merged = (r, c, height, width)
    rows = []
    for r in range(n_rows):
        row = []
        for c in range(n_columns):
            if merged is not None:
                mr, mc, height, width = merged
                if (r, c) == (mr, mc):
                    row.append(attrs.evolve(draw(cell), row_span=height, column_span=width))
                    continue
                if mr <= r < mr + height and mc <= c < mc + width:
                    continue
            row.append(draw(cell))
        rows.append(row)
    alignments = draw(_alignments(n_columns))
    return Table(rows, header_rows=header, alignments=alignments, caption=draw(caption))


_VISIBLE = visible_content()
_ANY_CELL = st.builds(TableCell, st.lists(st.one_of(_VISIBLE.map(Paragraph), _list_block(1)), max_size=2))
_BLOCKS = st.lists(
    st.one_of(
        _VISIBLE.map(Paragraph),
        _VISIBLE.map(Heading),
        _list_block(2),
        tables(_ANY_CELL, st.just(()) | _VISIBLE),
    ),
    max_size=4,
).map(tuple)


def blocks() -> st.SearchStrategy[tuple[Block, ...]]:
    return _BLOCKS


# --- full model -------------------------------------------------------------------

_TEXT_KINDS = [
    k
    for k in SectionKind
    if k not in (SectionKind.RECOMMENDATION, SectionKind.DECISION, SectionKind.ATTACHMENTS)
]


_SECTION_KINDS = st.sampled_from(_TEXT_KINDS)
_CAPTION = st.none() | line_text(30)


@st.composite
def _text_section(draw: st.DrawFn) -> TextSection:
    kind = draw(_SECTION_KINDS)
    caption = draw(line_text(30)) if kind is SectionKind.CUSTOM else draw(_CAPTION)
    return TextSection(kind, draw(_BLOCKS), caption=caption)


#: The digest of each algorithm, by its algorithm and length.
_DIGESTS = {
    (algorithm, length): st.text("0123456789abcdef", min_size=length, max_size=length).map(
        functools.partial(Checksum, algorithm)
    )
    for algorithm, length in [("md5", 32), ("sha256", 64)]
}
_CHECKSUMS = st.sampled_from(list(_DIGESTS)).flatmap(_DIGESTS.__getitem__)
# Regular expressions are spelled out as texts of their character classes: the same
# strings, for less than half the draws and time (Hypothesis' from_regex draws a character at a time
# and clears its group cache after each match: 13% of drawing a meeting under cProfile, issue 23).
_ASCII_LOWER = "abcdefghijklmnopqrstuvwxyz"
#: What ``\d`` matches in a ``str`` pattern: a decimal digit of any script (Unicode's Nd).
_DIGIT = st.characters(categories=("Nd",))


@functools.cache
def _digits(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    r"""What ``\d{min_size,max_size}`` matches."""
    return st.text(_DIGIT, min_size=min_size, max_size=max_size)


def _concatenated(parts: tuple[str, ...]) -> str:
    return "".join(parts)


# r"[a-z]{2,6}:[A-Za-z]{1,10}"
_PROPERTY_NAMES = st.tuples(
    st.text(_ASCII_LOWER, min_size=2, max_size=6),
    st.just(":"),
    st.text(_ASCII_LOWER + _ASCII_LOWER.upper(), min_size=1, max_size=10),
).map(_concatenated)
_PROPERTIES = st.dictionaries(_PROPERTY_NAMES, any_text(0, 20), max_size=2)
_ATTACHMENTS = st.builds(
    Attachment,
    title=line_text(),
    public=st.booleans(),
    file_name=st.none() | line_text(20),
    media_type=st.none() | st.sampled_from(["application/pdf", "image/tiff", "text/plain"]),
    checksum=st.none() | _CHECKSUMS,
    properties=_PROPERTIES,
)


def attachments() -> st.SearchStrategy[Attachment]:
    return _ATTACHMENTS


_DATES = st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))
_SECTIONS = st.one_of(
    _text_section(),
    st.builds(
        Recommendation,
        inline_content(),
        st.lists(
            st.builds(Clause, inline_content(), lead=st.sampled_from(["at", "At", "AT", ""])), max_size=3
        ),
        body=_BLOCKS,
        caption=_CAPTION,
    ),
    st.builds(Decision, _BLOCKS, forum=st.none() | line_text(20), date=st.none() | _DATES, caption=_CAPTION),
    st.builds(AttachmentList, st.lists(_ATTACHMENTS, max_size=3), caption=_CAPTION),
)


def sections() -> st.SearchStrategy[Section]:
    return _SECTIONS


_JOURNAL_NUMBERS = st.one_of(
    st.builds(
        "{}.{}.{}-{}{:02d}-{}-{:02d}".format,  # r"\d\d\.\d\d\.\d\d" and the rest
        _digits(2, 2),
        _digits(2, 2),
        _digits(2, 2),
        st.sampled_from("APSØGKI"),
        st.integers(0, 99),
        st.integers(1, 999),
        st.integers(0, 99),
    ),
    st.builds("{}/{}".format, _digits(2, 2), _digits(3, 6)),  # r"\d\d/\d{3,6}"
    st.builds("20{}-{}".format, _digits(2, 2), _digits(4, 6)),  # r"20\d\d-\d{4,6}"
)


def journal_numbers() -> st.SearchStrategy[str]:
    return _JOURNAL_NUMBERS


def _whole_minute(time: dt.time) -> dt.time:
    return time.replace(second=0, microsecond=0)


def _item_number(parts: tuple[int, int | None]) -> str:
    whole, part = parts
    return f"{whole}" if part is None else f"{whole}.{part}"


# r"[1-9][0-9]?(\.[1-9])?": 1 to 99, perhaps with a tenth.
_NUMBERS = st.tuples(st.integers(1, 99), st.none() | st.integers(1, 9)).map(_item_number)
_ROUTES = st.sampled_from([(), ("KB",), ("ØU", "KB"), ("MBU", "ØU", "KB"), ("CF",)])
_ITEMS = st.builds(
    Item,
    number=_NUMBERS,
    title=line_text(),
    route=_ROUTES,
    journal_number=st.none() | _JOURNAL_NUMBERS,
    public=st.booleans(),
    public_title=st.none() | line_text(),
    sections=st.lists(_SECTIONS, max_size=4),
    attendance=st.lists(
        st.builds(
            ItemAttendance,
            name=line_text(20),
            event=st.sampled_from(AttendanceEvent),
            time=st.none() | st.times().map(_whole_minute),
            note=st.none() | line_text(),
        ),
        max_size=2,
    ),
    page=st.none() | st.integers(1, 300),
    identifier=st.none() | line_text(20),
    properties=_PROPERTIES,
)


def items() -> st.SearchStrategy[Item]:
    return _ITEMS


_STATUSES = st.sampled_from(AttendanceStatus)
_PARTIES = st.none() | st.sampled_from(list("ABCFIKOVØÅ"))
_ROLES = st.none() | st.sampled_from(["Formand", "Næstformand", "Medlem", "protokol"])
_OPTIONAL_LINE_20 = st.none() | line_text(20)
_OPTIONAL_LINE_30 = st.none() | line_text(30)
_OPTIONAL_LINE = st.none() | line_text()


@st.composite
def _participants(draw: st.DrawFn) -> Participant:
    status = draw(_STATUSES)
    return Participant(
        name=draw(line_text(20)),
        status=status,
        party=draw(_PARTIES),
        role=draw(_ROLES),
        substitute_for=draw(_OPTIONAL_LINE_20) if status is AttendanceStatus.SUBSTITUTE else None,
        note=draw(_OPTIONAL_LINE),
        properties=draw(_PROPERTIES),
    )


_PARTICIPANTS = _participants()


def participants() -> st.SearchStrategy[Participant]:
    return _PARTICIPANTS


_HOURS = st.integers(6, 22)
_MINUTES = st.integers(0, 59)


@st.composite
def _local_datetimes(draw: st.DrawFn) -> dt.datetime:
    day = draw(_DATES)
    time = dt.time(draw(_HOURS), draw(_MINUTES))
    return localize(dt.datetime.combine(day, time))


_LOCAL_DATETIMES = _local_datetimes()


def local_datetimes() -> st.SearchStrategy[dt.datetime]:
    """Aware Copenhagen datetimes between 06:00 and 22:59 (no summer time gaps)."""
    return _LOCAL_DATETIMES


_ENDS = st.sampled_from(["none", "same-day", "later-day"])


@st.composite
def _end(draw: st.DrawFn, start: dt.datetime) -> dt.datetime | None:
    choice = draw(_ENDS)
    if choice == "none":
        return None
    if choice == "same-day":
        latest = 23 * 60 - 1
        first = start.hour * 60 + start.minute
        minutes = draw(st.integers(first, latest))
        return localize(dt.datetime.combine(start.date(), dt.time(minutes // 60, minutes % 60)))
    later = draw(_LOCAL_DATETIMES)
    return later if later.date() > start.date() else None


_SHORT_NAMES = st.none() | st.sampled_from(["CF", "KB", "ØU", "BU"])
_KINDS = st.sampled_from(DocumentKind)
_VARIANTS = st.sampled_from(Variant)
_MEETING_ATTENDANCE = st.lists(_PARTICIPANTS, max_size=3)
_MEETING_ITEMS = st.lists(_ITEMS, min_size=0, max_size=4)


@st.composite
def _meetings(draw: st.DrawFn) -> Meeting:
    start = draw(_LOCAL_DATETIMES)
    return Meeting(
        forum=Forum(
            name=draw(line_text(30)),
            short_name=draw(_SHORT_NAMES),
            organisation=draw(_OPTIONAL_LINE_30),
        ),
        kind=draw(_KINDS),
        variant=draw(_VARIANTS),
        draft=draw(st.booleans()),
        start=start,
        end=draw(_end(start)),
        place=draw(_OPTIONAL_LINE_30),
        attendance=draw(_MEETING_ATTENDANCE),
        items=draw(_MEETING_ITEMS),
        name=draw(_OPTIONAL_LINE_30),
        identifier=draw(_OPTIONAL_LINE_20),
        properties=draw(_PROPERTIES),
    )


_MEETINGS = _meetings()


def meetings() -> st.SearchStrategy[Meeting]:
    """Any meeting the model can hold."""
    return _MEETINGS


# --- restricted to the text layout ------------------------------------------------

# Text without line breaks whose every piece is visible; markup characters
# and escapes on purpose.
_TEXT_CHARS = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Zl", "Zp"), exclude_characters="\n\r\x00"
) | st.sampled_from("*[]()\\-.:,;!? \t”–æøåÆØÅ")


@functools.cache
def _plain(min_size: int = 1, max_size: int = 20) -> st.SearchStrategy[str]:
    return st.text(_TEXT_CHARS, min_size=min_size, max_size=max_size)


@functools.cache
def _plain_line(max_size: int) -> st.SearchStrategy[str]:
    """Plain text with a character that is not white space: a single line's value."""
    return _with_one(_plain(0, max_size - 1), _NOT_WHITE_SPACE, max_size)


def _emphasis_of(text: str) -> Inline:
    return Emphasis(Text(text))


def _strong_of(text: str) -> Inline:
    return Strong(Text(text))


def _one_text(text: str) -> tuple[Inline, ...]:
    return (Text(text),)


def _no_content(_: None) -> tuple[Inline, ...]:
    return ()


# Inline nodes without nesting of markup, as the text layout expresses them.
_FLAT_INLINE: st.SearchStrategy[Inline] = st.one_of(
    _plain().map(Text),
    _plain().map(_emphasis_of),
    _plain().map(_strong_of),
    st.builds(Link, st.none().map(_no_content) | _plain().map(_one_text), _plain_line(25)),
)


@functools.cache
def _lines(max_lines: int) -> st.SearchStrategy[list[list[Inline]]]:
    return st.lists(st.lists(_FLAT_INLINE, min_size=1, max_size=3), min_size=1, max_size=max_lines)


@functools.cache
@st.composite
def text_lines(draw: st.DrawFn, *, max_lines: int = 2) -> tuple[Inline, ...]:
    """Inline content of one or more lines, each line with visible text."""
    lines = draw(_lines(max_lines))
    out: list[Inline] = []
    for number, nodes in enumerate(lines):
        if number:
            out.append(LineBreak())
        out.extend(nodes)
        if not any(has_visible_text((node,)) for node in nodes):
            out.append(Text(draw(words(1, 1))))
    return tuple(out)


def _with_full_stop(content: tuple[Inline, ...]) -> Block:
    return Paragraph((*content, Text(".")))


def _capitalised_heading(text: str) -> Block:
    return Heading(text[:1].upper() + text[1:])


# A final full stop keeps a one-line paragraph from reading as a sub-heading.
_PARAGRAPH = text_lines().map(_with_full_stop)
_HEADING = words(1, 5).map(_capitalised_heading)
_LINES_OR_NONE = st.just(()) | text_lines()


@functools.cache
def _text_list(depth: int) -> st.SearchStrategy[Block]:
    sub = st.none() if depth == 0 else st.none() | _text_list(depth - 1)
    items = st.lists(st.builds(ListItem, _LINES_OR_NONE, sub), min_size=1, max_size=3)
    return st.one_of(items.map(BulletList), st.builds(OrderedList, items, st.integers(0, 30)))


def _no_edge_space(content: tuple[Inline, ...]) -> bool:
    first, last = content[0], content[-1]
    return not (isinstance(first, Text) and first.text[:1] == " ") and not (
        isinstance(last, Text) and last.text[-1:] == " "
    )


def _one_paragraph_cell(content: tuple[Inline, ...]) -> TableCell:
    return TableCell([Paragraph(content)])


# A cell as the text layout holds it: empty, or one paragraph of one line
# (the cell's padding takes the spaces at its edges).
_TEXT_CELL = st.just(TableCell()) | text_lines(max_lines=1).filter(_no_edge_space).map(_one_paragraph_cell)
_TEXT_TABLE = tables(_TEXT_CELL, st.just(()) | text_lines(max_lines=1))


@functools.cache
def _block_kinds(max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(["p", "h", "list", "table"]), max_size=max_size)


@functools.cache
@st.composite
def text_blocks(draw: st.DrawFn, *, max_size: int = 4) -> tuple[Block, ...]:
    out: list[Block] = []
    for kind in draw(_block_kinds(max_size)):
        if kind == "h":
            # A sub-heading is a heading only when a paragraph follows it.
            out += [draw(_HEADING), draw(_PARAGRAPH)]
        elif kind == "p":
            out.append(draw(_PARAGRAPH))
        elif kind == "table":
            out.append(draw(_TEXT_TABLE))
        else:
            out.append(draw(_text_list(2)))
    return tuple(out)


@functools.cache
def _caption_for(kind: SectionKind) -> st.SearchStrategy[str | None]:
    default = DANISH.caption(kind)
    synonyms = dict(DANISH.caption_synonyms).get(kind, ())
    return st.sampled_from([None, default.upper(), *synonyms])


def _with_indstiller(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
    return (*content, Text(" indstiller,"))


_INTRO = st.just(()) | text_lines(max_lines=1).map(_with_indstiller)
_TEXT_CLAUSES = st.lists(
    st.builds(Clause, _LINES_OR_NONE, lead=st.sampled_from(["at", "At", "AT", ""])), max_size=3
)


@st.composite
def _text_recommendation(draw: st.DrawFn) -> Recommendation:
    intro = draw(_INTRO)
    clauses = draw(_TEXT_CLAUSES)
    body = list(draw(text_blocks(max_size=2)))
    # What the reader takes for the intro and the clauses must not open the body.
    if not clauses:
        while body and isinstance(body[0], OrderedList) and body[0].start == 1:
            body.pop(0)
        if not intro:
            while body and isinstance(body[0], Paragraph | Heading):
                body.pop(0)
        elif body and isinstance(body[0], Heading):
            body.pop(0)
    return Recommendation(
        intro, clauses, body=tuple(body), caption=draw(_caption_for(SectionKind.RECOMMENDATION))
    )


_DECIDING_FORA = st.none() | st.sampled_from(
    ["Økonomiudvalget", "Byrådet", "Kommunalbestyrelsen", "Teknik- og Miljøudvalget"]
)
_OPTIONAL_DATE = st.none() | _DATES
_DECISION_CAPTION = st.sampled_from([None, "BESLUTNING"])


@st.composite
def _text_decision(draw: st.DrawFn) -> Decision:
    body = draw(text_blocks())
    forum = draw(_DECIDING_FORA)
    date = draw(_OPTIONAL_DATE)
    if forum or date:
        return Decision(body, forum=forum, date=date)
    caption = draw(_DECISION_CAPTION)
    return Decision(body, caption=caption)


_RESTRICTED_KINDS = st.sampled_from(
    [k for k in _TEXT_KINDS if k is not SectionKind.CUSTOM] + ["rec", "dec", "att"]
)
_ATTACHMENT_TITLES = st.lists(_plain_line(30), max_size=3)
_TEXT_RECOMMENDATION = _text_recommendation()
_TEXT_DECISION = _text_decision()


@st.composite
def _text_section_restricted(draw: st.DrawFn) -> Section:
    kind = draw(_RESTRICTED_KINDS)
    if kind == "rec":
        return draw(_TEXT_RECOMMENDATION)
    if kind == "dec":
        return draw(_TEXT_DECISION)
    if kind == "att":
        return AttachmentList(
            tuple(Attachment(title=t) for t in draw(_ATTACHMENT_TITLES)),
            caption=draw(_caption_for(SectionKind.ATTACHMENTS)),
        )
    assert isinstance(kind, SectionKind)
    return TextSection(kind, draw(text_blocks()), caption=draw(_caption_for(kind)))


def _tab_to_space(text: str) -> str:
    return text.replace("\t", " ")


# Titles start with a lower-case word: an upper-case one followed by " - "
# would read as a route prefix.
_TITLE = st.tuples(words(1, 1), _plain(0, 25).map(_tab_to_space)).map("".join)
_SHARED_ROUTES = st.sampled_from([None, "CF", "BU"])
_ITEM_COUNTS = st.integers(1, 4)
_OWN_ROUTES = st.sampled_from([(), ("ØU", "KB"), ("MBU", "ØU", "KB")])
_OPTIONAL_JOURNAL_NUMBER = st.none() | _JOURNAL_NUMBERS
_TEXT_SECTIONS = st.lists(_text_section_restricted(), max_size=4)
_OPTIONAL_PAGE = st.none() | st.integers(1, 300)
# Still a line: the character line_text puts in is not white space, so not a tab.
_FORUM_NAME = line_text(30).map(_tab_to_space)


@st.composite
def _text_meetings(draw: st.DrawFn) -> Meeting:
    start = draw(_LOCAL_DATETIMES)
    shared_route = draw(_SHARED_ROUTES)
    items_ = []
    for _ in range(draw(_ITEM_COUNTS)):
        route = (shared_route,) if shared_route else draw(_OWN_ROUTES)
        items_.append(
            Item(
                number=draw(_NUMBERS),
                title=draw(_TITLE),
                route=route,
                journal_number=draw(_OPTIONAL_JOURNAL_NUMBER),
                sections=tuple(draw(_TEXT_SECTIONS)),
                page=draw(_OPTIONAL_PAGE),
            )
        )
    return Meeting(
        forum=Forum(name=draw(_FORUM_NAME), short_name=shared_route),
        kind=draw(_KINDS),
        variant=draw(_VARIANTS),
        draft=draw(st.booleans()),
        start=start,
        end=draw(_end(start)),
        place=draw(_OPTIONAL_LINE_30),
        items=tuple(items_),
    )


_TEXT_MEETINGS = _text_meetings()


def text_meetings() -> st.SearchStrategy[Meeting]:
    """Meetings the text layout expresses completely."""
    return _TEXT_MEETINGS


# --- restricted to what a print shows ---------------------------------------------------


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_PRINT_STYLES = {
    previous: st.sampled_from([s for s in ("plain", "strong", "em") if s != previous])
    for previous in ("", "plain", "strong", "em")
}
_RUN_COUNTS = {runs: st.integers(1, runs) for runs in (2, 3, 6)}


@functools.cache
@st.composite
def _printed_line(draw: st.DrawFn, runs: int = 3) -> list[Inline]:
    """One line of words, some of them bold or italic."""
    out: list[Inline] = []
    previous = ""
    for index in range(draw(_RUN_COUNTS[runs])):
        # A space shows no style: two runs of one style are one run in a print.
        style = draw(_PRINT_STYLES[previous])
        previous = style
        text = draw(words(1, 3 if runs <= 2 else 4))
        if index:
            out.append(Text(" "))
        out.append(Strong(text) if style == "strong" else Emphasis(text) if style == "em" else Text(text))
    if isinstance(out[0], Text):
        out[0] = Text(_capital(out[0].text))
    return out


_LINE_COUNTS = {max_lines: st.integers(1, max_lines) for max_lines in (1, 2)}


@functools.cache
@st.composite
def _printed_content(draw: st.DrawFn, max_lines: int = 2) -> tuple[Inline, ...]:
    """One line that may wrap in the print, or short lines with line breaks between them
    (a line break where the line is full anyway cannot be seen in a print)."""
    lines = draw(_LINE_COUNTS[max_lines])
    if lines == 1:
        return tuple(draw(_printed_line(runs=6)))
    out: list[Inline] = []
    for index in range(lines):
        if index:
            out.append(LineBreak())
        out.extend(draw(_printed_line(runs=2)))
    return tuple(out)


def _printed_paragraph_of(content: tuple[Inline, ...]) -> Paragraph:
    return Paragraph((*content, Text(".")))


_PRINTED_PARAGRAPH = _printed_content().map(_printed_paragraph_of)


@functools.cache
def _printed_list(depth: int) -> st.SearchStrategy[BulletList | OrderedList]:
    sub = st.none() if depth == 0 else st.none() | _printed_list(depth - 1)
    items = st.lists(st.builds(ListItem, _printed_content(1), sub), min_size=1, max_size=3)
    return items.map(BulletList) | st.builds(OrderedList, items, st.integers(1, 9))


_PRINTED_BLOCK_KINDS = st.lists(st.sampled_from(["p", "h", "list"]), min_size=1, max_size=3)


@st.composite
def _printed_blocks(draw: st.DrawFn) -> tuple[Paragraph | Heading | BulletList | OrderedList, ...]:
    out: list[Paragraph | Heading | BulletList | OrderedList] = []
    for kind in draw(_PRINTED_BLOCK_KINDS):
        if kind == "h":
            out += [Heading(_capital(draw(words(1, 3)))), draw(_PRINTED_PARAGRAPH)]
        elif kind == "p" or (out and isinstance(out[-1], BulletList | OrderedList)):
            out.append(draw(_PRINTED_PARAGRAPH))
        else:
            out.append(draw(_printed_list(1)))
    return tuple(out)


def _at_clause(content: list[Inline]) -> Clause:
    return Clause(tuple(content), lead="at")


_PRINTED_SECTION_KINDS = st.sampled_from(["text", "rec", "dec", "att"])
_PRINTED_CLAUSES = st.lists(_printed_line().map(_at_clause), min_size=1, max_size=3)
_PRINTED_FORA = st.none() | st.just("Økonomiudvalget")
_PRINTED_DATES = st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))
_PRINTED_ATTACHMENT_TITLES = st.lists(words(1, 4), min_size=1, max_size=3)
_PRINTED_TEXT_KINDS = st.sampled_from([SectionKind.SUMMARY, SectionKind.PRESENTATION, SectionKind.ECONOMY])
_PRINTED_BLOCKS = _printed_blocks()


@st.composite
def _printed_section(draw: st.DrawFn) -> TextSection | Recommendation | Decision | AttachmentList:
    kind = draw(_PRINTED_SECTION_KINDS)
    if kind == "rec":
        return Recommendation((Text("Direktøren indstiller,"),), tuple(draw(_PRINTED_CLAUSES)))
    if kind == "dec":
        forum = draw(_PRINTED_FORA)
        date = draw(_PRINTED_DATES)
        return Decision(draw(_PRINTED_BLOCKS), forum=forum, date=date)
    if kind == "att":
        titles = draw(_PRINTED_ATTACHMENT_TITLES)
        return AttachmentList(tuple(Attachment(title=f"Bilag {n}: {t}") for n, t in enumerate(titles, 1)))
    section_kind = draw(_PRINTED_TEXT_KINDS)
    return TextSection(section_kind, draw(_PRINTED_BLOCKS))


_TWO_DIGITS = st.integers(0, 99)
# ASCII digits: the print's fonts have no others.
_PRINTED_JOURNAL_NUMBERS = st.none() | (
    st.builds(
        "{:02d}.{:02d}.{:02d}-{}{:02d}-{}-{:02d}".format,
        *[_TWO_DIGITS] * 3,
        st.sampled_from("APSØGKI"),
        _TWO_DIGITS,
        st.integers(1, 999),
        _TWO_DIGITS,
    )
    | st.from_regex(r"[0-9]{2}/[0-9]{3,6}|EMN-20[0-9]{2}-[0-9]{6}", fullmatch=True)
)
_PRINTED_ROUTES = st.sampled_from([(), ("BU",)])
_PRINTED_ITEM_COUNTS = st.integers(1, 3)
_PRINTED_SECTIONS = st.lists(_printed_section(), min_size=1, max_size=3)
_PRINTED_PLACES = st.none() | words(1, 3).map(_capital)


@st.composite
def _printed_meetings(draw: st.DrawFn) -> Meeting:
    route = draw(_PRINTED_ROUTES)
    items = tuple(
        Item(
            number=str(n),
            title=_capital(draw(words(1, 8))),
            route=route,
            journal_number=draw(_PRINTED_JOURNAL_NUMBERS),
            sections=tuple(draw(_PRINTED_SECTIONS)),
        )
        for n in range(1, draw(_PRINTED_ITEM_COUNTS) + 1)
    )
    start = draw(_LOCAL_DATETIMES)
    return Meeting(
        forum=Forum(name=_capital(draw(words(1, 2))), short_name=route[0] if route else None),
        kind=draw(_KINDS),
        variant=draw(_VARIANTS),
        start=start,
        place=draw(_PRINTED_PLACES),
        items=items,
    )


_PRINTED_MEETINGS = _printed_meetings()

# The order a print lists its people in: a heading a status (formats._common.status_headings).
_STATUS_ORDER = list(status_headings(DANISH))
_PARTIES = st.none() | st.sampled_from(["A", "C", "F", "V", "Ø"])


@st.composite
def _printed_participant(draw: st.DrawFn) -> Participant:
    """A person as a print shows one: a note only beside a role (both follow a comma)."""
    status = draw(st.sampled_from(_STATUS_ORDER))
    role = draw(st.none() | words(1, 2))
    return Participant(
        name=_capital(draw(words(1, 3))),
        status=status,
        party=draw(_PARTIES),
        role=role,
        substitute_for=_capital(draw(words(1, 2))) if status is AttendanceStatus.SUBSTITUTE else None,
        note=draw(st.none() | words(1, 3)) if role is not None else None,
    )


_PRINTED_EVENTS = st.lists(
    st.builds(
        ItemAttendance,
        name=words(1, 3).map(_capital),
        event=st.sampled_from(AttendanceEvent),
        time=st.none() | st.builds(dt.time, st.integers(0, 23), st.integers(0, 59)),
        note=st.none() | words(1, 3),
    ),
    max_size=2,
)


@st.composite
def _printed_attendance_meetings(draw: st.DrawFn) -> Meeting:
    meeting = draw(_PRINTED_MEETINGS)
    people = sorted(
        draw(st.lists(_printed_participant(), max_size=5)), key=lambda p: _STATUS_ORDER.index(p.status)
    )
    items = tuple(attrs.evolve(item, attendance=draw(_PRINTED_EVENTS)) for item in meeting.items)
    return attrs.evolve(meeting, attendance=people, items=items)


def printed_attendance_meetings() -> st.SearchStrategy[Meeting]:
    """:func:`printed_meetings` with participants, in the order a print lists them, and
    attendance events under the items (which the text layout does not hold, a print does)."""
    return _printed_attendance_meetings()


def printed_meetings() -> st.SearchStrategy[Meeting]:
    """Meetings the text layout expresses and a print shows (a PDF of one reads back):
    words with single spaces, bold and italic runs, line breaks, lists,
    sub-headings, recommendations, decisions, attachments."""
    return _PRINTED_MEETINGS


__all__ = [
    "any_text",
    "attachments",
    "blocks",
    "closed_marked_meetings",
    "items",
    "journal_numbers",
    "lacks_markers",
    "line_text",
    "local_datetimes",
    "meetings",
    "participants",
    "printed_attendance_meetings",
    "printed_meetings",
    "sections",
    "tables",
    "text_blocks",
    "text_lines",
    "text_meetings",
    "words",
]


# --- closed content, every field of it marked -----------------------------------------------

_MARK_LETTERS = "abcdeghkmnoprsuvwxy"  # no f, i, l, t: no ligatures when a PDF is read back


def lacks_markers(value: object) -> bool:
    """Whether no text of ``value`` (a meeting, an item, ...; property names too) could
    be taken for a marker: none holds "qz", in any case."""
    return not any(isinstance(text, str) and "qz" in text.casefold() for text in values(value))


def _marker(n: int) -> str:
    """A token no generated text holds by chance: "qzab", "qzac", ..."""
    letters = ""
    for _ in range(3):
        n, rest = divmod(n, len(_MARK_LETTERS))
        letters = _MARK_LETTERS[rest] + letters
    return "qz" + letters


class Markers:
    """Hands out unique markers and remembers them."""

    def __init__(self) -> None:
        self.given: list[str] = []

    def __call__(self) -> str:
        self.given.append(_marker(len(self.given)))
        return self.given[-1]


def _marked_sections(m: Markers, day: dt.date) -> tuple[Section, ...]:
    return (
        TextSection(
            SectionKind.PRESENTATION,
            [
                Paragraph([Text(f"Sagen {m()} "), Link([Text(m())], target=f"https://example.dk/{m()}")]),
                BulletList([ListItem([Emphasis(m())])]),
                Heading(m()),
            ],
        ),
        Recommendation(intro=[Text(m())], clauses=[Clause([Text(m())])], body=[Paragraph(m())]),
        Decision([Paragraph(m())], forum=f"Udvalget {m()}", date=day),
        AttachmentList([Attachment(title=m(), file_name=f"{m()}.pdf", public=True, properties={"x:y": m()})]),
        TextSection(SectionKind.CUSTOM, [Paragraph(m())], caption=f"Afsnit {m()}"),
        TextSection(SectionKind.ECONOMY, [Table([[m(), m()], [m(), m()]], header_rows=1, caption=m())]),
    )


def _closed(item: Item, m: Markers, day: dt.date) -> Item:
    return attrs.evolve(
        item,
        public=False,
        title=f"{item.title} {m()}",
        route=(m().upper(),),
        journal_number=f"{m()}-17",
        sections=(*item.sections, *_marked_sections(m, day)),
        attendance=(
            *item.attendance,
            ItemAttendance(name=f"Person {m()}", event=AttendanceEvent.DISQUALIFIED, note=m()),
        ),
        identifier=m(),
        properties={**dict(item.properties), f"x:{m()}": m()},
    )


def _closed_attachment(m: Markers) -> Attachment:
    return Attachment(title=f"Bilag {m()}", public=False, file_name=f"{m()}.pdf", properties={"x:z": m()})


_UNMARKED_MEETINGS = _MEETINGS.filter(lacks_markers)
_UNMARKED_ITEMS = _ITEMS.filter(lacks_markers)
_UNMARKED_ATTACHMENTS = st.lists(_ATTACHMENTS.filter(lacks_markers), max_size=1)


@functools.cache
@st.composite
def closed_marked_meetings(draw: st.DrawFn) -> tuple[Meeting, tuple[str, ...]]:
    """A meeting with closed content, every closed field carrying a marker, and the markers.

    Every closed item (and at least one) gets a marker in its title, route,
    journal number, identifier, properties, per-item attendance and a set of
    sections of every kind; open items may get closed attachments, marked
    too. Nothing public carries a marker, so no edition for the public may
    hold one.
    """
    # Every marker starts with "qz": no text drawn here may hold that, in any case, property
    # names included (hypothesis once drew a meeting property named "aa:aQzAAA").
    meeting = draw(_UNMARKED_MEETINGS)
    if not meeting.items:
        meeting = attrs.evolve(meeting, items=[draw(_UNMARKED_ITEMS)])
    m = Markers()
    day = meeting.start.date()
    out = []
    close_first = all(item.public for item in meeting.items)
    for index, item in enumerate(meeting.items):
        if not item.public or (index == 0 and close_first) or draw(st.booleans()):
            out.append(_closed(item, m, day))
        elif draw(st.booleans()):
            more = draw(_UNMARKED_ATTACHMENTS)
            extra = AttachmentList([_closed_attachment(m), *more])
            out.append(attrs.evolve(item, sections=(*item.sections, extra)))
        else:
            out.append(item)
    return attrs.evolve(meeting, items=out), tuple(m.given)
