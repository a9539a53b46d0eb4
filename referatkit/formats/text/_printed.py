"""The text of a printed referat as ``pdftotext`` extracts it, as tokens (``formats/tokens.py``).

``pdftotext`` (poppler) prints the front page's labels and values on lines of
their own (``Mødedato``, then the date), or, with ``-layout``, on one line
with the page's spacing; it puts the table of contents' page numbers in a
column after the titles, or after the dot leaders; it leaves wrapped item
titles on two lines and no blank line before captions. :func:`pdftotext_tokens`
recognises such a text by its front page and classifies its lines, each token
at its line in the file; the parser reads them as a printed referat.
"""

from __future__ import annotations

import re

from ...l10n import Labels
from ...model import SectionKind
from ..grammar import MARKER, PRINTED_CUSTOM_CAPTION, Grammar, escape_inline_text, grammar
from ..tokens import (
    BlockLine,
    Caption,
    CaseNumber,
    FrontField,
    ItemHeading,
    Marker,
    Place,
    Title,
    TocEntry,
    Token,
    front_field,
)

_PAGE_ONLY = re.compile(r"\d{1,4}")
# A table-of-contents entry with its page: dot leader or a gap of spaces, the page.
# The title never ends inside a run of dots whose start could end it: the leader is
# tried only where it begins, and the patterns run in time linear in the line.
# (Strings: compiled, and cached by re, when a printed text is read; a plain one does not pay.)
_TOC_PAGED = r"(?P<title>.*?\S)(?!(?<=\S\.)\.)(?:\s*\.{3,}\s*|\s{2,})(?P<page>[1-9]\d{0,3})"
_TOC_DOTS = r"(?P<title>.*?\S)(?!(?<=\S\.)\.)\s*\.{3,}"
# A journal number: one word with a digit in it (EMN-2024-001234, 00.01.00-A00-1-25, 24/18733).
_JOURNAL = re.compile(r"\S*\d\S*")
_SPACES = re.compile(r"[ \t]{2,}")
_DIGITS = re.compile(r"\d+")

# A line of the file: its number (1-based) and its text.
_Line = tuple[int, str]


def pdftotext_tokens(text: str, source: str, labels: Labels) -> list[Token] | None:
    """The tokens of ``text`` if it is a printed referat through ``pdftotext`` (pages
    ending in a form feed, or the front page's labels on lines of their own), else ``None``."""
    label = re.compile(rf"\s*{re.escape(labels.meeting_date)}(?:\s*|\s{{2,}}\S.*)")
    g = grammar(labels)
    # pdftotext ends every page with a line end and a form feed; else the front page's label tells.
    pages = text.rstrip("\n").endswith("\n\f") and re.search(r"[^\n]\f", text) is None
    if not pages and "\f" not in text and not _labelled(text.split("\n"), label, g):
        return None  # one page, so no furniture: told before every line is numbered (a text file)
    lines = _without_furniture(text.split("\f"))
    plain = [line for _, line in lines]
    if not pages and not _labelled(plain, label, g):
        return None
    first_item = _first_item(plain, g)
    layout = any(_SPACES.search(line.strip()) for _, line in lines[:first_item] if line.strip())
    out = _front_page(lines[:first_item], source, labels)
    out.extend(_body(lines[first_item:], source, labels, layout))
    return out


def _first_item(lines: list[str], g: Grammar) -> int:
    return next((i for i, line in enumerate(lines) if g.item_heading.fullmatch(line.strip())), len(lines))


def _labelled(lines: list[str], label: re.Pattern[str], g: Grammar) -> bool:
    """The front page (the lines before the first item heading) has the date's label on a
    line of its own, or before a gap of spaces."""
    return any(label.fullmatch(line) for line in lines[: _first_item(lines, g)])


def _without_furniture(pages: list[str]) -> list[_Line]:
    """The lines of the pages without their headers and footers: a page's first or last
    line whose text (numbers aside) is the first or last line of at least half of the
    pages, and of more than one."""
    split = [page.split("\n") for page in pages]
    pages_with_text = [lines for lines in split if any(line.strip() for line in lines)]

    def edges(lines: list[str]) -> set[str]:
        texts = [line for line in lines if line.strip()]
        return {_DIGITS.sub("#", texts[0].strip()), _DIGITS.sub("#", texts[-1].strip())} if texts else set()

    counts: dict[str, int] = {}
    for lines in pages_with_text:
        for key in edges(lines):
            counts[key] = counts.get(key, 0) + 1
    furniture = {key for key, n in counts.items() if n >= 2 and n * 2 >= len(pages_with_text)}
    out: list[_Line] = []
    line_no = 1  # a form feed begins a page within a line: the lines are counted across it
    for lines in split:
        texts = [i for i, line in enumerate(lines) if line.strip()]
        drop = {i for i in (texts[:1] + texts[-1:]) if _DIGITS.sub("#", lines[i].strip()) in furniture}
        out.extend((line_no + i, line) for i, line in enumerate(lines) if i not in drop)
        line_no += len(lines) - 1
    return out


