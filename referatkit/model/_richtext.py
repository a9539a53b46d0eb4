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

from collections.abc import Iterable
from typing import TypeAlias, assert_never, cast

import attrs
from attrs import field, frozen

__all__ = [
    "MAX_LIST_DEPTH",
    "Block",
    "BulletList",
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
    "Text",
    "has_visible_text",
    "plain_text",
]


def _no_newline(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a str, not {type(value).__name__}")
    if "\n" in value or "\r" in value:
        raise ValueError(f"{attribute.name} must not contain a line break; use LineBreak()")


@frozen
class Text:
    """Plain text, without line breaks (use :class:`LineBreak`)."""

    text: str = field(validator=_no_newline)


@frozen
class LineBreak:
    """A forced line break inside a paragraph or list item."""


def inlines(value: str | Inline | Iterable[Inline | str]) -> tuple[Inline, ...]:
    """Convert ``value`` to a canonical tuple of inline nodes.

    A ``str`` becomes one :class:`Text`; the result merges adjacent text and
    adjacent emphasis of the same kind, and drops empty text and markup.
    """
    # Fast paths: most content is one plain run.
    if type(value) is tuple and len(value) == 1 and type(value[0]) is Text and value[0].text:
        return cast(tuple[Inline, ...], value)
    if isinstance(value, str):
        return (Text(value),) if value else ()
    items: list[Inline | str]
    if isinstance(value, Text | Emphasis | Strong | Link | LineBreak):
        items = [value]
    else:
        try:
            items = list(value)
        except TypeError:
            raise TypeError(
                f"inline content must be a str or inline nodes, not {type(value).__name__}"
            ) from None
    out: list[Inline] = []
    run: list[str] = []  # adjacent texts, joined once (joining pairwise is quadratic)
    for item in items:
        node: Inline
        if isinstance(item, str):
            node = Text(item)
        elif isinstance(item, Text | Emphasis | Strong | Link | LineBreak):
            node = item
        else:
            raise TypeError(f"not an inline node: {type(item).__name__}")
        if isinstance(node, Text):
            if node.text:
                run.append(node.text)
            continue
        if isinstance(node, Emphasis | Strong) and not node.content:
            continue
        if run:
            out.append(Text("".join(run)))
            run = []
        previous = out[-1] if out else None
        if isinstance(node, Emphasis) and isinstance(previous, Emphasis):
            out[-1] = Emphasis(previous.content + node.content)
        elif isinstance(node, Strong) and isinstance(previous, Strong):
            out[-1] = Strong(previous.content + node.content)
        else:
            out.append(node)
    if run:
        out.append(Text("".join(run)))
    return tuple(out)


@frozen
class Emphasis:
    """Emphasised (italic) content."""

    content: tuple[Inline, ...] = field(converter=inlines)


@frozen
class Strong:
    """Strongly emphasised (bold) content."""

    content: tuple[Inline, ...] = field(converter=inlines)


def _target(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    _no_newline(instance, attribute, value)
    if not value.strip():
        raise ValueError("target must not be empty")


def _no_nested_link(
    instance: object, attribute: attrs.Attribute[tuple[Inline, ...]], value: tuple[Inline, ...]
) -> None:
    # No document format (HTML, ODF) lets a link hold another link.
    stack = list(value)
    while stack:
        node = stack.pop()
        if isinstance(node, Link):
            raise ValueError("content must not contain another Link")
        if isinstance(node, Emphasis | Strong):
            stack.extend(node.content)


@frozen
class Link:
    """A hyperlink: ``content`` is the visible text, ``target`` the address."""

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
    return bool(plain_text(content).strip(" \t\n"))


def _visible(
    instance: object, attribute: attrs.Attribute[tuple[Inline, ...]], value: tuple[Inline, ...]
) -> None:
    if not has_visible_text(value):
        raise ValueError(f"{type(instance).__name__}.{attribute.name} must contain visible text")


@frozen
class Paragraph:
    """A paragraph of inline content."""

    content: tuple[Inline, ...] = field(converter=inlines, validator=_visible)


@frozen
class Heading:
    """A sub-heading inside a section ("Gennemskuelig budgetlægning")."""

    content: tuple[Inline, ...] = field(converter=inlines, validator=_visible)


@frozen
class ListItem:
    """One list item: inline content and an optional nested list."""

    content: tuple[Inline, ...] = field(converter=inlines, default=())
    sublist: BulletList | OrderedList | None = field(default=None)

    @sublist.validator
    def _check_sublist(self, attribute: attrs.Attribute[object], value: object) -> None:
        if value is not None and not isinstance(value, BulletList | OrderedList):
            raise TypeError(f"sublist must be a BulletList or OrderedList, not {type(value).__name__}")


def _list_items(value: Iterable[ListItem | str]) -> tuple[ListItem, ...]:
    if isinstance(value, str | ListItem):
        raise TypeError("items must be a sequence of ListItem (or str)")
    out = tuple(ListItem(x) if isinstance(x, str) else x for x in value)
    for x in out:
        if not isinstance(x, ListItem):
            raise TypeError(f"items must hold ListItem, not {type(x).__name__}")
    if not out:
        raise ValueError("items must not be empty")
    return out


@frozen
class BulletList:
    """An unordered list."""

    items: tuple[ListItem, ...] = field(converter=_list_items)

    def __attrs_post_init__(self) -> None:
        _check_depth(self)


def _start(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("start must be an int")
    if value < 0:
        raise ValueError("start must be 0 or more")


@frozen
class OrderedList:
    """A numbered list; ``start`` is the number of its first item.

    A list that continues after an interrupting paragraph is a second
    ``OrderedList`` whose ``start`` continues the count.
    """

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
        raise ValueError(f"lists may nest at most {MAX_LIST_DEPTH} levels")


ListBlock: TypeAlias = BulletList | OrderedList
Block: TypeAlias = Paragraph | Heading | BulletList | OrderedList
BLOCK_TYPES = (Paragraph, Heading, BulletList, OrderedList)


def blocks(value: Iterable[Block]) -> tuple[Block, ...]:
    """Convert ``value`` to a tuple of blocks, checking each element's type."""
    if isinstance(value, str):
        raise TypeError("body must be a sequence of blocks, not a str; use (Paragraph(...),)")
    out = tuple(value)
    for index, x in enumerate(out):
        if not isinstance(x, BLOCK_TYPES):
            raise TypeError(f"body[{index}]: not a block: {type(x).__name__}")
    return out
