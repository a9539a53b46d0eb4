"""The importers' HTML reading, as properties.

Rich text written as HTML by referatkit's own HTML writer reads back as the
same blocks; whatever HTML comes in, the result is valid model rich text
and no word of the HTML's text is lost.
"""

from __future__ import annotations

import functools
import html
import re
import warnings

import lxml.html
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from referatkit import ReadWarning
from referatkit.formats._htmlcontent import html_blocks, recommendation
from referatkit.formats.html import RICH
from referatkit.model import (
    Block,
    BulletList,
    Clause,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListItem,
    OrderedList,
    Paragraph,
    Recommendation,
    Strong,
    Table,
    TableCell,
    Text,
    plain_text,
)

# Words as HTML keeps them: no white space inside, any of the characters that need escaping.
_WORD = st.text(st.sampled_from("abcæøåÆØÅ019&<>\"'.,-–!?§%"), min_size=1, max_size=8)
_PHRASE = st.lists(_WORD, min_size=1, max_size=4).map(" ".join)
_TARGET = st.text(st.sampled_from("abcdefxyz0123456789-"), min_size=1, max_size=10).map(
    lambda t: f"https://example.dk/{t}"
)


# Every strategy is built once (see tests/strategies.py): constants, or factories cached by their arguments.
_NODE: st.SearchStrategy[Inline] = st.one_of(
    _PHRASE.map(Text),
    _PHRASE.map(lambda t: Emphasis(Text(t))),
    _PHRASE.map(lambda t: Strong(Text(t))),
    st.builds(lambda t, target: Link(Text(t), target), _PHRASE, _TARGET),
    st.builds(lambda a, b: Strong((Text(a + " "), Emphasis(Text(b)))), _PHRASE, _PHRASE),
)
_NODES = {min_size: st.lists(_NODE, min_size=min_size, max_size=4) for min_size in (0, 1)}
_SEPARATOR = st.sampled_from([Text(" "), LineBreak()])


@functools.cache
@st.composite
def _content(draw: st.DrawFn, min_size: int = 1) -> tuple[Inline, ...]:
    """Nodes parted by one space or one line break, as HTML white space allows them."""
    nodes = draw(_NODES[min_size])
    out: list[Inline] = []
    for node in nodes:
        if out:
            out.append(draw(_SEPARATOR))
        out.append(node)
    return tuple(out)


@functools.cache
def _list(depth: int) -> st.SearchStrategy[Block]:
    sub = st.none() if depth == 0 else st.none() | _list(depth - 1)
    items = st.lists(st.builds(ListItem, _content(), sub), min_size=1, max_size=3)
    return st.one_of(items.map(BulletList), st.builds(OrderedList, items, st.integers(0, 30)))


_COLUMNS = st.integers(2, 3)
_CELL_WORDS = _content().filter(lambda c: any(ch.isalpha() for ch in plain_text(c)))
_ROWS = {
    columns: st.lists(st.lists(_CELL_WORDS, min_size=columns, max_size=columns), min_size=2, max_size=3)
    for columns in (2, 3)
}
_ALIGNMENTS = {
    columns: st.lists(st.sampled_from(["left", "right", "center"]), min_size=columns, max_size=columns)
    for columns in (2, 3)
}
_CAPTION = st.just(()) | _content()


@st.composite
def _table(draw: st.DrawFn) -> Table:
    """A table as the reader's rules keep it: a header row, two or more columns, one
    paragraph a cell, words with letters (a column of numbers would read as amounts)."""
    columns = draw(_COLUMNS)
    rows = draw(_ROWS[columns])
    return Table(
        [[TableCell([Paragraph(c)]) for c in row] for row in rows],
        header_rows=1,
        alignments=draw(_ALIGNMENTS[columns]),
        caption=draw(_CAPTION),
    )


_BLOCKS = st.lists(
    st.one_of(_content().map(Paragraph), _content().map(Heading), _list(2), _table()), min_size=1, max_size=5
).map(tuple)


def _html(body: tuple[Block, ...]) -> str:
    root = etree.Element("div")
    RICH.blocks(root, body)
    return "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


@given(_BLOCKS)
def test_html_written_by_referatkit_reads_back_as_the_same_blocks(body: tuple[Block, ...]) -> None:
    markup = _html(body)
    assert html_blocks(markup, _no_warnings) == body, markup


def _no_warnings(message: str) -> None:
    raise AssertionError(f"unexpected warning: {message}")


_TAGS = [
    "p",
    "div",
    "span",
    "b",
    "i",
    "em",
    "strong",
    "u",
    "a",
    "ul",
    "ol",
    "li",
    "br",
    "h2",
    "table",
    "tr",
    "td",
    # A whole document's tags inside a field: libxml2 ends the body at them (the fuzzer, seed 38).
    "body",
    "html",
]


