"""The importers' HTML reading, as properties.

Rich text written as HTML by referatkit's own HTML writer reads back as the
same blocks; whatever HTML comes in, the result is valid model rich text
and no word of the HTML's text is lost.
"""

from __future__ import annotations

import re
import warnings

import lxml.html
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from referatkit import ReadWarning
from referatkit.formats.esdh._content import html_blocks, recommendation
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
    Text,
    plain_text,
)

# Words as HTML keeps them: no white space inside, any of the characters that need escaping.
_WORD = st.text(st.sampled_from("abcæøåÆØÅ019&<>\"'.,-–!?§%"), min_size=1, max_size=8)
_PHRASE = st.lists(_WORD, min_size=1, max_size=4).map(" ".join)
_TARGET = st.text(st.sampled_from("abcdefxyz0123456789-"), min_size=1, max_size=10).map(
    lambda t: f"https://example.dk/{t}"
)


def _node() -> st.SearchStrategy[Inline]:
    return st.one_of(
        _PHRASE.map(Text),
        _PHRASE.map(lambda t: Emphasis(Text(t))),
        _PHRASE.map(lambda t: Strong(Text(t))),
        st.builds(lambda t, target: Link(Text(t), target), _PHRASE, _TARGET),
        st.builds(lambda a, b: Strong((Text(a + " "), Emphasis(Text(b)))), _PHRASE, _PHRASE),
    )


@st.composite
def _content(draw: st.DrawFn, min_size: int = 1) -> tuple[Inline, ...]:
    """Nodes parted by one space or one line break, as HTML white space allows them."""
    nodes = draw(st.lists(_node(), min_size=min_size, max_size=4))
    out: list[Inline] = []
    for node in nodes:
        if out:
            out.append(draw(st.sampled_from([Text(" "), LineBreak()])))
        out.append(node)
    return tuple(out)


def _list(depth: int) -> st.SearchStrategy[Block]:
    sub = st.none() if depth == 0 else st.none() | _list(depth - 1)
    items = st.lists(st.builds(ListItem, _content(), sub), min_size=1, max_size=3)
    return st.one_of(items.map(BulletList), st.builds(OrderedList, items, st.integers(0, 30)))


_BLOCKS = st.lists(
    st.one_of(_content().map(Paragraph), _content().map(Heading), _list(2)), min_size=1, max_size=5
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
]


@st.composite
def _any_html(draw: st.DrawFn, depth: int = 3) -> str:
    """Markup as a case system might write it: nested any which way, unclosed, with entities."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "entity", "tag", "tag", "open"]))
        if kind == "text":
            parts.append(draw(st.text(st.sampled_from("ab æø\n\t  "), max_size=6)))
        elif kind == "entity":
            parts.append(draw(st.sampled_from(["&nbsp;", "&aelig;", "&amp;", "&lt;", "&#248;", "&#12;"])))
        elif kind == "open":
            parts.append(f"<{draw(st.sampled_from(_TAGS))}>")
        elif depth > 0:
            tag = draw(st.sampled_from(_TAGS))
            href = ' href="https://example.dk/x"' if tag == "a" else ""
            parts.append(f"<{tag}{href}>{draw(_any_html(depth - 1))}</{tag}>")
    return "".join(parts)


@given(_any_html())
@example("<span><ul><li><ul>a</ul></li></span>")  # a list in a list in an inline element: kept
def test_any_html_gives_valid_rich_text_and_keeps_its_words(markup: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReadWarning)
        blocks = html_blocks(markup, lambda message: None)  # the model's own validators run here
    html = markup.replace("&#12;", " ")  # a page break is white space
    source = (
        " ".join(lxml.html.fragment_fromstring(html, create_parent="div").itertext()) if html.strip() else ""
    )
    read = " ".join(_block_text(b) for b in blocks)
    # The same letters in the same order: nothing lost, nothing added, nothing moved.
    assert re.findall(r"\w", read) == re.findall(r"\w", source)


def _block_text(block: Block) -> str:
    if isinstance(block, Paragraph | Heading):
        return plain_text(block.content)
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
