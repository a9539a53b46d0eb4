"""Hypothesis strategies that generate meetings.

``meetings()`` covers the whole model: every field, closed items,
attendance, custom sections, odd characters. ``text_meetings()`` is
restricted to what the text layout can express (docs/text-format.md), so
that ``read(render(m, "text")) == m`` must hold for every example.
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import strategies as st

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
    walk,
)

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


def any_text(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(_ANY_CHAR, min_size=min_size, max_size=max_size)


def _visible(text: str) -> bool:
    return bool(text.strip())


def line_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """A non-empty single line (what ``_line`` validators accept)."""
    return any_text(1, max_size).filter(_visible)


def words(min_words: int = 1, max_words: int = 6) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_DANISH_WORDS), min_size=min_words, max_size=max_words).map(" ".join)


# --- rich text: full model --------------------------------------------------------


def _inline_nodes(text: st.SearchStrategy[str], depth: int) -> st.SearchStrategy[Inline]:
    leaf: st.SearchStrategy[Inline] = st.one_of(text.map(Text), st.just(LineBreak()))
    if depth == 0:
        return leaf
    inner = st.lists(_inline_nodes(text, depth - 1), max_size=3)
    no_links = st.lists(_inline_nodes(text, depth - 1).filter(lambda n: not _has_link(n)), max_size=3)
    return st.one_of(
        leaf,
        inner.map(Emphasis),
        inner.map(Strong),
        st.builds(Link, no_links, line_text(30)),
    )


def _has_link(node: Inline) -> bool:
    if isinstance(node, Link):
        return True
    return isinstance(node, Emphasis | Strong) and any(_has_link(n) for n in node.content)


def inline_content(min_size: int = 0) -> st.SearchStrategy[tuple[Inline, ...]]:
    return st.lists(_inline_nodes(any_text(1, 20), 2), min_size=min_size, max_size=5).map(tuple)


def _list_block(depth: int) -> st.SearchStrategy[Block]:
    sub = st.none() if depth == 0 else st.none() | _list_block(depth - 1)
    item = st.builds(ListItem, inline_content(), sub)
    items = st.lists(item, min_size=1, max_size=3)
    return st.one_of(
        items.map(BulletList),
        st.builds(OrderedList, items, st.integers(0, 30)),
    )


@st.composite
def tables(
    draw: st.DrawFn, cell: st.SearchStrategy[TableCell], caption: st.SearchStrategy[tuple[Inline, ...]]
) -> Table:
    """A table of up to 4 x 4 cells, at most one of them spanning rows and columns,
    with header rows, alignments and a caption drawn."""
    n_rows, n_columns = draw(st.integers(1, 4)), draw(st.integers(1, 4))
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
    alignments = draw(st.lists(st.sampled_from(Alignment), min_size=n_columns, max_size=n_columns))
    return Table(rows, header_rows=header, alignments=alignments, caption=draw(caption))


def _any_cell() -> st.SearchStrategy[TableCell]:
    visible = inline_content(1).filter(has_visible_text)
    body = st.lists(st.one_of(visible.map(Paragraph), _list_block(1)), max_size=2)
    return st.builds(TableCell, body)


def blocks() -> st.SearchStrategy[tuple[Block, ...]]:
    visible = inline_content(1).filter(has_visible_text)
    table = tables(_any_cell(), st.just(()) | visible)
    block = st.one_of(visible.map(Paragraph), visible.map(Heading), _list_block(2), table)
    return st.lists(block, max_size=4).map(tuple)


# --- full model -------------------------------------------------------------------

_TEXT_KINDS = [
    k
    for k in SectionKind
    if k not in (SectionKind.RECOMMENDATION, SectionKind.DECISION, SectionKind.ATTACHMENTS)
]


@st.composite
def _text_section(draw: st.DrawFn) -> TextSection:
    kind = draw(st.sampled_from(_TEXT_KINDS))
    caption = draw(line_text(30)) if kind is SectionKind.CUSTOM else draw(st.none() | line_text(30))
    return TextSection(kind, draw(blocks()), caption=caption)


def _checksums() -> st.SearchStrategy[Checksum]:
    return st.sampled_from([("md5", 32), ("sha256", 64)]).flatmap(
        lambda a: st.text("0123456789abcdef", min_size=a[1], max_size=a[1]).map(lambda v: Checksum(a[0], v))
    )


def _properties() -> st.SearchStrategy[dict[str, str]]:
    names = st.from_regex(r"[a-z]{2,6}:[A-Za-z]{1,10}", fullmatch=True)
    return st.dictionaries(names, any_text(0, 20), max_size=2)


def attachments() -> st.SearchStrategy[Attachment]:
    return st.builds(
        Attachment,
        title=line_text(),
        public=st.booleans(),
        file_name=st.none() | line_text(20),
        media_type=st.none() | st.sampled_from(["application/pdf", "image/tiff", "text/plain"]),
        checksum=st.none() | _checksums(),
        properties=_properties(),
    )


def sections() -> st.SearchStrategy[Section]:
    caption = st.none() | line_text(30)
    return st.one_of(
        _text_section(),
        st.builds(
            Recommendation,
            inline_content(),
            st.lists(
                st.builds(Clause, inline_content(), lead=st.sampled_from(["at", "At", "AT", ""])), max_size=3
            ),
            body=blocks(),
            caption=caption,
        ),
        st.builds(
            Decision,
            blocks(),
            forum=st.none() | line_text(20),
            date=st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)),
            caption=caption,
        ),
        st.builds(AttachmentList, st.lists(attachments(), max_size=3), caption=caption),
    )


def journal_numbers() -> st.SearchStrategy[str]:
    kle = st.builds(
        "{}-{}{:02d}-{}-{:02d}".format,
        st.from_regex(r"\d\d\.\d\d\.\d\d", fullmatch=True),
        st.sampled_from("APSØGKI"),
        st.integers(0, 99),
        st.integers(1, 999),
        st.integers(0, 99),
    )
    other = st.from_regex(r"\d\d/\d{3,6}|20\d\d-\d{4,6}", fullmatch=True)
    return kle | other


_NUMBERS = st.from_regex(r"[1-9][0-9]?(\.[1-9])?", fullmatch=True)
_ROUTES = st.sampled_from([(), ("KB",), ("ØU", "KB"), ("MBU", "ØU", "KB"), ("CF",)])


def items() -> st.SearchStrategy[Item]:
    person = line_text(20)
    return st.builds(
        Item,
        number=_NUMBERS,
        title=line_text(),
        route=_ROUTES,
        journal_number=st.none() | journal_numbers(),
        public=st.booleans(),
        public_title=st.none() | line_text(),
        sections=st.lists(sections(), max_size=4),
        attendance=st.lists(
            st.builds(
                ItemAttendance,
                name=person,
                event=st.sampled_from(AttendanceEvent),
                time=st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0)),
                note=st.none() | line_text(),
            ),
            max_size=2,
        ),
        page=st.none() | st.integers(1, 300),
        identifier=st.none() | line_text(20),
        properties=_properties(),
    )


@st.composite
def participants(draw: st.DrawFn) -> Participant:
    status = draw(st.sampled_from(AttendanceStatus))
    return Participant(
        name=draw(line_text(20)),
        status=status,
        party=draw(st.none() | st.sampled_from(list("ABCFIKOVØÅ"))),
        role=draw(st.none() | st.sampled_from(["Formand", "Næstformand", "Medlem", "protokol"])),
        substitute_for=draw(st.none() | line_text(20)) if status is AttendanceStatus.SUBSTITUTE else None,
        note=draw(st.none() | line_text()),
        properties=draw(_properties()),
    )


@st.composite
def local_datetimes(draw: st.DrawFn, *, minutes_only: bool = True) -> dt.datetime:
    """Aware Copenhagen datetimes between 06:00 and 22:59 (no summer time gaps)."""
    day = draw(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)))
    time = dt.time(draw(st.integers(6, 22)), draw(st.integers(0, 59)))
    return localize(dt.datetime.combine(day, time))


@st.composite
def _end(draw: st.DrawFn, start: dt.datetime) -> dt.datetime | None:
    choice = draw(st.sampled_from(["none", "same-day", "later-day"]))
    if choice == "none":
        return None
    if choice == "same-day":
        latest = 23 * 60 - 1
        first = start.hour * 60 + start.minute
        minutes = draw(st.integers(first, latest))
        return localize(dt.datetime.combine(start.date(), dt.time(minutes // 60, minutes % 60)))
    later = draw(local_datetimes())
    return later if later.date() > start.date() else None


@st.composite
def meetings(draw: st.DrawFn) -> Meeting:
    """Any meeting the model can hold."""
    start = draw(local_datetimes())
    return Meeting(
        forum=Forum(
            name=draw(line_text(30)),
            short_name=draw(st.none() | st.sampled_from(["CF", "KB", "ØU", "BU"])),
            organisation=draw(st.none() | line_text(30)),
        ),
        kind=draw(st.sampled_from(DocumentKind)),
        variant=draw(st.sampled_from(Variant)),
        draft=draw(st.booleans()),
        start=start,
        end=draw(_end(start)),
        place=draw(st.none() | line_text(30)),
        attendance=draw(st.lists(participants(), max_size=3)),
        items=draw(st.lists(items(), min_size=0, max_size=4)),
        name=draw(st.none() | line_text(30)),
        identifier=draw(st.none() | line_text(20)),
        properties=draw(_properties()),
    )


# --- restricted to the text layout ------------------------------------------------

# Text without line breaks whose every piece is visible; markup characters
# and escapes on purpose.
_TEXT_CHARS = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Zl", "Zp"), exclude_characters="\n\r\x00"
) | st.sampled_from("*[]()\\-.:,;!? \t”–æøåÆØÅ")


def _plain(min_size: int = 1, max_size: int = 20) -> st.SearchStrategy[str]:
    return st.text(_TEXT_CHARS, min_size=min_size, max_size=max_size)


def _flat_inline() -> st.SearchStrategy[Inline]:
    """Inline nodes without nesting of markup, as the text layout expresses them."""
    text = _plain()
    target = _plain(1, 25).filter(lambda t: bool(t.strip()))
    return st.one_of(
        text.map(Text),
        text.map(lambda t: Emphasis(Text(t))),
        text.map(lambda t: Strong(Text(t))),
        st.builds(Link, st.none().map(lambda _: ()) | text.map(lambda t: (Text(t),)), target),
    )


@st.composite
def text_lines(draw: st.DrawFn, *, max_lines: int = 2) -> tuple[Inline, ...]:
    """Inline content of one or more lines, each line with visible text."""
    lines = draw(st.lists(st.lists(_flat_inline(), min_size=1, max_size=3), min_size=1, max_size=max_lines))
    out: list[Inline] = []
    for number, nodes in enumerate(lines):
        if number:
            out.append(LineBreak())
        out.extend(nodes)
        if not any(has_visible_text((node,)) for node in nodes):
            out.append(Text(draw(words(1, 1))))
    return tuple(out)


def _paragraph() -> st.SearchStrategy[Block]:
    # A final full stop keeps a one-line paragraph from reading as a sub-heading.
    return text_lines().map(lambda content: Paragraph((*content, Text("."))))


def _heading() -> st.SearchStrategy[Block]:
    return words(1, 5).map(lambda w: Heading(w[:1].upper() + w[1:]))


def _text_list(depth: int) -> st.SearchStrategy[Block]:
    sub = st.none() if depth == 0 else st.none() | _text_list(depth - 1)
    content = st.just(()) | text_lines()
    items = st.lists(st.builds(ListItem, content, sub), min_size=1, max_size=3)
    return st.one_of(items.map(BulletList), st.builds(OrderedList, items, st.integers(0, 30)))


def _no_edge_space(content: tuple[Inline, ...]) -> bool:
    first, last = content[0], content[-1]
    return not (isinstance(first, Text) and first.text[:1] == " ") and not (
        isinstance(last, Text) and last.text[-1:] == " "
    )


def _text_cell() -> st.SearchStrategy[TableCell]:
    """A cell as the text layout holds it: empty, or one paragraph of one line
    (the cell's padding takes the spaces at its edges)."""
    one_line = text_lines(max_lines=1).filter(_no_edge_space)
    return st.just(TableCell()) | one_line.map(lambda content: TableCell([Paragraph(content)]))


def _text_table() -> st.SearchStrategy[Block]:
    return tables(_text_cell(), st.just(()) | text_lines(max_lines=1))


@st.composite
def text_blocks(draw: st.DrawFn, *, max_size: int = 4) -> tuple[Block, ...]:
    out: list[Block] = []
    for kind in draw(st.lists(st.sampled_from(["p", "h", "list", "table"]), max_size=max_size)):
        if kind == "h":
            # A sub-heading is a heading only when a paragraph follows it.
            out += [draw(_heading()), draw(_paragraph())]
        elif kind == "p":
            out.append(draw(_paragraph()))
        elif kind == "table":
            out.append(draw(_text_table()))
        else:
            out.append(draw(_text_list(2)))
    return tuple(out)


def _caption_for(kind: SectionKind) -> st.SearchStrategy[str | None]:
    default = DANISH.caption(kind)
    synonyms = dict(DANISH.caption_synonyms).get(kind, ())
    return st.sampled_from([None, default.upper(), *synonyms])


@st.composite
def _text_recommendation(draw: st.DrawFn) -> Recommendation:
    intro = draw(st.just(()) | text_lines(max_lines=1).map(lambda c: (*c, Text(" indstiller,"))))
    clauses = draw(
        st.lists(
            st.builds(Clause, st.just(()) | text_lines(), lead=st.sampled_from(["at", "At", "AT", ""])),
            max_size=3,
        )
    )
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


_DECIDING_FORA = ["Økonomiudvalget", "Byrådet", "Kommunalbestyrelsen", "Teknik- og Miljøudvalget"]


@st.composite
def _text_decision(draw: st.DrawFn) -> Decision:
    body = draw(text_blocks())
    forum = draw(st.none() | st.sampled_from(_DECIDING_FORA))
    date = draw(st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)))
    if forum or date:
        return Decision(body, forum=forum, date=date)
    caption = draw(st.sampled_from([None, "BESLUTNING"]))
    return Decision(body, caption=caption)


