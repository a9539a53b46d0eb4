"""A printed referat read with a :class:`~._vendor.Layout`: the print's lines straight to
the model, no text in between (docs/printed.md, "Layouts").

The lines (PDF, Word, ODT, recognised page images) are tokens with their place:
each is classified once, in order, as page furniture, a front-page field, an item
heading, a case number, a metadata field, a caption (with its section kind, and a
decision's forum and date) or a line of a section's body; the body lines are then
joined into paragraphs, list items and tables by their fonts and positions. What
the layout cannot place is kept: text before an item's first caption becomes a
section of its own, and every such place is reported (:class:`Reading`).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import pairwise

import attrs
from attrs import frozen

from ..._repr import fields_repr
from ...errors import ReadError
from ...l10n import Labels, localize, month_number, plural
from ...l10n.messages import say
from ...model import (
    Alignment,
    Attachment,
    AttachmentList,
    Block,
    BulletList,
    Decision,
    DocumentKind,
    Emphasis,
    Forum,
    Inline,
    Item,
    JournalNumber,
    LineBreak,
    Link,
    ListItem,
    Meeting,
    ModelValueError,
    Paragraph,
    Participant,
    Recommendation,
    Section,
    SectionKind,
    Strong,
    Table,
    TableCell,
    TextSection,
    Variant,
    inlines,
)
from ..grammar import PRINTED_CLOSED
from ._layout import BULLET, TokenWriter
from ._layout import join_wrapped as _join
from ._lines import Line, Run
from ._vendor import Compiled, Layout

_DATE = re.compile(r"(?P<day>\d{1,2})[.\-/](?P<month>\d{1,2})[.\-/](?P<year>\d{4})")
_PARTICIPANT = re.compile(r"(?P<name>.+?)(?: \((?P<party>[^()]{1,20})\))?(?: - (?P<role>.+))?")
#: The caption of text the layout could not place under a caption of its own.
UNPLACED_CAPTION = "Tekst uden overskrift"


@frozen
class Reading:
    """A print read: the meeting, the layout that read it, the pages recognised from
    images (OCR), and what the layout could not place (each a Danish sentence)."""

    __repr__ = fields_repr

    meeting: Meeting
    layout: str
    recognised: tuple[int, ...] = ()
    unplaced: tuple[str, ...] = ()


def plain(line: Line) -> str:
    """A line's text with its spaces, tabs and line breaks collapsed to single spaces."""
    return " ".join(line.text.split())


def drop_repeated(lines: Sequence[Line]) -> list[Line]:
    """The lines without page furniture: a line whose text (numbers aside) stands at the
    same height on at least half of the pages, and on more than one."""
    pages = len({line.page for line in lines})
    if pages < 2:
        return list(lines)

    def key(line: Line) -> tuple[str, int]:
        return re.sub(r"\d+", "#", plain(line)), round(line.y)

    seen = Counter(k for k in {(key(line), line.page) for line in lines})
    per_key: Counter[tuple[str, int]] = Counter()
    for k, _page in seen:
        per_key[k] += 1
    return [line for line in lines if not (per_key[key(line)] >= 2 and per_key[key(line)] * 2 >= pages)]


class TokenKind(enum.Enum):
    """What a line of a print's body is."""

    HEADING = "heading"  # an item begins: values (number, title)
    CLOSED = "closed"  # the items after this are closed
    JOURNAL = "journal"  # the item's case number: values (number,)
    METADATA = "metadata"  # another field of the item: values (key, value)
    CAPTION = "caption"  # a section begins: section
    LINE = "line"  # a line of a section's body: line


@attrs.define
class _Section:
    __repr__ = fields_repr

    kind: SectionKind
    caption: str | None
    forum: str | None = None
    date: dt.date | None = None
    lines: list[Line] = attrs.field(factory=list)


@frozen
class Token:
    """One token of a print's body, with its page."""

    __repr__ = fields_repr

    kind: TokenKind
    page: int
    values: tuple[str, ...] = ()
    section: _Section | None = None
    line: Line | None = None


@attrs.define
class _Item:
    __repr__ = fields_repr

    number: str
    title: str
    public: bool
    page: int
    journal: str | None = None
    properties: list[tuple[str, str]] = attrs.field(factory=list)
    sections: list[_Section] = attrs.field(factory=list)


