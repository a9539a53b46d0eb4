"""The two real referater in ../shared/seeds: read them, write them back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import referatkit
from referatkit.model import (
    AttachmentList,
    BulletList,
    Decision,
    DocumentKind,
    Emphasis,
    Heading,
    KleNumber,
    OrderedList,
    Paragraph,
    Recommendation,
    SectionKind,
    Text,
    TextSection,
    plain_text,
)

K = SectionKind


def _kinds(item: referatkit.Item) -> list[SectionKind]:
    return [s.kind for s in item.sections]


@pytest.mark.parametrize("name", ["seed_000", "seed_001"])
def test_round_trip_is_exact(name: str, request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(name)
    expected = path.read_text(encoding="utf-8").strip()
    assert referatkit.render(referatkit.read(path), "text") == expected


@pytest.mark.parametrize("name", ["seed_000", "seed_001"])
def test_round_trip_through_write(name: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    path: Path = request.getfixturevalue(name)
    out = referatkit.write(referatkit.read(path), tmp_path / "out.txt")
    assert out.read_text(encoding="utf-8") == path.read_text(encoding="utf-8").strip()
    assert referatkit.read(out) == referatkit.read(path)


def test_seed_000_front_matter(seed_000: Path) -> None:
    m = referatkit.read(seed_000)
    assert m.kind is DocumentKind.MINUTES
    assert m.forum.name == "Chefforum"
    assert m.forum.short_name == "CF"
    assert m.start == dt.datetime(2017, 1, 5, 9, 0, tzinfo=referatkit.model.COPENHAGEN)
    assert m.start.utcoffset() == dt.timedelta(hours=1)
    assert m.end is None
    assert m.place is not None and m.place.startswith("Mødelokale")


def test_seed_000_items(seed_000: Path) -> None:
    m = referatkit.read(seed_000)
    assert len(m.items) == 4
    assert [i.number for i in m.items] == ["1", "2", "3", "4"]
    assert [i.title for i in m.items] == [
        "Godkendelse af dagsorden og referat",
        "Kvalificering af netværkstemaer forår 2017",
        "Forslag til intern praktik uge",
        "Evt.",
    ]
    assert all(i.route == ("CF",) for i in m.items)
    assert [i.journal_number.raw for i in m.items if i.journal_number] == [
        "00.01.10-A00-3-16",
        "00.00.00-A00-41-16",
        "87.15.00-A00-1-16",
        "00.01.10-A00-3-16",
    ]
    first = m.items[0].journal_number
    assert first is not None and first.kle == KleNumber("00.01.10", "A00", 3, 2016)
    assert [i.page for i in m.items] == [3, 4, 6, 8]
    full = [K.OCCASION, K.RECOMMENDATION, K.PRESENTATION, K.DECISION, K.ATTACHMENTS]
    assert [_kinds(i) for i in m.items] == [full[:4], full, full, full[:4]]


def test_seed_000_recommendations(seed_000: Path) -> None:
    m = referatkit.read(seed_000)
    template = m.items[0].recommendation
    assert template is not None
    assert plain_text(template.intro) == "Direktøren for... indstiller,"
    # The unfilled template clause "1. at" survives as an empty clause.
    assert len(template.clauses) == 1
    assert template.clauses[0].lead == "at" and template.clauses[0].content == ()
    third = m.items[2].recommendation
    assert third is not None
    assert plain_text(third.intro).endswith("indstiller,")
    assert [c.lead for c in third.clauses] == ["at", "at"]
    assert plain_text(third.clauses[0].content).startswith("Chefforum drøfter forslaget")


def test_seed_000_emphasis_in_item_1(seed_000: Path) -> None:
    presentation = m_section(referatkit.read(seed_000), 0, K.PRESENTATION)
    last = presentation.body[-1]
    assert isinstance(last, Paragraph)
    assert last.content[-1] == Emphasis((Text("kursiv"),))
    assert plain_text(last.content).endswith("almindelig skrift og kursiv")


def test_seed_000_nested_bullets_in_item_2(seed_000: Path) -> None:
    decision = referatkit.read(seed_000).items[1].decisions[0]
    lists = [b for b in decision.body if isinstance(b, BulletList)]
    first = lists[0]
    assert [plain_text(i.content) for i in first.items] == [
        "Netværk om sprog:",
        "Børn og kontanthjælpsloftet",
        "Deleøkonomi",
        "Fundraising",
    ]
    nested = first.items[0].sublist
    assert isinstance(nested, BulletList)
    assert len(nested.items) == 4
    assert plain_text(nested.items[1].content) == "Biblioteket vil gerne være med"
    assert all(i.sublist is not None for i in first.items)
    # The list is interrupted by a paragraph and continues as a second list.
    index = decision.body.index(first)
    assert isinstance(decision.body[index + 1], Paragraph)
    assert plain_text(decision.body[index + 1].content) == "kan vi understøtte?"
    assert isinstance(decision.body[index + 2], BulletList)


def test_seed_000_attachments(seed_000: Path) -> None:
    item = referatkit.read(seed_000).items[1]
    assert len(item.attachments) == 6
    assert item.attachments[0].title == "Ensomhed hos ældre"
    assert all(a.public for a in item.attachments)


def test_seed_000_sub_heading(seed_000: Path) -> None:
    presentation = m_section(referatkit.read(seed_000), 2, K.PRESENTATION)
    headings = [plain_text(b.content) for b in presentation.body if isinstance(b, Heading)]
    assert headings == ["Forslag til intern innovationspraktik"]


def test_seed_001_items(seed_001: Path) -> None:
    m = referatkit.read(seed_001)
    assert m.start == dt.datetime(2017, 12, 5, 12, 0, tzinfo=referatkit.model.COPENHAGEN)
    assert len(m.items) == 9
    assert [i.number for i in m.items] == [str(n) for n in range(1, 10)]
    assert m.items[2].title == "Input til ØS's foreløbige virksomhedsplan"
    assert m.items[2].journal_number is not None and m.items[2].journal_number.raw == "00.15.10-K07-9-17"
    assert m.items[6].journal_number is not None
    assert m.items[6].journal_number.kle == KleNumber("09.00.00", "P35", 2, 2017)
    assert [i.page for i in m.items] == [3, 4, 6, 7, 8, 10, 12, 13, 15]
    assert _kinds(m.items[0]) == [K.RECOMMENDATION, K.DECISION]
    # Item 2 puts the presentation before the recommendation.
    assert _kinds(m.items[1]) == [K.OCCASION, K.PRESENTATION, K.RECOMMENDATION, K.DECISION, K.ATTACHMENTS]
    assert _kinds(m.items[8]) == [K.DECISION]


def test_seed_001_recommendation_shapes(seed_001: Path) -> None:
    m = referatkit.read(seed_001)
    rec1 = m.items[0].recommendation
    assert rec1 is not None
    assert plain_text(rec1.intro) == "Kommunaldirektøren indstiller,"
    assert [plain_text(c.content) for c in rec1.clauses] == [
        "chefforum godkender dagsordenen for mødet.",
        "chefforum godkender referatet af 15. november 2017.",
    ]
    rec2 = m.items[1].recommendation
    assert rec2 is not None
    assert plain_text(rec2.intro).endswith("indstiller;")
    assert [c.lead for c in rec2.clauses] == ["At", "At"]
    rec4 = m.items[3].recommendation
    assert rec4 is not None
    # The second clause of item 4 has no "at".
    assert [c.lead for c in rec4.clauses] == ["at", ""]
    assert plain_text(rec4.clauses[1].content) == "referenceledelsen på temaerne godkendes"
    assert len(m.items[6].recommendation.clauses) == 3  # type: ignore[union-attr]


def test_seed_001_ordered_list_continues_after_paragraph(seed_001: Path) -> None:
    presentation = m_section(referatkit.read(seed_001), 5, K.PRESENTATION)
    ordered = [b for b in presentation.body if isinstance(b, OrderedList)]
    assert [(o.start, len(o.items)) for o in ordered] == [(1, 1), (2, 1), (3, 1), (4, 2), (6, 1)]
    first = presentation.body.index(ordered[0])
    assert isinstance(presentation.body[first + 1], Paragraph)
    assert plain_text(presentation.body[first + 1].content).startswith("Nuværende mål:")
    assert presentation.body[first + 2] is ordered[1]
    assert plain_text(ordered[1].items[0].content).startswith("Forventet gennemsnitlig likviditet")


def test_seed_001_bullets_starting_with_numbers_are_bullets(seed_000: Path) -> None:
    presentation = m_section(referatkit.read(seed_000), 2, K.PRESENTATION)
    bullets = next(b for b in presentation.body if isinstance(b, BulletList))
    assert [plain_text(i.content)[:3] for i in bullets.items] == ["1) ", "2) ", "3) "]


def test_seed_001_sub_headings(seed_001: Path) -> None:
    m = referatkit.read(seed_001)
    headings = {
        (n, plain_text(b.content))
        for n, item in enumerate(m.items, 1)
        for s in item.sections
        if isinstance(s, TextSection)
        for b in s.body
        if isinstance(b, Heading)
    }
    assert headings == {
        (5, "Gennemskuelig budgetlægning"),
        (5, "Reduceret budgetlægningsperiode"),
        (5, "En proces, der tager højde for behovet for en stram økonomiske styring"),
        (8, "Evaluering"),
    }


def test_seed_001_decisions_and_attachments(seed_001: Path) -> None:
    m = referatkit.read(seed_001)
    assert all(len(i.decisions) == 1 for i in m.items)
    assert all(d.forum is None and d.date is None for i in m.items for d in i.decisions)
    assert [a.title for a in m.items[6].attachments][:2] == [
        "Bilag 1 - Orientering om kommunens systematiske miljøarbejde",
        "Bilag 2: List of finding med lukkede afvigelser",
    ]
    assert len(m.items[6].attachments) == 6
    assert isinstance(m.items[6].sections[-1], AttachmentList)
    assert isinstance(m.items[8].sections[0], Decision)


def test_seeds_are_valid(seed_000: Path, seed_001: Path) -> None:
    assert referatkit.validate(referatkit.read(seed_000)) == []
    assert referatkit.validate(referatkit.read(seed_001)) == []


def m_section(meeting: referatkit.Meeting, index: int, kind: SectionKind) -> TextSection | Recommendation:
    section = next(s for s in meeting.items[index].sections if s.kind is kind)
    assert isinstance(section, TextSection | Recommendation)
    return section
