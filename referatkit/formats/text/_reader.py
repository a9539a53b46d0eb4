"""Read the plain-text layout of the printed referater into a meeting."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NoReturn

import attrs

from ..._repr import fields_repr
from ...errors import ReadError
from ...l10n import Labels, localize, month_number, month_pattern, weekday_name
from ...l10n.messages import say
from ...model import (
    MAX_LIST_DEPTH,
    Alignment,
    Attachment,
    AttachmentList,
    Block,
    BulletList,
    Clause,
    Decision,
    Emphasis,
    Forum,
    Heading,
    Inline,
    Item,
    JournalNumber,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Meeting,
    ModelValueError,
    OrderedList,
    Paragraph,
    Recommendation,
    Section,
    SectionKind,
    Strong,
    Table,
    TableCell,
    Text,
    TextSection,
    inlines,
)
from .._build import Place, clock, wall_time
from .._contract import ReadContext
from .._encoding import utf16_codec
from .._limits import COST_TEXT_LINE, MAX_NUMBER_DIGITS, MAX_TEXT_BYTES, charge, limit_message, over
from ..grammar import (
    LEAD,
    MARKER,
    PRINTED_CLOSED,
    PRINTED_CUSTOM_CAPTION,
    ROUTE,
    RULE_SEGMENT,
    TABLE_START,
    TOC_ENTRY,
    Grammar,
    grammar,
    is_blank,
    looks_like_heading,
    split_row,
    unescape_plain,
)
from ._printed import from_pdftotext

# --- decoding -----------------------------------------------------------------


def decode(data: bytes, source: str) -> str:
    """UTF-8 (or UTF-16) text with ``\\n`` line ends, or a ReadError naming the bad place."""
    codec = utf16_codec(data)
    if codec is not None:
        return _decode_utf16(data, codec, source)
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise ReadError("binær fil: indeholder NUL-tegn, ikke tekst", source=source, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReadError(
            f"ikke gyldig UTF-8 (byte 0x{data[exc.start]:02x}); gem filen som UTF-8",
            source=source,
            line=line,
            column=column,
        ) from None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_utf16(data: bytes, codec: str, source: str) -> str:
    """UTF-16 text (Windows' "Unicode"), its byte order mark dropped."""
    body = data[2:] if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].decode(codec, "replace").count("\n") + 1
        raise ReadError(
            f"ikke gyldig UTF-16 (byte {exc.start + len(data) - len(body)}); gem filen som UTF-8",
            source=source,
            line=line,
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise ReadError(
            "binær fil: indeholder NUL-tegn, ikke tekst", source=source, line=text.count("\n", 0, nul) + 1
        )
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# --- inline markup ----------------------------------------------------------------


@attrs.define
class _Frame:
    __repr__ = fields_repr

    kind: str  # "root", "em", "strong", "link"
    opener: str
    children: list[Inline | str] = attrs.field(factory=list)


_PLAIN_RUN = re.compile(r"[^\\\n*\[\]]+")


def parse_inlines(text: str) -> tuple[Inline, ...]:
    """Parse ``*em*``, ``**strong**``, ``[text](target)``, escapes and line breaks."""
    if _PLAIN_RUN.fullmatch(text):
        return inlines(text)
    stack = [_Frame("root", "")]
    i = 0
    n = len(text)

    def close() -> None:
        frame = stack.pop()
        node: Inline = Emphasis(frame.children) if frame.kind == "em" else Strong(frame.children)
        stack[-1].children.append(node)

    while i < n:
        c = text[i]
        plain = _PLAIN_RUN.match(text, i)
        if plain is not None:
            stack[-1].children.append(plain.group())
            i = plain.end()
        elif c == "\\" and i + 1 < n:
            stack[-1].children.append(text[i + 1])
            i += 2
        elif c == "\n":
            stack[-1].children.append(LineBreak())
            i += 1
        elif c == "*":
            j = i
            while j < n and text[j] == "*":
                j += 1
            run = j - i
            while run > 0:
                top = stack[-1].kind
                if top == "em":
                    close()
                    run -= 1
                elif top == "strong" and run >= 2:
                    close()
                    run -= 2
                elif run >= 2:
                    stack.append(_Frame("strong", "**"))
                    run -= 2
                else:
                    stack.append(_Frame("em", "*"))
                    run -= 1
            i = j
        elif c == "[":
            stack.append(_Frame("link", "["))
            i += 1
        elif c == "]" and stack[-1].kind == "link" and text.startswith("(", i + 1):
            target, end = _link_target(text, i + 2)
            if end is None:
                stack[-1].children.append(c)
                i += 1
                continue
            frame = stack.pop()
            stack[-1].children.append(Link(frame.children, target))
            i = end
        else:
            stack[-1].children.append(c)
            i += 1
    # Unclosed markup is literal text: each frame's opener and children after its parent's, in
    # one pass (folding each frame into its parent copied the deeper ones again at every level:
    # 20,000 unclosed "[" in 200 KiB took a second).
    flat = stack[0].children
    for frame in stack[1:]:
        flat.append(frame.opener)
        flat.extend(frame.children)
    return inlines(flat)


def _link_target(text: str, start: int) -> tuple[str, int | None]:
    out: list[str] = []
    i = start
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        elif c == ")":
            target = "".join(out)
            return (target, i + 1) if target.strip() else ("", None)
        elif c == "\n":
            return "", None
        else:
            out.append(c)
            i += 1
    return "", None


# The raw text kept beside a block: a one-line paragraph's line, or the
# first lines of a list's items.
Raw = str | tuple[str, ...] | None


# Deeper nesting is refused: no real referat needs it, and writers recurse.


# --- chunks ---------------------------------------------------------------------


@attrs.define
class _Chunk:
    """Consecutive non-blank lines; ``line`` is the 1-based number of the first."""

    __repr__ = fields_repr

    line: int
    lines: list[str]

    def rest(self) -> _Chunk | None:
        return _Chunk(self.line + 1, self.lines[1:]) if len(self.lines) > 1 else None


def _chunks(lines: list[str], first_line: int) -> list[_Chunk]:
    out: list[_Chunk] = []
    current: _Chunk | None = None
    for offset, line in enumerate(lines):
        if is_blank(line):
            current = None
        elif current is None:
            current = _Chunk(first_line + offset, [line])
            out.append(current)
        else:
            current.lines.append(line)
    return out


# --- blocks -----------------------------------------------------------------------


class _Reader:
    def __init__(
        self,
        source: str,
        labels: Labels,
        *,
        printed: bool = False,
        captions: frozenset[int] = frozenset(),
    ) -> None:
        self.source = source
        self.labels = labels
        self.g: Grammar = grammar(labels)
        # The line being read, for errors the model raises.
        self.line = 1
        # A printed referat (PDF, Word, their text through pdftotext): its
        # captions are also the lines in ``captions`` (bold in the print) and
        # "<X>s påtegning"; "Lukket: " titles are closed items (docs/printed.md).
        self.printed = printed
        self.forced_captions = captions

    def caption_kind(self, line: str, line_no: int) -> SectionKind | None:
        """The kind of section the line at ``line_no`` opens, or ``None``."""
        kind = self.g.caption_kind(line)
        if (
            kind is None
            and self.printed
            and (line_no in self.forced_captions or PRINTED_CUSTOM_CAPTION.fullmatch(line.strip(" \t")))
        ):
            return SectionKind.CUSTOM
        return kind

    def fail(self, message: str, line: int, column: int | None = None) -> NoReturn:
        raise ReadError(message, source=self.source, line=line, column=column)

    def number(self, digits: str, what: str, line: int) -> int:
        """A number the grammar matched (digits), at most MAX_NUMBER_DIGITS of them."""
        if len(digits) > MAX_NUMBER_DIGITS:
            self.fail(
                limit_message("MAX_NUMBER_DIGITS", f"{what} med {len(digits)} cifre", MAX_NUMBER_DIGITS), line
            )
        return int(digits)

    # Blocks of one chunk: paragraphs and lists. Returns (block, raw first line).
    # Blocks of one chunk, each with its raw text where the reader needs it:
    # the line of a one-line paragraph, the first lines of a list's items.
    def chunk_blocks(self, chunk: _Chunk) -> list[tuple[Block, Raw]]:
        out: list[tuple[Block, Raw]] = []
        lines = chunk.lines
        i = 0
        while i < len(lines):
            if lines[i].startswith(TABLE_START):
                table, i = self.parse_table(lines, i, chunk.line)
                out.append((table, None))
            elif MARKER.match(lines[i]):
                block, i, firsts = self.parse_list(lines, i, chunk.line, depth_indent=None)
                out.append((block, firsts))
            else:
                start = i
                i += 1
                while i < len(lines) and not MARKER.match(lines[i]) and not lines[i].startswith(TABLE_START):
                    i += 1
                raw = lines[start:i]
                content = parse_inlines("\n".join(raw))
                try:
                    out.append((Paragraph(content), raw[0] if len(raw) == 1 else None))
                except ValueError:
                    self.fail("afsnittet har ingen synlig tekst", chunk.line + start)
        return out

    def parse_table(self, lines: list[str], i: int, chunk_line: int) -> tuple[Table, int]:
        """A pipe table from ``lines[i]`` on (docs/text-format.md, 3.8)."""
        rows: list[tuple[int, list[str]]] = []
        rule: tuple[int, list[str]] | None = None
        first_line = chunk_line + i
        while i < len(lines) and lines[i].startswith(TABLE_START):
            pieces = split_row(lines[i])
            if pieces is None:
                self.fail("en tabellinje skal slutte med '|'", chunk_line + i)
            if rule is None and all(RULE_SEGMENT.fullmatch(c) for c in pieces):
                rule = (len(rows), pieces)
            else:
                rows.append((chunk_line + i, pieces))
            i += 1
        if rule is None:
            self.fail(
                "tabellen mangler stregen under overskriftsrækkerne, fx '|---|--:|'",
                first_line,
            )
        header, segments = rule
        alignments = []
        for segment in segments:
            m = RULE_SEGMENT.fullmatch(segment)
            assert m is not None
            if m["left"] and m["right"]:
                alignments.append(Alignment.CENTER)
            elif m["right"]:
                alignments.append(Alignment.RIGHT)
            else:
                alignments.append(Alignment.LEFT)
        width = len(alignments)
        # Every cell as [cell, column_span, row_span], by (row, index in the row);
        # ``owner`` maps each place of the grid to the cell that covers it.
        cells: dict[tuple[int, int], list[Any]] = {}
        counts: list[int] = []
        owner: dict[tuple[int, int], tuple[int, int]] = {}
        for r, (line_no, pieces) in enumerate(rows):
            if pieces[0] == "":
                self.fail("en tabelrække kan ikke begynde med '||'", line_no)
            column = 0
            index = 0
            covering: tuple[int, int] | None = None  # the cell a "^" continues
            covered = 0
            for piece in [*pieces, None]:
                if covering is not None and piece != "":
                    if covered != cells[covering][1]:
                        self.fail("'^' i tabellen har ikke samme bredde som cellen over den", line_no)
                    covering = None
                if piece is None:
                    break
                if piece == "":  # "||": the cell before spans one more column
                    if covering is not None:
                        if owner.get((r - 1, column)) != covering:
                            self.fail("'^' i tabellen har ikke samme bredde som cellen over den", line_no)
                        covered += 1
                        owner[(r, column)] = covering
                    else:
                        cells[(r, index - 1)][1] += 1
                        owner[(r, column)] = (r, index - 1)
                    column += 1
                elif piece.strip(" ") == "^":
                    above = owner.get((r - 1, column))
                    if above is None or (r > 0 and column > 0 and owner.get((r - 1, column - 1)) == above):
                        self.fail("'^' i tabellen står ikke under begyndelsen af en celle", line_no)
                    cells[above][2] += 1
                    owner[(r, column)] = above
                    covering, covered = above, 1
                    column += 1
                else:
                    cells[(r, index)] = [self.cell(piece.strip(" "), line_no), 1, 1]
                    owner[(r, column)] = (r, index)
                    index += 1
                    column += 1
            if column != width:
                self.fail(
                    f"tabelrækken har {column} kolonner, men stregen under overskriftsrækkerne har {width}",
                    line_no,
                )
            counts.append(index)
        built = [
            [
                TableCell(cells[(r, k)][0].body, column_span=cells[(r, k)][1], row_span=cells[(r, k)][2])
                for k in range(count)
            ]
            for r, count in enumerate(counts)
        ]
        caption: tuple[Inline, ...] = ()
        marker = f"{self.labels.table}: "
        if i < len(lines) and lines[i].startswith(marker):
            caption = parse_inlines(lines[i][len(marker) :])
            i += 1
        self.line = first_line
        try:
            table = Table(built, header_rows=header, alignments=alignments, caption=caption)
        except ModelValueError as error:
            self.fail(f"tabellen kan ikke læses: {say(error)}", first_line)
        return table, i

    def cell(self, text: str, line: int) -> TableCell:
        if not text:
            return TableCell()
        content = parse_inlines(text)
        try:
            return TableCell((Paragraph(content),))
        except ModelValueError:
            self.fail("afsnittet har ingen synlig tekst", line)

    def parse_list(
        self, lines: list[str], i: int, first_line: int, depth_indent: int | None
    ) -> tuple[ListBlock, int, tuple[str, ...]]:
        m = MARKER.match(lines[i])
        assert m is not None
        indent = len(m["indent"])
        bullet = m["bullet"] is not None
        start = 1 if bullet else self.number(m["number"], "listenummeret", first_line + i)
        expected = start
        items: list[tuple[list[str], ListBlock | None]] = []
        while i < len(lines):
            if lines[i].startswith(TABLE_START):  # a table ends the list
                break
            m = MARKER.match(lines[i])
            if m is None:
                items[-1][0].append(lines[i])
                i += 1
                continue
            this_indent = len(m["indent"])
            if this_indent < indent:
                break
            if this_indent > indent:
                if this_indent > MAX_LIST_DEPTH:
                    self.fail(f"listen er indlejret mere end {MAX_LIST_DEPTH} niveauer", first_line + i)
                sub, i, _ = self.parse_list(lines, i, first_line, this_indent)
                if items[-1][1] is not None:
                    self.fail(
                        "to forskellige indlejrede lister under samme listepunkt kan ikke læses",
                        first_line + i - 1,
                    )
                items[-1] = (items[-1][0], sub)
                continue
            same_kind = bullet == (m["bullet"] is not None)
            # This line's own marker: a bullet line may stand where a numbered list ends.
            digits = m["number"]
            number = None if digits is None else self.number(digits, "listenummeret", first_line + i)
            if not same_kind or (not bullet and number != expected):
                if depth_indent is not None and items:
                    self.fail(
                        "en indlejret liste skifter type eller nummerering midt i listen",
                        first_line + i,
                    )
                break
            items.append(([m["rest"] or ""], None))
            expected += 1
            i += 1
        list_items = tuple(ListItem(parse_inlines("\n".join(text)), sub) for text, sub in items)
        firsts = tuple(text[0] for text, _ in items)
        if bullet:
            return BulletList(list_items), i, firsts
        return OrderedList(list_items, start=start), i, firsts

    def blocks(self, chunks: list[_Chunk]) -> list[tuple[Block, Raw]]:
        """The blocks of a section, with sub-headings told from paragraphs."""
        pairs = [pair for chunk in chunks for pair in self.chunk_blocks(chunk)]
        # Built from the end (a heading is told by what follows it), appended and turned once:
        # inserting each at the front was quadratic (40,000 blocks took a second).
        backwards: list[tuple[Block, Raw]] = []
        for block, raw in reversed(pairs):
            following = backwards[-1][0] if backwards else None
            if (
                isinstance(block, Paragraph)
                and isinstance(raw, str)
                and isinstance(following, Paragraph | Heading)
                and looks_like_heading(raw)
            ):
                backwards.append((Heading(block.content), raw))
            else:
                backwards.append((block, raw))
        return backwards[::-1]

    # --- sections -----------------------------------------------------------------

    def section(self, caption_chunk: _Chunk, chunks: list[_Chunk]) -> Section:
        self.line = caption_chunk.line
        line = caption_chunk.lines[0]
        kind = self.caption_kind(line, caption_chunk.line)
        assert kind is not None
        if kind is SectionKind.CUSTOM:
            body = tuple(block for block, _ in self.blocks(chunks))
            return TextSection(kind, body, caption=line.strip(" \t"))
        default = self.labels.caption(kind)
        caption = None if line == default else line
        if kind is SectionKind.ATTACHMENTS:
            return AttachmentList(
                tuple(Attachment(title=unescape_plain(text)) for chunk in chunks for text in chunk.lines),
                caption=caption,
            )
        if kind is SectionKind.RECOMMENDATION and self.printed:
            chunks = [_Chunk(c.line, [_printed_clause(text) for text in c.lines]) for c in chunks]
        pairs = self.blocks(chunks)
        if kind is SectionKind.RECOMMENDATION:
            return self.recommendation(pairs, caption)
        body = tuple(block for block, _ in pairs)
        if kind is SectionKind.DECISION:
            return self.decision(line, body, caption, caption_chunk.line)
        return TextSection(kind, body, caption=caption)

    def recommendation(self, pairs: list[tuple[Block, Raw]], caption: str | None) -> Recommendation:
        intro: tuple[Inline, ...] = ()
        clauses: tuple[Clause, ...] = ()
        rest = pairs
        if rest and isinstance(rest[0][0], Paragraph):
            intro, rest = rest[0][0].content, rest[1:]
        if rest and isinstance(rest[0][0], OrderedList) and _is_clause_list(rest[0][0]):
            firsts = rest[0][1]
            assert isinstance(firsts, tuple)
            clauses = tuple(
                _clause(item, first) for item, first in zip(rest[0][0].items, firsts, strict=True)
            )
            rest = rest[1:]
        return Recommendation(intro, clauses, body=tuple(block for block, _ in rest), caption=caption)

    def decision(self, line: str, body: tuple[Block, ...], caption: str | None, at: int) -> Decision:
        text = line.strip(" \t")
        for pattern in self.g.decision_patterns:
            m = pattern.fullmatch(text)
            if m is None:
                continue
            groups = m.groupdict()
            date = self.short_date(groups["date"], at) if groups.get("date") else None
            return Decision(body, forum=groups.get("forum"), date=date, caption=None)
        return Decision(body, caption=caption)

    def short_date(self, text: str, line: int) -> dt.date:
        # As strptime's "%d-%m-%Y", without loading _strptime and calendar at start-up.
        found = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", text)
        try:
            if found is None:
                raise ValueError(text)
            return dt.date(int(found[3]), int(found[2]), int(found[1]))
        except ValueError:
            self.fail(f"ugyldig dato {text!r} (forventede DD-MM-ÅÅÅÅ)", line)


# A clause as printed by some case systems: "At 1) der afsættes ...".
_PRINTED_CLAUSE = re.compile(r"(?P<lead>at|At|AT) (?P<number>\d+)\) (?P<rest>.*)")


def _printed_clause(line: str) -> str:
    m = _PRINTED_CLAUSE.fullmatch(line)
    return f"{m['number']}. {m['lead']} {m['rest']}" if m else line


def _toc_key(title: str) -> str:
    """A title as compared with its table-of-contents entry in a printed referat:
    without white space and hyphens (a print may break a word at its hyphen)."""
    return re.sub(r"[\s\-‐‑–]+", "", title)


def _is_clause_list(block: OrderedList) -> bool:
    return block.start == 1 and all(item.sublist is None for item in block.items)


def _clause(item: ListItem, raw: str) -> Clause:
    # The raw line decides: an escaped "\at" is content, not the lead word.
    first = item.content[0] if item.content else None
    if isinstance(first, Text) and not raw.startswith("\\"):
        m = LEAD.match(first.text)
        if m is not None:
            rest = (Text(first.text[m.end() :]), *item.content[1:])
            return Clause(rest, lead=m["lead"])
    return Clause(item.content, lead="")


# --- the document -------------------------------------------------------------------


def _meeting_time_pattern(labels: Labels) -> re.Pattern[str]:
    stamp = (
        rf"(?P<{{p}}weekday>\w+) {re.escape(labels.date_prefix)} (?P<{{p}}day>\d{{{{1,2}}}})\. "
        rf"(?P<{{p}}month>{month_pattern()}) (?P<{{p}}year>\d{{{{4}}}}) "
        rf"{re.escape(labels.meeting_time)} (?P<{{p}}hour>\d\d):(?P<{{p}}minute>\d\d)"
    )
    return re.compile(
        rf"{re.escape(labels.meeting_date)} {stamp.format(p='s_')}"
        rf"(?:-(?P<end_hour>\d\d):(?P<end_minute>\d\d)"
        rf"| {re.escape(labels.until)} {stamp.format(p='e_')})?",
        re.IGNORECASE,
    )


class _DocumentReader(_Reader):
    def __init__(
        self,
        source: str,
        labels: Labels,
        *,
        printed: bool = False,
        captions: frozenset[int] = frozenset(),
    ) -> None:
        super().__init__(source, labels, printed=printed, captions=captions)
        self.time_pattern = _meeting_time_pattern(labels)

    def stamp(self, m: re.Match[str], prefix: str, line: int) -> dt.datetime:
        month = month_number(m[f"{prefix}month"])
        assert month is not None
        naive = wall_time(
            Place(self.source, line),
            "ugyldigt tidspunkt",
            year=int(m[f"{prefix}year"]),
            month=month,
            day=int(m[f"{prefix}day"]),
            hour=int(m[f"{prefix}hour"]),
            minute=int(m[f"{prefix}minute"]),
        )
        if m[f"{prefix}weekday"].casefold() != weekday_name(naive.date()):
            self.fail(
                f"ugedagen {m[f'{prefix}weekday']!r} passer ikke til datoen "
                f"(den {naive:%d-%m-%Y} er en {weekday_name(naive.date())})",
                line,
            )
        try:
            return localize(naive)
        except ValueError:
            self.fail(f"tidspunktet {naive:%H:%M} findes ikke den dag (sommertid)", line)

    def read(self, text: str) -> Meeting:
        try:
            return self._read(text)
        except ModelValueError as exc:
            # A value the model rejects (an invisible title, ...): name the line.
            # Any other exception is a bug of the reader's, and goes through.
            self.fail(f"ugyldig værdi: {say(exc)}", self.line)

    def _read(self, text: str) -> Meeting:
        lines = text.split("\n")
        chunks = _chunks(lines, 1)
        if not chunks:
            self.fail("filen er tom", 1)
        # Header lines (blank lines are not significant before the first item).
        header: list[tuple[int, str]] = []
        body_start = len(chunks)
        for index, chunk in enumerate(chunks):
            if self.g.item_heading.fullmatch(chunk.lines[0]):
                body_start = index
                break
            header.extend((chunk.line + k, line) for k, line in enumerate(chunk.lines))
        meeting_fields, toc = self.header(header)
        items = self.items(chunks[body_start:])
        if not items:
            last = header[-1][0] if header else 1
            self.fail(
                f"ingen dagsordenspunkter: forventede linjer som '{self.labels.item} 1: Titel'",
                last,
            )
        items = self.apply_toc(items, toc)
        forum = meeting_fields.pop("forum")
        assert isinstance(forum, Forum)
        routes = {item.route for item in items}
        if len(routes) == 1 and len(next(iter(routes))) == 1:
            forum = attrs.evolve(forum, short_name=next(iter(routes))[0])
        return Meeting(forum=forum, items=tuple(items), **meeting_fields)  # type: ignore[arg-type]  # header()'s fields: dict[str, object]

    def header(self, header: list[tuple[int, str]]) -> tuple[dict[str, object], list[tuple[int, str]]]:
        labels = self.labels
        if not header:
            self.fail("forsiden mangler: forventede 'REFERAT <forum> d. DD-MM-ÅÅÅÅ'", 1)
        line_no, title_line = header[0]
        m = self.g.title_line.fullmatch(title_line)
        if m is None:
            self.fail(
                f"forventede en titellinje som '{labels.minutes} Byudvalget "
                f"{labels.date_prefix} 14-01-2025', fandt {title_line[:60]!r}",
                line_no,
            )
        kind, variant = self.g.kind_titles[m["kind"]]
        title_date = self.short_date(m["date"], line_no)
        self.line = line_no
        fields: dict[str, object] = {
            "forum": Forum(name=m["forum"]),
            "kind": kind,
            "variant": variant,
            "draft": m["draft"] is not None,
        }
        field_lines = {"forum": line_no}
        toc: list[tuple[int, str]] = []
        in_toc = False
        seen_date = False
        for line_no, line in header[1:]:
            self.line = line_no
            if in_toc:
                toc.append((line_no, line))
            elif (tm := self.time_pattern.fullmatch(line)) is not None:
                start = self.stamp(tm, "s_", line_no)
                if start.date() != title_date:
                    self.fail(
                        f"mødedatoen {start:%d-%m-%Y} er ikke datoen i titellinjen ({m['date']})",
                        line_no,
                    )
                fields["start"] = start
                field_lines["start"] = field_lines["end"] = line_no
                if tm["end_hour"] is not None:
                    end_time = clock(
                        Place(self.source, line_no),
                        "ugyldigt sluttidspunkt",
                        int(tm["end_hour"]),
                        int(tm["end_minute"]),
                    )
                    end = localize(dt.datetime.combine(start.date(), end_time))
                    fields["end"] = end
                elif tm["e_year"] is not None:
                    fields["end"] = self.stamp(tm, "e_", line_no)
                end_value = fields.get("end")
                if isinstance(end_value, dt.datetime) and end_value < start:
                    self.fail("mødet slutter før det begynder", line_no)
                seen_date = True
            elif line.startswith(labels.meeting_date + " "):
                self.fail(
                    f"kan ikke læse mødedatoen {line[len(labels.meeting_date) + 1 :]!r}: forventede "
                    "fx 'Torsdag d. 05. januar 2017 kl. 09:00'",
                    line_no,
                )
            elif line.startswith(labels.meeting_place + " ") and "place" not in fields:
                fields["place"] = line[len(labels.meeting_place) + 1 :]
                field_lines["place"] = line_no
            elif line == labels.contents:
                in_toc = True
            else:
                self.fail(f"uventet linje i forsiden: {line[:60]!r}", line_no)
        if not seen_date:
            self.fail(f"forsiden mangler linjen '{labels.meeting_date} ...'", header[0][0])
        try:
            Meeting(**fields)  # type: ignore[arg-type]  # fields: dict[str, object]; the model checks each
        except ModelValueError as exc:
            self.fail(f"ugyldig værdi: {say(exc)}", field_lines.get(exc.field.partition(".")[0], 1))
        return fields, toc

    def items(self, chunks: list[_Chunk]) -> list[Item]:
        items: list[Item] = []
        pending: list[_Chunk] = list(reversed(chunks))
        current: dict[str, object] | None = None
        sections: list[Section] = []
        caption_chunk: _Chunk | None = None
        body: list[_Chunk] = []
        expect_journal = False

        def end_section() -> None:
            nonlocal caption_chunk, body
            if caption_chunk is not None:
                sections.append(self.section(caption_chunk, body))
            caption_chunk, body = None, []

        def end_item() -> None:
            nonlocal current, sections
            end_section()
            if current is not None:
                line = current.pop("_line")
                assert isinstance(line, int)
                try:
                    items.append(Item(sections=tuple(sections), **current))  # type: ignore[arg-type]  # current: dict[str, object] of Item's fields
                except ModelValueError as exc:
                    self.fail(f"ugyldigt punkt: {say(exc)}", line)
            current, sections = None, []

        while pending:
            chunk = pending.pop()
            self.line = chunk.line
            first = chunk.lines[0]
            heading = self.g.item_heading.fullmatch(first)
            if heading is not None:
                end_item()
                title = heading["title"]
                closed = self.printed and title.startswith(PRINTED_CLOSED) and bool(title[8:].strip())
                current = {
                    "_line": chunk.line,
                    "number": heading["number"],
                    **_split_title(title[len(PRINTED_CLOSED) :] if closed else title),
                }
                if closed:
                    current["public"] = False
                expect_journal = True
            elif current is None:
                self.fail("tekst før første punkt", chunk.line)
            elif self.caption_kind(first, chunk.line) is not None:
                end_section()
                caption_chunk = chunk
                expect_journal = False
            elif expect_journal:
                current["journal_number"] = JournalNumber(unescape_plain(first).strip(" \t"))
                expect_journal = False
            elif caption_chunk is None and self.printed and current.get("public") is False and not sections:
                # A closed item prints its decision without a caption.
                caption_chunk = _Chunk(chunk.line, [self.labels.caption(SectionKind.DECISION)])
                body.append(chunk)
                continue
            elif caption_chunk is None:
                self.fail(
                    "tekst uden afsnitsoverskrift: forventede fx "
                    f"'{self.labels.caption(SectionKind.RECOMMENDATION)}' eller "
                    f"'{self.labels.caption(SectionKind.DECISION)}', fandt {first[:60]!r}",
                    chunk.line,
                )
            else:
                body.append(chunk)
                continue
            rest = chunk.rest()
            if rest is not None:
                pending.append(rest)
        end_item()
        return items

    def apply_toc(self, items: list[Item], toc: list[tuple[int, str]]) -> list[Item]:
        if not toc:
            return items
        if len(toc) != len(items):
            self.fail(
                f"indholdsfortegnelsen har {len(toc)} linjer, men dokumentet har {len(items)} punkter",
                toc[0][0],
            )
        out = []
        for (line_no, line), item in zip(toc, items, strict=True):
            m = TOC_ENTRY.fullmatch(line)
            title, page = (m["title"], self.number(m["page"], "sidetallet", line_no)) if m else (line, None)
            expected = item.full_title.rstrip(".") if m else item.full_title
            if self.printed:
                # A printed entry may be cut short, and a closed item's keeps "Lukket: ".
                key = _toc_key(title.rstrip("."))
                expected = (
                    title
                    if any(
                        _toc_key(full.rstrip(".")).startswith(key)
                        and len(key) >= min(10, len(_toc_key(full.rstrip("."))))
                        for full in (item.full_title, PRINTED_CLOSED + item.full_title)
                    )
                    else item.full_title
                )
            if title != expected:
                self.fail(
                    f"indholdsfortegnelsen nævner {title!r}, men punkt {item.number} hedder "
                    f"{item.full_title!r}",
                    line_no,
                )
            out.append(attrs.evolve(item, page=page))
        return out


def _split_title(full: str) -> dict[str, object]:
    m = ROUTE.fullmatch(full)
    if m is None:
        return {"title": full}
    return {"title": m["title"], "route": tuple(m["route"].split("/"))}


def read_text(data: bytes, ctx: ReadContext) -> Meeting:
    """Read the text layout from ``data``; errors name ``source`` and the line.

    The text of a printed referat as ``pdftotext`` gives it (with or without
    ``-layout``) is recognised and read as a printed referat (docs/printed.md).
    """
    source, labels = ctx.source, ctx.labels
    if len(data) > MAX_TEXT_BYTES:
        raise over("MAX_TEXT_BYTES", f"tekstfilen på {len(data)} bytes", MAX_TEXT_BYTES, source=source)
    text = decode(data, source)
    # MAX_TEXT_BYTES alone let 600 KB of one-character lines cost 2 s (issue 29's fuzzer).
    charge(COST_TEXT_LINE * (text.count("\n") + 1), "linjer i tekstfilen")
    printed = from_pdftotext(text, labels)
    if printed is not None:
        return read_printed(printed, source, labels)
    return _DocumentReader(source, labels).read(text)


def read_printed(text: str, source: str, labels: Labels, captions: frozenset[int] = frozenset()) -> Meeting:
    """Read the text layout of a printed referat; ``captions`` are line numbers read as
    captions whatever their words (bold lines in the print)."""
    return _DocumentReader(source, labels, printed=True, captions=captions).read(text)
