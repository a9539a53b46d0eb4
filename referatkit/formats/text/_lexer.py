"""The text layout's lines as tokens (``formats/tokens.py``): what each line is, and where.

A line's kind depends on where it stands (docs/text-format.md): the front page
is every block before the first block that begins with an item heading; its
first line is the title, the lines after the table of contents' heading are
its entries. In the items, a block's first line, and a line after an item
heading, a caption or a case number in the same block, may be an item heading
or a caption; the first such line after an item heading that is neither is
its case number. Every other line is a section's body: a table row or a block
line, a list item's when it begins with a marker.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ...l10n import Labels
from ...model import SectionKind
from ..grammar import (
    MARKER,
    PRINTED_CUSTOM_CAPTION,
    TABLE_START,
    TOC_ENTRY,
    Grammar,
    grammar,
    split_row,
    unescape_plain,
)
from ..tokens import (
    BlockLine,
    Caption,
    CaseNumber,
    FrontField,
    ItemHeading,
    Marker,
    Place,
    TableRow,
    Title,
    TocEntry,
    Token,
    front_field,
)

# A line and its place.
Located = tuple[Place, str]

# A token is made for every line: tuple.__new__ makes one at a third of the cost of its
# class's own __new__ (a NamedTuple's is a Python function taking keywords).
_new = tuple.__new__
_marker = MARKER.match


def lex(text: str, source: str, labels: Labels) -> list[Token]:
    """The tokens of ``text`` in the text layout (its line ends ``\\n``)."""
    return list(iter_tokens(text, source, labels))


def iter_tokens(text: str, source: str, labels: Labels) -> Iterator[Token]:
    """:func:`lex`'s tokens one by one, for a parser that lets each go once read."""
    # One pass over the lines, a token made as each is met: no blocks or pairs in between.
    g = grammar(labels)  # looked up once: the labels' hash is work
    heading = g.item_heading.fullmatch
    lines = text.split("\n")
    front: list[Located] = []
    start = len(lines)
    blank = True  # the line before is blank (or there is none): a block begins
    for index, line in enumerate(lines):
        if not line.strip(" \t"):  # grammar.is_blank, without a call a line
            blank = True
        elif blank and heading(line):
            start = index
            break
        else:
            blank = False
            front.append((_new(Place, (source, index + 1, None)), line))
    yield from front_tokens(front, labels)
    items = _Items(g, printed=False)
    structural = gap = True
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.strip(" \t"):
            structural = gap = True
            continue
        place = _new(Place, (source, index + 1, None))
        if structural:
            token = items.structural(line, place)
            if token is not None:
                yield token
                continue
            structural = False
        yield body_token(line, place, gap)
        gap = False


def lex_chunks(chunks: Sequence[Sequence[Located]], labels: Labels, *, printed: bool = False) -> list[Token]:
    """The tokens of the text layout's blocks (runs of lines between blank lines), each
    line with its place. ``printed``: the lines of a print, where ``<X>s påtegning`` is a
    caption too (docs/printed.md)."""
    g = grammar(labels)
    heading = g.item_heading.fullmatch
    first_item = next((index for index, chunk in enumerate(chunks) if heading(chunk[0][1])), len(chunks))
    out = front_tokens([pair for chunk in chunks[:first_item] for pair in chunk], labels)
    items = _Items(g, printed=printed)
    for chunk in chunks[first_item:]:
        structural = gap = True
        for place, line in chunk:
            if structural:
                token = items.structural(line, place)
                if token is not None:
                    out.append(token)
                    continue
                structural = False
            out.append(body_token(line, place, gap))
            gap = False
    return out


class _Items:
    """The lines at the start of a block in the items: item headings, captions and the
    case number after an item heading."""

    def __init__(self, g: Grammar, *, printed: bool) -> None:
        self.g = g
        self.printed = printed
        self.expect_journal = False  # the next structural line may be the case number

    def structural(self, line: str, place: Place) -> Token | None:
        """The token of a line at the start of a block, or after a structural line in it;
        ``None`` when the line begins the block's body."""
        heading = self.g.item_heading.fullmatch(line)
        if heading is not None:
            self.expect_journal = True
            return ItemHeading(place, line, heading["number"], heading["title"])
        kind = self.g.caption_kind(line)
        if kind is None and self.printed and PRINTED_CUSTOM_CAPTION.fullmatch(line.strip(" \t")):
            kind = SectionKind.CUSTOM
        if kind is not None:
            self.expect_journal = False
            return Caption(place, line, kind)
        if self.expect_journal:
            self.expect_journal = False
            return CaseNumber(place, line, unescape_plain(line).strip(" \t"))
        return None


def front_tokens(lines: Sequence[Located], labels: Labels) -> list[Token]:
    """The front page's tokens: the title, the fields, the table of contents' entries."""
    out: list[Token] = []
    in_toc = False
    for index, (place, line) in enumerate(lines):
        if index == 0:
            out.append(Title(place, line))
        elif in_toc:
            out.append(toc_entry(line, place))
        elif line == labels.contents:
            out.append(FrontField(place, line, contents=True))
            in_toc = True
        else:
            out.append(front_field(line, place, labels))
    return out


def toc_entry(line: str, place: Place) -> TocEntry:
    """A table-of-contents line: ``title.....<TAB>page``, or a title alone."""
    m = TOC_ENTRY.fullmatch(line)
    return TocEntry(place, line, m["title"], m["page"]) if m else TocEntry(place, line, line)


def body_token(line: str, place: Place, gap: bool) -> BlockLine | TableRow:
    """A line of a section's body: a table row, or a block line (a list item's, with
    its marker); ``gap``: the first of its block's body."""
    if line.startswith(TABLE_START):
        cells = split_row(line)
        return _new(TableRow, (place, line, None if cells is None else tuple(cells), gap))
    m = _marker(line)
    if m is None:
        return _new(BlockLine, (place, line, gap, None, ""))
    indent, number, rest = m.group("indent", "number", "rest")
    return _new(BlockLine, (place, line, gap, _new(Marker, (len(indent), number)), rest or ""))
