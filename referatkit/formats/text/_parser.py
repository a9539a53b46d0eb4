"""The text layout's tokens (``formats/tokens.py``) to the meeting; its inline markup.

The tokens come from the text layout's lines (``_lexer.py``) or straight from a
print (``formats/printed/_layout.py``, ``_printed.py``): the parser reads the
front page, the items, their sections and the blocks of their bodies, and
names the token's place in every error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import chain
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
    AttendanceStatus,
    Block,
    BulletList,
    Clause,
    Decision,
    Emphasis,
    Forum,
    Heading,
    Inline,
    Item,
    ItemAttendance,
    JournalNumber,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Meeting,
    ModelValueError,
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
    inlines,
    plain_text,
)
from .._attendance_lines import AttendanceLines
from .._build import Place, clock, wall_time
from .._limits import MAX_NUMBER_DIGITS, MAX_TABLE_CELLS, limit_message
from ..grammar import (
    LEAD,
    PRINTED_CLOSED,
    ROUTE,
    RULE_SEGMENT,
    Grammar,
    grammar,
    looks_like_heading,
    unescape_plain,
)
from ..tokens import (
    BlockLine,
    Caption,
    CaseNumber,
    FrontField,
    ItemHeading,
    Marker,
    TableRow,
    Title,
    TocEntry,
    Token,
)

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
        return (Text(text),)  # as inlines(text): one run of plain text, never empty
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


# --- blocks -----------------------------------------------------------------------

# A section's body: runs of body tokens, each run begun by a gap (a blank line).
Body = BlockLine | TableRow
_BODY = (BlockLine, TableRow)
Chunk = list[Body]


class _Reader:
    def __init__(self, source: str, labels: Labels, *, printed: bool = False) -> None:
        self.source = source
        self.labels = labels
        self.g: Grammar = grammar(labels)
        # The line being read, for errors the model raises.
        self.line = 1
        # A printed referat (PDF, Word, their text through pdftotext): "Lukket: " titles
        # are closed items, a closed item's text without a caption its decision, a
        # table of contents' entry may be cut short, the front page's participants and an
        # item's attendance events are read (docs/printed.md).
        self.printed = printed
        self.attendance = AttendanceLines(labels) if printed else None

    def fail(self, message: str, line: int, column: int | None = None) -> NoReturn:
        raise ReadError(message, source=self.source, line=line, column=column)

    def number(self, digits: str, what: str, line: int) -> int:
        """A number the grammar matched (digits), at most MAX_NUMBER_DIGITS of them."""
        if len(digits) > MAX_NUMBER_DIGITS:
            self.fail(
                limit_message("MAX_NUMBER_DIGITS", f"{what} med {len(digits)} cifre", MAX_NUMBER_DIGITS), line
            )
        return int(digits)

    # Blocks of one chunk: paragraphs, lists and tables, each with its raw text where the
    # reader needs it: the line of a one-line paragraph, the first lines of a list's items.
    def chunk_blocks(self, chunk: Chunk) -> list[tuple[Block, Raw]]:
        out: list[tuple[Block, Raw]] = []
        i = 0
        n = len(chunk)
        while i < n:
            token = chunk[i]
            if isinstance(token, TableRow):
                table, i = self.parse_table(chunk, i)
                out.append((table, None))
            elif token.marker is not None:
                block, i, firsts = self.parse_list(chunk, i, depth_indent=None)
                out.append((block, firsts))
            else:
                start = i
                i += 1
                while i < n and isinstance(line := chunk[i], BlockLine) and line.marker is None:
                    i += 1
                raw = token.text if i == start + 1 else None  # a one-line paragraph's, for headings
                text = raw if raw is not None else "\n".join([line.text for line in chunk[start:i]])
                content = parse_inlines(text)
                try:
                    out.append((Paragraph(content), raw))
                except ValueError:
                    self.fail("afsnittet har ingen synlig tekst", token.place.line)
        return out

    def parse_table(self, chunk: Chunk, i: int) -> tuple[Table, int]:
        """A pipe table from ``chunk[i]`` on (docs/text-format.md, 3.8)."""
        rows: list[tuple[int, tuple[str, ...]]] = []
        rule: tuple[int, tuple[str, ...]] | None = None
        first_line = chunk[i].place.line
        made = 0
        while i < len(chunk) and isinstance(row := chunk[i], TableRow):
            pieces = row.cells
            if pieces is None:
                self.fail("en tabellinje skal slutte med '|'", row.place.line)
            made += len(pieces)
            if made > MAX_TABLE_CELLS:  # as in an ODT (a table of 280,000 took 2.7 s and 150 MiB)
                self.fail(
                    limit_message("MAX_TABLE_CELLS", "tabellens celler", MAX_TABLE_CELLS), row.place.line
                )
            if rule is None and all(RULE_SEGMENT.fullmatch(c) for c in pieces):
                rule = (len(rows), pieces)
            else:
                rows.append((row.place.line, pieces))
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
                    cells[(r, index)] = [self.cell_body(piece.strip(" "), line_no), 1, 1]
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
                TableCell(cells[(r, k)][0], column_span=cells[(r, k)][1], row_span=cells[(r, k)][2])
                for k in range(count)
            ]
            for r, count in enumerate(counts)
        ]
        caption: tuple[Inline, ...] = ()
        marker = f"{self.labels.table}: "
        if i < len(chunk) and (after := chunk[i]).text.startswith(marker):
            caption = parse_inlines(after.text[len(marker) :])
            i += 1
        self.line = first_line
        try:
            table = Table(built, header_rows=header, alignments=alignments, caption=caption)
        except ModelValueError as error:
            self.fail(f"tabellen kan ikke læses: {say(error)}", first_line)
        return table, i

    def cell_body(self, text: str, line: int) -> tuple[Paragraph, ...]:
        """A cell's body: its text as one paragraph, none when it is empty."""
        if not text:
            return ()
        content = parse_inlines(text)
        try:
            return (Paragraph(content),)
        except ModelValueError:
            self.fail("afsnittet har ingen synlig tekst", line)

    def parse_list(
        self, chunk: Chunk, i: int, depth_indent: int | None
    ) -> tuple[ListBlock, int, tuple[str, ...]]:
        first = chunk[i]
        assert isinstance(first, BlockLine) and first.marker is not None
        indent = first.marker.indent
        bullet = first.marker.bullet
        start = 1 if bullet else self.number(first.marker.number or "", "listenummeret", first.place.line)
        expected = start
        items: list[tuple[list[str], ListBlock | None]] = []
        while i < len(chunk):
            line = chunk[i]
            if isinstance(line, TableRow):  # a table ends the list
                break
            marker = line.marker
            if marker is None:
                items[-1][0].append(line.text)
                i += 1
                continue
            if marker.indent < indent:
                break
            if marker.indent > indent:
                if marker.indent > MAX_LIST_DEPTH:
                    self.fail(f"listen er indlejret mere end {MAX_LIST_DEPTH} niveauer", line.place.line)
                sub, i, _ = self.parse_list(chunk, i, marker.indent)
                if items[-1][1] is not None:
                    self.fail(
                        "to forskellige indlejrede lister under samme listepunkt kan ikke læses",
                        chunk[i - 1].place.line,
                    )
                items[-1] = (items[-1][0], sub)
                continue
            # This line's own marker: a bullet line may stand where a numbered list ends.
            digits = marker.number
            same_kind = bullet == (digits is None)  # marker.bullet, without the property's call
            number = None if digits is None else self.number(digits, "listenummeret", line.place.line)
            if not same_kind or (not bullet and number != expected):
                if depth_indent is not None and items:
                    self.fail(
                        "en indlejret liste skifter type eller nummerering midt i listen",
                        line.place.line,
                    )
                break
            items.append(([line.rest], None))
            expected += 1
            i += 1
        list_items = tuple([ListItem(parse_inlines("\n".join(text)), sub) for text, sub in items])
        firsts = tuple([text[0] for text, _ in items])
        if bullet:
            return BulletList(list_items), i, firsts
        return OrderedList(list_items, start=start), i, firsts

    def blocks(self, chunks: list[Chunk]) -> list[tuple[Block, Raw]]:
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
                and isinstance(following, (Paragraph, Heading))  # a tuple: faster than a union
                and looks_like_heading(raw)
            ):
                backwards.append((Heading(block.content), raw))
            else:
                backwards.append((block, raw))
        return backwards[::-1]

    # --- sections -----------------------------------------------------------------

    def section(self, caption: Caption, chunks: list[Chunk]) -> Section:
        self.line = caption.place.line
        line = caption.text
        kind = caption.kind
        if kind is SectionKind.CUSTOM:
            body = tuple(block for block, _ in self.blocks(chunks))
            return TextSection(kind, body, caption=line.strip(" \t"))
        default = self.labels.caption(kind)
        own = None if line == default else line
        if kind is SectionKind.ATTACHMENTS:
            return AttachmentList(
                tuple(Attachment(title=unescape_plain(token.text)) for chunk in chunks for token in chunk),
                caption=own,
            )
        if kind is SectionKind.RECOMMENDATION and self.printed:
            chunks = [[_printed_clause(token) for token in chunk] for chunk in chunks]
        pairs = self.blocks(chunks)
        if kind is SectionKind.RECOMMENDATION:
            return self.recommendation(pairs, own)
        body = tuple([block for block, _ in pairs])
        if kind is SectionKind.DECISION:
            return self.decision(line, body, own, caption.place.line)
        return TextSection(kind, body, caption=own)

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


