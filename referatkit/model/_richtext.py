"""Rich text: the inline and block nodes of section bodies.

Inline sequences are kept in one canonical form, so that two trees that
mean the same are equal: adjacent ``Text`` nodes are merged, adjacent
``Emphasis`` (or ``Strong``) nodes are merged, and empty ``Text``,
``Emphasis`` and ``Strong`` nodes are dropped. Constructors accept a plain
``str`` wherever inline content is expected::

    >>> Paragraph("Udvalget godkendte dagsordenen.")
    Paragraph(content=(Text(text='Udvalget godkendte dagsordenen.'),))
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, TypeAlias, TypeGuard, assert_never, cast

import attrs
from attrs import field, frozen

from .._repr import fields_repr
from ._errors import Code, ModelError, refuse

__all__ = [
    "MAX_LIST_DEPTH",
    "Alignment",
    "Block",
    "BulletList",
    "CellBlock",
    "Emphasis",
    "Heading",
    "Inline",
    "LineBreak",
    "Link",
    "ListBlock",
    "ListItem",
    "OrderedList",
    "Paragraph",
    "Strong",
    "Table",
    "TableCell",
    "TableRow",
    "Text",
    "has_visible_text",
    "plain_text",
]


def _no_newline(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise refuse(attribute.name, Code.NOT_STR, type=type(value).__name__)
    if "\n" in value or "\r" in value:
        raise refuse(attribute.name, Code.TEXT_LINE_BREAK)


@frozen
class Text:
    """Plain text, without line breaks (use :class:`LineBreak`)."""

    __repr__ = fields_repr

    text: str = field(validator=_no_newline)


@frozen
class LineBreak:
    """A forced line break inside a paragraph or list item."""

    __repr__ = fields_repr


def inlines(value: str | Inline | Iterable[Inline | str]) -> tuple[Inline, ...]:
    """Convert ``value`` to a canonical tuple of inline nodes.

    A ``str`` becomes one :class:`Text`; the result merges adjacent text and
    adjacent emphasis of the same kind, and drops empty text and markup.
    """
    # Fast path: content already canonical (a reader's trimmed line, a node's own content
    # passed on) is checked in one pass and kept as it is.
    if type(value) is tuple:
        if len(value) == 1 and type(value[0]) is Text and value[0].text:
            return cast("tuple[Inline, ...]", value)  # most content: one plain run
    elif type(value) is list:
        value = tuple(value)
    if type(value) is tuple and _canonical(value):
        return value
    if isinstance(value, str):
        return (Text(value),) if value else ()
    items: list[Inline | str]
    if isinstance(value, Text | Emphasis | Strong | Link | LineBreak):
        items = [value]
    else:
        try:
            items = list(value)
        except TypeError:
            raise refuse("content", Code.NOT_INLINE_CONTENT, type=type(value).__name__) from None
    out: list[Inline] = []
    run: list[str] = []  # adjacent texts, joined once (joining pairwise is quadratic)
    # Adjacent emphasis (or strong) nodes, merged once when the group ends: merging them
    # pairwise would normalise the growing content again for each one (quadratic).
    group: list[Emphasis | Strong] = []

    def close_group() -> None:
        if len(group) == 1:
            out.append(group[0])
        elif group:
            out.append(type(group[0])([inner for node in group for inner in node.content]))
        group.clear()

    for item in items:
        if isinstance(item, Text):  # the most common node: added to the run at once
            if item.text:
                run.append(item.text)
            continue
        if isinstance(item, str):  # a text as it comes: checked as Text checks it, joined once
            if "\n" in item or "\r" in item:
                Text(item)  # refuses it
            if item:
                run.append(item)
            continue
        node: Inline
        if isinstance(item, str):
            node = Text(item)
        elif isinstance(item, Text | Emphasis | Strong | Link | LineBreak):
            node = item
        else:
            raise refuse("content", Code.NOT_INLINE, type=type(item).__name__)
        if isinstance(node, Text):
            if node.text:
                run.append(node.text)
            continue
        if isinstance(node, Emphasis | Strong) and not node.content:
            continue
        if run:
            close_group()
            out.append(Text("".join(run)))
            run = []
        if isinstance(node, Emphasis | Strong):
            if group and type(group[0]) is not type(node):
                close_group()
            group.append(node)
            continue
        close_group()
        out.append(node)
    close_group()
    if run:
        out.append(Text("".join(run)))
    return tuple(out)


def _canonical(nodes: tuple[Any, ...]) -> TypeGuard[tuple[Inline, ...]]:
    """Whether ``nodes`` is canonical as it is: inline nodes of the model's own classes, no
    empty text or markup, no two texts (or two emphasis, two strong) side by side."""
    before: type | None = None
    for node in nodes:
        kind = type(node)
        if kind is Text:
            if before is Text or not node.text:
                return False
        elif kind is Emphasis or kind is Strong:
            if before is kind or not node.content:
                return False
        elif kind is not LineBreak and kind is not Link:
            return False
        before = kind
    return True


@frozen
class Emphasis:
    """Emphasised (italic) content."""

    __repr__ = fields_repr

    content: tuple[Inline, ...] = field(converter=inlines)


@frozen
class Strong:
    """Strongly emphasised (bold) content."""

    __repr__ = fields_repr

    content: tuple[Inline, ...] = field(converter=inlines)


def _target(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    _no_newline(instance, attribute, value)
    if not value.strip():
        raise refuse(attribute.name, Code.EMPTY)


def _no_nested_link(
    instance: object, attribute: attrs.Attribute[tuple[Inline, ...]], value: tuple[Inline, ...]
) -> None:
    # No document format (HTML, ODF) lets a link hold another link.
    stack = list(value)
    while stack:
        node = stack.pop()
        if isinstance(node, Link):
            raise refuse(attribute.name, Code.NESTED_LINK)
        if isinstance(node, Emphasis | Strong):
            stack.extend(node.content)


@frozen
class Link:
    """A hyperlink: ``content`` is the visible text, ``target`` the address."""

    __repr__ = fields_repr

    content: tuple[Inline, ...] = field(converter=inlines, validator=_no_nested_link)
    target: str = field(validator=_target)


Inline: TypeAlias = Text | Emphasis | Strong | Link | LineBreak


def plain_text(content: Iterable[Inline]) -> str:
    """The text of ``content`` without markup; line breaks become ``\\n``."""
    parts: list[str] = []
    for node in content:
        match node:
            case Text(text=text):
                parts.append(text)
            case LineBreak():
                parts.append("\n")
            case Emphasis(content=inner) | Strong(content=inner) | Link(content=inner):
                parts.append(plain_text(inner))
            case _:
                assert_never(node)
    return "".join(parts)


def has_visible_text(content: Iterable[Inline]) -> bool:
    """True when ``content`` holds a character other than space, tab and line break."""
    # As ``bool(plain_text(content).strip(" \t\n"))``, stopping at the first such character
    # (every paragraph's validator asks).
    for node in content:
        if isinstance(node, Text):
            if node.text.strip(" \t\n"):
                return True
        elif isinstance(node, Emphasis | Strong | Link):
            if has_visible_text(node.content):
                return True
        elif not isinstance(node, LineBreak):
            assert_never(node)
    return False


def _visible(
    instance: object, attribute: attrs.Attribute[tuple[Inline, ...]], value: tuple[Inline, ...]
) -> None:
    first = value[0] if len(value) == 1 else None
    if isinstance(first, Text):  # most content: one plain run
        if first.text.strip(" \t\n"):
            return
    elif has_visible_text(value):
        return
    raise refuse(attribute.name, Code.INVISIBLE, owner=type(instance).__name__)


@frozen
class Paragraph:
    """A paragraph of inline content."""

    __repr__ = fields_repr

    content: tuple[Inline, ...] = field(converter=inlines, validator=_visible)


@frozen
class Heading:
    """A sub-heading inside a section ("Gennemskuelig budgetlægning")."""

    __repr__ = fields_repr

    content: tuple[Inline, ...] = field(converter=inlines, validator=_visible)


@frozen
class ListItem:
    """One list item: inline content and an optional nested list."""

    __repr__ = fields_repr

    content: tuple[Inline, ...] = field(converter=inlines, default=())
    sublist: BulletList | OrderedList | None = field(default=None)

    @sublist.validator
    def _check_sublist(self, attribute: attrs.Attribute[object], value: object) -> None:
        if value is not None and not isinstance(value, BulletList | OrderedList):
            raise refuse(attribute.name, Code.NOT_SUBLIST, type=type(value).__name__)


def _list_items(value: Iterable[ListItem | str]) -> tuple[ListItem, ...]:
    if isinstance(value, str | ListItem):
        raise refuse("items", Code.NOT_LIST_ITEMS)
    out = tuple(ListItem(x) if isinstance(x, str) else x for x in value)
    for x in out:
        if not isinstance(x, ListItem):
            raise refuse("items", Code.NOT_LIST_ITEM, type=type(x).__name__)
    if not out:
        raise refuse("items", Code.NO_ITEMS)
    return out


@frozen
class BulletList:
    """An unordered list."""

    __repr__ = fields_repr

    items: tuple[ListItem, ...] = field(converter=_list_items)

    def __attrs_post_init__(self) -> None:
        _check_depth(self)


def _start(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise refuse(attribute.name, Code.START_INT)
    if value < 0:
        raise refuse(attribute.name, Code.START_NEGATIVE)


@frozen
class OrderedList:
    """A numbered list; ``start`` is the number of its first item.

    A list that continues after an interrupting paragraph is a second
    ``OrderedList`` whose ``start`` continues the count.
    """

    __repr__ = fields_repr

    items: tuple[ListItem, ...] = field(converter=_list_items)
    start: int = field(default=1, validator=_start)

    def __attrs_post_init__(self) -> None:
        _check_depth(self)


#: Lists nest at most this deep: deeper is no document, and would exhaust
#: Python's recursion in everything that walks the model.
MAX_LIST_DEPTH = 50


def list_depth(block: BulletList | OrderedList) -> int:
    """How many levels ``block`` nests: 1 for a flat list."""
    return 1 + max((list_depth(i.sublist) for i in block.items if i.sublist is not None), default=0)


def _check_depth(block: BulletList | OrderedList) -> None:
    # Every sublist was checked when it was built, so this recursion stays shallow.
    if list_depth(block) > MAX_LIST_DEPTH:
        raise refuse("items", Code.LIST_DEPTH, limit=str(MAX_LIST_DEPTH))


ListBlock: TypeAlias = BulletList | OrderedList

# --- tables ---------------------------------------------------------------------

#: What a table cell holds: paragraphs and lists (no sub-headings, no tables).
CellBlock: TypeAlias = Paragraph | BulletList | OrderedList
CELL_BLOCK_TYPES = (Paragraph, BulletList, OrderedList)


class Alignment(enum.Enum):
    """How a table column's content is aligned; amounts are ``RIGHT``."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


