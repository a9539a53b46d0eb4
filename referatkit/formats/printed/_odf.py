"""The paragraphs of an ODT that referatkit did not write, with their runs' weight, slant and size.

As for Word (:mod:`._docx`): one :class:`Line` per paragraph or heading, its
runs with the effective weight, slant and size (the span's style, the
paragraph's, the styles they derive from, the default style), a link's
target, line breaks as ``\\n``; a list item starts with its marker (``•`` or
its number) and is indented by its level; a table row is one line that also
carries its cells.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from lxml import etree

from ...errors import ReadError
from .._build import zip_problem
from .._contract import ReadContext
from .._limits import COST_ELEMENT, charge
from .._odfns import FO as _FO
from .._odfns import OFFICE as _OFFICE
from .._odfns import STYLE as _STYLE
from .._odfns import TABLE as _TABLE
from .._odfns import TEXT as _TEXT
from .._odfns import XLINK as _XLINK
from .._xmlparse import parse_xml
from ._lines import MAX_SPAN, Line, Run, check_zip, read_member, report_table, table_row

_INDENT = 17.0


def _t(name: str) -> str:
    return f"{{{_TEXT}}}{name}"


def _s(name: str) -> str:
    return f"{{{_STYLE}}}{name}"


_STYLE_STYLE = _s("style")
_STYLE_NAME = _s("name")
_STYLE_PARENT = _s("parent-style-name")
_STYLE_LIST = _s("list-style-name")
_STYLE_TEXT_PROPERTIES = _s("text-properties")
_FO_WEIGHT = f"{{{_FO}}}font-weight"
_FO_STYLE = f"{{{_FO}}}font-style"
_FO_SIZE = f"{{{_FO}}}font-size"


def odt_lines(data: bytes, ctx: ReadContext) -> list[Line]:
    """Every paragraph of the document's text, in order; a table's losses reported to ``ctx``."""
    source = ctx.source
    check_zip(data, source, "ODT-filen")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            content = parse_xml(read_member(z, "content.xml", source, "ODT-filen"), f"{source} (content.xml)")
            names = z.namelist()
            styles = (
                parse_xml(read_member(z, "styles.xml", source, "ODT-filen"), f"{source} (styles.xml)")
                if "styles.xml" in names
                else None
            )
    except zipfile.BadZipFile as error:
        raise ReadError(f"ikke en læsbar ODT-fil: {zip_problem(error)}", source=source) from None
    reader = _Reader([part for part in (styles, content) if part is not None], ctx)
    body = content.find(f"{{{_OFFICE}}}body/{{{_OFFICE}}}text")
    if body is None:
        raise ReadError("content.xml har ingen office:text", source=f"{source} (content.xml)")
    return list(reader.block(body, level=-1, list_style=None))


class _Reader:
    def __init__(self, parts: list[etree._Element], ctx: ReadContext) -> None:
        self.ctx = ctx
        self.source = ctx.source
        self.tables = 0  # tables read, numbering their rows' lines
        # name -> (parent, bold, italic, size in points or None)
        self.text_styles: dict[str, tuple[str | None, bool | None, bool | None, float | None]] = {}
        self.list_styles: dict[str, etree._Element] = {}
        self.paragraph_lists: dict[str, str] = {}  # paragraph style -> its list style
        self.default_size = 12.0
        self.number = 0  # paragraphs read, for errors
        for part in parts:
            for default in part.iter(_s("default-style")):
                props = default.find(_s("text-properties"))
                if default.get(_s("family")) == "paragraph" and props is not None:
                    self.default_size = _points(props.get(f"{{{_FO}}}font-size"), self.default_size) or 12.0
            styles = list(part.iter(_STYLE_STYLE))
            # Each style is looked at once more here (~3.5 µs): 100,000 empty styles in a
            # styles.xml deflated to 35 KiB took 0.4 s on top of their parse.
            charge(len(styles) * COST_ELEMENT, "typografier i ODT-filen")
            for style in styles:
                name = style.get(_STYLE_NAME, "")
                props = style.find(_STYLE_TEXT_PROPERTIES)
                weight = props.get(_FO_WEIGHT) if props is not None else None
                slant = props.get(_FO_STYLE) if props is not None else None
                size = props.get(_FO_SIZE) if props is not None else None
                self.text_styles[name] = (
                    style.get(_STYLE_PARENT),
                    None if weight is None else weight in ("bold", "600", "700", "800", "900"),
                    None if slant is None else slant in ("italic", "oblique"),
                    _points(size, None) if size and not size.endswith("%") else None,
                )
                list_style_name = style.get(_STYLE_LIST)
                if list_style_name:
                    self.paragraph_lists[name] = list_style_name
            for list_style in part.iter(_t("list-style")):
                self.list_styles[list_style.get(_s("name"), "")] = list_style

    def resolve(self, name: str | None) -> tuple[bool | None, bool | None, float | None]:
        bold: bool | None = None
        italic: bool | None = None
        size: float | None = None
        seen: set[str] = set()
        while name and name not in seen and name in self.text_styles:
            seen.add(name)
            parent, b, i, z = self.text_styles[name]
            bold = b if bold is None else bold
            italic = i if italic is None else italic
            size = z if size is None else size
            name = parent
        return bold, italic, size

    def block(self, element: etree._Element, level: int, list_style: str | None) -> Iterator[Line]:
        for child in element:
            if child.tag in (_t("p"), _t("h")):
                line = self.paragraph(child, None, level)
                if line is not None:
                    yield line
            elif child.tag == _t("list"):
                yield from self.items(child, level + 1, child.get(_t("style-name")) or list_style)
            elif child.tag == _t("section"):
                yield from self.block(child, level, list_style)
            elif child.tag == _tb("table"):
                yield from self.table(child)

    def table(self, table: etree._Element, within: int = 0) -> Iterator[Line]:
        """A table's rows, a line each (:func:`table_row`); a table in a cell is read
        after the table it is in, as a table of its own, each row naming the outermost
        row it stands in (``within``)."""
        self.tables += 1
        number = self.tables
        nested: list[etree._Element] = []
        holders: list[int] = []  # the outermost row of each nested table
        notes: set[str] = set()
        first = self.number + 1  # the table's first paragraph, named in a warning
        for row, header in _rows(table, header=False):
            cells: list[tuple[list[Line], int]] = []
            spanned = 0  # columns still covered by the last cell's span
            for cell in row:
                repeat = min(_count(cell.get(_tb("number-columns-repeated"))), MAX_SPAN)
                if cell.tag == _tb("covered-table-cell"):
                    for _ in range(repeat):
                        if spanned > 0:
                            spanned -= 1
                        else:  # covered by a cell of a row above
                            notes.add("rows")
                            cells.append(([], 1))
                    continue
                if cell.tag != _tb("table-cell"):
                    continue
                before = len(nested)
                paragraphs = [
                    line
                    for p in _cell_paragraphs(cell, nested)
                    if (line := self.paragraph(p, None, -1)) is not None
                ]
                if len(nested) > before:
                    notes.add("nested")
                if len(paragraphs) > 1:
                    notes.add("paragraphs")
                span = min(_count(cell.get(_tb("number-columns-spanned"))), MAX_SPAN)
                if _count(cell.get(_tb("number-rows-spanned"))) > 1:
                    notes.add("rows")
                cells.append((paragraphs, span))
                cells.extend(([], 1) for _ in range(repeat - 1))
                spanned = span - 1
            self.number -= max(len([c for c in cells if c[0]]) - 1, 0)
            line = table_row(cells, page=self.number, table=number, header=header, within=within)
            if line is not None:
                yield line
            holders.extend([within or self.number] * (len(nested) - len(holders)))
        report_table(self.ctx, first, notes)
        for inner, holder in zip(nested, holders, strict=True):
            yield from self.table(inner, holder)

    def items(self, element: etree._Element, level: int, list_style: str | None) -> Iterator[Line]:
        start = 1
        style = self.list_styles.get(list_style or "")
        kind = "bullet"
        if style is not None:
            for level_style in style:
                if int(level_style.get(_t("level"), "1")) == level + 1:
                    kind = "number" if level_style.tag == _t("list-level-style-number") else "bullet"
                    start = int(level_style.get(_t("start-value"), "1") or 1)
                    break
        count = start - 1
        for item in element:
            if item.tag not in (_t("list-item"), _t("list-header")):
                continue
            override = item.get(_t("start-value"))
            count = int(override) if override and override.isdigit() else count + 1
            first = True
            for child in item:
                if child.tag in (_t("p"), _t("h")):
                    marker = ("•" if kind == "bullet" else f"{count}.") if first else None
                    line = self.paragraph(child, marker, level)
                    first = False
                    if line is not None:
                        yield line
                elif child.tag == _t("list"):
                    yield from self.items(child, level + 1, child.get(_t("style-name")) or list_style)

    def paragraph(self, element: etree._Element, marker: str | None, level: int) -> Line | None:
        style = element.get(_t("style-name"))
        bold, italic, size = self.resolve(style)
        runs: list[tuple[Run, float]] = []
        self.inline(element, (bool(bold), bool(italic), size or self.default_size), None, runs)
        if not "".join(r.text for r, _ in runs).strip():
            return None
        sizes: dict[float, int] = {}
        for run, run_size in runs:
            if run.text.strip():
                sizes[run_size] = sizes.get(run_size, 0) + len(run.text)
        out = [run for run, _ in runs]
        if marker is not None:
            out.insert(0, Run(marker + " "))
        x = _INDENT * max(level, 0) if marker is not None else 0.0
        parent = element.getparent()
        list_id = str(id(parent.getparent())) if marker is not None and parent is not None else ""
        self.number += 1
        main = max(sizes.items(), key=lambda kv: kv[1])[0]
        return Line(tuple(out), page=self.number, size=main, x=x, list_id=list_id)

    def inline(
        self,
        element: etree._Element,
        style: tuple[bool, bool, float],
        link: str | None,
        out: list[tuple[Run, float]],
    ) -> None:
        def add(text: str) -> None:
            if text:
                out.append((Run(text, bold=style[0], italic=style[1], link=link), style[2]))

        add(element.text or "")
        for child in element:
            if child.tag == _t("span"):
                bold, italic, size = self.resolve(child.get(_t("style-name")))
                inner = (
                    style[0] if bold is None else bold,
                    style[1] if italic is None else italic,
                    style[2] if size is None else size,
                )
                self.inline(child, inner, link, out)
            elif child.tag == _t("a"):
                self.inline(child, style, child.get(f"{{{_XLINK}}}href"), out)
            elif child.tag == _t("s"):
                add(" " * _count(child.get(_t("c"))))
            elif child.tag == _t("tab"):
                add("\t")
            elif child.tag == _t("line-break"):
                add("\n")
            elif child.tag not in (_t("note"), _t("bookmark-ref")) and str(child.tag).startswith(_t("")):
                self.inline(child, style, link, out)  # fields and the like: their text
            add(child.tail or "")


def _tb(name: str) -> str:
    return f"{{{_TABLE}}}{name}"


def _rows(table: etree._Element, *, header: bool) -> Iterator[tuple[etree._Element, bool]]:
    """A table's own rows, also those in header-rows and row groups, and whether each is a
    header row; never a nested table's."""
    for child in table:
        if child.tag == _tb("table-row"):
            yield child, header
        elif child.tag in (_tb("table-rows"), _tb("table-row-group")):
            yield from _rows(child, header=header)
        elif child.tag == _tb("table-header-rows"):
            yield from _rows(child, header=True)


def _cell_paragraphs(element: etree._Element, nested: list[etree._Element]) -> Iterator[etree._Element]:
    """The paragraphs and headings of a cell, also in its lists and sections; a table in
    the cell goes to ``nested``, read on its own."""
    for child in element:
        if child.tag in (_t("p"), _t("h")):
            yield child
        elif child.tag == _tb("table"):
            nested.append(child)
        elif child.tag in (_t("list"), _t("list-item"), _t("list-header"), _t("section")):
            yield from _cell_paragraphs(child, nested)


def _count(value: str | None) -> int:
    return min(int(value), 1000) if value and value.isdigit() else 1


def _points(value: str | None, default: float | None) -> float | None:
    if not value:
        return default
    for unit, factor in (("pt", 1.0), ("cm", 28.3465), ("mm", 2.83465), ("in", 72.0), ("px", 0.75)):
        if value.endswith(unit):
            try:
                return float(value[: -len(unit)]) * factor
            except ValueError:
                return default
    return default
