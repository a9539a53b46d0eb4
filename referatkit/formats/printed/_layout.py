"""A printed referat's lines, with their font and position, as the text layout's tokens.

The print says with its fonts what the text layout says with its words and
blank lines: the item heading and the captions are bold and larger than the
text, paragraphs are set apart by space, list items by their marker and
indentation, wrapped lines reach the right margin. :func:`to_tokens` classifies
the lines from that into the tokens of ``formats/tokens.py`` (a bold caption is
a :class:`Caption`, of a custom section outside the caption table; every token
has its page), and :func:`read_lines` gives them to the text layout's parser as
a printed referat. Page headers and footers (a line at the same place on most
pages, page numbers aside) are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

import attrs

from ...errors import ReadError
from ...l10n import Labels
from ...model import Meeting, SectionKind
from .._limits import COST_LINE, charge
from ..grammar import (
    MARKER,
    TOC_LEADER,
    Grammar,
    escape_cell,
    escape_inline_text,
    escape_target,
    grammar,
    looks_like_heading,
)
from ..text import lex_chunks, parse_tokens
from ..tokens import (
    BlockLine,
    Caption,
    CaseNumber,
    ItemHeading,
    Marker,
    Place,
    TableRow,
    Token,
)
from ._lines import Line, Run

# A list item's marker as printed: a bullet sign, or a number with "." or ")".
# (Possessive spaces, leader runs entered only at their start: every pattern here runs in
# time linear in the line, whatever it holds.)
_BULLET = re.compile(r"(?P<sign>[•◦▪‣●○■□–\-·])[ \t\u00a0]++(?P<rest>.*)")
BULLET = _BULLET  # the layout reader's bullet too (_generic.py)
_NUMBER = re.compile(r"(?P<number>\d{1,3})[.)](?:[ \t\u00a0]++(?P<rest>.*)|(?P<tight>(?=[^\W\d_]).*)|$)")
# A table-of-contents entry: the title, a dot leader, the page. The leader is looked for
# only where it can begin (not after a space, nor inside a run of dots).
_TOC_LEADER = re.compile(r"(?P<title>.*?)(?<!\s)(?!(?<=\.)\.)\s*\.{3,}\s*(?P<page>[1-9]\d{0,3})?")
_CLAUSE = re.compile(r"(?P<lead>at|At|AT) (?P<number>\d{1,3})\)[ \t\u00a0]++(?P<rest>.*)")
_TOC_TAB = re.compile(r"(?P<title>[^\t]*?)(?<!\.)\.*\t+[ .]*(?P<page>[1-9]\d{0,3})")
_TOC_SPACED = re.compile(r"(?P<title>.*\S)\s+(?P<page>[1-9]\d{0,3})")
_JOURNAL = re.compile(r"\S*\d\S*")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"[ \t\u00a0]+")


def read_lines(
    lines: Sequence[Line], source: str, labels: Labels, *, where: str = "side", paragraphs: bool = False
) -> Meeting:
    """Read a printed referat from its lines; an error names the page (``where`` N).

    ``paragraphs``: each line is a whole paragraph (a word processor's file), its
    ``page`` the paragraph's number."""
    if not any(line.text.strip() for line in lines):
        raise ReadError(
            f"{where} 1: dokumentet har ingen tekst (et scannet dokument uden tekstlag kan ikke læses)",
            source=source,
        )
    # The layout and the parser take each line once more: charged before they do.
    charge(len(lines) * COST_LINE, "linjer i det trykte referat")
    tokens = to_tokens(lines, labels, source, paragraphs=paragraphs)
    try:
        return parse_tokens(tokens, source, labels, printed=True)
    except ReadError as exc:
        line = exc.line
        if line is None or not 0 < line <= len(tokens):
            raise
        token = tokens[line - 1]  # a token's line is its number
        found = token.text.strip()
        place = f"{where} {token.place.page}"
        message = exc.message
        detail = message if not found or found[:40] in message else f"{message} (ved {found[:60]!r})"
        raise ReadError(f"{place}: {detail}", source=source) from None


def drop_furniture(lines: Sequence[Line]) -> list[Line]:
    """The lines without page headers and footers: the first or last line of a page
    whose text (numbers aside) stands at the same height on at least half of the
    pages, and on more than one."""
    pages = len({line.page for line in lines})
    if pages < 2:
        return list(lines)

    def key(line: Line) -> tuple[str, int]:
        return _DIGITS.sub("#", line.text.strip()), round(line.y)

    edges: dict[int, list[Line]] = {}
    for line in lines:
        edges.setdefault(line.page, []).append(line)
    candidates = {id(line) for page in edges.values() for line in (page[0], page[-1])}
    counts = Counter(k for k in {(key(line), line.page) for line in lines if id(line) in candidates})
    per_key: Counter[tuple[str, int]] = Counter()
    for k, _page in counts:
        per_key[k] += 1

    def furniture(line: Line) -> bool:
        n = per_key[key(line)]
        return id(line) in candidates and n >= 2 and n * 2 >= pages

    return [line for line in lines if not furniture(line)]


def to_tokens(
    lines: Sequence[Line], labels: Labels, source: str = "<data>", *, paragraphs: bool = False
) -> list[Token]:
    """The text layout's tokens of a printed referat's lines."""
    if paragraphs:
        return TokenWriter(list(lines), labels, source, paragraphs=True).write()
    return TokenWriter(drop_furniture(lines), labels, source).write()


class TokenWriter:
    """Classifies a print's lines as tokens; also the print's measures (its body text's
    size, margins, paragraph spacing) for the layout reader (``_generic.py``)."""

    def __init__(
        self, lines: list[Line], labels: Labels, source: str = "<data>", *, paragraphs: bool = False
    ) -> None:
        self.lines = lines
        self.paragraphs = paragraphs
        self.labels = labels
        self.source = source
        self.g: Grammar = grammar(labels)
        self.out: list[Token] = []
        self.gap = True  # the next body line begins a paragraph or a list
        self.last_was_list = False
        self.last_list_id = ""
        sizes: Counter[float] = Counter()
        for line in lines:
            if not line.bold:
                sizes[line.size] += len(line.text)
        self.size = sizes.most_common(1)[0][0] if sizes else 0.0
        gaps = [
            b.y - a.y
            for a, b in pairwise(lines)
            if a.page == b.page and a.size == b.size == self.size and b.y > a.y
        ]
        step = min([*gaps, 1.2 * self.size]) if self.size else 0.0
        self.step = step
        self.paragraph_gap = 1.3 * step
        body = [line for line in lines if line.size == self.size]
        self.margin = min((line.x for line in body), default=0.0)
        self.right = max((line.right for line in body), default=0.0)

    def place(self, page: int) -> Place:
        """The next token's place: its number (as its line) and its page."""
        return Place(self.source, len(self.out) + 1, page)

    def emit(self, token: Token) -> None:
        self.out.append(token)

    def body_line(self, text: str, page: int, marker: Marker | None = None, rest: str = "") -> None:
        self.emit(BlockLine(self.place(page), text, gap=self.gap, marker=marker, rest=rest))
        self.gap = False

    def blank(self) -> None:
        self.gap = True

    def write(self) -> list[Token]:
        lines = self.lines
        first = next(
            (i for i, line in enumerate(lines) if line.bold and self.g.item_heading.fullmatch(_plain(line))),
            len(lines),
        )
        self.front(lines[:first])
        self.body(lines[first:])
        return self.out

    # --- the front page ---------------------------------------------------------------

    def front(self, lines: list[Line]) -> None:
        """The front page's lines, set in the text layout's own words (``Mødedato``, the
        table of contents), as the text layout's lexer classifies them: a label and its
        value on two lines are one field, a wrapped bold title one line, a table of
        contents' entry its title and page. A front page without fonts (the text layout
        typed into a word processor) may hold the first items: the lexer finds them."""
        labels = self.labels
        chunks: list[list[tuple[Place, str]]] = []  # each line a block, the contents' entries one

        def add(text: str, page: int, *, same_block: bool = False) -> None:
            located = (Place(self.source, len(self.out) + sum(map(len, chunks)) + 1, page), text)
            if same_block and chunks:
                chunks[-1].append(located)
            else:
                chunks.append([located])

        toc: list[Line] = []
        in_toc = False
        i = 0
        while i < len(lines):
            line = lines[i]
            text = _plain(line)
            if in_toc:
                toc.append(line)
            elif (
                text in (labels.meeting_date, labels.meeting_place)
                and i + 1 < len(lines)
                and _plain(lines[i + 1]) not in (labels.meeting_date, labels.meeting_place, labels.contents)
            ):
                add(f"{text} {_plain(lines[i + 1])}", line.page)
                i += 1
            elif text == labels.contents:
                add(text, line.page)
                in_toc = True
            else:
                # A long title wraps: its lines are bold and of one size.
                while (
                    line.bold
                    and i + 1 < len(lines)
                    and lines[i + 1].bold
                    and _same_size(lines[i + 1], line)
                    and lines[i + 1].page == line.page
                    and self.continues(lines[i], lines[i + 1], bold=True)
                ):
                    i += 1
                    text = join_wrapped(text, _plain(lines[i]))
                add(text, line.page)
            i += 1
        # A recognised page's table of contents is not read: its dot leaders come out of
        # Tesseract as letters. The items are read all the same, without their pages.
        toc = [line for line in toc if not line.recognised]
        leaders = [m for line in toc if (m := _TOC_LEADER.fullmatch(_plain(line))) and m["page"]]
        right = max((line.right for line in toc), default=0.0)
        first_entry = True
        for line in toc:
            text = _plain(line)
            tabbed = _TOC_TAB.fullmatch(line.text.strip())
            m = _TOC_LEADER.fullmatch(text)
            spaced = _TOC_SPACED.fullmatch(text)
            if tabbed is not None:
                entry = _toc_line(tabbed["title"].rstrip(".").strip(), tabbed["page"])
            elif m is not None and m["page"]:
                entry = _toc_line(m["title"].rstrip("."), m["page"])
            elif m is not None:
                entry = m["title"]
            elif spaced is not None and leaders and abs(line.right - right) < 6:
                # A title cut short, its page number right-aligned with the others'.
                entry = _toc_line(spaced["title"].rstrip("."), spaced["page"])
            else:
                entry = text
            add(entry, line.page, same_block=not first_entry)
            first_entry = False
        self.out.extend(lex_chunks(chunks, labels, printed=True))
        self.blank()

    # --- the items ----------------------------------------------------------------------

    def body(self, lines: list[Line]) -> None:
        i = 0
        after_heading = False
        attachments = False
        previous: Line | None = None
        while i < len(lines):
            line = lines[i]
            text = _plain(line)
            if line.table and not attachments:
                end = i
                while end < len(lines) and lines[end].table == line.table:
                    end += 1
                self.table(lines[i:end])
                i, after_heading, previous, self.last_was_list = end, False, None, False
                continue
            if line.bold and self.g.item_heading.fullmatch(text):
                i = self.joined(lines, i, text)
                after_heading, attachments, previous = True, False, None
                continue
            if line.bold and (
                line.size > self.size * 1.05 or (line.recognised and self.g.caption_kind(text) is not None)
            ):
                caption = text
                j = i + 1
                while j < len(lines) and self.continues(lines[j - 1], lines[j], bold=True):
                    caption = join_wrapped(caption, _plain(lines[j]))
                    j += 1
                kind = self.g.caption_kind(caption)
                self.emit(Caption(self.place(line.page), caption, kind or SectionKind.CUSTOM))
                self.blank()
                attachments = kind is SectionKind.ATTACHMENTS
                i, after_heading, previous = j, False, None
                continue
            if after_heading and _JOURNAL.fullmatch(text):
                self.emit(CaseNumber(self.place(line.page), text, text))
                self.blank()
                i += 1
                after_heading, previous = False, None
                continue
            after_heading = False
            if attachments:
                # An attachment's title is its line; the parser drops one leading backslash.
                self.blank()
                self.body_line("\\" + text if text.startswith("\\") else text, line.page)
                i += 1
                continue
            i = self.block(lines, i, previous)
            previous = lines[i - 1]

    def table(self, rows: list[Line]) -> None:
        """A Word or ODT table as a pipe table (docs/text-format.md 3.8): a row a line,
        the rule after the header rows, every row as wide as the widest."""
        width = max(sum(cell.column_span for cell in row.cells) for row in rows)
        header = 0
        while header < len(rows) and rows[header].header:
            header += 1
        self.blank()
        for index, row in enumerate(rows):
            if index == header:
                self.table_row(("---",) * width, row.page)
            cells: list[str] = []
            for cell in row.cells:
                cells.extend([f" {_cell_text(cell.runs)} ", *[""] * (cell.column_span - 1)])
            cells.extend(["  "] * (width - sum(cell.column_span for cell in row.cells)))
            self.table_row(tuple(cells), row.page)
        if header == len(rows):
            self.table_row(("---",) * width, rows[-1].page)
        self.blank()

    def table_row(self, cells: tuple[str, ...], page: int) -> None:
        """A row of a pipe table: its cells as written between the ``|``s."""
        text = "|" + "".join(cell + "|" for cell in cells)
        self.emit(TableRow(self.place(page), text, cells, gap=self.gap))
        self.gap = False

    def joined(self, lines: list[Line], i: int, text: str) -> int:
        """An item heading, its wrapped lines joined."""
        j = i + 1
        while j < len(lines) and self.continues(lines[j - 1], lines[j], bold=True):
            text = join_wrapped(text, _plain(lines[j]))
            j += 1
        m = self.g.item_heading.fullmatch(text)
        assert m is not None
        self.emit(ItemHeading(self.place(lines[i].page), text, m["number"], m["title"]))
        self.blank()
        return j

    def continues(self, above: Line, below: Line, *, bold: bool) -> bool:
        """``below`` is the next line of the paragraph ``above`` is in."""
        if self.paragraphs:
            return False
        if bold and not (below.bold and _same_size(below, above)):
            return False
        if not bold and below.bold and below.size > self.size * 1.05:
            return False
        if below.page != above.page:
            return below.page == above.page + 1 and self.wraps(above, below)
        scale = max(1.0, below.size / self.size) if self.size else 1.0
        return 0 < below.y - above.y <= self.paragraph_gap * scale

    def spaced(self, above: Line, below: Line) -> bool:
        """``below`` is further below ``above`` than one line step of the text."""
        return below.page == above.page and below.y - above.y > 1.08 * self.step > 0

    def wraps(self, above: Line, below: Line) -> bool:
        """``above`` ends where the margin made it, not where its text did."""
        text = above.text
        if text.endswith((" ", "\u00ad")):
            return True
        word = below.text.strip().split(" ")[0]
        width = (above.right - above.x) / max(len(text), 1)
        # A line break where the line is full anyway cannot be seen in a print:
        # it reads as a wrap.
        # The next word's width is estimated from the line's average character, with
        # room for wider letters (bold, capitals).
        return text.endswith("-") or above.right + 1.3 * width * (len(word) + 1) > self.right

    def block(self, lines: list[Line], i: int, previous: Line | None) -> int:
        """One paragraph or list, up to the next space between paragraphs; returns the next index.

        List items follow each other in one chunk, as the text layout wants them,
        although the print sets each apart like a paragraph."""
        # Each logical line: its list marker (or None) and its runs, wrapped lines joined.
        out: list[tuple[str | None, list[Run]]] = []
        line = lines[i]
        start = i
        first_page = line.page
        while True:
            marker, runs = self.inline(line)
            wrapped = i > start and self.wraps(lines[i - 1], line)
            # A wrapped line sits one line step below; a marker with more space above it
            # starts an item (a list nested in an item whose text ended near the margin).
            spaced = i > start and self.spaced(lines[i - 1], line)
            if marker is not None and wrapped and not spaced and not _next_number(out, marker):
                marker, runs = None, list(_strip_runs(line.runs))  # "6." ending a wrapped sentence
            if i == start or marker is not None or not wrapped:
                out.append((marker, runs))
            else:
                _join_runs(out[-1][1], runs)
            i += 1
            if i >= len(lines) or not self.continues(line, lines[i], bold=False):
                break
            nxt = lines[i]
            if nxt.bold and self.g.item_heading.fullmatch(_plain(nxt)):
                break
            line = nxt
        is_list = out[0][0] is not None
        other_list = self.paragraphs and lines[start].list_id != self.last_list_id
        if not (is_list and previous is not None and self.last_was_list) or other_list:
            self.blank()
        # A block that ends in a list item (a paragraph and a list below it, one chunk) goes on
        # in a block of list items after it, on the next page too.
        self.last_was_list = out[-1][0] is not None
        self.last_list_id = lines[start].list_id
        for number, (marker, runs) in enumerate(out):
            text = _markup(runs).rstrip(" ")
            first, *more = text.split("\n")
            if marker is not None:
                m = MARKER.fullmatch(marker)
                assert m is not None
                written = f"{marker} {first}" if text else marker
                self.body_line(written, first_page, Marker(len(m["indent"]), m["number"]), first)
            elif number == 0 and len(out) == 1 and not more:
                self.body_line(_heading(text, runs), first_page)
            else:
                self.body_line(_unmarked(first), first_page)
            for continuation in more:
                self.body_line(_unmarked(continuation), first_page)
        return i

    def inline(self, line: Line) -> tuple[str | None, list[Run]]:
        """A list item's marker as the text layout writes it (or None), and the line's runs after it."""
        runs = _strip_runs(line.runs)
        plain = "".join(run.text for run in runs)
        level = max(0, round((line.x - self.margin) / 17.0)) if line.x > self.margin + 4 else 0
        bullet = _BULLET.fullmatch(plain)
        number = _NUMBER.fullmatch(plain)
        clause = _CLAUSE.fullmatch(plain)
        if clause is not None:
            # "At 1) der afsættes ...": the clause "1. At der afsættes ...".
            after = _drop_prefix(runs, len(plain) - len(clause["rest"]))
            return " " * level + f"{clause['number']}.", [Run(clause["lead"] + " "), *after]
        if bullet is not None:
            return " " * level + "-", list(_drop_prefix(runs, len(plain) - len(bullet["rest"])))
        if number is not None:
            rest = number["rest"] or number["tight"] or ""
            return " " * level + f"{number['number']}.", list(_drop_prefix(runs, len(plain) - len(rest)))
        return None, list(runs)


def _toc_line(title: str, page: str) -> str:
    """A table of contents' entry as the text layout writes it: the title, a dot leader,
    a TAB, the page."""
    return f"{title}{TOC_LEADER}\t{page}"


def _same_size(a: Line, b: Line) -> bool:
    """Lines of one font size: recognised lines (OCR) within a tenth, whose sizes are estimates."""
    if a.recognised or b.recognised:
        return abs(a.size - b.size) <= 0.1 * max(a.size, b.size)
    return a.size == b.size


def _cell_text(runs: Sequence[Run]) -> str:
    """A table cell's runs as inline markup on one line, made safe between ``|``s."""
    flat = [attrs.evolve(run, text=run.text.replace("\n", " ")) for run in runs]
    return escape_cell(_markup(flat).strip(" "))


def _join_runs(runs: list[Run], more: list[Run]) -> None:
    """A wrapped line's runs after the previous line's: a soft hyphen goes, a space is put
    between words, and the same style across the line end stays one run."""
    more = list(_strip_runs(tuple(more)))
    if not runs:
        runs.extend(more)
        return
    last = runs[-1]
    soft = last.text.endswith("\u00ad")
    text = last.text.removesuffix("\u00ad")
    joiner = "" if soft or text.endswith((" ", "-")) else " "
    runs[-1] = attrs.evolve(last, text=text + joiner)
    for run in more:
        if (run.bold, run.italic, run.link) == (runs[-1].bold, runs[-1].italic, runs[-1].link):
            runs[-1] = attrs.evolve(runs[-1], text=runs[-1].text + run.text)
        else:
            runs.append(run)


def _next_number(out: list[tuple[str | None, list[Run]]], marker: str) -> bool:
    """``marker`` on a wrapped line starts an item: a number one after the chunk's last,
    or a bullet in a list."""
    m = MARKER.match(marker)
    if m is None:
        return False
    if m["number"] is None:
        # A dash at the start of a wrapped line in a paragraph is the sentence's.
        return any(prefix is not None for prefix, _ in out)
    found = (MARKER.match(prefix) for prefix, _ in out if prefix)
    numbers = [int(n["number"]) for n in found if n and n["number"]]
    return bool(numbers) and int(m["number"]) == numbers[-1] + 1


def _heading(text: str, runs: list[Run]) -> str:
    """A one-line paragraph wholly in italics that has the shape of a sub-heading is one
    (the sub-heading style of referatkit's print); its italics are the style's."""
    visible = [run for run in runs if run.text.strip()]
    if visible and all(run.italic and not run.bold and run.link is None for run in visible):
        plain = _SPACES.sub(" ", "".join(run.text for run in runs)).strip()
        if looks_like_heading(plain) and text == f"*{escape_inline_text(plain)}*":
            return escape_inline_text(plain)
    return text


def join_wrapped(text: str, more: str) -> str:
    """A wrapped title's lines: a line ending in a hyphen joins the next without a space, one
    ending in a soft hyphen (where the print hyphenated a word) without the soft hyphen too."""
    if text.endswith("\u00ad"):
        return text[:-1] + more
    return text + more if text.endswith(("-", "‐")) else f"{text} {more}"


def _plain(line: Line) -> str:
    return _SPACES.sub(" ", line.text).strip()


def _unmarked(text: str) -> str:
    """A line that is not a list item's first: one that looks like one loses its indentation
    (as the text layout writes it, escaped)."""
    stripped = text.lstrip(" ")
    return stripped if MARKER.match(stripped) else text


def _strip_runs(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """The runs without the line's leading white space."""
    out = list(runs)
    while out and not out[0].text.strip():
        out.pop(0)
    if out:
        out[0] = attrs.evolve(out[0], text=out[0].text.lstrip(" \t\u00a0"))
    return tuple(out)


def _drop_prefix(runs: tuple[Run, ...], count: int) -> tuple[Run, ...]:
    out: list[Run] = []
    for run in runs:
        if count >= len(run.text):
            count -= len(run.text)
            continue
        out.append(attrs.evolve(run, text=run.text[count:]))
        count = 0
    return tuple(out)


def _markup(runs: Sequence[Run]) -> str:
    """Runs as inline markup: ``**bold**``, ``*italic*``, ``[text](target)``, the rest
    escaped; spaces at the edges of a styled run or a link stay outside its markup."""
    parts: list[str] = []
    i = 0
    while i < len(runs):
        link = runs[i].link
        if link is None:
            parts.append(_styled(runs[i]))
            i += 1
            continue
        j = i
        while j < len(runs) and runs[j].link == link:
            j += 1
        inner = "".join(_styled(run) for run in runs[i:j])
        core = inner.strip(" ")
        lead = inner[: len(inner) - len(inner.lstrip(" "))]
        tail = inner[len(inner.rstrip(" ")) :]
        parts.append(f"{lead}[{core}]({escape_target(link)}){tail}" if core else inner)
        i = j
    return "".join(parts)


def _styled(run: Run) -> str:
    text = _SPACES.sub(" ", run.text)
    core = text.strip(" ")
    if not core or not (run.bold or run.italic):
        return escape_inline_text(text)
    lead = text[: len(text) - len(text.lstrip(" "))]
    tail = text[len(text.rstrip(" ")) :]
    mark = "***" if run.bold and run.italic else "**" if run.bold else "*"
    return f"{lead}{mark}{escape_inline_text(core)}{mark[::-1]}{tail}"