class LayoutReader:
    """Reads one print's lines with one layout."""

    def __init__(
        self, layout: Layout, labels: Labels, source: str, *, where: str = "side", paragraphs: bool = False
    ) -> None:
        self.c: Compiled = layout.compiled()
        self.layout = layout
        self.labels = labels
        self.source = source
        self.where = where
        self.paragraphs = paragraphs
        self.unplaced: list[str] = []
        self.captions = {**labels.caption_kinds(), **self.c.captions}

    def fail(self, page: int, message: str) -> ReadError:
        return ReadError(f"{self.where} {page}: {message} (layout {self.layout.name!r})", source=self.source)

    def note(self, page: int, message: str) -> None:
        self.unplaced.append(f"{self.where} {page}: {message}")

    # --- the lines, classified ------------------------------------------------------------

    def read(self, lines: Sequence[Line]) -> Reading:
        c = self.c
        kept = list(lines) if self.paragraphs or not self.layout.repeated else drop_repeated(lines)
        kept = [
            line for line in kept if plain(line) and not any(p.fullmatch(plain(line)) for p in c.furniture)
        ]
        if c.end is not None:
            end = next((i for i, line in enumerate(kept) if c.end.fullmatch(plain(line))), len(kept))
            kept = kept[:end]
        if not kept:
            raise self.fail(1, "dokumentet har ingen tekst")
        self.metrics = TokenWriter(kept, self.labels, self.source, paragraphs=self.paragraphs)
        first = next((i for i, line in enumerate(kept) if self.heading(line)), None)
        if first is None:
            raise self.fail(
                kept[0].page, f"fandt intet dagsordenspunkt (mønsteret item.heading: {self.layout.item!r})"
            )
        fields = self.front(kept[:first])
        items = self.items(kept[first:])
        forum = fields.pop("forum")
        assert isinstance(forum, Forum)
        try:
            meeting = Meeting(forum=forum, items=tuple(items), **fields)  # type: ignore[arg-type]  # front's fields: dict[str, object]
        except ModelValueError as exc:
            raise self.fail(kept[0].page, f"mødet kan ikke dannes: {say(exc)}") from None
        return Reading(meeting, self.layout.name, unplaced=tuple(self.unplaced))

    def heading(self, line: Line) -> re.Match[str] | None:
        layout = self.layout
        if layout.item_bold and not line.bold:
            return None
        if layout.item_larger and not line.size > self.metrics.size * 1.05:
            return None
        return self.c.item.fullmatch(plain(line))

    def at_margin(self, line: Line) -> bool:
        return self.paragraphs or line.x <= self.metrics.margin + 4

    def caption(self, line: Line) -> _Section | None:
        """The section a line opens, or ``None``."""
        text = plain(line)
        if len(text) > max(self.layout.caption_max, 200) or not self.at_margin(line):
            return None
        for pattern in self.c.decisions:
            m = pattern.fullmatch(text)
            if m is not None:
                found = _DATE.search(m["date"])
                date = _date(found["day"], found["month"], found["year"]) if found else None
                return _Section(SectionKind.DECISION, text, m["forum"].strip(), date)
        if len(text) > self.layout.caption_max:
            return None
        kind = self.captions.get(text.casefold()) or self.captions.get(text.rstrip(":").casefold())
        if kind is not None:
            return _Section(kind, text)
        larger = line.size > self.metrics.size * 1.05
        if (
            self.layout.caption_bold
            and line.bold
            and (larger or not self.layout.caption_larger)
            and not text.endswith(".")
        ):
            return _Section(SectionKind.CUSTOM, text)
        if self.layout.caption_colon and text.endswith(":") and len(text) > 1:
            return _Section(SectionKind.CUSTOM, text)
        return None

    # --- the front page ---------------------------------------------------------------

    def front(self, lines: list[Line]) -> dict[str, object]:
        c = self.c
        texts = [(line.page, _front_text(line)) for line in _in_place(lines)]
        if c.contents is not None:
            cut = next((i for i, (_, text) in enumerate(texts) if c.contents.fullmatch(text)), len(texts))
            texts = texts[:cut]  # the table of contents names the items read below
        page = lines[0].page if lines else 1
        placed: set[int] = set()
        fields: dict[str, object] = {}
        kind_at = next((i for i, (_, text) in enumerate(texts) if c.kind.fullmatch(text)), None)
        kind = DocumentKind.MINUTES
        if kind_at is not None:
            m = c.kind.fullmatch(texts[kind_at][1])
            assert m is not None
            kind = (
                DocumentKind.AGENDA if m["kind"].casefold().startswith("dagsorden") else DocumentKind.MINUTES
            )
            if m.end("kind") == len(texts[kind_at][1]) and m.start("kind") == 0:
                placed.add(kind_at)
        else:
            self.note(page, "forsiden siger ikke 'Referat' eller 'Dagsorden'; læst som et referat")
        fields["kind"] = kind
        forum: Forum | None = None
        if self.layout.forum_after_kind and kind_at is not None and kind_at + 1 < len(texts):
            text = texts[kind_at + 1][1]
            m = c.forum.fullmatch(text) if c.forum is not None else None
            forum = _forum(m) if m is not None else Forum(name=text)
            placed.add(kind_at + 1)
        elif c.forum is not None:
            for i, (_, text) in enumerate(texts):
                m = c.forum.fullmatch(text)
                if m is not None and m["forum"]:
                    forum = _forum(m)
                    placed.add(i)
                    break
        if forum is None:
            raise self.fail(page, "forsiden nævner ikke udvalget (front.forum)")
        fields["forum"] = forum
        start: dt.datetime | None = None
        # The first line with a date, one that also gives the time before one that does not.
        dated = [(i, m) for i, (_, text) in enumerate(texts) if (m := c.date.fullmatch(text)) is not None]
        timed = [
            (i, m)
            for i, m in dated
            if m.groupdict().get("hour") or (c.time is not None and c.time.fullmatch(texts[i][1]))
        ]
        for i, m in timed + dated:
            day = _date(m["day"], m["month"], m["year"])
            if day is None:
                continue
            hour, minute, at = self.clock(m, i, texts)
            try:
                start = localize(dt.datetime.combine(day, dt.time(hour, minute)))
            except ValueError:
                continue
            placed.update({i} if at is None else {i, at})
            break
        if start is None:
            raise self.fail(page, "forsiden har ingen mødedato (front.date)")
        fields["start"] = start
        for pattern, name in ((c.place, "place"), (c.meeting_name, "name")):
            if pattern is None:
                continue
            for i, (_, text) in enumerate(texts):
                if i not in placed and (m := pattern.fullmatch(text)) is not None:
                    fields[name] = m[name].strip()
                    placed.add(i)
                    break
        if c.extraordinary is not None and any(c.extraordinary.fullmatch(text) for _, text in texts):
            fields["variant"] = Variant.EXTRAORDINARY
        attendance: list[Participant] = []
        headings = {p.heading.casefold(): p for p in self.layout.participants}
        current = None
        for i, (_, text) in enumerate(texts):
            if i in placed:
                continue
            if text.casefold() in headings:
                current = headings[text.casefold()]
                placed.add(i)
            elif any(p.fullmatch(text) for p in c.front_ignore):
                placed.add(i)
                current = None
            elif current is not None and (m := _PARTICIPANT.fullmatch(text)) is not None:
                attendance.append(
                    Participant(
                        name=m["name"],
                        status=current.status,
                        party=m["party"],
                        role=m["role"] or current.role,
                    )
                )
                placed.add(i)
        if attendance:
            fields["attendance"] = tuple(attendance)
        left = [(p, text) for i, (p, text) in enumerate(texts) if i not in placed]
        if left:
            shown = ", ".join(repr(text[:60]) for _, text in left[:8])
            more = f" og {len(left) - 8} til" if len(left) > 8 else ""
            count = plural(len(left), "linje", "linjer")
            self.note(left[0][0], f"forsiden: {count} er ikke placeret: {shown}{more}")
        return fields

    def clock(self, m: re.Match[str], at: int, texts: list[tuple[int, str]]) -> tuple[int, int, int | None]:
        """The meeting's time: from the date's own match, else the first line (the date's
        first) the time pattern matches, else midnight; and the index of a line of its own."""
        groups = m.groupdict()
        if groups.get("hour") and groups.get("minute"):
            return int(groups["hour"]), int(groups["minute"]), None
        if self.c.time is not None:
            for i in (at, *range(len(texts))):
                t = self.c.time.fullmatch(texts[i][1])
                if t is not None:
                    return int(t["hour"]), int(t["minute"]), i
        return 0, 0, None

    # --- the items ------------------------------------------------------------------

    def tokens(self, lines: list[Line]) -> Iterator[Token]:
        """The lexer: the body's lines (from the first item heading on) as tokens, each with
        its place. A wrapped heading or caption is one token; a case number or metadata
        field is one only before an item's first caption (later it is text)."""
        c = self.c
        i = 0
        before_caption = True
        journal = False
        while i < len(lines):
            line = lines[i]
            text = plain(line)
            m = self.heading(line)
            if m is not None:
                title, j = m["title"], i + 1
                while j < len(lines) and self.wraps_bold(lines, j) and self.heading(lines[j]) is None:
                    title, j = _join(title, plain(lines[j])), j + 1
                yield Token(TokenKind.HEADING, line.page, (m["number"], title))
                i, before_caption, journal = j, True, False
                continue
            i += 1
            if c.closed is not None and c.closed.fullmatch(text):
                yield Token(TokenKind.CLOSED, line.page)
            elif (
                before_caption and not journal and c.journal is not None and (jm := c.journal.fullmatch(text))
            ):
                journal = True
                yield Token(TokenKind.JOURNAL, line.page, (jm["value"],))
            elif before_caption and (meta := _metadata(c, text)) is not None:
                yield Token(TokenKind.METADATA, line.page, meta)
            elif (section := self.caption(line)) is not None:
                if section.kind is not SectionKind.DECISION:
                    while (
                        i < len(lines)
                        and line.bold
                        and self.wraps_bold(lines, i)
                        and not self.heading(lines[i])
                    ):
                        section.caption, i = _join(section.caption or "", plain(lines[i])), i + 1
                before_caption = False
                yield Token(TokenKind.CAPTION, line.page, section=section)
            else:
                before_caption = False
                yield Token(TokenKind.LINE, line.page, line=line)

    def wraps_bold(self, lines: list[Line], j: int) -> bool:
        """``lines[j]`` is the bold continuation of the bold line before it (a wrapped title)."""
        return (
            not self.paragraphs
            and lines[j].bold
            and self.metrics.continues(lines[j - 1], lines[j], bold=True)
        )

    def items(self, lines: list[Line]) -> list[Item]:
        """The parser: tokens to items and their sections."""
        items: list[_Item] = []
        closed = False
        for token in self.tokens(lines):
            if token.kind is TokenKind.HEADING:
                number, title = token.values
                public = not closed
                if title.startswith(PRINTED_CLOSED) and title[len(PRINTED_CLOSED) :].strip():
                    title, public = title[len(PRINTED_CLOSED) :], False
                items.append(_Item(number, title, public, token.page))
                continue
            item = items[-1]
            if token.kind is TokenKind.CLOSED:
                closed = True
            elif token.kind is TokenKind.JOURNAL:
                item.journal = token.values[0]
            elif token.kind is TokenKind.METADATA:
                key, value = token.values
                item.properties.append((key, value))
            elif token.section is not None:
                item.sections.append(token.section)
            elif token.line is not None:
                if not item.sections:
                    item.sections.append(self.untitled(item, token.line))
                item.sections[-1].lines.append(token.line)
        return [self.item(item) for item in items]

    def untitled(self, item: _Item, line: Line) -> _Section:
        """The section of text before an item's first caption: the layout's kind for it, or a
        section of its own, reported."""
        if self.layout.untitled is not None:
            return _Section(self.layout.untitled, None)
        self.note(
            line.page,
            f"punkt {item.number}: tekst uden afsnitsoverskrift er læst som et afsnit "
            f"for sig ({UNPLACED_CAPTION!r}): {plain(line)[:60]!r}",
        )
        return _Section(SectionKind.CUSTOM, UNPLACED_CAPTION)

    def item(self, item: _Item) -> Item:
        sections = [self.section(section, item) for section in item.sections]
        properties = []
        seen: set[str] = set()
        for key, value in item.properties:
            name = "printed:" + re.sub(r"[^\w.:-]+", "_", key).strip("_")
            if name not in seen:
                seen.add(name)
                properties.append((name, value))
        try:
            return Item(
                number=item.number,
                title=item.title,
                journal_number=JournalNumber(item.journal) if item.journal else None,
                public=item.public,
                sections=tuple(sections),
                properties=tuple(properties),
            )
        except ModelValueError as exc:
            raise self.fail(item.page, f"punkt {item.number} kan ikke dannes: {say(exc)}") from None

    def section(self, section: _Section, item: _Item) -> Section:
        caption = section.caption
        kind = section.kind
        if kind is SectionKind.ATTACHMENTS:
            titles = [_flat(self.paragraph_runs(lines)) for lines in self.paragraph_lines(section.lines)]
            attachments = tuple(Attachment(title=title) for title in titles if title)
            return AttachmentList(attachments, caption=self.own_caption(kind, caption))
        body = self.blocks(section.lines)
        if kind is SectionKind.DECISION:
            return Decision(body, forum=section.forum, date=section.date, caption=caption)
        if kind is SectionKind.RECOMMENDATION:
            return Recommendation(body=body, caption=self.own_caption(kind, caption))
        if kind is SectionKind.CUSTOM:
            return TextSection(kind, body, caption=caption or UNPLACED_CAPTION)
        return TextSection(kind, body, caption=self.own_caption(kind, caption))

    def own_caption(self, kind: SectionKind, caption: str | None) -> str | None:
        """The printed caption, unless it is the labels' own for the kind."""
        if caption is None:
            return None
        try:
            default = self.labels.caption(kind)
        except KeyError:
            return caption
        return None if caption.casefold() == default.casefold() else caption

    # --- a section's body ------------------------------------------------------------------

    def paragraph_lines(self, lines: list[Line]) -> list[list[Line]]:
        """The lines grouped into paragraphs (and list items, and table rows)."""
        out: list[list[Line]] = []
        for line in lines:
            if (
                out
                and not line.table
                and not out[-1][-1].table
                and not _bulleted(plain(line))
                and self.metrics.continues(out[-1][-1], line, bold=False)
            ):
                out[-1].append(line)
            else:
                out.append([line])
        return out

    def paragraph_runs(self, lines: list[Line]) -> list[Run]:
        """A paragraph's runs, its wrapped lines joined (a line break where a line ends
        before the margin)."""
        runs: list[Run] = list(lines[0].runs)
        for above, below in pairwise(lines):
            if self.metrics.wraps(above, below):
                if runs and runs[-1].text.endswith("\u00ad"):
                    runs[-1] = attrs.evolve(runs[-1], text=runs[-1].text[:-1])
                elif runs and not runs[-1].text.endswith((" ", "-")):
                    runs.append(Run(" "))
            else:
                runs.append(Run("\n"))
            runs.extend(below.runs)
        return runs

    def blocks(self, lines: list[Line]) -> tuple[Block, ...]:
        out: list[Block] = []
        bullets: list[ListItem] = []
        table: list[Line] = []

        def flush() -> None:
            if bullets:
                out.append(BulletList(tuple(bullets)))
                bullets.clear()
            if table:
                out.extend(_table(table))
                table.clear()

        for group in self.paragraph_lines(lines):
            if group[0].table and group[0].cells:
                if table and table[-1].table != group[0].table:
                    flush()
                table.append(group[0])
                continue
            if table:
                flush()
            runs = self.paragraph_runs(group)
            content = _inlines(runs)
            if not content:
                continue
            text = plain(group[0])
            if _bulleted(text):
                bullets.append(ListItem(_inlines(_drop_marker(runs))))
                continue
            if bullets:
                flush()
            out.append(Paragraph(content))
        flush()
        return tuple(out)


