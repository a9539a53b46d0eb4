"""The paragraphs of a Word file (python-docx), with their runs' weight, slant and size.

Each paragraph is one :class:`Line` (``page`` is its number in the body): its
runs with the effective bold, italic and size (direct formatting, then the
character style, the paragraph style and the styles they are based on, then
the document defaults), a link's target, line breaks as ``\\n``; a list
paragraph starts with its marker (``•`` or its number, from the numbering
part) and is indented by its level. A table row is one line, its cells
joined by a space (a front page set as a table of labels and values), that
also carries its cells (a table after the front page is a pipe table).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from docx.opc import package as opc_package
from docx.opc import pkgreader
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from docx.opc.part import PartFactory
from docx.package import Package
from lxml import etree

from ...errors import ReadError
from .._contract import ReadContext
from .._limits import COST_BLOCK, charge
from .._xmlparse import parse_xml
from ._lines import Line, Run, read_members, report_table, table_row

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Bounds: what a Word referat holds, with room to spare.
MAX_PARAGRAPHS = 200_000
_INDENT = 17.0  # points per list level, as the layout reader expects


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


def docx_lines(data: bytes, ctx: ReadContext) -> list[Line]:
    """Every paragraph of the document's body, in order; a table's losses reported to ``ctx``."""
    source = ctx.source
    # Every member unpacked once, here (sizes checked, nodes charged): a spoiled one is named,
    # never a zlib error from python-docx, which is handed the members instead of the zip.
    members = read_members(data, source, "Word-filen")
    try:
        document_part = _package(members).main_document_part
    except (
        PackageNotFoundError,
        KeyError,
        ValueError,
        etree.XMLSyntaxError,
        # python-docx's package reader meets a spoiled [Content_Types].xml with AttributeError
        # (an element of the wrong kind where it expects its own class): found by the fuzzer.
        AttributeError,
        TypeError,
    ) as exc:
        raise _package_problem(exc, members, source) from None
    if document_part.content_type != CT.WML_DOCUMENT_MAIN:
        raise ReadError(
            f"Word-filens hoveddokument har indholdstypen {document_part.content_type!r}, "
            "ikke et Word-dokuments",
            source=source,
        )
    document = document_part.document
    body = _xml_part(document.part, "hoveddokument (word/document.xml)", source).find(_w("body"))
    if body is None:
        raise ReadError("Word-filens hoveddokument (word/document.xml) har ingen <w:body>", source=source)
    reader = _Reader(document, ctx)
    return list(reader.lines(body))


class _MissingPartError(KeyError):
    """A member the package names that the zip does not hold (a KeyError, as from the zip)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class _Members:
    """python-docx's physical package reader (``docx.opc.phys_pkg``) over the members
    :func:`read_members` unpacked, so that the zip is inflated once; a missing member is
    a KeyError as from the zip."""

    def __init__(self, members: dict[str, bytes]) -> None:
        self.members = members

    def blob_for(self, pack_uri: PackURI) -> bytes:
        name = pack_uri.membername
        if name not in self.members:
            raise _MissingPartError(name)
        return self.members[name]

    def close(self) -> None:
        pass

    @property
    def content_types_xml(self) -> bytes:
        return self.blob_for(CONTENT_TYPES_URI)

    def rels_xml_for(self, source_uri: PackURI) -> bytes | None:
        return self.members.get(source_uri.rels_uri.membername)


def _package(members: dict[str, bytes]) -> Package:
    """The package ``docx.Document`` opens, from the unpacked members: what
    ``PackageReader.from_file`` and ``OpcPackage.open`` do, with :class:`_Members` for the zip."""
    reading: Any = pkgreader  # untyped in python-docx, as is its Unmarshaller
    unmarshaller: Any = opc_package.Unmarshaller
    phys = _Members(members)
    content_types = reading._ContentTypeMap.from_xml(phys.content_types_xml)
    package_rels = reading.PackageReader._srels_for(phys, PACKAGE_URI)
    parts = reading.PackageReader._load_serialized_parts(phys, package_rels, content_types)
    package = Package()
    unmarshaller.unmarshal(reading.PackageReader(content_types, package_rels, parts), package, PartFactory)
    return package