@st.composite
def _text_section_restricted(draw: st.DrawFn) -> Section:
    kind = draw(
        st.sampled_from([k for k in _TEXT_KINDS if k is not SectionKind.CUSTOM] + ["rec", "dec", "att"])
    )
    if kind == "rec":
        return draw(_text_recommendation())
    if kind == "dec":
        return draw(_text_decision())
    if kind == "att":
        titles = st.lists(_plain(1, 30).filter(lambda t: bool(t.strip())), max_size=3)
        return AttachmentList(
            tuple(Attachment(title=t) for t in draw(titles)),
            caption=draw(_caption_for(SectionKind.ATTACHMENTS)),
        )
    assert isinstance(kind, SectionKind)
    return TextSection(kind, draw(text_blocks()), caption=draw(_caption_for(kind)))


def _title() -> st.SearchStrategy[str]:
    # Titles start with a lower-case word: an upper-case one followed by " - "
    # would read as a route prefix.
    return st.tuples(words(1, 1), _plain(0, 25).map(lambda t: t.replace("\t", " "))).map("".join)


@st.composite
def text_meetings(draw: st.DrawFn) -> Meeting:
    """Meetings the text layout expresses completely."""
    start = draw(local_datetimes())
    shared_route = draw(st.sampled_from([None, "CF", "BU"]))
    items_ = []
    for _ in range(draw(st.integers(1, 4))):
        route = (
            (shared_route,)
            if shared_route
            else draw(st.sampled_from([(), ("ØU", "KB"), ("MBU", "ØU", "KB")]))
        )
        items_.append(
            Item(
                number=draw(_NUMBERS),
                title=draw(_title()),
                route=route,
                journal_number=draw(st.none() | journal_numbers()),
                sections=tuple(draw(st.lists(_text_section_restricted(), max_size=4))),
                page=draw(st.none() | st.integers(1, 300)),
            )
        )
    return Meeting(
        forum=Forum(
            name=draw(line_text(30).map(lambda t: t.replace("\t", " ")).filter(_visible)),
            short_name=shared_route,
        ),
        kind=draw(st.sampled_from(DocumentKind)),
        variant=draw(st.sampled_from(Variant)),
        draft=draw(st.booleans()),
        start=start,
        end=draw(_end(start)),
        place=draw(st.none() | line_text(30)),
        items=tuple(items_),
    )


