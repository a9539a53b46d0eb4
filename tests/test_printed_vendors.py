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
from referatkit.model import Decision, Item, Meeting
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


@pytest.mark.parametrize(("path", "layout"), [(EDOC_PRINT, "edoc"), (ACADRE_PRINT, "acadre")])
def test_the_layout_is_detected_and_named(path: Path, layout: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.ReadWarning)
        reading = read_with_layout(shared_file(path))
    assert reading.layout == layout
    assert reading.recognised == ()


def test_what_the_acadre_layout_cannot_place_is_reported() -> None:
    # The members' names stand in tables inside a table: whether present or absent cannot be told.
    with pytest.warns(referatkit.ReadWarning, match="forsiden: 7 linjer er ikke placeret: 'Medlemmer'"):
        referatkit.read(shared_file(ACADRE_PRINT))


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
