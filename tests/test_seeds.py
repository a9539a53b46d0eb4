"""The two real referater in ../shared/seeds: read them, write them back.

No text of the seeds is copied here: expected values are taken from the
seed files themselves at test time, by line position or by simple patterns
that are independent of the reader.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import referatkit
from referatkit.model import (
    COPENHAGEN,
    AttachmentList,
    BulletList,
    Decision,
    DocumentKind,
    Emphasis,
    Heading,
    Item,
    KleNumber,
    Meeting,
    OrderedList,
    Paragraph,
    Recommendation,
    SectionKind,
    Text,
    TextSection,
    plain_text,
)

K = SectionKind
_CAPTIONS = {"Anledning", "Indstilling", "Sagsfremstilling", "Beslutning", "Bilag"}


class Seed:
    """A seed file and independent, pattern-based views of it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = path.read_text(encoding="utf-8")
        self.lines = self.text.split("\n")
        self.meeting = referatkit.read(path)

    def line(self, number: int) -> str:
        """The line at 1-based ``number``."""
        return self.lines[number - 1]

    def item_lines(self, index: int) -> list[str]:
        """The lines of the ``index``-th item (0-based), from its heading on."""
        starts = [n for n, line in enumerate(self.lines) if re.match(r"Punkt \S+: ", line)]
        end = starts[index + 1] if index + 1 < len(starts) else len(self.lines)
        return self.lines[starts[index] : end]

    def section_lines(self, index: int, caption: str) -> list[str]:
        """The non-blank lines under the first ``caption`` of an item."""
        lines = self.item_lines(index)
        start = lines.index(caption) + 1
        out = []
        for line in lines[start:]:
            if line in _CAPTIONS:
                break
            if line.strip():
                out.append(line)
        return out

    def section_chunks(self, index: int, caption: str) -> list[list[str]]:
        """The chunks (blank-line separated) under the first ``caption`` of an item."""
        lines = self.item_lines(index)
        chunks: list[list[str]] = [[]]
        for line in lines[lines.index(caption) + 1 :]:
            if line in _CAPTIONS:
                break
            if line.strip():
                chunks[-1].append(line)
            elif chunks[-1]:
                chunks.append([])
        return [c for c in chunks if c]


@pytest.fixture
def s000(seed_000: Path) -> Seed:
    return Seed(seed_000)


@pytest.fixture
def s001(seed_001: Path) -> Seed:
    return Seed(seed_001)


def _kinds(item: Item) -> list[SectionKind]:
    return [s.kind for s in item.sections]


def _section(meeting: Meeting, index: int, kind: SectionKind) -> TextSection:
    section = next(s for s in meeting.items[index].sections if s.kind is kind)
    assert isinstance(section, TextSection)
    return section


# --- round trip ---------------------------------------------------------------------


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


@pytest.mark.parametrize("name", ["seed_000", "seed_001"])
def test_seeds_are_valid(name: str, request: pytest.FixtureRequest) -> None:
    assert referatkit.validate(referatkit.read(request.getfixturevalue(name))) == []


# --- what was read: both seeds ------------------------------------------------------


@pytest.mark.parametrize(("name", "count"), [("s000", 4), ("s001", 9)])
def test_items_numbers_titles_journal_numbers_pages(
    name: str, count: int, request: pytest.FixtureRequest
) -> None:
    seed: Seed = request.getfixturevalue(name)
    m = seed.meeting
    headings = re.findall(r"^Punkt (\S+): ([A-ZÆØÅ]+) - (.+)$", seed.text, re.MULTILINE)
    assert len(m.items) == count == len(headings)
    assert [i.number for i in m.items] == [n for n, _, _ in headings] == [str(n) for n in range(1, count + 1)]
    assert [i.route for i in m.items] == [(r,) for _, r, _ in headings]
    assert [i.title for i in m.items] == [t for _, _, t in headings]
    assert m.forum.short_name == headings[0][1]
    journal = [next(x for x in seed.item_lines(k)[1:] if x.strip()) for k in range(count)]
    assert [i.journal_number.raw for i in m.items if i.journal_number] == journal
    for item in m.items:
        assert item.journal_number is not None
        subject, facet, serial, year = item.journal_number.raw.split("-")
        assert item.journal_number.kle == KleNumber(subject, facet, int(serial), 2000 + int(year))
    pages = [int(p) for p in re.findall(r"^.+\.{5}\t(\d+)$", seed.text, re.MULTILINE)]
    assert [i.page for i in m.items] == pages and len(pages) == count


