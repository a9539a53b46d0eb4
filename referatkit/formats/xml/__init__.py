"""referatkit XML: every field of the model, losslessly, with an XSD of its own.

The namespace is :data:`NAMESPACE`; the schema ships with the package
(``referatkit.xsd``, :func:`schema`) and is documented element by element
in docs/xml.md. ``read(render(m, "xml"), format="xml") == m`` for every
meeting the model can hold, including characters XML 1.0 cannot carry,
which are written as ``<c code="001F"/>``.

Items, sections, clauses and attachments carry the ids every writer uses
(:func:`referatkit.formats._common.element_ids`); the reader does not need
them, the XSD checks that they are unique.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import NoReturn, assert_never

from lxml import etree

from ...errors import ReadError
from ...l10n.libxml2 import schema_message
from ...model import (
    XML_ILLEGAL,
    Attachment,
    AttachmentList,
    AttendanceEvent,
    AttendanceStatus,
    Block,
    BulletList,
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
)
from .._build import Place, at, build, cell_body, iso_datetime, number, required, year_checked
from .._common import ItemIds, xs_datetime
from .._contract import NoOptions, ReadContext, WriteContext
from .._limits import COST_MODEL_ELEMENT, charge
from .._richxml import RichText, TableSpelling
from .._xmlparse import parse_xml

__all__ = [
    "NAMESPACE",
    "SchemaProblem",
    "meeting_element",
    "problems",
    "read_xml",
    "schema",
    "schema_problems",
    "write_xml",
]

NAMESPACE = "urn:referatkit:referat:1"
VERSION = "1"
_NS = f"{{{NAMESPACE}}}"


def _q(name: str) -> str:
    return _NS + name


@cache
def schema() -> etree.XMLSchema:
    """The XSD of referatkit XML, shipped inside the package."""
    source = Path(__file__).with_name("referatkit.xsd").read_bytes()
    return etree.XMLSchema(etree.fromstring(source))


# --- writing -------------------------------------------------------------------------------

# Elements that hold only elements: indented for people to read. Every other
# element holds text, exactly as the model has it, and is never indented into.
_STRUCTURAL = frozenset(
    _q(n)
    for n in (
        "meeting", "forum", "properties", "participant", "item", "attendance", "section",
        "recommendation", "decision", "attachments", "attachment", "ul", "ol",
        "table", "tr", "th", "td",
    )
)  # fmt: skip


def _put(parent: etree._Element, text: str) -> None:
    """Append ``text`` to ``parent``'s content; what XML cannot carry becomes ``<c code=".."/>``."""
    if not text:
        return
    pieces = XML_ILLEGAL.split(text) if XML_ILLEGAL.search(text) else [text]
    illegal = XML_ILLEGAL.findall(text) if len(pieces) > 1 else []
    for index, piece in enumerate(pieces):
        if piece:
            if len(parent):
                last = parent[-1]
                last.tail = (last.tail or "") + piece
            else:
                parent.text = (parent.text or "") + piece
        if index < len(illegal):
            etree.SubElement(parent, _q("c"), code=f"{ord(illegal[index]):04X}")


def _text(parent: etree._Element, name: str, text: str | None) -> None:
    if text is not None:
        _put(etree.SubElement(parent, _q(name)), text)


def _make(parent: etree._Element, name: str, attributes: dict[str, str]) -> etree._Element:
    return etree.SubElement(parent, _q(name), attributes)


def _link(parent: etree._Element, link: Link) -> etree._Element:
    element = etree.SubElement(parent, _q("a"))
    _text(element, "target", link.target)
    return element


def _table_attributes(table: Table) -> dict[str, str]:
    return {"align": " ".join(a.value for a in table.alignments)}


_RICH = RichText(
    make=_make, put=_put, link=_link, heading=("h", {}), tables=TableSpelling(table=_table_attributes)
)


def _properties(parent: etree._Element, properties: tuple[tuple[str, str], ...]) -> None:
    if properties:
        container = etree.SubElement(parent, _q("properties"))
        for name, value in properties:
            _put(etree.SubElement(container, _q("property"), name=name), value)


