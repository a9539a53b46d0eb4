"""Golden files: each folder in tests/cases holds an input and the text it becomes.

Inputs are hand-written in the lenient forms the reader accepts; expected
outputs are the canonical layout. A failing case shows a readable diff.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import referatkit
from referatkit.model import (
    Alignment,
    Clause,
    Decision,
    Heading,
    LineBreak,
    Link,
    Paragraph,
    Recommendation,
    Strong,
    Table,
    TableCell,
    Variant,
    plain_text,
)

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    meeting = referatkit.read(case / "input.txt")
    assert referatkit.render(meeting, "text").splitlines() == expected.splitlines()
    assert referatkit.render(meeting, "text") == expected
    assert referatkit.read(case / "expected.txt") == meeting


def _case(name: str) -> referatkit.Meeting:
    return referatkit.read(Path(__file__).parent / "cases" / name / "input.txt")


def test_captions_and_escapes_structure() -> None:
    item = _case("captions-and-escapes").items[0]
    assert item.route == ("TMU", "ØU", "KB") and item.title == "Ny affaldsordning"
    assert item.journal_number is not None and item.journal_number.kle is None
    rec = item.sections[0]
    assert isinstance(rec, Recommendation) and rec.caption == "ADMINISTRATIONENS INDSTILLING"
    first, second = item.decisions
    assert (first.forum, first.date, first.caption) == ("Økonomiudvalget", dt.date(2025, 1, 6), None)
    link = next(n for n in first.body[0].content if isinstance(n, Link))  # type: ignore[union-attr]
    assert link.target == "https://www.example.dk/notat)1" and plain_text(link.content) == "notatet"
    assert isinstance(second, Decision) and second.forum is None
    assert second.body[1] == Heading("Beslutning")
    assert second.body[2] == Paragraph("- ikke en liste, og 5 * 3 [ikke et link].")
    assert [a.title for a in item.attachments] == ["Bilag 1: Affaldsplan", "Bilag 2: Høringsbrev"]


def test_addendum_with_end_on_next_day() -> None:
    meeting = _case("agenda-addendum-with-end")
    assert meeting.variant is Variant.ADDENDUM and meeting.kind is referatkit.DocumentKind.AGENDA
    assert meeting.end is not None and meeting.end.date() == dt.date(2024, 10, 31)
    assert meeting.items[0].number == "12.1" and meeting.items[0].page == 4
    kinds = [s.kind for s in meeting.items[0].sections]
    assert kinds == [referatkit.SectionKind.ECONOMY, referatkit.SectionKind.AUTHORITY]


def test_clause_content_that_looks_like_a_lead_word() -> None:
    """A clause without a lead word whose text begins with "at" stays that way."""
    base = _case("no-table-of-contents")
    for clause in [
        Clause("at x", lead=""),
        Clause("at", lead=""),
        Clause(["at", LineBreak(), "y"], lead=""),
        Clause(["x", LineBreak(), "at y"], lead="at"),
    ]:
        item = base.items[0]
        changed = referatkit.Meeting(
            forum=base.forum,
            kind=base.kind,
            start=base.start,
            items=(
                type(item)(
                    number="1", title=item.title, sections=(Recommendation("Vi indstiller,", [clause]),)
                ),
            ),
        )
        text = referatkit.render(changed, "text")
        assert referatkit.read(text) == changed, text


def test_table_of_amounts_structure() -> None:
    """A hand-written pipe table right under its paragraph, with a caption, spans and "^"."""
    body = _case("table-of-amounts").items[0].sections[0].body
    assert body[0] == Paragraph("Regnskabet fordeler sig således:")
    amounts, budget = body[1], body[2]
    assert isinstance(amounts, Table) and isinstance(budget, Table)
    assert amounts.header_rows == 1 and amounts.alignments == (Alignment.LEFT, Alignment.RIGHT)
    assert amounts.rows[0].cells == (TableCell(), TableCell("Mio. kr."))
    assert amounts.rows[-1].cells == (
        TableCell([Paragraph(Strong("I alt"))]),
        TableCell([Paragraph(Strong("14,50"))]),
    )
    assert plain_text(amounts.caption) == "Anlæg 2024 i løbende priser"
    assert budget.alignments == (Alignment.LEFT, Alignment.RIGHT, Alignment.CENTER, Alignment.LEFT)
    assert budget.rows[0].cells[1] == TableCell("Budget", column_span=2)
    assert budget.rows[2].cells[0] == TableCell("Skoler", row_span=2)
    assert budget.rows[2].cells[3] == TableCell("se | bilag")
    assert len(budget.rows[3].cells) == 3  # "^": the cell above continues
