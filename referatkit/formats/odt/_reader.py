"""Read the printed referat back from ODT, by its style names.

The writer marks every printed model field: paragraph styles for blocks,
field styles (character styles without formatting, "Referat Punktnummer",
"Referat Navn", ...) for values inside a line, ``text:section`` names from
the id scheme (``punkt-2``, ``punkt-2-indstilling``) for items and sections,
and meta.xml fields for what print does not show. Labels and punctuation
between the fields are not read. A document edited in LibreOffice reads
back as long as the styles stay on the text: LibreOffice's automatic
styles ("P1" with the named style as parent) are followed to their parent.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any, NoReturn
from urllib.parse import unquote

import attrs
from lxml import etree

from ...errors import ReadError
from ...l10n import Labels
from ...l10n.jsonsyntax import json_decode_problem
from ...l10n.messages import say
from ...model import (
    Alignment,
    Attachment,
    AttachmentList,
    AttendanceStatus,
    Block,
    BulletList,
    CellBlock,
    Checksum,
    Clause,
    Decision,
    DocumentKind,
    Emphasis,
    Forum,
    Heading,
    Inline,
    Item,
    ItemAttendance,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Meeting,
    OrderedList,
    Paragraph,
    Participant,
    Recommendation,
    Section,
    SectionKind,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    TextSection,
    Variant,
    has_visible_text,
)
from .._build import (
    Place,
    at,
    build,
    iso_datetime,
    number,
    open_zip,
    repeat,
    required,
    year_checked,
    zip_member,
)
from .._common import SECTION_SLUGS, SYSTEM_FIELDS, event_words, status_headings
from .._contract import Note, ReadContext
from .._limits import MAX_DEPTH, MAX_TABLE_CELLS, over
from .._odfns import META as _META
from .._odfns import OFFICE as _OFFICE
from .._odfns import STYLE as _STYLE
from .._odfns import TABLE as _TABLE_NS
from .._odfns import TEXT as _TEXT
from .._odfns import XLINK as _XLINK
from .._xmlparse import parse_xml
from . import _styles as s

__all__ = ["ATTENDANCE_ORDER", "END", "ORIGINAL_PAGES", "START", "SYSTEM_DATA", "read_odt"]

_MIMETYPES = ("application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text-template")


def _t(name: str) -> str:
    return f"{{{_TEXT}}}{name}"


_P, _H, _SPAN, _A, _LIST, _LIST_ITEM, _SECTION = (
    _t(n) for n in ("p", "h", "span", "a", "list", "list-item", "section")
)
_S, _TAB, _BREAK = _t("s"), _t("tab"), _t("line-break")
_SOFT_PAGE_BREAK = _t("soft-page-break")


def _tb(name: str) -> str:
    return f"{{{_TABLE_NS}}}{name}"


_TABLE, _ROW, _CELL, _COVERED = _tb("table"), _tb("table-row"), _tb("table-cell"), _tb("covered-table-cell")
#: Where rows may sit in a table as LibreOffice saves it.
_ROW_GROUPS = {_tb(n) for n in ("table-header-rows", "table-rows", "table-row-group")}
_CELL_ALIGNMENT = {
    style: alignment
    for alignment, styles in (
        (Alignment.LEFT, (s.TABLE_TEXT, s.TABLE_HEADING)),
        (Alignment.RIGHT, (s.TABLE_TEXT_RIGHT, s.TABLE_HEADING_RIGHT)),
        (Alignment.CENTER, (s.TABLE_TEXT_CENTER, s.TABLE_HEADING_CENTER)),
    )
    for style in styles
}
_IGNORED_INLINE = {_t(n) for n in ("bookmark", "bookmark-start", "bookmark-end", "soft-page-break")}
# meta.xml's user-defined fields (the writer's too).
START, END, ORIGINAL_PAGES, SYSTEM_DATA = s.START, s.END, s.ORIGINAL_PAGES, s.SYSTEM_DATA
ATTENDANCE_ORDER = s.ATTENDANCE_ORDER

_SLUG_KINDS = {slug: kind for kind, slug in SECTION_SLUGS.items()}


class _Reader:
    def __init__(self, source: str, styles: dict[str, str], labels: Labels) -> None:
        self.source = f"{source} (content.xml)"
        self.styles = styles  # automatic style → the named style it derives from
        self.labels = labels

    # --- helpers ---------------------------------------------------------------------

    def fail(self, element: etree._Element, message: str) -> NoReturn:
        line = element.sourceline
        raise ReadError(message, source=self.source, line=line if isinstance(line, int) else None)

    def place(self, element: etree._Element) -> Place:
        return at(element, self.source)

    def need(self, element: etree._Element, value: str | None, field: str) -> str:
        """A field the model requires, or a ReadError naming the style it is missing under."""
        return required(self.place(element), value, f"feltet {field!r}")

    def spaces(self, element: etree._Element) -> str:
        """The spaces a ``<text:s text:c="n"/>`` stands for (n at most MAX_REPEAT)."""
        return " " * repeat(self.place(element), element.get(_t("c")), "text:c")

    def style(self, element: etree._Element) -> str:
        """The display name of the named style ``element`` has (through an automatic style)."""
        stored = element.get(_t("style-name"), "")
        stored = self.styles.get(stored, stored)
        return stored.replace("_20_", " ")

    def plain(self, element: etree._Element) -> str:
        """The text of ``element`` with spaces, tabs and line breaks, markup ignored."""
        out = [element.text or ""]
        for child in element:
            if child.tag == _S:
                out.append(self.spaces(child))
            elif child.tag == _TAB:
                out.append("\t")
            elif child.tag == _BREAK:
                out.append("\n")
            elif child.tag != _t("bookmark-ref"):
                out.append(self.plain(child))
            out.append(child.tail or "")
        return "".join(out)

    def fields(self, element: etree._Element) -> dict[str, str]:
        """The text of each field span in ``element`` (a line of the front matter, a heading, ...)."""
        found: dict[str, str] = {}
        for span in element.iter(_SPAN):
            name = self.style(span)
            if name in s.FIELD_STYLES:
                if name in found and name != s.F_ROUTE:
                    self.fail(span, f"feltet {name!r} står to gange i samme linje")
                found[name] = found[name] + "/" + self.plain(span) if name in found else self.plain(span)
        return found

    def inlines(self, element: etree._Element, *, skip_lead: bool = False) -> list[Inline]:
        out: list[Inline] = []
        if element.text:
            out.append(build(self.place(element), Text, text=element.text))
        for child in element:
            tag = child.tag
            if tag == _S:
                out.append(Text(self.spaces(child)))  # spaces only: the model takes them
            elif tag == _TAB:
                out.append(Text("\t"))
            elif tag == _BREAK:
                out.append(LineBreak())
            elif tag == _SPAN:
                style = self.style(child)
                inner = self.inlines(child)
                if style == s.EMPHASIS:
                    out.append(build(self.place(child), Emphasis, content=inner))
                elif style == s.STRONG:
                    out.append(build(self.place(child), Strong, content=inner))
                elif not (skip_lead and style == s.F_LEAD):
                    out.extend(inner)
            elif tag == _A:
                target = child.get(f"{{{_OFFICE}}}title") or unquote(child.get(f"{{{_XLINK}}}href", ""))
                out.append(build(self.place(child), Link, content=self.inlines(child), target=target))
            elif tag not in _IGNORED_INLINE:
                self.fail(child, f"uventet element {_local(tag)} i en tekstlinje")
            if child.tail:
                out.append(build(self.place(child), Text, text=child.tail))
        return out

    # --- rich text ----------------------------------------------------------------------

    def list_block(self, element: etree._Element, inherited: str | None = None) -> ListBlock:
        style = self.style(element) if element.get(_t("style-name")) else inherited
        if style not in (s.BULLETS, s.NUMBERS):
            self.fail(element, f"en liste med typografien {style!r}; kendte: {s.BULLETS!r}, {s.NUMBERS!r}")
        entries = []
        for li in element:
            if li.tag == _SOFT_PAGE_BREAK:
                continue
            if li.tag != _LIST_ITEM:
                self.fail(li, f"uventet element {_local(li.tag)} i en liste")
            paragraphs = [c for c in li if c.tag in (_P, _H)]
            lists = [c for c in li if c.tag == _LIST]
            if len(paragraphs) > 1 or len(lists) > 1 or len(paragraphs) + len(lists) != len(li):
                self.fail(li, "et listepunkt skal have ét afsnit og højst én underliste")
            content = self.inlines(paragraphs[0]) if paragraphs else []
            sublist = self.list_block(lists[0], style) if lists else None
            entries.append(build(self.place(li), ListItem, content=content, sublist=sublist))
        if style == s.BULLETS:
            return build(self.place(element), BulletList, items=entries)
        first = element.find(_LIST_ITEM)
        start = first.get(_t("start-value"), "1") if first is not None else "1"
        first_number = number(self.place(element), start, "listens startnummer")
        return build(self.place(element), OrderedList, items=entries, start=first_number)

    def blocks(self, elements: list[etree._Element]) -> list[Block]:
        """A section's blocks; a table's caption is the paragraph above it."""
        out: list[Block] = []
        caption: etree._Element | None = None
        for element in elements:
            if caption is not None and element.tag != _TABLE:
                self.fail(caption, f"{s.TABLE_CAPTION!r} står ikke over en tabel")
            if element.tag == _P and self.style(element) == s.TABLE_CAPTION:
                caption = element
            elif element.tag == _TABLE:
                out.append(self.table(element, caption))
                caption = None
            else:
                out.append(self.block(element))
        if caption is not None:
            self.fail(caption, f"{s.TABLE_CAPTION!r} står ikke over en tabel")
        return out

    def table(self, element: etree._Element, caption: etree._Element | None) -> Table:
        rows: list[tuple[etree._Element, bool]] = []
        for child in element:
            if child.tag == _ROW:
                rows.append((child, False))
            elif child.tag in _ROW_GROUPS:
                header = child.tag == _tb("table-header-rows")
                rows.extend((row, header) for row in child if row.tag == _ROW)
        header_rows = 0
        for index, (row, header) in enumerate(rows):
            if header:
                if header_rows != index:
                    self.fail(row, "tabellens overskriftsrækker står ikke øverst")
                header_rows += 1
        # Count the cells the repeats make before making them: a few bytes can ask for millions.
        cells_made = 0
        for row, _ in rows:
            row_cells = sum(
                self.repeat(child, _tb("number-columns-repeated"))
                for child in row
                if child.tag in (_CELL, _COVERED)
            )
            cells_made += row_cells * self.repeat(row, _tb("number-rows-repeated"))
            if cells_made > MAX_TABLE_CELLS:
                line = element.sourceline
                raise over(
                    "MAX_TABLE_CELLS",
                    "tabellens celler med gentagelser",
                    MAX_TABLE_CELLS,
                    source=self.source,
                    line=line if isinstance(line, int) else None,
                )
        expanded = [
            (row, header)
            for row, header in rows
            for _ in range(self.repeat(row, _tb("number-rows-repeated")))
        ]
        model_rows = []
        alignments: dict[int, Alignment] = {}
        for row, _ in expanded:
            cells = []
            column = 0
            for child in row:
                if child.tag not in (_CELL, _COVERED):
                    continue
                for _ in range(self.repeat(child, _tb("number-columns-repeated"))):
                    if child.tag == _CELL:
                        cells.append(self.cell(child, alignments, column))
                    column += 1
            model_rows.append(build(self.place(row), TableRow, cells=cells))
        columns = max(alignments, default=-1) + 1
        return build(
            self.place(element),
            Table,
            rows=model_rows,
            header_rows=header_rows,
            alignments=[alignments.get(c, Alignment.LEFT) for c in range(columns)],
            caption=self.inlines(caption) if caption is not None else (),
        )

    def repeat(self, element: etree._Element, attribute: str) -> int:
        value = element.get(attribute, "1")
        if not value.isdigit() or not 1 <= int(value) <= 1000:
            self.fail(element, f"{_local(attribute)}={value!r} er ikke et tal fra 1 til 1000")
        return int(value)

    def cell(self, element: etree._Element, alignments: dict[int, Alignment], column: int) -> TableCell:
        body: list[CellBlock] = []
        for child in element:
            if child.tag == _SOFT_PAGE_BREAK:
                continue
            if child.tag == _P and self.style(child) in _CELL_ALIGNMENT:
                alignments.setdefault(column, _CELL_ALIGNMENT[self.style(child)])
                content = self.inlines(child)
                if has_visible_text(content):
                    body.append(build(self.place(child), Paragraph, content=content))
            elif child.tag == _LIST:
                for p in child.iter(_P):
                    if self.style(p) in _CELL_ALIGNMENT:
                        alignments.setdefault(column, _CELL_ALIGNMENT[self.style(p)])
                        break
                body.append(self.list_block(child))
            else:
                self.fail(
                    child,
                    f"{_local(child.tag)} med typografien {self.style(child)!r} hører ikke hjemme i en celle",
                )
        spans = {}
        for name, attribute in (
            ("column_span", "number-columns-spanned"),
            ("row_span", "number-rows-spanned"),
        ):
            spans[name] = self.repeat(element, _tb(attribute))
        return build(self.place(element), TableCell, body=body, **spans)

    def block(self, element: etree._Element) -> Block:
        style = self.style(element)
        if element.tag == _LIST:
            return self.list_block(element)
        if element.tag == _P and style == s.BODY:
            return build(self.place(element), Paragraph, content=self.inlines(element))
        if element.tag == _H and style == s.SUBHEADING:
            return build(self.place(element), Heading, content=self.inlines(element))
        self.fail(element, f"{_local(element.tag)} med typografien {style!r} hører ikke hjemme i et afsnit")

    # --- sections and items --------------------------------------------------------------

    def section(self, element: etree._Element, item_id: str) -> Section:
        name = element.get(_t("name"), "")
        slug = name.removeprefix(item_id + "-").split("-", 1)[0] if name.startswith(item_id + "-") else ""
        kind = _SLUG_KINDS.get(slug)
        if kind is None:
            self.fail(element, f"afsnittet {name!r} har ikke et navn som {item_id}-indstilling")
        children = [c for c in element if c.tag != _SOFT_PAGE_BREAK]
        if not children or children[0].tag != _H or self.style(children[0]) != s.CAPTION:
            self.fail(element, f"afsnittet {name!r} begynder ikke med en overskrift ({s.CAPTION!r})")
        caption_fields = self.fields(children[0])
        caption = caption_fields.get(s.F_CAPTION)
        rest = children[1:]
        if kind is SectionKind.RECOMMENDATION:
            intro: list[Inline] = []
            clauses = []
            if rest and rest[0].tag == _P and self.style(rest[0]) == s.INTRO:
                intro = self.inlines(rest.pop(0))
            if rest and rest[0].tag == _LIST and self.style(rest[0]) == s.CLAUSES:
                clauses = [self.clause(li) for li in rest.pop(0).iter(_LIST_ITEM)]
            body = self.blocks(rest)
            return build(
                self.place(element), Recommendation, intro=intro, clauses=clauses, body=body, caption=caption
            )
        if kind is SectionKind.ATTACHMENTS:
            attachments = []
            while rest and rest[0].tag == _P and self.style(rest[0]) == s.ATTACHMENT:
                attachments.append(self.attachment(rest.pop(0)))
            if rest:
                self.fail(rest[0], "en bilagsliste kan kun rumme bilag")
            return build(self.place(element), AttachmentList, attachments=attachments, caption=caption)
        body = self.blocks(rest)
        if kind is SectionKind.DECISION:
            date = caption_fields.get(s.F_DATE)
            return build(
                self.place(element),
                Decision,
                body=body,
                forum=caption_fields.get(s.F_FORUM),
                date=self.date(children[0], date) if date else None,
                caption=caption,
            )
        return build(self.place(element), TextSection, kind=kind, body=body, caption=caption)

    def date(self, element: etree._Element, text: str) -> dt.date:
        match = re.fullmatch(r"(\d\d)-(\d\d)-(\d{4})", text)
        try:
            if match:
                return year_checked(self.place(element), dt.date(int(match[3]), int(match[2]), int(match[1])))
        except ValueError:
            pass
        self.fail(element, f"datoen {text!r} er ikke en dato som 05-01-2017")

    def clause(self, li: etree._Element) -> Clause:
        paragraph = li.find(_P)
        if paragraph is None:
            self.fail(li, "et at-punkt uden tekst")
        lead = self.fields(paragraph).get(s.F_LEAD, "").rstrip(" ")
        return build(self.place(li), Clause, content=self.inlines(paragraph, skip_lead=True), lead=lead)

    def attachment(self, element: etree._Element) -> Attachment:
        found = self.fields(element)
        if s.F_ATTACHMENT not in found:
            self.fail(element, f"et bilag uden titel ({s.F_ATTACHMENT!r})")
        return build(
            self.place(element),
            Attachment,
            title=found[s.F_ATTACHMENT],
            public=s.F_CLOSED not in found,
            file_name=found.get(s.F_FILE),
        )

    def event(self, element: etree._Element) -> ItemAttendance:
        found = self.fields(element)
        events = {word: event for event, word in event_words(self.labels).items()}
        event = events.get(found.get(s.F_EVENT, ""))
        if event is None:
            self.fail(
                element, f"ukendt fremmødehændelse {found.get(s.F_EVENT)!r}; kendte: {', '.join(events)}"
            )
        time = found.get(s.F_TIME)
        try:
            clock = dt.time.fromisoformat(time) if time else None
        except ValueError:
            self.fail(element, f"klokkeslættet {time!r} er ikke et klokkeslæt som 09:30")
        return build(
            self.place(element),
            ItemAttendance,
            name=self.need(element, found.get(s.F_PERSON), s.F_PERSON),
            event=event,
            time=clock,
            note=found.get(s.F_NOTE),
        )

    def item(self, element: etree._Element) -> Item:
        item_id = element.get(_t("name"), "")
        children = [c for c in element if c.tag != _SOFT_PAGE_BREAK]
        if not children or children[0].tag != _H or self.style(children[0]) != s.ITEM:
            self.fail(element, f"punktet {item_id!r} begynder ikke med en punktoverskrift ({s.ITEM!r})")
        heading = self.fields(children[0])
        fields: dict[str, Any] = {
            "number": self.need(children[0], heading.get(s.F_NUMBER), s.F_NUMBER),
            "title": self.need(children[0], heading.get(s.F_TITLE), s.F_TITLE),
            "route": tuple(heading[s.F_ROUTE].split("/")) if s.F_ROUTE in heading else (),
        }
        attendance, sections = [], []
        for child in children[1:]:
            style = self.style(child)
            if child.tag == _SECTION:
                sections.append(self.section(child, item_id))
            elif child.tag == _P and style == s.ITEM_NOTE:
                note = self.fields(child)
                fields["public"] = s.F_CLOSED not in note
                fields["public_title"] = note.get(s.F_PUBLIC_TITLE)
            elif child.tag == _P and style == s.JOURNAL:
                fields["journal_number"] = self.plain(child)
            elif child.tag == _P and style == s.ITEM_ATTENDANCE:
                attendance.append(self.event(child))
            else:
                self.fail(
                    child, f"{_local(child.tag)} med typografien {style!r} hører ikke hjemme i et punkt"
                )
        return build(self.place(element), Item, attendance=attendance, sections=sections, **fields)

    # --- the front matter ---------------------------------------------------------------------

    def meeting(self, text: etree._Element, meta: dict[str, str]) -> Meeting:
        kinds = {
            self.labels.kind_title(kind, variant): (kind, variant)
            for kind in DocumentKind
            for variant in Variant
        }
        fields: dict[str, Any] = {"place": None, "name": None}
        organisation: str | None = None
        title: etree._Element | None = None
        attendance: list[Participant] = []
        items: list[Item] = []
        anchors: list[str] = []
        status: AttendanceStatus | None = None
        statuses = {f"{word}:": status for status, word in status_headings(self.labels).items()}
        for child in _children(text):
            style = self.style(child)
            if child.tag == _SECTION:
                items.append(self.item(child))
                anchors.append(child.get(_t("name"), ""))
            elif child.tag == _P and style == s.TITLE:
                title = child
            elif child.tag == _P and style == s.FRONT:
                found = self.fields(child)
                if s.F_PLACE in found:
                    fields["place"] = found[s.F_PLACE]
                if s.F_ORGANISATION in found:
                    organisation = found[s.F_ORGANISATION]
            elif child.tag == _P and style == s.MEETING_NAME:
                fields["name"] = self.plain(child)
            elif child.tag == _P and style == s.ATTENDANCE:
                status = statuses.get(self.plain(child))
                if status is None:
                    self.fail(
                        child, f"ukendt fremmødegruppe {self.plain(child)!r}; kendte: {', '.join(statuses)}"
                    )
            elif child.tag == _P and style == s.PARTICIPANT:
                if status is None:
                    self.fail(child, f"en deltager uden en fremmødegruppe ({s.ATTENDANCE!r}) foran")
                found = self.fields(child)
                attendance.append(
                    build(
                        self.place(child),
                        Participant,
                        name=self.need(child, found.get(s.F_PERSON), s.F_PERSON),
                        status=status,
                        party=found.get(s.F_PARTY),
                        role=found.get(s.F_ROLE),
                        substitute_for=found.get(s.F_SUBSTITUTE_FOR),
                        note=found.get(s.F_NOTE),
                    )
                )
            elif not (child.tag == _P and style in (s.CONTENTS_HEADING, s.CONTENTS_ENTRY)):
                self.fail(
                    child, f"{_local(child.tag)} med typografien {style!r} hører ikke hjemme i forsiden"
                )
        if title is None:
            self.fail(text, f"dokumentet har ingen titellinje ({s.TITLE!r})")
        head = self.fields(title)
        if head.get(s.F_KIND) not in kinds:
            self.fail(title, f"ukendt dokumenttype {head.get(s.F_KIND)!r}; kendte: {', '.join(kinds)}")
        kind, variant = kinds[head[s.F_KIND]]
        items = self.with_pages(items, anchors, meta.get(ORIGINAL_PAGES, ""))
        meeting = build(
            self.place(title),
            Meeting,
            forum=build(
                self.place(title),
                Forum,
                name=self.need(title, head.get(s.F_FORUM), s.F_FORUM),
                organisation=organisation,
            ),
            kind=kind,
            variant=variant,
            draft=s.F_DRAFT in head,
            start=self.instant(meta, START),
            end=self.instant(meta, END) if END in meta else None,
            attendance=attendance,
            items=items,
            **fields,
        )
        return meeting

    def instant(self, meta: dict[str, str], name: str) -> dt.datetime:
        place, what = Place(self.source.replace(" (content.xml)", "")), f"meta.xml: feltet {name!r}"
        return iso_datetime(place, required(place, meta.get(name), what), what)

    def with_pages(self, items: list[Item], anchors: list[str], pages: str) -> list[Item]:
        """The items with the pages meta.xml keeps for them (``punkt-1=3 punkt-2=5``)."""
        place = Place(self.source.replace("content.xml", "meta.xml"), what=ORIGINAL_PAGES)
        found = dict(pair.split("=", 1) for pair in pages.split() if "=" in pair)
        out = []
        for item, anchor in zip(items, anchors, strict=True):
            page = found.get(anchor)
            out.append(item if page is None else self.build_page(place, item, page))
        return out

    def build_page(self, place: Place, item: Item, page: str) -> Item:
        return build(place, attrs.evolve, item, page=number(place, page, "sidetallet", minimum=1))


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else str(tag)


def _children(element: etree._Element) -> Iterator[etree._Element]:
    for child in element:
        if isinstance(child.tag, str) and child.tag not in (_SOFT_PAGE_BREAK, _t("sequence-decls")):
            yield child


_PATH = re.compile(r"\.?([a-z_]+)|\[(\d+)\]")


def _set(node: Any, steps: list[str | int], value: Any) -> Any:
    if not steps:
        return value
    step, rest = steps[0], steps[1:]
    if isinstance(step, int):
        if not isinstance(node, tuple) or step >= len(node):
            raise LookupError(step)
        return (*node[:step], _set(node[step], rest, value), *node[step + 1 :])
    if not attrs.has(type(node)) or step not in attrs.fields_dict(type(node)):
        raise LookupError(step)
    return attrs.evolve(node, **{step: _set(getattr(node, step), rest, value)})


def _strings(value: Any, count: int | None = None) -> bool:
    return (
        isinstance(value, list)
        and all(isinstance(v, str) for v in value)
        and (count is None or len(value) == count)
    )


def _system_value(field: str, value: Any) -> Any:
    """A system-data value as the model field takes it; ValueError (in Danish) when it cannot be."""
    if field == "checksum":
        if not _strings(value, 2):
            raise ValueError("en kontrolsum skal være [algoritme, værdi]")
        return Checksum(*value)
    if field == "properties":
        if not isinstance(value, list) or not all(_strings(pair, 2) for pair in value):
            raise ValueError("egenskaber skal være en liste af [navn, værdi]")
        return tuple(tuple(pair) for pair in value)
    if field == "date":
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            raise ValueError("en dato skal være som 2025-01-14")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:  # Python's words ("month must be in 1..12")
            raise ValueError(f"{value!r} er ikke en dag i kalenderen") from None
    if not isinstance(value, str):
        raise ValueError(f"feltet {field} skal være en tekst")
    return value


def _json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON ``text`` (strings skipped), in one pass."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


#: The characters of a system-data path an error message shows.
_SHOWN_PATH = 200


def _shown(path: str) -> str:
    """A system-data path as a message shows it: shortened when it is long."""
    return path if len(path) <= _SHOWN_PATH else path[:_SHOWN_PATH] + "…"


def _apply_system_data(meeting: Meeting, data: str, ctx: ReadContext) -> Meeting:
    source = ctx.source
    place = Place(f"{source} (meta.xml)", what=SYSTEM_DATA)
    depth = _json_depth(data)
    if depth > MAX_DEPTH:
        raise over("MAX_DEPTH", f"{SYSTEM_DATA} med {depth} niveauer", MAX_DEPTH, source=place.source)
    try:
        entries = json.loads(data)
    except json.JSONDecodeError as error:
        where = f"linje {error.lineno}, kolonne {error.colno}"
        place.fail(f"er ikke gyldig JSON: {where}: {json_decode_problem(error)}")
    except ValueError:  # a whole number of more digits than int() converts
        place.fail("er ikke gyldig JSON: et tal har for mange cifre")
    if not isinstance(entries, dict):
        place.fail("er ikke gyldig JSON: ikke et JSON-objekt")
    missing = []
    if ATTENDANCE_ORDER in entries:
        meeting = _reordered(meeting, entries.pop(ATTENDANCE_ORDER), ctx)
    for path, value in entries.items():
        shown = repr(_shown(path))
        steps: list[str | int] = []
        for m in _PATH.finditer(path):
            # A path's every step is a level of the model _set rebuilds: a real one has a
            # handful. Each step's message names the path once, shortened (the fuzzer's
            # path of 80,000 steps in 550 KB was written out whole for each step: 15 s).
            if len(steps) == MAX_DEPTH:
                raise over("MAX_DEPTH", f"stien {shown} med flere led", MAX_DEPTH, source=place.source)
            steps.append(m[1] or number(place, m[2], f"stien {shown}"))
        last = steps[-1] if steps else None
        decision_field = last in ("forum", "date") and len(steps) > 1 and isinstance(steps[-2], int)
        if not (last in SYSTEM_FIELDS or decision_field):
            place.fail(f"{shown} er ikke stien til et systemfelt")
        try:
            field_value = _system_value(str(steps[-1]), value)
        except ValueError as error:  # said in Danish by _system_value, or a ModelError's code
            place.fail(f"{_shown(path)}: {say(error)}")
        try:
            meeting = build(place, _set, meeting, steps, field_value)
        except LookupError:
            missing.append(_shown(path))
    if missing:
        ctx.report(Note.STALE_SYSTEM_DATA, detail=", ".join(missing))
    return meeting


def _reordered(meeting: Meeting, order: Any, ctx: ReadContext) -> Meeting:
    """The attendance in the model's order: ``order[k]`` is the model position of the k-th printed person."""
    people = meeting.attendance
    valid = isinstance(order, list) and all(type(i) is int for i in order)
    if not valid or sorted(order) != list(range(len(people))):
        ctx.report(Note.ATTENDANCE_ORDER, detail=str(len(people)))
        return meeting
    restored: list[Participant | None] = [None] * len(people)
    for printed, position in zip(people, order, strict=True):
        restored[position] = printed
    return attrs.evolve(meeting, attendance=tuple(p for p in restored if p is not None))