def _section(parent: etree._Element, section: Section, section_id: str, parts: tuple[str, ...]) -> None:
    tag = {
        TextSection: "section",
        Recommendation: "recommendation",
        Decision: "decision",
        AttachmentList: "attachments",
    }[type(section)]
    element = etree.SubElement(parent, _q(tag), id=section_id)
    if isinstance(section, TextSection):
        element.set("kind", section.kind.value)
    if isinstance(section, Decision) and section.date is not None:
        element.set("date", section.date.isoformat())
    _text(element, "caption", section.caption)
    match section:
        case TextSection(body=body):
            _RICH.blocks(element, body)
        case Recommendation(intro=intro, clauses=clauses, body=body):
            if intro:
                _RICH.inlines(etree.SubElement(element, _q("intro")), intro)
            for clause, clause_id in zip(clauses, parts, strict=True):
                node = etree.SubElement(element, _q("clause"), id=clause_id)
                if clause.lead != "at":
                    node.set("lead", clause.lead)
                _RICH.inlines(node, clause.content)
            _RICH.blocks(element, body)
        case Decision(forum=forum, body=body):
            _text(element, "forum", forum)
            _RICH.blocks(element, body)
        case AttachmentList(attachments=attachments):
            for attachment, attachment_id in zip(attachments, parts, strict=True):
                node = etree.SubElement(element, _q("attachment"), id=attachment_id)
                if not attachment.public:
                    node.set("public", "false")
                _text(node, "title", attachment.title)
                _text(node, "file-name", attachment.file_name)
                _text(node, "media-type", attachment.media_type)
                if attachment.checksum is not None:
                    checksum = etree.SubElement(node, _q("checksum"), algorithm=attachment.checksum.algorithm)
                    checksum.text = attachment.checksum.value
                _properties(node, attachment.properties)
        case _:
            assert_never(section)


def _item(parent: etree._Element, item: Item, ids: ItemIds) -> None:
    element = etree.SubElement(parent, _q("item"), id=ids.item, number=item.number)
    if item.route:
        element.set("route", " ".join(item.route))
    if not item.public:
        element.set("public", "false")
    if item.page is not None:
        element.set("page", str(item.page))
    _text(element, "title", item.title)
    _text(element, "public-title", item.public_title)
    _text(element, "journal-number", item.journal_number.raw if item.journal_number else None)
    _text(element, "identifier", item.identifier)
    _properties(element, item.properties)
    for event in item.attendance:
        node = etree.SubElement(element, _q("attendance"), event=event.event.value)
        if event.time is not None:
            node.set("time", event.time.isoformat())
        _text(node, "name", event.name)
        _text(node, "note", event.note)
    for section, section_id, parts in zip(item.sections, ids.sections, ids.parts, strict=True):
        _section(element, section, section_id, parts)


def _indent(element: etree._Element, level: int = 0) -> None:
    if element.tag not in _STRUCTURAL or not len(element):
        return
    if element.tag == _q("forum") and level > 1:
        return  # a decision's forum is text; only the meeting's holds elements
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        child.tail = inner
        _indent(child, level + 1)
    element[-1].tail = "\n" + "  " * level


def write_xml(meeting: Meeting, ctx: WriteContext[NoOptions]) -> bytes:
    """The meeting as referatkit XML: UTF-8 with a declaration, the same bytes for the same model.

    Nothing is lost, so nothing is reported.
    """
    root = meeting_element(meeting, ctx)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"