# python-docx's words for a part the content types do not name.
_NO_CONTENT_TYPE = re.compile(r"no content type for partname '/?([^']*)'")


def _package_problem(error: BaseException, members: dict[str, bytes], source: str) -> ReadError:
    """What python-docx's ``error`` opening the package means, in Danish, naming the part."""
    if isinstance(error, _MissingPartError):
        return ReadError(f"Word-filen: delen {error.name!r} mangler", source=source)
    if isinstance(error, etree.XMLSyntaxError):
        # The part is not named: the package's XML parts are parsed again, in their order in the
        # zip, and the first that is no XML is named with the line, column and what is wrong.
        for name, data in members.items():
            if name.endswith((".xml", ".rels")):
                parse_xml(data, f"{source} ({name})")
        return ReadError("Word-filen: en af dens XML-dele er ikke gyldig XML", source=source)
    text = str(error)
    if "no relationship of type" in text and "officeDocument" in text:
        return ReadError(
            "Word-filen har intet hoveddokument: pakkens relationer (_rels/.rels) nævner det ikke",
            source=source,
        )
    missing = _NO_CONTENT_TYPE.search(text)
    if missing:
        return ReadError(
            f"Word-filen: indholdstyperne ([Content_Types].xml) nævner ikke delen {missing[1]!r}",
            source=source,
        )
    return ReadError(
        "Word-filen er beskadiget: dens indholdstyper ([Content_Types].xml) eller relationer (.rels) "
        "har ikke en Word-fils form",
        source=source,
    )


def _xml_part(part: Any, what: str, source: str) -> etree._Element:
    """The XML of a part python-docx found. A part whose content type the package names
    wrongly comes as a plain part without XML (python-docx then raises AttributeError
    deep inside; found by the fuzzer): that is the file's fault, said as such."""
    element = getattr(part, "element", None)
    if not isinstance(element, etree._Element):
        raise ReadError(
            f"Word-filens {what} kan ikke læses: delen har ikke den rette indholdstype", source=source
        )
    return element