def _printed_clause(token: Body) -> Body:
    """A printed clause line ``At 1) ...`` as the list item ``1. At ...``."""
    m = _PRINTED_CLAUSE.fullmatch(token.text) if isinstance(token, BlockLine) else None
    if m is None:
        return token
    rest = f"{m['lead']} {m['rest']}"
    return BlockLine(token.place, f"{m['number']}. {rest}", token.gap, Marker(0, m["number"]), rest)


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


@cache  # by the grammar (one a label table, hashed by identity): built once, not a reading
def _meeting_time_pattern(g: Grammar) -> re.Pattern[str]:
    labels = g.labels
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


class _Parser(_Reader):
    def __init__(self, source: str, labels: Labels, *, printed: bool = False) -> None:
        super().__init__(source, labels, printed=printed)
        self.time_pattern = _meeting_time_pattern(self.g)

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

    def parse(self, tokens: Iterable[Token]) -> Meeting:
        try:
            return self._parse(tokens)
        except ModelValueError as exc:
            # A value the model rejects (an invisible title, ...): name the line.
            # Any other exception is a bug of the reader's, and goes through.
            self.fail(f"ugyldig værdi: {say(exc)}", self.line)

    def _parse(self, tokens: Iterable[Token]) -> Meeting:
        # The tokens are read as they come (the text layout's lexer gives them one by one):
        # a token read is let go, and the collector has fewer live objects to go through.
        rest = iter(tokens)
        header: list[Token] = []
        for token in rest:
            if isinstance(token, ItemHeading):
                rest = chain((token,), rest)
                break
            header.append(token)
        else:
            if not header:
                self.fail("filen er tom", 1)
        meeting_fields, toc = self.header(header)
        items = self.items(rest)
        if not items:
            last = header[-1].place.line if header else 1
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

    def header(self, header: Sequence[Token]) -> tuple[dict[str, object], list[TocEntry]]:
        labels = self.labels
        if not header:
            self.fail("forsiden mangler: forventede 'REFERAT <forum> d. DD-MM-ÅÅÅÅ'", 1)
        title = header[0]
        line_no = title.place.line
        m = self.g.title_line.fullmatch(title.text) if isinstance(title, Title) else None
        if m is None:
            self.fail(
                f"forventede en titellinje som '{labels.minutes} Byudvalget "
                f"{labels.date_prefix} 14-01-2025', fandt {title.text[:60]!r}",
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
        toc: list[TocEntry] = []
        seen_date = False
        people: list[Participant] = []
        status: AttendanceStatus | None = None  # under a print's heading of participants
        for token in header[1:]:
            line_no, line = token.place.line, token.text
            self.line = line_no
            if isinstance(token, TocEntry):
                toc.append(token)
            elif not isinstance(token, FrontField):
                self.fail(f"uventet linje i forsiden: {line[:60]!r}", line_no)
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
            elif token.label == labels.meeting_date:
                self.fail(
                    f"kan ikke læse mødedatoen {token.value!r}: forventede "
                    "fx 'Torsdag d. 05. januar 2017 kl. 09:00'",
                    line_no,
                )
            elif token.label == labels.meeting_place and "place" not in fields:
                fields["place"] = token.value
                field_lines["place"] = line_no
            elif token.contents:
                status = None
            elif self.attendance is not None and (heading := self.attendance.status(line)) is not None:
                status = heading
            elif status is not None and (person := self.person(line, status, line_no)) is not None:
                people.append(person)
                field_lines.setdefault("attendance", line_no)
            else:
                self.fail(f"uventet linje i forsiden: {line[:60]!r}", line_no)
        if people:
            fields["attendance"] = tuple(people)
        if not seen_date:
            self.fail(f"forsiden mangler linjen '{labels.meeting_date} ...'", header[0].place.line)
        try:
            Meeting(**fields)  # type: ignore[arg-type]  # fields: dict[str, object]; the model checks each
        except ModelValueError as exc:
            self.fail(f"ugyldig værdi: {say(exc)}", field_lines.get(exc.field.partition(".")[0], 1))
        return fields, toc

    def person(self, line: str, status: AttendanceStatus, line_no: int) -> Participant | None:
        """A participant's line of a print's front page, or ``None``."""
        assert self.attendance is not None
        try:
            return self.attendance.participant(line, status)
        except ModelValueError as exc:
            self.fail(f"ugyldig deltager: {say(exc)}", line_no)

    def event(self, text: str, line_no: int) -> ItemAttendance | None:
        """An item's attendance event as a print shows it (in italics), or ``None``."""
        if self.attendance is None:
            return None
        try:
            return self.attendance.event(plain_text(parse_inlines(text)))  # its italics, escapes read
        except ModelValueError as exc:
            self.fail(f"ugyldig fremmødenote: {say(exc)}", line_no)

    def items(self, tokens: Iterable[Token]) -> list[Item]:
        items: list[Item] = []
        current: dict[str, object] | None = None
        sections: list[Section] = []
        caption: Caption | None = None
        body: list[Chunk] = []

        def end_section() -> None:
            nonlocal caption, body
            if caption is not None:
                sections.append(self.section(caption, body))
            caption, body = None, []

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

        for token in tokens:
            # Body tokens first, and a block's further lines at once: they are most of the tokens.
            if isinstance(token, _BODY):
                if body and not token.gap:
                    body[-1].append(token)
                    continue
                self.line = token.place.line
                if current is None:
                    self.fail("tekst før første punkt", token.place.line)
                if caption is None and not sections and (event := self.event(token.text, self.line)):
                    # A print's attendance event, under the item's heading.
                    events = current.setdefault("attendance", [])
                    assert isinstance(events, list)
                    events.append(event)
                    continue
                if caption is None and self.printed and current.get("public") is False and not sections:
                    # A closed item prints its decision without a caption.
                    kind = SectionKind.DECISION
                    caption = Caption(token.place, self.labels.caption(kind), kind)
                elif caption is None:
                    self.fail(
                        "tekst uden afsnitsoverskrift: forventede fx "
                        f"'{self.labels.caption(SectionKind.RECOMMENDATION)}' eller "
                        f"'{self.labels.caption(SectionKind.DECISION)}', fandt {token.text[:60]!r}",
                        token.place.line,
                    )
                body.append([token])
                continue
            self.line = token.place.line
            if isinstance(token, ItemHeading):
                end_item()
                title = token.title
                closed = self.printed and title.startswith(PRINTED_CLOSED) and bool(title[8:].strip())
                current = {
                    "_line": token.place.line,
                    "number": token.number,
                    **_split_title(title[len(PRINTED_CLOSED) :] if closed else title),
                }
                if closed:
                    current["public"] = False
            elif current is None:
                self.fail("tekst før første punkt", token.place.line)
            elif isinstance(token, Caption):
                end_section()
                caption = token
            elif isinstance(token, CaseNumber):
                current["journal_number"] = JournalNumber(token.value)
            else:
                self.fail(f"uventet linje: {token.text[:60]!r}", token.place.line)
        end_item()
        return items

    def apply_toc(self, items: list[Item], toc: list[TocEntry]) -> list[Item]:
        if not toc:
            return items
        if len(toc) != len(items):
            self.fail(
                f"indholdsfortegnelsen har {len(toc)} linjer, men dokumentet har {len(items)} punkter",
                toc[0].place.line,
            )
        out = []
        for entry, item in zip(toc, items, strict=True):
            line_no = entry.place.line
            title = entry.title
            paged = entry.page is not None
            page = self.number(entry.page, "sidetallet", line_no) if entry.page is not None else None
            expected = item.full_title.rstrip(".") if paged else item.full_title
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


def parse_tokens(tokens: Iterable[Token], source: str, labels: Labels, *, printed: bool = False) -> Meeting:
    """The meeting ``tokens`` hold; an error names ``source`` and the token's line.

    ``printed``: the tokens of a printed referat (a print's lines, ``pdftotext``'s
    text), read with the printed referat's variants (docs/printed.md)."""
    return _Parser(source, labels, printed=printed).parse(tokens)