def meeting_element(meeting: Meeting, ctx: WriteContext[NoOptions]) -> etree._Element:
    """The root element :func:`write_xml` writes, for a document that embeds the meeting
    (Akoma Ntoso's ``proprietary``) without writing it out and parsing it again. It is valid
    against the XSD for every model (tests/test_xml.py); :func:`problems` checks a document."""
    root = etree.Element(_q("meeting"), nsmap={None: NAMESPACE})
    root.set("version", VERSION)
    root.set("kind", meeting.kind.value)
    if meeting.variant is not Variant.ORDINARY:
        root.set("variant", meeting.variant.value)
    if meeting.draft:
        root.set("draft", "true")
    root.set("start", xs_datetime(meeting.start))
    if meeting.end is not None:
        root.set("end", xs_datetime(meeting.end))
    forum = etree.SubElement(root, _q("forum"))
    _text(forum, "name", meeting.forum.name)
    _text(forum, "short-name", meeting.forum.short_name)
    _text(forum, "organisation", meeting.forum.organisation)
    _text(root, "place", meeting.place)
    _text(root, "name", meeting.name)
    _text(root, "identifier", meeting.identifier)
    _properties(root, meeting.properties)
    for person in meeting.attendance:
        node = etree.SubElement(root, _q("participant"))
        if person.status is not AttendanceStatus.PRESENT:
            node.set("status", person.status.value)
        _text(node, "name", person.name)
        _text(node, "party", person.party)
        _text(node, "role", person.role)
        _text(node, "substitute-for", person.substitute_for)
        _text(node, "note", person.note)
        _properties(node, person.properties)
    for item, ids in zip(meeting.items, ctx.ids, strict=True):
        _item(root, item, ids)
    _indent(root)
    return root


# --- reading -------------------------------------------------------------------------------