# --- helpers -----------------------------------------------------------------------------


def _in_place(lines: list[Line]) -> list[Line]:
    """The lines with each nested table's rows right after the row they stand in (a word
    processor's reader lists them after their table): Acadre's members under
    "Medlemmer", before "Fraværende"."""
    holders = {line.page for line in lines if not line.within}
    inner: dict[int, list[Line]] = {}
    for line in lines:
        if line.within and line.within in holders:
            inner.setdefault(line.within, []).append(line)
    out: list[Line] = []
    for line in lines:
        if not line.within:
            out.append(line)
            out.extend(inner.pop(line.page, ()))
        elif line.within not in holders:
            out.append(line)
    return out


def _front_text(line: Line) -> str:
    """A front-page line: a paragraph's line breaks as ", " (an address), spaces collapsed."""
    parts = [" ".join(part.split()) for part in line.text.split("\n")]
    return ", ".join(part for part in parts if part)


def _forum(m: re.Match[str]) -> Forum:
    groups = m.groupdict()
    short = groups.get("short")
    return Forum(name=m["forum"].strip(), short_name=short.strip() if short else None)


def _date(day: str, month: str, year: str) -> dt.date | None:
    number = int(month) if month.isdigit() else month_number(month)
    if number is None:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:
        return None


def _metadata(c: Compiled, text: str) -> tuple[str, str] | None:
    for pattern in c.metadata:
        m = pattern.fullmatch(text)
        if m is not None:
            return m["key"], m["value"].strip()
    return None