_PART_COUNTS = st.integers(0, 4)
_PART_KINDS = st.sampled_from(["text", "entity", "tag", "tag", "open"])
_HTML_TEXT = st.text(st.sampled_from("ab æø\n\t  "), max_size=6)
_ENTITIES = st.sampled_from(["&nbsp;", "&aelig;", "&amp;", "&lt;", "&#248;", "&#12;"])
_TAG_NAMES = st.sampled_from(_TAGS)


@functools.cache
@st.composite
def _any_html(draw: st.DrawFn, depth: int = 3) -> str:
    """Markup as a case system might write it: nested any which way, unclosed, with entities."""
    parts: list[str] = []
    for _ in range(draw(_PART_COUNTS)):
        kind = draw(_PART_KINDS)
        if kind == "text":
            parts.append(draw(_HTML_TEXT))
        elif kind == "entity":
            parts.append(draw(_ENTITIES))
        elif kind == "open":
            parts.append(f"<{draw(_TAG_NAMES)}>")
        elif depth > 0:
            tag = draw(_TAG_NAMES)
            href = ' href="https://example.dk/x"' if tag == "a" else ""
            parts.append(f"<{tag}{href}>{draw(_any_html(depth - 1))}</{tag}>")
    return "".join(parts)


@given(_any_html())
@example("<span><ul><li><ul>a</ul></li></span>")  # a list in a list in an inline element: kept
@example("<p>a</p><body/><p>b</p></html><p>c</p>")  # lxml kept "a" alone, or failed (seed 38)
@example("<ul><li><ul>b</ul>a</li>")  # text after a sublist: an item of its own, after it
def test_any_html_gives_valid_rich_text_and_keeps_its_words(markup: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReadWarning)
        blocks = html_blocks(markup, lambda message: None)  # the model's own validators run here
    # The markup's text: its tags taken out, its entities read (it has no comments or scripts).
    source = html.unescape(re.sub(r"<[^>]*>", " ", markup))
    read = " ".join(_block_text(b) for b in blocks)
    # The same letters in the same order: nothing lost, nothing added, nothing moved.
    assert re.findall(r"\w", read) == re.findall(r"\w", source)


def _block_text(block: Block) -> str:
    if isinstance(block, Paragraph | Heading):
        return plain_text(block.content)
    if isinstance(block, Table):
        return " ".join(_block_text(b) for row in block.rows for cell in row.cells for b in cell.body)
    return " ".join(
        plain_text(i.content) + " " + (_block_text(i.sublist) if i.sublist else "") for i in block.items
    )


def test_white_space_at_the_edge_of_markup_stays_between_the_words() -> None:
    assert html_blocks("a<em> b</em>c", _no_warnings) == (Paragraph((Text("a "), Emphasis("b"), Text("c"))),)
    assert html_blocks("x <strong>y </strong>z", _no_warnings) == (
        Paragraph((Text("x "), Strong("y"), Text(" z"))),
    )
    # A link inside a link (which HTML forbids, and the model too) becomes text of the outer one.
    nested = html_blocks('<a href="u"><em>e<a href="v">f</a></em></a>', _no_warnings)
    assert nested == (Paragraph(Link(Emphasis("ef"), "u")),)


def test_recommendation_shapes() -> None:
    intro = Paragraph("Direktøren indstiller, at planen godkendes.")
    assert recommendation([intro], None) == Recommendation(
        Text("Direktøren indstiller,"), [Clause("planen godkendes.")]
    )
    listed = [Paragraph("Forvaltningen indstiller,"), OrderedList([ListItem("at A"), ListItem("AT B")])]
    assert recommendation(listed, "INDSTILLING") == Recommendation(
        Text("Forvaltningen indstiller,"), [Clause("A"), Clause("B", lead="AT")], caption="INDSTILLING"
    )
    bold = [Paragraph((Strong("at"), Text(" planen godkendes")))]
    assert recommendation(bold, None).clauses == (Clause("planen godkendes"),)
    other = [Paragraph("Sagen forelægges til orientering."), Paragraph("at-sætninger følger ikke.")]
    assert recommendation(other, None) == Recommendation((), (), body=other)


# --- tables ---------------------------------------------------------------------------


def _warnings(markup: str) -> tuple[tuple[Block, ...], list[str]]:
    told: list[str] = []
    return html_blocks(markup, told.append), told


def test_cells_of_paragraphs_that_pair_up_are_rows() -> None:
    """Names in one cell, amounts in the next (as case systems lay them out): a row per pair."""
    markup = (
        "<table><tr><td><p>&nbsp;</p></td><td><p align=right>Mio. kr.</p></td></tr>"
        "<tr><td><p>Nordskolen</p><p>Søskolen</p><p><strong>I alt</strong></p></td>"
        "<td><p align=right>1,50</p><p align=right>2,25</p><p align=right><b>3,75</b></p></td></tr></table>"
    )
    blocks, told = _warnings(markup)
    assert told == []
    assert blocks == (
        Table(
            [
                ["", "Mio. kr."],
                ["Nordskolen", "1,50"],
                ["Søskolen", "2,25"],
                [TableCell([Paragraph(Strong("I alt"))]), TableCell([Paragraph(Strong("3,75"))])],
            ],
            header_rows=1,  # the empty corner above the column heading
            alignments=("left", "right"),
        ),
    )