_NOT_BLOCKS = frozenset({_q("caption"), _q("intro"), _q("clause"), _q("forum")})


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, element: etree._Element, message: str) -> NoReturn:
        line = element.sourceline
        name = etree.QName(element).localname
        raise ReadError(
            f"<{name}>: {message}", source=self.source, line=line if isinstance(line, int) else None
        )

    def place(self, element: etree._Element) -> Place:
        return at(element, self.source)

    def number(self, element: etree._Element, name: str, default: str | None = None) -> int | None:
        """The whole-number attribute ``name`` (at most MAX_NUMBER_DIGITS digits), or None."""
        value = element.get(name, default)
        return None if value is None else number(self.place(element), value, f"{name}=")

    def date(self, element: etree._Element, value: str | None) -> dt.date | None:
        if value is None:
            return None
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                raise ValueError(value)
            return year_checked(self.place(element), dt.date.fromisoformat(value))
        except ValueError:
            self.fail(element, f"{value!r} er ikke en dato som 2025-01-14")

    def time(self, element: etree._Element, value: str | None) -> dt.time | None:
        if not value:
            return None
        try:
            if not re.fullmatch(r"[0-9]{2}:[0-9]{2}(:[0-9]{2})?", value):
                raise ValueError(value)
            return dt.time.fromisoformat(value)
        except ValueError:
            self.fail(element, f"{value!r} er ikke et klokkeslæt som 16:30")

    def instant(self, element: etree._Element, name: str) -> dt.datetime | None:
        value = element.get(name)
        if value is None:
            return None
        return iso_datetime(self.place(element), value.replace("Z", "+00:00"), f"attributten {name}")

    def text(self, element: etree._Element) -> str:
        out = [element.text or ""]
        for child in element:
            out.append(self.char(child))
            out.append(child.tail or "")
        return "".join(out)

    def char(self, element: etree._Element) -> str:
        if element.tag != _q("c"):
            self.fail(element, "kun <c/> kan stå i en tekst")
        code = int(element.get("code", "FFFD"), 16)  # 4 to 6 hex digits: the XSD has checked
        if code > 0x10FFFF:
            self.fail(element, f"U+{code:X} er ikke et tegn (det højeste er U+10FFFF)")
        return chr(code)

    def child_text(self, parent: etree._Element, name: str) -> str | None:
        found = parent.find(_q(name))
        return None if found is None else self.text(found)

    def need(self, parent: etree._Element, name: str) -> str:
        """The text of the child ``name`` the XSD requires (a ReadError if it is missing)."""
        return required(self.place(parent), self.child_text(parent, name), f"<{name}>")

    def inlines(self, element: etree._Element, skip: int = 0) -> list[Inline]:
        out: list[Inline] = []
        if element.text and not skip:
            out.append(build(self.place(element), Text, element.text))
        for index, child in enumerate(element):
            if index >= skip:
                tag = child.tag
                if tag == _q("em"):
                    out.append(build(self.place(child), Emphasis, self.inlines(child)))
                elif tag == _q("strong"):
                    out.append(build(self.place(child), Strong, self.inlines(child)))
                elif tag == _q("a"):
                    target = child.find(_q("target"))
                    if target is None:
                        self.fail(child, "et link uden <target>")
                    out.append(
                        build(
                            self.place(child), Link, content=self.inlines(child, 1), target=self.text(target)
                        )
                    )
                elif tag == _q("br"):
                    out.append(LineBreak())
                elif tag in (_q("ul"), _q("ol")):
                    continue  # a list item's sublist
                else:
                    out.append(build(self.place(child), Text, self.char(child)))
            if child.tail and index >= skip - 1:
                out.append(build(self.place(child), Text, child.tail))
        return out

    def list_block(self, element: etree._Element) -> ListBlock:
        entries = []
        for li in element:
            last = li[-1] if len(li) else None
            sublist = None
            if last is not None and last.tag in (_q("ul"), _q("ol")):
                sublist = self.list_block(last)
            entries.append(build(self.place(li), ListItem, content=self.inlines(li), sublist=sublist))
        if element.tag == _q("ul"):
            return build(self.place(element), BulletList, items=entries)
        start = self.number(element, "start", "1")
        return build(self.place(element), OrderedList, items=entries, start=1 if start is None else start)

    def blocks(self, elements: list[etree._Element]) -> list[Block]:
        out: list[Block] = []
        for element in elements:
            if element.tag == _q("p"):
                out.append(build(self.place(element), Paragraph, content=self.inlines(element)))
            elif element.tag == _q("h"):
                out.append(build(self.place(element), Heading, content=self.inlines(element)))
            elif element.tag == _q("table"):
                out.append(self.table(element))
            else:
                out.append(self.list_block(element))
        return out

    def table(self, element: etree._Element) -> Table:
        caption = element.find(_q("caption"))
        rows: list[TableRow] = []
        header = 0
        for tr in element.iterchildren(_q("tr")):
            heads = {cell.tag == _q("th") for cell in tr}
            if heads == {True, False}:
                self.fail(tr, "en række blander <th> og <td>")
            if heads == {True}:
                if header != len(rows):
                    self.fail(tr, "en række af <th> efter rækker af <td>")
                header += 1
            cells = [
                build(
                    self.place(cell),
                    TableCell,
                    body=cell_body(self.place(cell), self.blocks(list(cell))),
                    column_span=int(cell.get("colspan", "1")),
                    row_span=int(cell.get("rowspan", "1")),
                )
                for cell in tr
            ]
            rows.append(build(self.place(tr), TableRow, cells=cells))
        return build(
            self.place(element),
            Table,
            rows=rows,
            header_rows=header,
            alignments=(element.get("align") or "").split(),
            caption=self.inlines(caption) if caption is not None else (),
        )

    def properties(self, parent: etree._Element) -> tuple[tuple[str, str], ...]:
        found = parent.find(_q("properties"))
        if found is None:
            return ()
        return tuple((p.get("name", ""), self.text(p)) for p in found)

    def section(self, element: etree._Element) -> Section:
        tag = etree.QName(element).localname
        caption = self.child_text(element, "caption")
        body = [e for e in element if e.tag not in _NOT_BLOCKS]
        if tag == "section":
            kind = SectionKind(element.get("kind"))
            return build(self.place(element), TextSection, kind=kind, body=self.blocks(body), caption=caption)
        if tag == "recommendation":
            intro = element.find(_q("intro"))
            clauses = [
                build(self.place(c), Clause, content=self.inlines(c), lead=c.get("lead", "at"))
                for c in element.iterchildren(_q("clause"))
            ]
            return build(
                self.place(element),
                Recommendation,
                intro=self.inlines(intro) if intro is not None else (),
                clauses=clauses,
                body=self.blocks(body),
                caption=caption,
            )
        if tag == "decision":
            date = element.get("date")
            return build(
                self.place(element),
                Decision,
                body=self.blocks(body),
                forum=self.child_text(element, "forum"),
                date=self.date(element, date),
                caption=caption,
            )
        attachments = []
        for node in element.iterchildren(_q("attachment")):
            checksum = node.find(_q("checksum"))
            attachments.append(
                build(
                    self.place(node),
                    Attachment,
                    title=self.need(node, "title"),
                    public=node.get("public", "true") in ("true", "1"),
                    file_name=self.child_text(node, "file-name"),
                    media_type=self.child_text(node, "media-type"),
                    checksum=build(
                        self.place(checksum),
                        Checksum,
                        algorithm=required(self.place(checksum), checksum.get("algorithm"), "algorithm="),
                        value=checksum.text or "",
                    )
                    if checksum is not None
                    else None,
                    properties=self.properties(node),
                )
            )
        return build(self.place(element), AttachmentList, attachments=attachments, caption=caption)

    def item(self, element: etree._Element) -> Item:
        events = [
            build(
                self.place(node),
                ItemAttendance,
                name=self.need(node, "name"),
                event=AttendanceEvent(node.get("event")),
                time=self.time(node, node.get("time")),
                note=self.child_text(node, "note"),
            )
            for node in element.iterchildren(_q("attendance"))
        ]
        section_tags = {_q("section"), _q("recommendation"), _q("decision"), _q("attachments")}
        return build(
            self.place(element),
            Item,
            number=required(self.place(element), element.get("number"), "number="),
            title=self.need(element, "title"),
            route=tuple(element.get("route", "").split()),
            journal_number=self.child_text(element, "journal-number"),
            public=element.get("public", "true") in ("true", "1"),
            public_title=self.child_text(element, "public-title"),
            sections=[self.section(e) for e in element if e.tag in section_tags],
            attendance=events,
            page=self.number(element, "page"),
            identifier=self.child_text(element, "identifier"),
            properties=self.properties(element),
        )

    def meeting(self, root: etree._Element) -> Meeting:
        forum_element = root.find(_q("forum"))
        assert forum_element is not None  # the XSD requires it
        forum = build(
            self.place(forum_element),
            Forum,
            name=self.need(forum_element, "name"),
            short_name=self.child_text(forum_element, "short-name"),
            organisation=self.child_text(forum_element, "organisation"),
        )
        participants = [
            build(
                self.place(node),
                Participant,
                name=self.need(node, "name"),
                status=AttendanceStatus(node.get("status", "present")),
                party=self.child_text(node, "party"),
                role=self.child_text(node, "role"),
                substitute_for=self.child_text(node, "substitute-for"),
                note=self.child_text(node, "note"),
                properties=self.properties(node),
            )
            for node in root.iterchildren(_q("participant"))
        ]
        return build(
            self.place(root),
            Meeting,
            forum=forum,
            kind=DocumentKind(root.get("kind")),
            start=required(self.place(root), self.instant(root, "start"), "start="),
            end=self.instant(root, "end"),
            variant=Variant(root.get("variant", "ordinary")),
            draft=root.get("draft", "false") in ("true", "1"),
            place=self.child_text(root, "place"),
            attendance=participants,
            items=[self.item(e) for e in root.iterchildren(_q("item"))],
            name=self.child_text(root, "name"),
            identifier=self.child_text(root, "identifier"),
            properties=self.properties(root),
        )


