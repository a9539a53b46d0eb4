"""The text of a printed referat as ``pdftotext`` extracts it, brought into the text layout.

``pdftotext`` (poppler) prints the front page's labels and values on lines of
their own (``Mødedato``, then the date), or, with ``-layout``, on one line
with the page's spacing; it puts the table of contents' page numbers in a
column after the titles, or after the dot leaders; it leaves wrapped item
titles on two lines and no blank line before captions. :func:`from_pdftotext`
recognises such a text by its front page and rewrites it in the layout of
docs/text-format.md, which the reader then reads as a printed referat.
"""

from __future__ import annotations

import re

from ...l10n import Labels
from ...model import SectionKind
from ..grammar import MARKER, PRINTED_CUSTOM_CAPTION, escape_inline_text, grammar

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


def from_pdftotext(text: str, labels: Labels) -> str | None:
    """The text layout of ``text`` if it is a printed referat through ``pdftotext`` (pages
    ending in a form feed, or the front page's labels on lines of their own), else ``None``."""
    lines = _without_furniture(text.split("\f"))
    label = re.compile(rf"\s*{re.escape(labels.meeting_date)}(?:\s*|\s{{2,}}\S.*)")
    g = grammar(labels)
    headings = (i for i, line in enumerate(lines) if g.item_heading.fullmatch(line.strip()))
    first_item = next(headings, len(lines))
    # pdftotext ends every page with a line end and a form feed; else the front page's label tells.
    pages = text.rstrip("\n").endswith("\n\f") and re.search(r"[^\n]\f", text) is None
    if not pages and not any(label.fullmatch(line) for line in lines[:first_item]):
        return None
    layout = any(_SPACES.search(line.strip()) for line in lines[:first_item] if line.strip())
    out = _front_page(lines[:first_item], labels)
    out.extend(_body(lines[first_item:], labels, layout))
    return "\n".join(out)


def _without_furniture(pages: list[str]) -> list[str]:
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
    out: list[str] = []
    for lines in split:
        texts = [i for i, line in enumerate(lines) if line.strip()]
        drop = {i for i in (texts[:1] + texts[-1:]) if _DIGITS.sub("#", lines[i].strip()) in furniture}
        out.extend(line for i, line in enumerate(lines) if i not in drop)
    return out


def _front_page(lines: list[str], labels: Labels) -> list[str]:
    values = [line.strip() for line in lines if line.strip()]
    out: list[str] = []
    titles: list[str] = []
    pages: list[str] = []
    in_toc = False
    i = 0
    while i < len(values):
        line = _SPACES.sub(" ", values[i]) if not in_toc else values[i]
        if in_toc:
            paged = re.fullmatch(_TOC_PAGED, line)
            dots = re.fullmatch(_TOC_DOTS, line)
            if paged is not None:
                titles.append(paged["title"].rstrip(". "))
                pages.append(paged["page"])
            elif _PAGE_ONLY.fullmatch(line) and len(pages) < len(titles):
                pages.append(line)
            else:
                titles.append(dots["title"].rstrip(". ") if dots else line)
        elif line in (labels.meeting_date, labels.meeting_place) and i + 1 < len(values):
            out.append(f"{line} {_SPACES.sub(' ', values[i + 1])}")
            i += 1
        elif line == labels.contents:
            out.append(line)
            in_toc = True
        else:
            out.append(line)
        i += 1
    if titles and len(pages) == len(titles):
        out.extend(f"{title}.....\t{page}" for title, page in zip(titles, pages, strict=True))
    else:
        out.extend(titles)
    return out


def _body(lines: list[str], labels: Labels, layout: bool) -> list[str]:
    g = grammar(labels)
    out: list[str] = []
    heading = False  # in an item heading, before its journal number
    attachments = False  # in an attachment list: every line a title, up to the next item
    for raw in lines:
        line = raw.strip()
        if layout:
            line = _SPACES.sub(" ", line)
        if not line:
            heading = False
            continue
        if g.item_heading.fullmatch(line):
            out.extend(("", line))
            heading, attachments = True, False
        elif attachments:
            out.append("\\" + line if g.is_structural(line) or line.startswith("\\") else line)
        elif heading and _JOURNAL.fullmatch(line):
            out.extend(("", line, ""))
            heading = False
        elif g.caption_kind(line) is not None or _custom_caption(line):
            out.extend(("", line, ""))
            heading = False
            attachments = g.caption_kind(line) is SectionKind.ATTACHMENTS
        elif heading:
            out[-1] += " " + line
        elif MARKER.match(line):
            out.append(escape_inline_text(line))
        else:
            escaped = escape_inline_text(line)
            out.append(escaped)
    return out


def _custom_caption(line: str) -> bool:
    return PRINTED_CUSTOM_CAPTION.fullmatch(line) is not None
