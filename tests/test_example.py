"""The shipped example referat (synthetic) reads and writes back exactly."""

from __future__ import annotations

import datetime as dt

import referatkit
from referatkit.model import Decision, Heading, Link, OrderedList, SectionKind, TextSection

from .conftest import EXAMPLES

EXAMPLE = EXAMPLES / "referat-byudvalget.txt"


def test_example_round_trips() -> None:
    meeting = referatkit.read(EXAMPLE)
    assert referatkit.render(meeting, "text") == EXAMPLE.read_text(encoding="utf-8").strip()
    assert referatkit.validate(meeting) == []


def test_example_structure() -> None:
    meeting = referatkit.read(EXAMPLE)
    assert meeting.forum.short_name is None  # item 3 has another route
    assert meeting.end is not None and meeting.end.time() == dt.time(18, 30)
    assert [i.page for i in meeting.items] == [3, 4, 6, 8, 10, 12]
    cycle = meeting.items[2]
    assert cycle.route == ("BU", "ØU", "KB")
    assert cycle.journal_number is not None and cycle.journal_number.kle is None
    presentation = cycle.sections[1]
    assert isinstance(presentation, TextSection) and presentation.kind is SectionKind.PRESENTATION
    assert [(b.start, len(b.items)) for b in presentation.body if isinstance(b, OrderedList)] == [
        (1, 2),
        (3, 2),
    ]
    first, second = cycle.decisions
    assert isinstance(first, Decision) and (first.forum, first.date) == (
        "Økonomiudvalget",
        dt.date(2025, 1, 7),
    )
    assert second.forum is None
    school = meeting.items[1].sections[1]
    assert isinstance(school, TextSection)
    assert any(isinstance(b, Heading) for b in school.body)
    assert any(isinstance(n, Link) for b in school.body for n in getattr(b, "content", ()))
    template = meeting.items[3].recommendation
    assert template is not None and template.clauses[0].content == ()
