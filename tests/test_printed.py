"""Printed referater: a real city council's PDF, and its text through pdftotext.

What the reader finds is checked against what poppler's ``pdftotext`` (an
extractor independent of ours) prints for the same file, parsed here with the
layout's generic words only; nothing of the document is copied into the project.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
import warnings
import zipfile
from functools import cache
from pathlib import Path

import pytest

import referatkit
from referatkit import DANISH, Meeting
from referatkit.model import Decision, SectionKind, walk

from .conftest import SHARED, shared_file

AARHUS = SHARED / "samples" / "printed_referater" / "aarhus_byraad_2025-08-27_referat.pdf"
# The captions of this layout family, the words the layout prints (no content).
_CAPTIONS = {"Beslutninger", "Resume", "Beslutningspunkter", "Sagsforløb", "Bilag"}
_HEADING = re.compile(r"Punkt (\d+): (.+)")
_JOURNAL = re.compile(r"\S*\d\S*")


def _key(text: str) -> str:
    """Text as compared across extractors: no white space, no hyphens (pdftotext
    removes a hyphen at a line end), no markup."""
    return re.sub(r"[\s\-‐‑*\\]+", "", text)


def _words(text: str) -> str:
    """Text as compared when a list's markers are the list's: the words alone."""
    return re.sub(r"[\W\d_]+", "", text)


def _is_caption(line: str) -> bool:
    return line in _CAPTIONS or line.endswith("s påtegning")


@cache
def _pdftotext(layout: bool) -> str:
    """pdftotext's text of the sample (the tests that call this ask for the pdftotext fixture)."""
    path = shared_file(AARHUS)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _expected() -> list[dict[str, object]]:
    """Per item, from pdftotext: number, heading, journal number, captions, decision text."""
    lines = [line.strip() for line in _pdftotext(False).replace("\f", "\n").split("\n")]
    start = next(i for i, line in enumerate(lines) if _HEADING.fullmatch(line))
    items: list[dict[str, object]] = []
    section: str | None = None
    in_heading = False
    for line in lines[start:]:
        m = _HEADING.fullmatch(line)
        if m:
            items.append({"number": m[1], "title": m[2], "journal": None, "captions": [], "decision": ""})
            section, in_heading = None, True
            continue
        if not line:
            in_heading = False
            continue
        item = items[-1]
        if in_heading and _JOURNAL.fullmatch(line):
            item["journal"] = line
            in_heading = False
        elif in_heading:
            item["title"] = f"{item['title']} {line}"
        elif _is_caption(line) and section != "Bilag":
            section = line
            item["captions"].append(line)  # type: ignore[attr-defined]
        elif section in ("Beslutninger", None):
            item["decision"] = f"{item['decision']} {line}"
    return items


@pytest.fixture(scope="module")
def aarhus() -> Meeting:
    return referatkit.read(shared_file(AARHUS))


def _captions(meeting: Meeting, index: int) -> list[str]:
    return [s.caption or DANISH.caption(s.kind) for s in meeting.items[index].sections]


def _decision_text(meeting: Meeting, index: int) -> str:
    decisions = [s for s in meeting.items[index].sections if isinstance(s, Decision)]
    assert len(decisions) == 1
    return " ".join(v for _, v in walk(decisions[0].body) if isinstance(v, str))


@pytest.mark.usefixtures("pdftotext")
def test_the_front_page(aarhus: Meeting) -> None:
    first = _pdftotext(False).split("\n")[0]
    assert first == f"REFERAT {aarhus.forum.name} d. {aarhus.start:%d-%m-%Y}"
    assert aarhus.kind is referatkit.DocumentKind.MINUTES
    assert f"{aarhus.start:%H:%M}" == "16:00"
    assert aarhus.place is not None and aarhus.place in _pdftotext(False)