def _cell_body(value: Iterable[CellBlock] | str) -> tuple[CellBlock, ...]:
    if isinstance(value, str):
        return (Paragraph(value),) if value.strip() else ()
    if isinstance(value, Paragraph | BulletList | OrderedList):
        raise refuse("body", Code.ONE_BLOCK)
    out = tuple(value)
    for index, x in enumerate(out):
        if not isinstance(x, CELL_BLOCK_TYPES):
            raise refuse(f"body[{index}]", Code.NOT_CELL_BLOCK, type=type(x).__name__)
    return out


#: A cell spans at most this many columns or rows (HTML's own limit on colspan).
MAX_SPAN = 1000


def _span(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise refuse(attribute.name, Code.NOT_INT, type=type(value).__name__)
    if not 1 <= value <= MAX_SPAN:
        raise refuse(attribute.name, Code.SPAN, limit=str(MAX_SPAN), value=str(value))


@frozen
class TableCell:
    """One cell: blocks (empty for an empty cell), spanning columns and rows.

    A ``str`` is one paragraph: ``TableCell("Mio. kr.")``.
    """

    __repr__ = fields_repr

    body: tuple[CellBlock, ...] = field(converter=_cell_body, default=())
    column_span: int = field(default=1, validator=_span, kw_only=True)
    row_span: int = field(default=1, validator=_span, kw_only=True)


def _cells(value: Iterable[TableCell | str]) -> tuple[TableCell, ...]:
    if isinstance(value, str | TableCell):
        raise refuse("cells", Code.NOT_CELLS)
    out = tuple(TableCell(x) if isinstance(x, str) else x for x in value)
    for index, x in enumerate(out):
        if not isinstance(x, TableCell):
            raise refuse(f"cells[{index}]", Code.NOT_CELL, type=type(x).__name__)
    if not out:
        raise refuse("cells", Code.NO_CELLS)
    return out


@frozen
class TableRow:
    """One row of cells, left to right (cells covered by a span from above are left out)."""

    __repr__ = fields_repr

    cells: tuple[TableCell, ...] = field(converter=_cells)


def _rows(value: Iterable[TableRow | Iterable[TableCell | str]]) -> tuple[TableRow, ...]:
    if isinstance(value, str | TableRow):
        raise refuse("rows", Code.NOT_ROWS)
    out: list[TableRow] = []
    for index, x in enumerate(value):
        if isinstance(x, TableRow):
            out.append(x)
        elif isinstance(x, str):
            raise refuse(f"rows[{index}]", Code.ROW_IS_STR)
        else:
            try:
                out.append(TableRow(x))
            except ModelError as error:
                raise error.within(f"rows[{index}]") from None
    if not out:
        raise refuse("rows", Code.NO_ROWS)
    return tuple(out)


def _alignments(value: Iterable[Alignment | str]) -> tuple[Alignment, ...]:
    if isinstance(value, str | Alignment):
        raise refuse("alignments", Code.NOT_ALIGNMENTS)
    out = []
    for index, x in enumerate(value):
        try:
            out.append(Alignment(x))
        except ValueError:
            raise refuse(f"alignments[{index}]", Code.ALIGNMENT, value=repr(x)) from None
    return tuple(out)


def _caption(
    instance: object, attribute: attrs.Attribute[tuple[Inline, ...]], value: tuple[Inline, ...]
) -> None:
    if value and not has_visible_text(value):
        raise refuse(attribute.name, Code.TABLE_CAPTION)


def table_grid(rows: tuple[TableRow, ...]) -> tuple[tuple[tuple[int, TableCell], ...], ...]:
    """Each row's cells with the column each starts in; raises ``ValueError`` when
    the cells and their spans do not fill a rectangle exactly."""
    taken: list[set[int]] = [set() for _ in rows]
    out: list[tuple[tuple[int, TableCell], ...]] = []
    for r, row in enumerate(rows):
        column = 0
        placed: list[tuple[int, TableCell]] = []
        for c, cell in enumerate(row.cells):
            while column in taken[r]:
                column += 1
            if r + cell.row_span > len(rows):
                raise refuse(f"rows[{r}].cells[{c}].row_span", Code.SPAN_BELOW, value=str(cell.row_span))
            for dr in range(cell.row_span):
                for dc in range(cell.column_span):
                    if column + dc in taken[r + dr]:
                        raise (
                            refuse(f"rows[{r}].cells[{c}]", Code.OVERLAP_ABOVE, row=str(r + dr))
                            if dr == 0
                            else refuse(
                                f"rows[{r}].cells[{c}].row_span", Code.OVERLAP, other=f"rows[{r + dr}]"
                            )
                        )
                    taken[r + dr].add(column + dc)
            placed.append((column, cell))
            column += cell.column_span
        out.append(tuple(placed))
    width = len(taken[0])
    for r, columns in enumerate(taken):
        if columns != set(range(width)):
            raise refuse(f"rows[{r}]", Code.NOT_RECTANGULAR, count=str(len(columns)), width=str(width))
    begun = {column for row in out for column, _ in row}
    for column in range(width):
        if column not in begun:
            # HTML and ODF have no such column: it would only ever be spanned.
            raise refuse("rows", Code.SPANNED_COLUMN, column=str(column))
    return tuple(out)


@frozen
class Table:
    """A table: rows of cells, the first ``header_rows`` of them headings.

    ``alignments`` has one entry per column (``Alignment.LEFT`` for every column
    when not given); ``caption`` is inline content, empty for none. Cells may
    span columns and rows; together they must fill a rectangle::

        >>> table = Table([["Hospital", "Mio. kr."], ["Nordsygehuset", "12,50"]],
        ...               header_rows=1, alignments=("left", "right"))
        >>> table.columns, table.alignments[1]
        (2, <Alignment.RIGHT: 'right'>)
    """

    __repr__ = fields_repr

    # The caption comes first, as every document shows it (above the table), so that
    # walking the model meets content in reading order.
    caption: tuple[Inline, ...] = field(converter=inlines, default=(), kw_only=True, validator=_caption)
    rows: tuple[TableRow, ...] = field(converter=_rows)
    header_rows: int = field(default=0, kw_only=True)
    alignments: tuple[Alignment, ...] = field(converter=_alignments, default=(), kw_only=True)

    def __attrs_post_init__(self) -> None:
        grid = table_grid(self.rows)
        columns = max(column + cell.column_span for row in grid for column, cell in row)
        if not isinstance(self.header_rows, int) or isinstance(self.header_rows, bool):
            raise refuse("header_rows", Code.HEADER_ROWS_INT)
        if not 0 <= self.header_rows <= len(self.rows):
            raise refuse(
                "header_rows", Code.HEADER_ROWS, limit=str(len(self.rows)), value=str(self.header_rows)
            )
        for r in range(self.header_rows):
            for c, cell in enumerate(self.rows[r].cells):
                if r + cell.row_span > self.header_rows:
                    raise refuse(f"rows[{r}].cells[{c}].row_span", Code.HEADER_SPAN)
        if not self.alignments:
            object.__setattr__(self, "alignments", (Alignment.LEFT,) * columns)
        elif len(self.alignments) != columns:
            raise refuse(
                "alignments", Code.ALIGNMENT_COUNT, columns=str(columns), count=str(len(self.alignments))
            )

    @property
    def columns(self) -> int:
        """The number of columns."""
        return len(self.alignments)

    def grid(self) -> tuple[tuple[tuple[int, TableCell], ...], ...]:
        """Each row's cells, each with the index of the column it starts in."""
        return table_grid(self.rows)


Block: TypeAlias = Paragraph | Heading | BulletList | OrderedList | Table
BLOCK_TYPES = (Paragraph, Heading, BulletList, OrderedList, Table)


def blocks(value: Iterable[Block]) -> tuple[Block, ...]:
    """Convert ``value`` to a tuple of blocks, checking each element's type."""
    if isinstance(value, str):
        raise refuse("body", Code.NOT_BLOCKS)
    out = tuple(value)
    for index, x in enumerate(out):
        if not isinstance(x, BLOCK_TYPES):
            raise refuse(f"body[{index}]", Code.NOT_BLOCK, type=type(x).__name__)
    return out