def _named_parents(content: etree._Element) -> dict[str, str]:
    """Each automatic style's named parent, as LibreOffice saves them ("P1" → "Referat_20_Brødtekst")."""
    out = {}
    for style in content.iter(f"{{{_STYLE}}}style"):
        parent = style.get(f"{{{_STYLE}}}parent-style-name")
        if parent:
            out[style.get(f"{{{_STYLE}}}name", "")] = parent
    return out


def _meta_fields(meta: etree._Element) -> dict[str, str]:
    return {
        field.get(f"{{{_META}}}name", ""): field.text or "" for field in meta.iter(f"{{{_META}}}user-defined")
    }


def read_odt(data: bytes, ctx: ReadContext) -> Meeting:
    """The meeting an ODT written by referatkit holds (see the module's doc)."""
    source, labels = ctx.source, ctx.labels
    with open_zip(data, source, "ODT-fil") as z:
        mimetype_bytes = zip_member(z, "mimetype", source, limit=256, what="ODT-fil") or b""
        mimetype = mimetype_bytes.decode("ascii", "replace").strip()
        if mimetype not in _MIMETYPES:
            raise ReadError(f"ikke et ODF-tekstdokument (mimetype {mimetype!r})", source=source)
        content_xml = zip_member(z, "content.xml", source, what="ODT-fil")
        if content_xml is None:
            raise ReadError("ikke en læsbar ODT-fil: den har ingen content.xml", source=source)
        content = parse_xml(content_xml, f"{source} (content.xml)")
        meta_xml = zip_member(z, "meta.xml", source, what="ODT-fil")
        meta = parse_xml(meta_xml, f"{source} (meta.xml)") if meta_xml is not None else None
    if not written_by_referatkit(content):
        # Another program's referat of the printed layout (docs/printed.md).
        return read_odt_printed(data, ctx)
    fields = _meta_fields(meta) if meta is not None else {}
    text = content.find(f"{{{_OFFICE}}}body/{{{_OFFICE}}}text")
    if text is None:
        raise ReadError("content.xml har ingen office:text", source=f"{source} (content.xml)")
    meeting = _Reader(source, _named_parents(content), labels).meeting(text, fields)
    if SYSTEM_DATA in fields:
        meeting = _apply_system_data(meeting, fields[SYSTEM_DATA], ctx)
    return meeting


def written_by_referatkit(content: etree._Element) -> bool:
    """The document uses referatkit's named styles ("Referat Titel", ...)."""
    for element in content.iter(f"{{{_STYLE}}}style"):
        if element.get(f"{{{_STYLE}}}parent-style-name", "").startswith("Referat_20_"):
            return True
    return any(
        element.get(_t("style-name"), "").startswith("Referat_20_")
        for element in content.iter(_t("p"), _t("h"))
    )


def read_odt_printed(data: bytes, ctx: ReadContext) -> Meeting:
    from ..printed import read_odt_printed as read  # noqa: PLC0415 (python-docx loads on use only)

    return read(data, ctx)