def _said(message: str) -> str:
    """libxml2's schema ``message`` in Danish (l10n.libxml2), without the namespace in names."""
    return schema_message(message.replace("{" + NAMESPACE + "}", ""))


class SchemaProblem:
    """One way a document breaks the XSD: line, column and message."""

    __slots__ = ("column", "line", "message")

    def __init__(self, line: int, column: int, message: str) -> None:
        self.line, self.column, self.message = line, column, message

    def __repr__(self) -> str:
        return f"SchemaProblem({self.line}, {self.column}, {self.message!r})"


def schema_problems(root: etree._Element) -> list[SchemaProblem]:
    """Every way ``root`` breaks the XSD (empty when valid)."""
    xsd = schema()
    if xsd.validate(root):
        return []
    return [SchemaProblem(error.line, error.column + 1, _said(error.message)) for error in xsd.error_log]


def problems(root: etree._Element, data: bytes | None = None) -> list[SchemaProblem]:
    """Every way ``root`` is not referatkit XML: a foreign root, or what the XSD refuses.

    The parsed tree is validated, each problem with its line: a flood of character
    references or comments where the schema allows no text is one text node there,
    one problem. lxml works out a path for each problem at a cost that grows with
    the element's siblings: in a tree so wide that many problems among many
    siblings would be quadratic, the document's ``data`` is validated while parsed
    instead (it stops at 100 problems, without lines), its references charged first.
    """
    return list(_problems(root, data))


