"""Rich text as plain text that keeps paragraphs and list structure readable.

The archive's tables and the store's rows and search text both take section text
from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import assert_never

from ._richtext import Block, BulletList, Heading, OrderedList, Paragraph, Table, plain_text

__all__ = ["blocks_text"]

_INDENT = "   "


def _list_lines(block: BulletList | OrderedList, depth: int) -> list[str]:
    lines: list[str] = []
    for index, item in enumerate(block.items):
        marker = "-" if isinstance(block, BulletList) else f"{block.start + index}."
        prefix = _INDENT * depth + marker + " "
        text_lines = plain_text(item.content).split("\n")
        lines.append(prefix + text_lines[0])
        lines.extend(" " * len(prefix) + line for line in text_lines[1:])
        if item.sublist is not None:
            lines.extend(_list_lines(item.sublist, depth + 1))
    return lines


def _table_lines(table: Table) -> list[str]:
    # One row a line, cells between " | ", a rule under the header rows, the caption
    # first: a person reading the column sees which amount belongs to which name.
    lines = [plain_text(table.caption)] if table.caption else []
    for index, row in enumerate(table.rows):
        if index == table.header_rows and index:
            lines.append("-" * 3)
        cells = (" ".join(blocks_text(cell.body).split()) for cell in row.cells)
        lines.append(" | ".join(cells))
    return lines


def blocks_text(body: Iterable[Block]) -> str:
    """Section text: paragraphs and headings separated by a blank line, lists
    one item a line (``-`` or ``1.``), nested lists indented three spaces a level,
    tables one row a line with the cells between ``|``.

    This is the one place where a block becomes plain text (the archive, the store).
    """
    parts: list[str] = []
    for block in body:
        match block:
            case Paragraph(content=content) | Heading(content=content):
                parts.append(plain_text(content))
            case BulletList() | OrderedList():
                parts.append("\n".join(_list_lines(block, 0)))
            case Table():
                parts.append("\n".join(_table_lines(block)))
            case _:
                assert_never(block)
    return "\n\n".join(parts)