def _front_page(lines: list[_Line], source: str, labels: Labels) -> list[Token]:
    values = [(n, line.strip()) for n, line in lines if line.strip()]
    out: list[Token] = []
    titles: list[_Line] = []
    pages: list[str] = []
    in_toc = False
    i = 0
    while i < len(values):
        line_no, value = values[i]
        place = Place(source, line_no)
        line = _SPACES.sub(" ", value) if not in_toc else value
        if in_toc:
            paged = re.fullmatch(_TOC_PAGED, line)
            dots = re.fullmatch(_TOC_DOTS, line)
            if paged is not None:
                titles.append((line_no, paged["title"].rstrip(". ")))
                pages.append(paged["page"])
            elif _PAGE_ONLY.fullmatch(line) and len(pages) < len(titles):
                pages.append(line)
            else:
                titles.append((line_no, dots["title"].rstrip(". ") if dots else line))
        elif not out:
            out.append(Title(place, line))
        elif line in (labels.meeting_date, labels.meeting_place) and i + 1 < len(values):
            out.append(front_field(f"{line} {_SPACES.sub(' ', values[i + 1][1])}", place, labels))
            i += 1
        elif line == labels.contents:
            out.append(FrontField(place, line, contents=True))
            in_toc = True
        else:
            out.append(front_field(line, place, labels))
        i += 1
    all_paged = bool(titles) and len(pages) == len(titles)
    for k, (line_no, title) in enumerate(titles):
        out.append(TocEntry(Place(source, line_no), title, title, pages[k] if all_paged else None))
    return out


def _body(lines: list[_Line], source: str, labels: Labels, layout: bool) -> list[Token]:
    g = grammar(labels)
    out: list[Token] = []
    heading: ItemHeading | None = None  # an item heading, before its journal number
    attachments = False  # in an attachment list: every line a title, up to the next item
    gap = True  # the next body line begins a block
    wraps: dict[int, list[str]] = {}  # an item heading's place in ``out``: its title's further lines
    for line_no, raw in lines:
        place = Place(source, line_no)
        line = raw.strip()
        if layout:
            line = _SPACES.sub(" ", line)
        if not line:
            heading = None
            continue
        kind = g.caption_kind(line) or (SectionKind.CUSTOM if _custom_caption(line) else None)
        if (m := g.item_heading.fullmatch(line)) is not None:
            heading = ItemHeading(place, line, m["number"], m["title"])
            out.append(heading)
            attachments, gap = False, True
        elif attachments:
            out.append(BlockLine(place, "\\" + line if line.startswith("\\") else line, gap=True))
        elif heading is not None and _JOURNAL.fullmatch(line):
            out.append(CaseNumber(place, line, line))
            heading, gap = None, True
        elif kind is not None:
            out.append(Caption(place, line, kind))
            heading, gap = None, True
            attachments = kind is SectionKind.ATTACHMENTS
        elif heading is not None:
            # A wrapped title: its lines joined, up to the journal number or a caption. The
            # line (stripped, not empty) only lengthens the title; joined once at the end
            # (joining line by line, and matching the heading again, was quadratic).
            wraps.setdefault(len(out) - 1, []).append(line)
        else:
            out.append(_block_line(line, place, gap))
            gap = False
    for at, more in wraps.items():
        wrapped = out[at]
        assert isinstance(wrapped, ItemHeading)
        rest = " ".join(more)
        out[at] = wrapped._replace(text=f"{wrapped.text} {rest}", title=f"{wrapped.title} {rest}")
    return out


def _block_line(line: str, place: Place, gap: bool) -> BlockLine:
    """A line of text as it stands, a list item's when it begins with a marker (its
    inline markup characters are text)."""
    escaped = escape_inline_text(line)
    m = MARKER.match(escaped)
    if m is None:
        return BlockLine(place, escaped, gap=gap)
    marker = Marker(len(m["indent"]), m["number"])
    return BlockLine(place, escaped, gap=gap, marker=marker, rest=m["rest"] or "")


def _custom_caption(line: str) -> bool:
    return PRINTED_CUSTOM_CAPTION.fullmatch(line) is not None