__all__ = [
    "any_text",
    "attachments",
    "blocks",
    "items",
    "meetings",
    "sections",
    "tables",
    "text_blocks",
    "text_meetings",
]


# --- closed content, every field of it marked -----------------------------------------------

_MARK_LETTERS = "abcdeghkmnoprsuvwxy"  # no f, i, l, t: no ligatures when a PDF is read back


def lacks_markers(value: object) -> bool:
    """Whether no text of ``value`` (a meeting, an item, ...; property names too) could
    be taken for a marker: none holds "qz", in any case."""
    return not any(isinstance(text, str) and "qz" in text.casefold() for _, text in walk(value))


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
    meeting = draw(meetings().filter(lacks_markers))
    if not meeting.items:
        meeting = attrs.evolve(meeting, items=[draw(items().filter(lacks_markers))])
    m = Markers()
    day = meeting.start.date()
    out = []
    close_first = all(item.public for item in meeting.items)
    for index, item in enumerate(meeting.items):
        if not item.public or (index == 0 and close_first) or draw(st.booleans()):
            out.append(_closed(item, m, day))
        elif draw(st.booleans()):
            more = draw(st.lists(attachments().filter(lacks_markers), max_size=1))
            extra = AttachmentList([_closed_attachment(m), *more])
            out.append(attrs.evolve(item, sections=(*item.sections, extra)))
        else:
            out.append(item)
    return attrs.evolve(meeting, items=out), tuple(m.given)
