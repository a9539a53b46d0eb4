"""Whole-document checks: every problem, each with a path into the model."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from typing import cast

import attrs
from attrs import frozen

from .._repr import fields_repr
from ._meeting import AttendanceStatus, Meeting

__all__ = ["XML_ILLEGAL", "Problem", "validate", "walk"]

# Characters XML 1.0 cannot carry: C0 controls other than TAB, LF, CR;
# surrogates; U+FFFE and U+FFFF.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@frozen
class Problem:
    """One problem found by :func:`validate`: ``path`` into the model and a message."""

    __repr__ = fields_repr

    path: str
    message: str

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
            children = [(f"{here}[{i}]", child) for i, child in enumerate(cast(tuple[object, ...], value))]
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
                    Problem(
                        path,
                        f"character U+{ord(match.group()):04X} at position {match.start()} "
                        "cannot be carried by XML",
                    )
                )
    for i, first in _repeats([item.number for item in meeting.items]):
        number = meeting.items[i].number
        problems.append(
            Problem(f"items[{i}].number", f"item number {number!r} is used twice (items[{first}])")
        )
    for i, first in _repeats([p.name for p in meeting.attendance]):
        name = meeting.attendance[i].name
        problems.append(Problem(f"attendance[{i}].name", f"{name!r} is listed twice (attendance[{first}])"))
    names = {p.name for p in meeting.attendance}
    for i, p in enumerate(meeting.attendance):
        if p.status is AttendanceStatus.SUBSTITUTE and p.substitute_for == p.name:
            problems.append(
                Problem(f"attendance[{i}].substitute_for", "a member cannot substitute for themselves")
            )
    if meeting.attendance:
        for i, item in enumerate(meeting.items):
            for j, exc in enumerate(item.attendance):
                if exc.name not in names:
                    problems.append(
                        Problem(
                            f"items[{i}].attendance[{j}].name",
                            f"{exc.name!r} is not among the meeting's participants",
                        )
                    )
    return problems