@pytest.mark.usefixtures("pdftotext")
def test_items_numbers_titles_and_journal_numbers(aarhus: Meeting) -> None:
    expected = _expected()
    assert len(aarhus.items) == len(expected) == 21
    for item, exp in zip(aarhus.items, expected, strict=True):
        assert item.number == exp["number"]
        shown = item.full_title if item.public else f"Lukket: {item.full_title}"
        assert _key(shown) == _key(str(exp["title"]))
        assert item.journal_number is not None and item.journal_number.raw == exp["journal"]
    # Wrapped headings are joined with one space, never two lines.
    assert all("\n" not in item.title and "  " not in item.title for item in aarhus.items)


@pytest.mark.usefixtures("pdftotext")
def test_table_of_contents_pages_and_a_title_cut_short(aarhus: Meeting) -> None:
    pages = [item.page for item in aarhus.items]
    assert all(page is not None for page in pages) and pages == sorted(pages)  # type: ignore[type-var]
    # Item pages as printed: each item's heading stands on that page of the PDF.
    text_pages = _pdftotext(False).split("\f")
    for item in aarhus.items:
        assert item.page is not None
        assert f"Punkt {item.number}: " in text_pages[item.page - 1]


def test_the_last_item_is_closed_and_its_uncaptioned_text_is_its_decision(aarhus: Meeting) -> None:
    closed = [item.number for item in aarhus.items if not item.public]
    assert closed == ["21"]
    last = aarhus.items[-1]
    assert [s.kind for s in last.sections] == [SectionKind.DECISION]
    assert not last.title.startswith("Lukket")


@pytest.mark.usefixtures("pdftotext")
def test_the_decision_of_every_item(aarhus: Meeting) -> None:
    for index, exp in enumerate(_expected()):
        # The words, in order (the list markers are the lists', not text).
        number = aarhus.items[index].number
        assert _words(_decision_text(aarhus, index)) == _words(str(exp["decision"])), number


@pytest.mark.usefixtures("pdftotext")
def test_the_captions_of_every_section_in_order(aarhus: Meeting) -> None:
    for index, exp in enumerate(_expected()):
        captions = [c for c in _captions(aarhus, index)]
        if aarhus.items[index].public:
            assert captions == exp["captions"], aarhus.items[index].number
        else:
            assert captions == [DANISH.caption(SectionKind.DECISION)]
    kinds = {s.caption: s.kind for item in aarhus.items for s in item.sections if s.caption}
    assert kinds["Beslutninger"] is SectionKind.DECISION
    assert kinds["Beslutningspunkter"] is SectionKind.RECOMMENDATION
    assert kinds["Sagsforløb"] is SectionKind.HISTORY
    assert kinds["Resume"] is SectionKind.SUMMARY
    assert [k for c, k in kinds.items() if c.endswith("påtegning")] == [SectionKind.CUSTOM]


@pytest.mark.usefixtures("pdftotext")
def test_recommendations_have_their_clauses(aarhus: Meeting) -> None:
    lines = _pdftotext(False).split("\n")
    printed = [line for line in lines if re.match(r"At \d+\) ", line)]
    clauses = [
        clause
        for item in aarhus.items
        for s in item.sections
        if isinstance(s, referatkit.Recommendation)
        for clause in s.clauses
    ]
    assert len(clauses) == len(printed) > 0
    assert all(clause.lead == "At" for clause in clauses)


@pytest.mark.parametrize("layout", [False, True], ids=["pdftotext", "pdftotext-layout"])
@pytest.mark.usefixtures("pdftotext")
def test_pdftotext_output_reads_as_the_same_items(aarhus: Meeting, layout: bool) -> None:
    meeting = referatkit.read(_pdftotext(layout).encode("utf-8"), format="text")
    assert meeting.forum == aarhus.forum and meeting.start == aarhus.start and meeting.place == aarhus.place
    assert [i.number for i in meeting.items] == [i.number for i in aarhus.items]
    assert [i.public for i in meeting.items] == [i.public for i in aarhus.items]
    assert [i.page for i in meeting.items] == [i.page for i in aarhus.items]
    assert [i.journal_number for i in meeting.items] == [i.journal_number for i in aarhus.items]
    for index, (got, want) in enumerate(zip(meeting.items, aarhus.items, strict=True)):
        assert _key(got.title) == _key(want.title)
        assert _captions(meeting, index) == _captions(aarhus, index)
        assert _words(_decision_text(meeting, index)) == _words(_decision_text(aarhus, index))