@pytest.mark.parametrize(("name", "start"), [("s000", (2017, 1, 5, 9, 0)), ("s001", (2017, 12, 5, 12, 0))])
def test_front_matter(name: str, start: tuple[int, ...], request: pytest.FixtureRequest) -> None:
    seed: Seed = request.getfixturevalue(name)
    m = seed.meeting
    title = re.fullmatch(r"REFERAT (.+) d\. (\d\d-\d\d-\d{4})", seed.text.strip().split("\n")[0])
    assert title is not None
    assert m.kind is DocumentKind.MINUTES and not m.draft
    assert m.forum.name == title[1]
    assert m.start == dt.datetime(*start, tzinfo=COPENHAGEN) and m.end is None
    assert m.start.strftime("%d-%m-%Y") == title[2]
    place = re.search(r"^Mødested (.+)$", seed.text, re.MULTILINE)
    assert place is not None and m.place == place[1]


# --- seed 000 -------------------------------------------------------------------------


def test_seed_000_section_kinds(s000: Seed) -> None:
    full = [K.OCCASION, K.RECOMMENDATION, K.PRESENTATION, K.DECISION, K.ATTACHMENTS]
    assert [_kinds(i) for i in s000.meeting.items] == [full[:4], full, full, full[:4]]


def test_seed_000_recommendations(s000: Seed) -> None:
    for index, clauses in [(0, 1), (1, 1), (2, 2), (3, 1)]:
        rec = s000.meeting.items[index].recommendation
        lines = s000.section_lines(index, "Indstilling")
        assert rec is not None
        assert plain_text(rec.intro) == lines[0]
        assert len(rec.clauses) == clauses == len(lines) - 1
        for clause, line in zip(rec.clauses, lines[1:], strict=True):
            number, lead, *rest = line.split(" ", 2)
            assert (number, clause.lead, plain_text(clause.content)) == (number, lead, " ".join(rest))
    # The unfilled template clause "1. at" survives as an empty clause.
    template = s000.meeting.items[0].recommendation
    assert template is not None and s000.section_lines(0, "Indstilling")[1] == "1. at"
    assert template.clauses[0].lead == "at" and template.clauses[0].content == ()


def test_seed_000_emphasis_in_item_1(s000: Seed) -> None:
    last = _section(s000.meeting, 0, K.PRESENTATION).body[-1]
    source = s000.section_lines(0, "Sagsfremstilling")[-1]
    emphasised = re.search(r"\*([^*]+)\*$", source)
    assert emphasised is not None
    assert isinstance(last, Paragraph)
    assert last.content[-1] == Emphasis((Text(emphasised[1]),))
    assert plain_text(last.content) == source.replace("*", "")


def test_seed_000_nested_bullets_in_item_2(s000: Seed) -> None:
    decision = s000.meeting.items[1].decisions[0]
    chunks = s000.section_chunks(1, "Beslutning")
    list_chunk = next(c for c in chunks if c[0].startswith("- ") and any(x.startswith(" - ") for x in c))
    expected: list[tuple[str, list[str]]] = []
    for line in list_chunk:
        if line.startswith(" - "):
            expected[-1][1].append(line[3:])
        else:
            expected.append((line[2:], []))
    first = next(b for b in decision.body if isinstance(b, BulletList))
    got = [
        (plain_text(i.content), [plain_text(s.content) for s in i.sublist.items] if i.sublist else [])
        for i in first.items
    ]
    assert got == expected
    assert len(expected) == 4 and all(subs for _, subs in expected)
    # The list is interrupted by a paragraph and continues as a second list.
    after = chunks[chunks.index(list_chunk) + 1]
    index = decision.body.index(first)
    assert decision.body[index + 1] == Paragraph(after[0])
    assert isinstance(decision.body[index + 2], BulletList)


def test_seed_000_bullets_starting_with_numbers_are_bullets(s000: Seed) -> None:
    bullets = next(b for b in _section(s000.meeting, 2, K.PRESENTATION).body if isinstance(b, BulletList))
    assert [plain_text(i.content)[:3] for i in bullets.items] == ["1) ", "2) ", "3) "]


