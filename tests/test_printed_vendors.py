"""Prints of other vendors than FirstAgenda, read with their layouts (docs/printed.md, "Layouts").

Each shared print is the twin of a case-system export read elsewhere: the export is
the oracle. The same items (number, title, case number), at least 95% of each item's
words, and the decisions with their forum and date.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import referatkit
from referatkit.cli import main
from referatkit.formats.printed import read_with_layout
from referatkit.model import AttendanceStatus, Decision, Item, Meeting
from tests.conftest import SHARED, shared_file
from tests.support import words

PRINTS = SHARED / "samples" / "printed_referater"
EXPORTS = SHARED / "samples" / "esdh_meeting_exports"
EDOC_PRINT = PRINTS / "ballerup_sundheds-og-forebyggelsesudvalget_2012-12-04_referat_edoc.pdf"
EDOC_EXPORT = EXPORTS / "edoc_agendapublishing" / "eDocAgendaPublishing.xml"
ACADRE_PRINT = PRINTS / "syddjurs_puk_2013-06-20_referat_acadre.docx"
ACADRE_EXPORT = EXPORTS / "acadre_mm" / "3687981.XML"


def coverage(export: Item, printed: Item) -> tuple[float, float]:
    """The share of the export's distinct words that appear in the print's item, and the
    share counted with repeats (an export may repeat what the print says once: eDoc's
    lists an attachment's title in the text and again in the attachment list)."""
    want, have = words(export), words(printed)
    distinct = sum(1 for w in want if have[w]) / max(len(want), 1)
    repeated = sum(min(n, have[w]) for w, n in want.items()) / max(sum(want.values()), 1)
    return distinct, repeated


def _read(path: Path) -> Meeting:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.ReadWarning)
        return referatkit.read(shared_file(path))


def _twins(printed: Path, export: Path) -> tuple[Meeting, Meeting]:
    return _read(printed), _read(export)


def _compare(printed: Meeting, export: Meeting) -> None:
    assert [(i.number, i.title, i.journal_number) for i in printed.items] == [
        (i.number, i.title, i.journal_number) for i in export.items
    ]
    for ours, theirs in zip(printed.items, export.items, strict=True):
        distinct, repeated = coverage(theirs, ours)
        print(
            f"punkt {theirs.number}: {distinct:.1%} af eksportens {len(words(theirs))} forskellige ord "
            f"i trykket ({repeated:.1%} af alle {sum(words(theirs).values())} talt med gentagelser)"
        )
        assert distinct >= 0.95, (theirs.number, distinct)
        assert repeated >= 0.8, (theirs.number, repeated)
        decided = [(d.forum, d.date) for d in theirs.sections if isinstance(d, Decision)]
        found = [(d.forum, d.date) for d in ours.sections if isinstance(d, Decision)]
        print(f"punkt {theirs.number}: beslutninger {found}")
        assert found == decided


def test_the_edoc_print_reads_as_its_export() -> None:
    printed, export = _twins(EDOC_PRINT, EDOC_EXPORT)
    assert len(printed.items) == 8
    _compare(printed, export)
    assert printed.forum.name == export.forum.name
    assert printed.start == export.start
    assert printed.place == export.place
    assert [(p.name, p.party, p.role) for p in printed.attendance] == [
        (p.name, p.party, p.role) for p in export.attendance
    ]


def test_the_acadre_print_reads_as_its_export_with_three_dated_decisions() -> None:
    printed, export = _twins(ACADRE_PRINT, ACADRE_EXPORT)
    _compare(printed, export)
    (item,) = printed.items
    decisions = [d for d in item.sections if isinstance(d, Decision)]
    assert len(decisions) == 3 and all(d.date is not None and d.forum for d in decisions)
    assert (printed.forum.name, printed.forum.short_name) == (export.forum.name, export.forum.short_name)
    assert (printed.start, printed.place, printed.name, printed.variant) == (
        export.start,
        export.place,
        export.name,
        export.variant,
    )
    # The members under "Medlemmer" and "Fraværende" (tables inside the front page's table).
    attendance = [(p.name, p.party, p.status, p.role) for p in printed.attendance]
    print(f"fremmøde i trykket: {len(attendance)} medlemmer, {attendance}")
    assert attendance == [(p.name, p.party, p.status, p.role) for p in export.attendance]
    assert len(attendance) == 5


