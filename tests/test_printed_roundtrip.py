"""Our own PDF reads back: ``read(render(m, "pdf"), format="pdf")`` gives ``m``.

For meetings the text layout expresses and a print shows: words with single
spaces, bold and italic runs, line breaks, lists, sub-headings, recommendations,
decisions, attachments. The item pages read are the printed pages, so they are
compared apart. LibreOffice is slow: few examples by default, more with
``REFERATKIT_PDF_EXAMPLES``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import warnings
from pathlib import Path
from typing import Any

import attrs
import pytest

import referatkit
from referatkit import Meeting
from referatkit.formats.pdf import convert_many, odt_to_pdf_many
from referatkit.model import (
    AttendanceEvent,
    AttendanceStatus,
    BulletList,
    Item,
    ItemAttendance,
    OrderedList,
    Participant,
    differences,
    walk,
)

from .conftest import EXAMPLES, SEED_000, SEED_001, shared_file
from .strategies import printed_meetings
from .support import draw_examples, example, odt

_EXAMPLES = int(os.environ.get("REFERATKIT_PDF_EXAMPLES", "5"))


def _pdf(meeting: Meeting) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        # LibreOffice's print, read back exactly (the Typst print: tests/test_typst.py).
        data = referatkit.render(meeting, "pdf", options=referatkit.PdfOptions(engine="libreoffice"))
    assert isinstance(data, bytes)
    return data


def _assert_reads_back(meeting: Meeting, pdf: bytes | None = None) -> None:
    """The meeting read from its PDF (``pdf``, or printed here) is the meeting."""
    got = referatkit.read(_pdf(meeting) if pdf is None else pdf, format="pdf")
    # The pages are the printed ones; every item starts on a page of its own after the front page.
    pages = [item.page for item in got.items]
    assert all(page is not None for page in pages) and pages == sorted(pages)  # type: ignore[type-var]
    got = attrs.evolve(
        got, items=tuple(attrs.evolve(g, page=m.page) for g, m in zip(got.items, meeting.items, strict=True))
    )
    assert differences(meeting, got) == [], differences(meeting, got)
    assert got == meeting


@pytest.mark.usefixtures("soffice")
def test_the_example_reads_back() -> None:
    _assert_reads_back(referatkit.read(EXAMPLES / "referat-byudvalget.txt"))


# --- meetings a print shows ----------------------------------------------------------


@pytest.mark.usefixtures("soffice")
def test_our_pdf_reads_back() -> None:
    """_EXAMPLES generated meetings, printed in one LibreOffice process."""
    meetings = draw_examples(printed_meetings(), _EXAMPLES)
    for meeting in meetings:
        with example(meeting):
            # Only what the text layout expresses: it reads back from text first.
            assert referatkit.read(referatkit.render(meeting, "text"), format="text") == meeting
    pdfs = odt_to_pdf_many([odt(meeting) for meeting in meetings])  # the PDF writer's way
    for meeting, pdf in zip(meetings, pdfs, strict=True):
        with example(meeting):
            _assert_reads_back(meeting, pdf)


def _with_attendance(meeting: Meeting) -> Meeting:
    """The example with participants of every status (in the order a print lists them, each
    status a heading) and attendance events under its first item."""
    people = (
        Participant(name="Anne Holm", party="A", role="Formand"),
        Participant(name="Bo Lund", party="V"),
        Participant(
            name="Carl Berg", status=AttendanceStatus.SUBSTITUTE, party="F", substitute_for="Dorte Dahl"
        ),
        Participant(name="Ea Møller", status=AttendanceStatus.INVITED, role="Direktør", note="punkt 1"),
        Participant(name="Finn Krog", status=AttendanceStatus.APOLOGIES, party="C"),
    )
    events = (
        ItemAttendance(name="Bo Lund", event=AttendanceEvent.LEFT, time=dt.time(17, 30)),
        ItemAttendance(name="Anne Holm", event=AttendanceEvent.DISQUALIFIED, note="familiemedlem er part"),
    )
    first = attrs.evolve(meeting.items[0], attendance=events)
    return attrs.evolve(meeting, attendance=people, items=(first, *meeting.items[1:]))


@pytest.mark.parametrize("engine", ["typst", "libreoffice"])
@pytest.mark.usefixtures("soffice")
def test_a_meetings_attendance_reads_back_from_its_pdf(engine: str) -> None:
    # Its front page's participants and its items' events: the printed reader refused the
    # front page's "Deltagere:" and took an event for text without a caption, before.
    meeting = _with_attendance(referatkit.read(EXAMPLES / "referat-byudvalget.txt"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        pdf = referatkit.render(meeting, "pdf", options=referatkit.PdfOptions(engine=engine))  # type: ignore[arg-type]
    _assert_reads_back(meeting, pdf)


# --- the seeds: text, its PDF and its Word file read to one model -----------------------
# --- the seeds: text, its PDF and its Word file read to one model -----------------------


def _one_list(blocks: tuple[Any, ...]) -> tuple[Any, ...]:
    """Lists directly after one another are one list in a print (no space tells them
    apart): the model the print shows."""
    out: list[Any] = []
    for block in blocks:
        last = out[-1] if out else None
        if isinstance(block, BulletList) and isinstance(last, BulletList):
            out[-1] = BulletList((*last.items, *block.items))
        elif (
            isinstance(block, OrderedList)
            and isinstance(last, OrderedList)
            and block.start == last.start + len(last.items)
        ):
            out[-1] = OrderedList((*last.items, *block.items), start=last.start)
        else:
            out.append(block)
    return tuple(out)


def _as_printed(meeting: Meeting) -> Meeting:
    def section(s: Any) -> Any:
        return attrs.evolve(s, body=_one_list(s.body)) if hasattr(s, "body") else s

    items = tuple(attrs.evolve(i, sections=tuple(section(s) for s in i.sections)) for i in meeting.items)
    return attrs.evolve(meeting, items=items)


def _without_pages(meeting: Meeting) -> Meeting:
    return attrs.evolve(meeting, items=tuple(attrs.evolve(i, page=None) for i in meeting.items))


@pytest.mark.parametrize("seed", [SEED_000, SEED_001], ids=lambda p: p.name[:3])
@pytest.mark.usefixtures("soffice")
def test_seed_text_its_pdf_and_its_word_file_read_to_one_model(seed: Path) -> None:
    meeting = referatkit.read(shared_file(seed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        odt = referatkit.render(meeting, "odt")
    assert isinstance(odt, bytes)
    (pdf,) = odt_to_pdf_many([odt])
    (word,) = convert_many([odt], "docx")
    from_pdf = referatkit.read(pdf, format="pdf")
    from_word = referatkit.read(word)  # recognised by its content
    # The pages are the printed ones, in order.
    for read in (from_pdf, from_word):
        pages = [i.page for i in read.items]
        assert all(p is not None for p in pages) and pages == sorted(pages)  # type: ignore[type-var]
    expected = _without_pages(meeting)
    assert _without_pages(from_word) == expected
    assert _without_pages(from_pdf) == _as_printed(expected)


@pytest.mark.parametrize("layout", [False, True], ids=["pdftotext", "pdftotext-layout"])
@pytest.mark.usefixtures("soffice", "pdftotext")
def test_pdftotext_of_our_pdf_reads_as_the_same_items(layout: bool, tmp_path: Path) -> None:
    """The text reader reads ``pdftotext``'s text: the same items, case numbers,
    captions and words (the text has no fonts: its lines stay lines)."""
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    pdf = tmp_path / "referat.pdf"
    pdf.write_bytes(_pdf(meeting))
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    text = subprocess.run(args, check=True, capture_output=True).stdout
    got = referatkit.read(text, format="text")
    assert (got.forum.name, got.start, got.end, got.place) == (
        meeting.forum.name,
        meeting.start,
        meeting.end,
        meeting.place,
    )
    assert [(i.number, i.full_title, i.journal_number) for i in got.items] == [
        (i.number, i.full_title, i.journal_number) for i in meeting.items
    ]
    for g, m in zip(got.items, meeting.items, strict=True):
        assert [(s.kind, s.caption) for s in g.sections] == [(s.kind, s.caption) for s in m.sections]
        assert _words(g) == _words(m)


def _words(item: Item) -> list[str]:
    # A link's target is not printed.
    text = " ".join(v for p, v in walk(item.sections) if isinstance(v, str) and not p.endswith("target"))
    return re.findall(r"[^\W\d_]+", text)