def _all_text(out: str | bytes, fmt: str) -> str:
    """Everything a file holds as text: every zip member of an ODT, a PDF's text through
    pdftotext, markup unescaped; compared with :func:`_key`."""
    if fmt == "odt":
        assert isinstance(out, bytes)
        with zipfile.ZipFile(io.BytesIO(out)) as z:
            text = "\n".join(z.read(name).decode("utf-8", "replace") for name in z.namelist())
    elif fmt == "pdf":
        assert isinstance(out, bytes)
        done = subprocess.run(["pdftotext", "-", "-"], input=out, check=True, capture_output=True)
        text = done.stdout.decode()
    else:
        text = out if isinstance(out, str) else out.decode("utf-8")
    return _key(html.unescape(text))


def _item_text(item: referatkit.Item) -> str:
    """An item's sections' text, a paragraph split by its markup joined again (:func:`_key`)."""
    return _key("".join(v for _, v in walk(item.sections) if isinstance(v, str)))


_RENDERED: dict[tuple[str, str], str | bytes] = {}


def _render(meeting: Meeting, fmt: str, edition: str) -> str | bytes:
    """Each edition in each format rendered once for the module (LibreOffice is slow)."""
    if (fmt, edition) not in _RENDERED:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", referatkit.LossWarning)
            _RENDERED[fmt, edition] = referatkit.render(meeting, fmt, edition=edition)  # type: ignore[call-overload]
    return _RENDERED[fmt, edition]


@pytest.mark.parametrize(
    "fmt", ["text", "odt", "xml", "akn", "html", pytest.param("pdf", marks=pytest.mark.libreoffice)]
)
@pytest.mark.parametrize("edition", ["full", "public"])
def test_converts_to_every_writer(
    aarhus: Meeting, fmt: str, edition: str, request: pytest.FixtureRequest
) -> None:
    if fmt == "pdf":
        request.getfixturevalue("soffice")
        request.getfixturevalue("pdftotext")
    out = _render(aarhus, fmt, edition)
    assert out
    closed = aarhus.items[20]
    assert not closed.public and closed.journal_number is not None
    text = _all_text(out, fmt)
    # The closed item's title and case number are its own.
    for secret in (closed.title, closed.journal_number.raw):
        assert (_key(secret) in text) is (edition == "full"), secret
    if edition == "full":
        return
    # Its decision's longer texts may also be a public item's (a standard wording): the
    # public edition holds them as often as the full edition does for the public items.
    full = _all_text(_render(aarhus, fmt, "full"), fmt)
    public = [_item_text(item) for item in aarhus.items if item.public]
    longer = [_key(v) for _, v in walk(closed.sections) if isinstance(v, str) and len(v) >= 30]
    assert longer
    for secret in longer:
        in_public = sum(v.count(secret) for v in public)
        in_closed = _item_text(closed).count(secret)
        per_occurrence, rest = divmod(full.count(secret), in_public + in_closed)
        assert per_occurrence >= 1 and rest == 0, secret  # every occurrence written alike
        assert text.count(secret) == per_occurrence * in_public, secret


def test_reading_is_the_same_from_a_path_bytes_and_a_file(tmp_path: Path) -> None:
    data = shared_file(AARHUS).read_bytes()
    copy = tmp_path / "referat"  # no suffix: recognised by its content
    copy.write_bytes(data)
    assert referatkit.read(data) == referatkit.read(copy)