#: lxml's parser keeps at most this many problems.
_STREAMED_CAP = 100
#: The sum over elements of their children squared above which a tree validation could
#: spend quadratic time on problems' paths (10,000 siblings: 0.2 s).
_TREE_PATH_BUDGET = 100_000_000
#: Work units a character reference costs a validation while parsing (one problem each).
_COST_STREAMED_REFERENCE = 2


def _wide(root: etree._Element) -> bool:
    """Whether problems' paths in ``root`` could cost more than ``_TREE_PATH_BUDGET``, in one pass."""
    total = 0
    for element in root.iter(etree.Element):
        width = len(element)
        if width > 1:
            total += width * width
            if total > _TREE_PATH_BUDGET:
                return True
    return False


class _Discard:
    """A parser target that builds nothing: the streamed validation needs no second tree
    (the reader holds the first; two trees of a 24 MB document passed 300 MiB)."""

    def start(self, tag: str, attrib: dict[str, str], /) -> None:
        pass

    def end(self, tag: str, /) -> None:
        pass

    def data(self, data: str, /) -> None:
        pass

    def comment(self, text: str, /) -> None:
        pass

    def pi(self, target: str, data: str, /) -> None:
        pass

    def start_ns(self, prefix: str, uri: str, /) -> None:
        pass

    def end_ns(self, prefix: str, /) -> None:
        pass

    def doctype(self, root_tag: str | None, public_id: str | None, system_id: str | None, /) -> None:
        pass

    def close(self) -> None:
        pass


def _streamed(data: bytes) -> list[str]:
    """The schema's problems, found while parsing (no lines: the parser gives none)."""
    charge(data.count(b"&") * _COST_STREAMED_REFERENCE, "tegnreferencer i referatkit-XML")
    parser = etree.XMLParser(
        schema=schema(),
        target=_Discard(),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
    )
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        messages = [entry.message for entry in error.error_log]
        return messages[:_STREAMED_CAP] or [error.msg or str(error)]
    # A target parser logs what the schema refuses instead of raising it.
    errors = (entry.message for entry in parser.error_log if entry.level >= etree.ErrorLevels.ERROR)
    return list(itertools.islice(errors, _STREAMED_CAP))


def _problems(root: etree._Element, data: bytes | None) -> Iterator[SchemaProblem]:
    if etree.QName(root).namespace != NAMESPACE:
        line = root.sourceline
        yield SchemaProblem(
            line if isinstance(line, int) else 1,
            1,
            f"rodelementet er ikke referatkit-XML (navnerum {NAMESPACE})",
        )
        return
    if data is not None and _wide(root):
        streamed = _streamed(data)
        if streamed:
            more = f" (og {len(streamed) - 1}{'+' if len(streamed) >= _STREAMED_CAP else ''} fejl mere)"
            yield SchemaProblem(0, 0, _said(streamed[0]) + (more if len(streamed) > 1 else ""))
        return
    yield from schema_problems(root)


def read_xml(data: bytes, ctx: ReadContext) -> Meeting:
    """The meeting a referatkit XML document holds; any problem is a ReadError with its line."""
    source = ctx.source
    charge(data.count(b"<") * COST_MODEL_ELEMENT, "modelknuder i referatkit-XML")
    root = parse_xml(data, source)
    found = problems(root, data)
    if found:
        first = found[0]
        more = f" (og {len(found) - 1} fejl mere)" if len(found) > 1 else ""
        raise ReadError(
            f"ugyldig referatkit-XML: {first.message}{more}",
            source=source,
            line=first.line or None,
            column=first.column or None,
        )
    return _Reader(source).meeting(root)
