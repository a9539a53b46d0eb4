"""One element builder for the lxml-based writers (referatkit XML, Akoma Ntoso, HTML).

The three spell rich text with other names (``em``/``i``, ``br``/``eol``, a
heading as ``h``, ``h4`` or a classed ``p``), and differ in how a link holds
its target and how a list continues its numbering; the walk over the model is
the same, and lives here once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, assert_never

from attrs import frozen
from lxml import etree

from .._repr import fields_repr
from ..model import (
    Alignment,
    Block,
    BulletList,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    OrderedList,
    Paragraph,
    Strong,
    Table,
    Text,
)

__all__ = ["ALIGN_CLASSES", "RichText", "TableSpelling", "append_text"]

#: The class a cell of a right-aligned or centred column carries in HTML and Akoma Ntoso.
ALIGN_CLASSES = {Alignment.LEFT: None, Alignment.RIGHT: "hoejre", Alignment.CENTER: "midt"}


def append_text(element: etree._Element, text: str) -> None:
    """Add ``text`` after the element's last content (its text, or its last child's tail)."""
    if not text:
        return
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


Make = Callable[[etree._Element, str, dict[str, str]], etree._Element]


def _no_attributes(*args: object) -> dict[str, str]:
    return {}


@frozen
class TableSpelling:
    """How one writer spells a table: the names (HTML's ``table``, ``caption``,
    ``tr``, ``th``, ``td`` in all three), whether rows go into ``thead``/``tbody``,
    and the attributes of the table (from the model) and of each cell (from
    whether it is a header cell and its column's alignment)."""

    __repr__ = fields_repr

    row_groups: bool = False
    table: Callable[[Table], dict[str, str]] = _no_attributes
    cell: Callable[[bool, Alignment], dict[str, str]] = _no_attributes
    #: the element of an empty header cell (HTML: ``td``, a heading names something)
    empty_header: Literal["th", "td"] = "th"


@frozen
class RichText:
    """How one writer spells rich text; ``make(parent, name, attributes)`` adds a child.

    ``put`` adds model text to an element (each writer treats the characters
    its format cannot carry its own way); ``link`` adds the element a link's
    content goes into; ``heading`` is the element name and attributes of a
    sub-heading; ``numbering`` says whether a continued ordered list carries
    ``start`` on the list or ``value`` on each item.
    """

    __repr__ = fields_repr

    make: Make
    put: Callable[[etree._Element, str], None]
    link: Callable[[etree._Element, Link], etree._Element]
    emphasis: str = "em"
    strong: str = "strong"
    line_break: str = "br"
    heading: tuple[str, dict[str, str]] = ("h4", {})
    numbering: Literal["start", "value"] = "start"
    tables: TableSpelling = TableSpelling()

    def inlines(self, parent: etree._Element, content: tuple[Inline, ...]) -> etree._Element:
        for node in content:
            match node:
                case Text(text=text):
                    self.put(parent, text)
                case Emphasis(content=inner):
                    self.inlines(self.make(parent, self.emphasis, {}), inner)
                case Strong(content=inner):
                    self.inlines(self.make(parent, self.strong, {}), inner)
                case Link(content=inner):
                    self.inlines(self.link(parent, node), inner)
                case LineBreak():
                    self.make(parent, self.line_break, {})
                case _:
                    assert_never(node)
        return parent

    def list(self, parent: etree._Element, block: ListBlock) -> None:
        ordered = isinstance(block, OrderedList)
        start = block.start if isinstance(block, OrderedList) else 1
        attributes = {"start": str(start)} if ordered and start != 1 and self.numbering == "start" else {}
        element = self.make(parent, "ol" if ordered else "ul", attributes)
        for index, item in enumerate(block.items):
            value = ordered and start != 1 and self.numbering == "value"
            li = self.make(element, "li", {"value": str(start + index)} if value else {})
            self.inlines(li, item.content)
            if item.sublist is not None:
                self.list(li, item.sublist)

    def blocks(self, parent: etree._Element, body: tuple[Block, ...]) -> None:
        for block in body:
            match block:
                case Paragraph(content=content):
                    self.inlines(self.make(parent, "p", {}), content)
                case Heading(content=content):
                    name, attributes = self.heading
                    self.inlines(self.make(parent, name, attributes), content)
                case BulletList() | OrderedList():
                    self.list(parent, block)
                case Table():
                    self.table(parent, block)
                case _:
                    assert_never(block)

    def table(self, parent: etree._Element, block: Table) -> None:
        spelling = self.tables
        element = self.make(parent, "table", spelling.table(block))
        if block.caption:
            self.inlines(self.make(element, "caption", {}), block.caption)
        group = element
        for r, row in enumerate(block.grid()):
            header = r < block.header_rows
            if spelling.row_groups and r in (0, block.header_rows):
                group = self.make(element, "thead" if header else "tbody", {})
            tr = self.make(group, "tr", {})
            for column, cell in row:
                name = ("th" if cell.body else spelling.empty_header) if header else "td"
                attributes = spelling.cell(name == "th", block.alignments[column])
                if cell.column_span != 1:
                    attributes["colspan"] = str(cell.column_span)
                if cell.row_span != 1:
                    attributes["rowspan"] = str(cell.row_span)
                self.blocks(self.make(tr, name, attributes), cell.body)