class _Reader:
    def __init__(self, document: Any, ctx: ReadContext) -> None:
        self.ctx = ctx
        self.source = ctx.source
        self.tables = 0  # tables read, numbering their rows' lines
        self.styles: dict[str, etree._Element] = {}
        try:
            found = document.part.part_related_by(RT.STYLES)
        except KeyError:
            styles_part = document.styles.element  # none: python-docx's default styles
        else:
            styles_part = _xml_part(found, "typografier (word/styles.xml)", self.source)
        for style in styles_part.iter(_w("style")):
            style_id = style.get(_w("styleId"))
            if style_id:
                self.styles[style_id] = style
        defaults = styles_part.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        self.default_rpr = defaults
        self.links: dict[str, str] = {
            rid: rel.target_ref for rid, rel in document.part.rels.items() if rel.is_external
        }
        self.numbering = self._numbering(document)
        self.counters: dict[tuple[str, int], int] = {}
        self.started: set[tuple[str, int]] = set()
        self.number = 0
        self.made = 0  # paragraphs, rows and cells met, empty ones too

    def count(self, what: str) -> None:
        """One more paragraph, row or cell, charged as it is met: an empty one costs its work too."""
        self.made += 1
        if self.made > MAX_PARAGRAPHS:
            raise ReadError(
                f"Word-filen har over MAX_PARAGRAPHS = {MAX_PARAGRAPHS} afsnit, rækker og celler",
                source=self.source,
            )
        charge(COST_BLOCK, what)

    # --- numbering ---------------------------------------------------------------

    def _numbering(self, document: Any) -> dict[str, tuple[str, dict[int, tuple[str, int]], dict[int, int]]]:
        """numId -> (abstract id, level -> (format, start), level -> start override)."""
        try:
            found = document.part.part_related_by(RT.NUMBERING)
        except KeyError:
            return {}
        root = _xml_part(found, "nummerering (word/numbering.xml)", self.source)
        abstract: dict[str, dict[int, tuple[str, int]]] = {}
        for node in root.iter(_w("abstractNum")):
            levels: dict[int, tuple[str, int]] = {}
            for lvl in node.iter(_w("lvl")):
                fmt = lvl.find(_w("numFmt"))
                start = lvl.find(_w("start"))
                levels[_int(lvl.get(_w("ilvl")), 0)] = (
                    fmt.get(_w("val"), "decimal") if fmt is not None else "decimal",
                    _int(start.get(_w("val")) if start is not None else None, 1),
                )
            abstract[node.get(_w("abstractNumId"), "")] = levels
        out: dict[str, tuple[str, dict[int, tuple[str, int]], dict[int, int]]] = {}
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            if ref is None:
                continue
            overrides = {
                _int(o.get(_w("ilvl")), 0): _int(so.get(_w("val")), 1)
                for o in num.iter(_w("lvlOverride"))
                if (so := o.find(_w("startOverride"))) is not None
            }
            abstract_id = ref.get(_w("val"), "")
            out[num.get(_w("numId"), "")] = (abstract_id, abstract.get(abstract_id, {}), overrides)
        return out

    def marker(self, num_id: str, level: int) -> str | None:
        """The list marker, counted as Word counts: per abstract numbering, a start
        override restarting the count where its list begins."""
        if num_id not in self.numbering:
            return None
        abstract_id, levels, overrides = self.numbering[num_id]
        fmt, start = levels.get(level, ("none", 1))
        if fmt == "none":
            return None
        key = (abstract_id, level)
        if level in overrides and (num_id, level) not in self.started:
            self.started.add((num_id, level))
            self.counters[key] = overrides[level] - 1
        for deeper in [k for k in self.counters if k[0] == abstract_id and k[1] > level]:
            del self.counters[deeper]
        count = self.counters.get(key, start - 1) + 1
        self.counters[key] = count
        return "•" if fmt == "bullet" else f"{count}."

    # --- styles ---------------------------------------------------------------------

    def style_chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            based = style.find(_w("basedOn"))
            style_id = based.get(_w("val")) if based is not None else None

    def prop(self, rprs: list[etree._Element | None], name: str) -> etree._Element | None:
        for rpr in rprs:
            if rpr is not None:
                node = rpr.find(_w(name))
                if node is not None:
                    return node
        return None

    def run_props(self, run: etree._Element, para_style: str | None) -> tuple[bool, bool, float]:
        rpr = run.find(_w("rPr"))
        chain: list[etree._Element | None] = [rpr]
        rstyle = rpr.find(_w("rStyle")) if rpr is not None else None
        if rstyle is not None:
            chain += [s.find(_w("rPr")) for s in self.style_chain(rstyle.get(_w("val")))]
        chain += [s.find(_w("rPr")) for s in self.style_chain(para_style)]
        chain.append(self.default_rpr)
        bold = _on(self.prop(chain, "b"))
        italic = _on(self.prop(chain, "i"))
        size = self.prop(chain, "sz")
        return bold, italic, _int(size.get(_w("val")) if size is not None else None, 24) / 2

    # --- paragraphs -------------------------------------------------------------------

    def lines(self, body: etree._Element) -> Iterator[Line]:
        for child in body:
            if child.tag == _w("p"):
                line = self.paragraph(child)
                if line is not None:
                    yield line
            elif child.tag == _w("tbl"):
                yield from self.table(child)
            elif child.tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    yield from self.lines(content)

    def table(self, table: etree._Element, within: int = 0) -> Iterator[Line]:
        """A table's rows, a line each (:func:`table_row`); a table in a cell is read
        after the table it is in, as a table of its own, each row naming the outermost
        row it stands in (``within``)."""
        self.tables += 1
        number = self.tables
        nested: list[tuple[etree._Element, int]] = []
        notes: set[str] = set()
        first = self.number + 1  # the table's first paragraph, named in a warning
        for row in _content(table, "tr"):
            self.count("tabelrækker i Word-filen")
            trpr = row.find(_w("trPr"))
            header = trpr is not None and _on(trpr.find(_w("tblHeader")))
            cells: list[tuple[list[Line], int]] = []
            inside = len(nested)  # this row's nested tables from here
            for cell in _content(row, "tc"):
                self.count("tabelceller i Word-filen")
                tcpr = cell.find(_w("tcPr"))
                span = tcpr.find(_w("gridSpan")) if tcpr is not None else None
                merge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                if merge is not None and merge.get(_w("val"), "continue") == "continue":
                    notes.add("rows")
                paragraphs: list[Line] = []
                for block in _content(cell, "p", "tbl"):
                    if block.tag == _w("tbl"):
                        nested.append((block, within))
                        notes.add("nested")
                    elif (line := self.paragraph(block)) is not None:
                        paragraphs.append(line)
                if len(paragraphs) > 1:
                    notes.add("paragraphs")
                cells.append((paragraphs, _int(span.get(_w("val")) if span is not None else None, 1)))
            line = table_row(cells, page=self.number + 1, table=number, header=header, within=within)
            if line is not None:
                self.number += 1
                yield line
            # The outermost row these tables stand in (without text: the line before it).
            holder = within or self.number
            nested[inside:] = [(block, holder) for block, _ in nested[inside:]]
        report_table(self.ctx, first, notes)
        for inner, holder in nested:
            yield from self.table(inner, holder)

    def paragraph(self, p: etree._Element) -> Line | None:
        self.count("afsnit i Word-filen")
        ppr = p.find(_w("pPr"))
        style_node = ppr.find(_w("pStyle")) if ppr is not None else None
        style = style_node.get(_w("val")) if style_node is not None else None
        runs: list[Run] = []
        sizes: dict[float, int] = {}
        for run, link in self.runs(p):
            text = _run_text(run)
            if not text:  # an empty run says nothing (100,000 of them cost 1 s in styles)
                continue
            bold, italic, size = self.run_props(run, style)
            runs.append(Run(text, bold=bold, italic=italic, link=link))
            if text.strip():
                sizes[size] = sizes.get(size, 0) + len(text)
        num = ppr.find(_w("numPr")) if ppr is not None else None
        if num is None:  # a list style ("List Bullet") numbers its paragraphs itself
            found = (st.find(f"{_w('pPr')}/{_w('numPr')}") for st in self.style_chain(style))
            num = next((n for n in found if n is not None), None)
        level = 0
        marker = None
        list_id = ""
        if num is not None:
            num_id = num.find(_w("numId"))
            ilvl = num.find(_w("ilvl"))
            level = _int(ilvl.get(_w("val")) if ilvl is not None else None, 0)
            if num_id is not None:
                value = num_id.get(_w("val"), "0")
                marker = self.marker(value, level)
                # Word continues a list across numbering instances of one abstract numbering.
                list_id = self.numbering[value][0] if value in self.numbering else value
        if not "".join(r.text for r in runs).strip():
            return None
        self.number += 1
        if marker is not None:
            runs.insert(0, Run(marker + " "))
        size = max(sizes.items(), key=lambda kv: kv[1])[0] if sizes else 0.0
        x = _INDENT * level if marker is not None else 0.0
        return Line(tuple(runs), page=self.number, x=x, size=size, list_id=list_id if marker else "")

    def runs(self, p: etree._Element) -> Iterator[tuple[etree._Element, str | None]]:
        for child in p:
            if child.tag == _w("r"):
                yield child, None
            elif child.tag == _w("hyperlink"):
                rid = child.get(f"{{{_R}}}id")
                target = self.links.get(rid) if rid else None
                for run in child.iter(_w("r")):
                    yield run, target
            elif child.tag in (_w("ins"), _w("smartTag"), _w("fldSimple"), _w("customXml"), _w("sdt")):
                for run in child.iter(_w("r")):
                    yield run, None


def _content(element: etree._Element, *names: str) -> Iterator[etree._Element]:
    """The children of ``element`` named ``names``, also those in a content control
    (``w:sdt``) or custom XML around them; never those of a table inside."""
    tags = {_w(name) for name in names}
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _content(content, *names)
        elif child.tag == _w("customXml"):
            yield from _content(child, *names)


def _run_text(run: etree._Element) -> str:
    out: list[str] = []
    for node in run:
        if node.tag == _w("t"):
            out.append(node.text or "")
        elif node.tag == _w("tab"):
            out.append("\t")
        elif node.tag in (_w("br"), _w("cr")) and node.get(_w("type"), "textWrapping") == "textWrapping":
            out.append("\n")
        elif node.tag == _w("noBreakHyphen"):
            out.append("-")
    return "".join(out)


def _on(node: etree._Element | None) -> bool:
    return node is not None and node.get(_w("val"), "true") not in ("0", "false", "off", "none")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