def test_cells_that_do_not_pair_stay_one_row() -> None:
    blocks, _ = _warnings(
        "<table><tr><td><p>a</p><p>b</p></td><td><p>c</p></td></tr><tr><td>d</td><td>e</td></tr></table>"
    )
    assert blocks == (Table([[TableCell([Paragraph("a"), Paragraph("b")]), "c"], ["d", "e"]]),)


def test_blocks_of_text_alone_read_as_any_blocks() -> None:
    # Cells and blocks holding blocks of text alone (read at once) and the same with one thing
    # more (read element by element) give what the portal's editors see.
    row = (
        "<tr><td> <div><span>Beløb</span></div> <p>i <span>alt</span></p> </td>"
        "<td>&nbsp;<div>12</div></td><td><div>3</div><h4>Note</h4></td></tr>"
    )
    blocks, told = _warnings(f"<table>{row}{row}</table><div> <div>a</div>\n<p> b </p> <p> </p></div>")
    assert told == []
    cells = [
        TableCell([Paragraph("Beløb"), Paragraph("i alt")]),
        TableCell([Paragraph("12")]),  # the no-break space before the block is no paragraph
        TableCell([Paragraph("3"), Paragraph(Strong("Note"))]),
    ]
    table = Table([cells, cells], alignments=("left", "right", "left"))
    assert blocks == (table, Paragraph("a"), Paragraph("b"))


def test_a_one_cell_layout_table_is_its_content() -> None:
    blocks, told = _warnings("<p>Før</p><table><tr><td><p>Tekst</p><ul><li>punkt</li></ul></td></tr></table>")
    assert told == []
    assert blocks == (Paragraph("Før"), Paragraph("Tekst"), BulletList(["punkt"]))


def test_header_rows_caption_and_amounts() -> None:
    markup = (
        "<table><caption>Budget <em>2026</em></caption><thead><tr><th>Område</th><th>Beløb</th></tr></thead>"
        "<tbody><tr><td>Skoler</td><td>1.200,5</td></tr><tr><td>Veje</td><td>-35</td></tr></tbody></table>"
    )
    blocks, told = _warnings(markup)
    assert told == []
    assert blocks == (
        Table(
            [["Område", "Beløb"], ["Skoler", "1.200,5"], ["Veje", "-35"]],
            header_rows=1,
            alignments=("left", "right"),
            caption=("Budget ", Emphasis("2026")),
        ),
    )


def test_spans_are_kept_and_those_that_do_not_fit_are_cut_and_reported() -> None:
    fitting, told = _warnings(
        "<table><tr><th rowspan=2>Område</th><th colspan=2>Mio. kr.</th></tr>"
        "<tr><th>2025</th><th>2026</th></tr><tr><td>Skoler</td><td>1</td><td>2</td></tr></table>"
    )
    assert told == []
    assert fitting == (
        Table(
            [
                [TableCell("Område", row_span=2), TableCell("Mio. kr.", column_span=2)],
                ["2025", "2026"],
                ["Skoler", "1", "2"],
            ],
            header_rows=2,
            alignments=("left", "right", "right"),
        ),
    )
    cut, told = _warnings("<table><tr><td colspan=3>a</td></tr><tr><td rowspan=5>b</td></tr></table>")
    assert cut == (Table([[TableCell("a", column_span=3)], ["b", "", ""]]),)
    assert told == ["en tabel i feltet, hvis celler ikke passer i et gitter, er rettet til med tomme celler"]
    # A span in every row: the columns it covers are one.
    wide, told = _warnings(
        "<table><tr><td colspan=2>a</td><td>b</td></tr><tr><td colspan=2>c</td><td>d</td></tr></table>"
    )
    assert wide == (Table([["a", "b"], ["c", "d"]]),)
    assert told == []
    cut, told = _warnings("<table><tr><td colspan=3>a</td></tr><tr><td rowspan=5>b</td></tr></table>")
    assert told == ["en tabel i feltet, hvis celler ikke passer i et gitter, er rettet til med tomme celler"]


def test_nested_tables_and_empty_rows_are_read_and_reported() -> None:
    markup = (
        "<table><tr><td>Ydre</td><td><table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table></td></tr>"
        "<tr></tr><tr><td></td><td></td></tr></table>"
    )
    blocks, told = _warnings(markup)
    assert blocks == (Table([["Ydre", TableCell([Paragraph("a | b"), Paragraph("c")])], ["", ""]]),)
    assert told == [
        "en tabel inde i en tabel eller en liste er læst som et afsnit pr. række",
        "en tabelrække uden celler i feltet er udeladt (den har intet indhold)",
    ]