@pytest.mark.parametrize(("path", "layout"), [(EDOC_PRINT, "edoc"), (ACADRE_PRINT, "acadre")])
def test_the_layout_is_detected_and_named(path: Path, layout: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.ReadWarning)
        reading = read_with_layout(shared_file(path))
    assert reading.layout == layout
    assert reading.recognised == ()


def test_the_acadre_front_page_is_placed_in_full() -> None:
    # The members' names stand in tables inside the cell under "Medlemmer": read there, not
    # after the table (under "Fraværende"), and nothing on the front page is left unplaced.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.ReadWarning)
        reading = read_with_layout(shared_file(ACADRE_PRINT))
    assert reading.unplaced == ()
    assert {p.status for p in reading.meeting.attendance} == {AttendanceStatus.PRESENT}


def test_info_names_the_layout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(shared_file(EDOC_PRINT))]) == 0
    out = capsys.readouterr().out
    assert "\n  layout: edoc\n" in out
    assert "8 punkter" in out


def test_a_forced_layout_is_used_and_a_wrong_one_fails_or_reports() -> None:
    with pytest.warns(referatkit.ReadWarning, match="forsiden: .* linjer er ikke placeret"):
        reading = read_with_layout(shared_file(EDOC_PRINT), "acadre")
    assert reading.layout == "acadre"
    with pytest.raises(referatkit.ReadError) as info:
        referatkit.read(shared_file(EDOC_PRINT), layout="firstagenda")
    assert info.value.message.startswith("side 1: forventede en titellinje som 'REFERAT")
    with pytest.raises(referatkit.ReadError, match="ukendt layout 'nej'"):
        referatkit.read(shared_file(EDOC_PRINT), layout="nej")


def _acadre_like_print() -> bytes:
    """A synthetic print in Acadre's shape: the front page a table, the members in a table
    inside the cell under "Medlemmer", and another under "Fraværende"."""
    import io  # noqa: PLC0415

    import docx  # noqa: PLC0415

    d = docx.Document()
    front = d.add_table(rows=8, cols=1)
    texts = ["Referat", "Vejudvalget (VU)", "Ordinært VU", "Tirsdag den 4. marts 2025", "Kl. 16:00"]
    texts += ["Rådhuset, 9999 Byen", "Medlemmer", "Fraværende"]
    for row, text in zip(front.rows, texts, strict=True):
        row.cells[0].paragraphs[0].add_run(text).bold = text in ("Referat", "Medlemmer", "Fraværende")
    for row, names in ((6, ["Anna Andersen (A)", "Bo Berg (V)"]), (7, ["Carl Crone (C)"])):
        outer = front.rows[row].cells[0].add_table(rows=1, cols=1)
        inner = outer.rows[0].cells[0].add_table(rows=len(names), cols=1)
        for cell_row, name in zip(inner.rows, names, strict=True):
            cell_row.cells[0].paragraphs[0].add_run(name)
    d.add_paragraph().add_run("1. Asfalt på Skolevej").bold = True
    for text in ("Sagsnr.: 25/101", "Sagen afgøres i: Vejudvalget (VU)", "Sagsfremstilling"):
        d.add_paragraph(text)
    d.add_paragraph("Vejen er slidt og skal have ny asfalt.")
    d.add_paragraph("Beslutning i Vejudvalget den 04-03-2025")
    d.add_paragraph("Godkendt.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_acadre_members_and_absentees_are_read_from_tables_in_a_table() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.ReadWarning)
        reading = read_with_layout(_acadre_like_print())
    assert reading.layout == "acadre"
    assert reading.unplaced == ()
    assert [(p.name, p.party, p.status, p.role) for p in reading.meeting.attendance] == [
        ("Anna Andersen", "A", AttendanceStatus.PRESENT, "Medlem"),
        ("Bo Berg", "V", AttendanceStatus.PRESENT, "Medlem"),
        ("Carl Crone", "C", AttendanceStatus.ABSENT, None),
    ]