def test_seed_000_attachments(s000: Seed) -> None:
    item = s000.meeting.items[1]
    assert [a.title for a in item.attachments] == s000.section_lines(1, "Bilag")
    assert len(item.attachments) == 6 and all(a.public for a in item.attachments)


def test_seed_000_sub_heading(s000: Seed) -> None:
    body = _section(s000.meeting, 2, K.PRESENTATION).body
    assert [plain_text(b.content) for b in body if isinstance(b, Heading)] == [s000.line(141)]


# --- seed 001 -------------------------------------------------------------------------


def test_seed_001_section_kinds(s001: Seed) -> None:
    m = s001.meeting
    assert _kinds(m.items[0]) == [K.RECOMMENDATION, K.DECISION]
    # Item 2 puts the presentation before the recommendation.
    assert _kinds(m.items[1]) == [K.OCCASION, K.PRESENTATION, K.RECOMMENDATION, K.DECISION, K.ATTACHMENTS]
    assert _kinds(m.items[8]) == [K.DECISION]
    assert isinstance(m.items[8].sections[0], Decision)
    for item in m.items:
        captions = [line for line in s001.item_lines(m.items.index(item)) if line in _CAPTIONS]
        names = {"Anledning": K.OCCASION, "Indstilling": K.RECOMMENDATION, "Sagsfremstilling": K.PRESENTATION,
                 "Beslutning": K.DECISION, "Bilag": K.ATTACHMENTS}  # fmt: skip
        assert _kinds(item) == [names[c] for c in captions]


def test_seed_001_recommendation_shapes(s001: Seed) -> None:
    m = s001.meeting
    for index, item in enumerate(m.items[:8]):
        rec = item.recommendation
        lines = s001.section_lines(index, "Indstilling")
        assert rec is not None and plain_text(rec.intro) == lines[0]
        assert len(rec.clauses) == len(lines) - 1
    leads = [[c.lead for c in i.recommendation.clauses] for i in m.items[:8] if i.recommendation]
    assert leads[1] == ["At", "At"]  # item 2 capitalises "At"
    assert leads[3] == ["at", ""]  # item 4's second clause has no "at"
    assert leads[6] == ["at", "at", "at"]
    second = m.items[3].recommendation
    assert second is not None
    assert plain_text(second.clauses[1].content) == s001.section_lines(3, "Indstilling")[2][3:]


def test_seed_001_ordered_list_continues_after_paragraph(s001: Seed) -> None:
    body = _section(s001.meeting, 5, K.PRESENTATION).body
    ordered = [b for b in body if isinstance(b, OrderedList)]
    assert [(o.start, len(o.items)) for o in ordered] == [(1, 1), (2, 1), (3, 1), (4, 2), (6, 1)]
    first = body.index(ordered[0])
    chunks = s001.section_chunks(5, "Sagsfremstilling")
    numbered = [c for c in chunks if re.match(r"\d+\. ", c[0])]
    between = chunks[chunks.index(numbered[0]) + 1]
    assert body[first + 1] == Paragraph(between[0])
    assert body[first + 2] is ordered[1]
    assert plain_text(ordered[1].items[0].content) == numbered[1][0][3:]


def test_seed_001_sub_headings(s001: Seed) -> None:
    found = {
        (n, plain_text(b.content))
        for n, item in enumerate(s001.meeting.items, 1)
        for s in item.sections
        if isinstance(s, TextSection)
        for b in s.body
        if isinstance(b, Heading)
    }
    assert found == {(5, s001.line(186)), (5, s001.line(192)), (5, s001.line(200)), (8, s001.line(355))}


def test_seed_001_decisions_and_attachments(s001: Seed) -> None:
    m = s001.meeting
    assert all(len(i.decisions) == 1 for i in m.items)
    assert all(d.forum is None and d.date is None for i in m.items for d in i.decisions)
    assert [a.title for a in m.items[6].attachments] == s001.section_lines(6, "Bilag")
    assert len(m.items[6].attachments) == 6
    assert isinstance(m.items[6].sections[-1], AttachmentList)
    assert isinstance(m.items[1].recommendation, Recommendation)
