"""Whole-document checks: every problem, each with a path into the model."""

from __future__ import annotations

import enum
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Self, cast

import attrs
from attrs import field, frozen

from .._repr import fields_repr
from ._errors import Code, english
from ._meeting import AttendanceStatus, Meeting

__all__ = ["XML_ILLEGAL", "Problem", "validate", "values", "walk"]

# Characters XML 1.0 cannot carry: C0 controls other than TAB, LF, CR;
# surrogates; U+FFFE and U+FFFF.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@frozen
class Problem:
    """One problem found by :func:`validate`: ``path`` into the model and a message.

    ``message`` is English, for programmers; ``code`` and ``params`` say the
    same as data, for :func:`referatkit.l10n.messages.say` to word in Danish.
    """

    __repr__ = fields_repr

    path: str
    message: str
    code: Code | None = field(default=None, eq=False, kw_only=True)
    params: Mapping[str, str] = field(factory=dict, eq=False, kw_only=True)

    @classmethod
    def of(cls, path: str, code: Code, **params: str) -> Self:
        """The problem of ``code`` at ``path``, its message from the code."""
        return cls(path, english(code, path, params), code=code, params=params)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def walk(node: object, path: str = "") -> Iterator[tuple[str, object]]:
    """Yield ``(path, value)`` for ``node`` and everything below it, parents first.

    Paths read like ``items[2].sections[0].body[1].content[0].text``.
    """
    # A stack, not recursion: a generator per level would pass every value up
    # through all the levels above it.
    stack: list[tuple[str, object]] = [(path, node)]
    while stack:
        here, value = stack.pop()
        yield here, value
        kind = type(value)
        if kind is tuple:
            children = [(f"{here}[{i}]", child) for i, child in enumerate(cast("tuple[object, ...]", value))]
        elif kind is str:
            continue
        else:
            names = _field_names(kind)
            if names is None:
                if not isinstance(value, tuple):
                    continue
                children = [(f"{here}[{i}]", child) for i, child in enumerate(value)]
            else:
                prefix = f"{here}." if here else ""
                children = [(prefix + name, getattr(value, name)) for name in names]
        stack.extend(reversed(children))


def values(node: object) -> Iterator[object]:
    """Yield ``node`` and every value below it, in :func:`walk`'s order, without their paths.

    For a check that only needs the values (a character no file can hold, a year out of
    range): building every path costs more than such a check itself.
    """
    stack: list[object] = [node]
    pop, extend = stack.pop, stack.extend
    while stack:
        value = pop()
        yield value
        kind = type(value)
        if kind is str:
            continue
        if kind is tuple:
            extend(cast(tuple[object, ...], value)[::-1])
            continue
        try:
            children = _CHILDREN[kind]
        except KeyError:
            children = _children_of(kind)
        if children is None:
            if isinstance(value, tuple):
                extend(value[::-1])
            continue
        extend(children(value))


_CHILDREN: dict[type, Callable[[object], tuple[object, ...]] | None] = {}


def _children_of(kind: type) -> Callable[[object], tuple[object, ...]] | None:
    """The field values of an instance of the attrs class ``kind``, last field first (for a
    stack); None for any other type."""
    names = _field_names(kind)
    children: Callable[[object], tuple[object, ...]] | None
    if names is None:
        children = None
    elif len(names) > 1:
        children = operator.attrgetter(*reversed(names))
    elif names:
        only = operator.attrgetter(names[0])
        children = lambda value: (only(value),)  # noqa: E731
    else:
        children = lambda value: ()  # noqa: E731
    _CHILDREN[kind] = children
    return children


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The attribute names of an attrs class, in order; None for any other type."""
    try:
        return _FIELD_NAMES[kind]
    except KeyError:
        names = tuple(a.name for a in attrs.fields(kind)) if attrs.has(kind) else None
        _FIELD_NAMES[kind] = names
        return names


def _repeats(values: list[str]) -> Iterator[tuple[int, int]]:
    """``(index, index of the first occurrence)`` for every value seen before."""
    first: dict[str, int] = {}
    for i, value in enumerate(values):
        if value in first:
            yield i, first[value]
        else:
            first[value] = i


def validate(meeting: Meeting) -> list[Problem]:
    """Return every whole-document problem of ``meeting`` (empty when none).

    Checks what single fields cannot: unique item numbers, characters that
    XML cannot carry, attendance exceptions that name no participant,
    duplicate participants. Field-level rules are enforced by the
    constructors already.

        >>> import datetime as dt
        >>> from referatkit.model import COPENHAGEN, DocumentKind, Forum, Item
        >>> meeting = Meeting(
        ...     forum=Forum(name="Byudvalget"), kind=DocumentKind.AGENDA,
        ...     start=dt.datetime(2025, 1, 14, 16, 0, tzinfo=COPENHAGEN),
        ...     items=(Item(number="1", title="Budget"), Item(number="1", title="Evt.\x0c")),
        ... )
        >>> for problem in validate(meeting):
        ...     print(problem)
        items[1].title: character U+000C at position 4 cannot be carried by XML
        items[1].number: item number '1' is used twice (items[0])
    """
    problems: list[Problem] = []
    for path, value in walk(meeting):
        if isinstance(value, str) and not isinstance(value, enum.Enum):
            for match in XML_ILLEGAL.finditer(value):
                problems.append(
                    Problem.of(
                        path,
                        Code.XML_CHAR,
                        codepoint=f"{ord(match.group()):04X}",
                        position=str(match.start()),
                    )
                )
    for i, first in _repeats([item.number for item in meeting.items]):
        number = meeting.items[i].number
        problems.append(
            Problem.of(f"items[{i}].number", Code.NUMBER_TWICE, number=repr(number), first=f"items[{first}]")
        )
    for i, first in _repeats([p.name for p in meeting.attendance]):
        name = meeting.attendance[i].name
        problems.append(
            Problem.of(
                f"attendance[{i}].name", Code.LISTED_TWICE, name=repr(name), first=f"attendance[{first}]"
            )
        )
    names = {p.name for p in meeting.attendance}
    for i, p in enumerate(meeting.attendance):
        if p.status is AttendanceStatus.SUBSTITUTE and p.substitute_for == p.name:
            problems.append(Problem.of(f"attendance[{i}].substitute_for", Code.SELF_SUBSTITUTE))
    if meeting.attendance:
        for i, item in enumerate(meeting.items):
            for j, exc in enumerate(item.attendance):
                if exc.name not in names:
                    problems.append(
                        Problem.of(
                            f"items[{i}].attendance[{j}].name", Code.NOT_PARTICIPANT, name=repr(exc.name)
                        )
                    )
    return problems