def _flat(runs: list[Run]) -> str:
    return " ".join("".join(run.text for run in runs).split())


def _bulleted(text: str) -> bool:
    """The line begins with a bullet and has text after it."""
    m = BULLET.fullmatch(text)
    return m is not None and bool(m["rest"].strip())


def _drop_marker(runs: list[Run]) -> list[Run]:
    text = "".join(run.text for run in runs)
    m = BULLET.fullmatch(text.lstrip())
    count = len(text) - len(text.lstrip()) + (m.start("rest") if m else 0)
    out: list[Run] = []
    for run in runs:
        if count >= len(run.text):
            count -= len(run.text)
            continue
        out.append(attrs.evolve(run, text=run.text[count:]))
        count = 0
    return out


def _inlines(runs: Sequence[Run]) -> tuple[Inline, ...]:
    """Runs as inline nodes: bold ``Strong``, italic ``Emphasis``, a link's target a
    ``Link``, a line break ``LineBreak``; white space at the ends dropped."""
    merged: list[Run] = []
    for run in runs:
        text = run.text.replace("\u00a0", " ").replace("\t", " ")
        if not text:
            continue
        style = (run.bold, run.italic, run.link) if text.strip() else (False, False, run.link)
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].link) == style:
            merged[-1] = attrs.evolve(merged[-1], text=merged[-1].text + text)
        else:
            merged.append(Run(text, bold=style[0], italic=style[1], link=style[2]))
    # Trim the paragraph's ends.
    while merged and not merged[0].text.strip(" \n"):
        merged.pop(0)
    while merged and not merged[-1].text.strip(" \n"):
        merged.pop()
    if not merged:
        return ()
    merged[0] = attrs.evolve(merged[0], text=merged[0].text.lstrip(" \n"))
    merged[-1] = attrs.evolve(merged[-1], text=merged[-1].text.rstrip(" \n"))
    out: list[Inline | str] = []
    for run in merged:
        parts: list[Inline | str] = []
        for k, piece in enumerate(re.sub(r" {2,}", " ", run.text).split("\n")):
            if k:
                parts.append(LineBreak())
            if piece:
                parts.append(piece)
        if not parts:
            continue
        node: list[Inline | str] = parts
        if run.italic:
            node = [Emphasis(inlines(node))]
        if run.bold:
            node = [Strong(inlines(node))]
        if run.link:
            node = [Link(inlines(node), run.link)]
        out.extend(node)
    return inlines(out)


def _table(rows: list[Line]) -> list[Block]:
    """A word processor's table: a ``Table``, or its rows as paragraphs when the model
    refuses it."""
    width = max(sum(cell.column_span for cell in row.cells) for row in rows)
    built = []
    for row in rows:
        cells = []
        for cell in row.cells:
            content = _inlines(cell.runs)
            body = (Paragraph(content),) if content else ()
            cells.append(TableCell(body, column_span=cell.column_span))
        used = sum(cell.column_span for cell in row.cells)
        cells.extend(TableCell() for _ in range(width - used))
        built.append(cells)
    header = 0
    while header < len(rows) and rows[header].header:
        header += 1
    try:
        return [Table(built, header_rows=min(header, len(rows)), alignments=[Alignment.LEFT] * width)]
    except ModelValueError:  # cells no grid can hold: the rows as paragraphs
        return [Paragraph(content) for row in rows if (content := _inlines(row.runs))]
