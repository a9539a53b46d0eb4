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

from collections.abc import Sequence

from ...l10n import Labels
from ...model import SectionKind
from ..grammar import (
    MARKER,
    PRINTED_CUSTOM_CAPTION,
    TABLE_START,
    TOC_ENTRY,
    grammar,
    is_blank,
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


def lex(text: str, source: str, labels: Labels) -> list[Token]:
    """The tokens of ``text`` in the text layout (its line ends ``\\n``)."""
    chunks = [
        [(Place(source, line_no + k), line) for k, line in enumerate(lines)]
        for line_no, lines in _chunks(text.split("\n"))
    ]
    return lex_chunks(chunks, labels)


def lex_chunks(chunks: Sequence[Sequence[Located]], labels: Labels, *, printed: bool = False) -> list[Token]:
    """The tokens of the text layout's blocks (runs of lines between blank lines), each
    line with its place. ``printed``: the lines of a print, where ``<X>s påtegning`` is a
    caption too (docs/printed.md)."""
    g = grammar(labels)
    first_item = next(
        (index for index, chunk in enumerate(chunks) if g.item_heading.fullmatch(chunk[0][1])), len(chunks)
    )
    out = front_tokens([pair for chunk in chunks[:first_item] for pair in chunk], labels)
    expect_journal = False
    for chunk in chunks[first_item:]:
        structural = True
        gap = True
        for place, line in chunk:
            if structural:
                heading = g.item_heading.fullmatch(line)
                if heading is not None:
                    out.append(ItemHeading(place, line, heading["number"], heading["title"]))
                    expect_journal = True
                    continue
                kind = g.caption_kind(line)
                if kind is None and printed and PRINTED_CUSTOM_CAPTION.fullmatch(line.strip(" \t")):
                    kind = SectionKind.CUSTOM
                if kind is not None:
                    out.append(Caption(place, line, kind))
                    expect_journal = False
                    continue
                if expect_journal:
                    out.append(CaseNumber(place, line, unescape_plain(line).strip(" \t")))
                    expect_journal = False
                    continue
                structural = False
            out.append(body_token(line, place, gap=gap))
            gap = False
    return out


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


def body_token(line: str, place: Place, *, gap: bool) -> BlockLine | TableRow:
    """A line of a section's body: a table row, or a block line (a list item's, with
    its marker)."""
    if line.startswith(TABLE_START):
        cells = split_row(line)
        return TableRow(place, line, None if cells is None else tuple(cells), gap=gap)
    m = MARKER.match(line)
    if m is None:
        return BlockLine(place, line, gap=gap)
    marker = Marker(len(m["indent"]), m["number"])
    return BlockLine(place, line, gap=gap, marker=marker, rest=m["rest"] or "")


def _chunks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Consecutive non-blank lines, each run with the 1-based number of its first line."""
    out: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    for offset, line in enumerate(lines):
        if is_blank(line):
            current = None
        elif current is None:
            current = [line]
            out.append((offset + 1, current))
        else:
            current.append(line)
    return out
