"""Layouts as data: a user's layout file reads a print of an invented vendor, the
general layout reads what no layout fits (and says what it could not place), and a
layout file with errors names each error by its key (docs/printed.md, "Layouts")."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest

import referatkit
from referatkit.cli import main
from referatkit.formats.printed import Layout, layouts, load_layout, read_with_layout
from referatkit.model import Decision, Recommendation, SectionKind, TextSection

VENDOR_LAYOUT = r"""
name = "kommunex"
description = "Det opdigtede KommuneX: 'Sag N - titel', 'J.nr.', overskrifter med kolon"
detect = ['^MØDEREFERAT$', '^J\.nr\. ']

[front]
kind = '(?P<kind>MØDEREFERAT)'
forum = 'Udvalg: (?P<forum>.+)'
date = 'Mødet holdt (?P<day>\d\d)/(?P<month>\d\d)/(?P<year>\d{4}) kl\. (?P<hour>\d\d)\.(?P<minute>\d\d)'
place = 'Sted: (?P<place>.+)'

[item]
heading = 'Sag (?P<number>\d+) - (?P<title>.+)'
bold = false
journal = 'J\.nr\. (?P<value>\S+)'

[captions]
bold = false
colon = true
decisions = ['Afgørelse \((?P<forum>[^,]+), (?P<date>\d\d/\d\d/\d{4})\):']

[captions.words]
"Baggrund for sagen" = "presentation"
"Forvaltningen foreslår" = "recommendation"
"""


def _paragraph(d: docx.document.Document, text: str, *, bold: bool = False) -> None:
    run = d.add_paragraph().add_run(text)
    run.bold = bold


def _vendor_print() -> bytes:
    d = docx.Document()
    for text in (
        "MØDEREFERAT",
        "Udvalg: Klimaudvalget",
        "Mødet holdt 12/03/2024 kl. 17.00",
        "Sted: Rådhuset",
    ):
        _paragraph(d, text)
    for number, title in (("3", "Ny cykelsti ved skolen"), ("4", "Regnvandsbassin i parken")):
        _paragraph(d, f"Sag {number} - {title}")
        _paragraph(d, f"J.nr. 24/{number}001")
        _paragraph(d, "Baggrund for sagen:")
        _paragraph(d, f"Forældre har bedt om en sikker vej til skolen i sag {number}.")
        _paragraph(d, "Forvaltningen foreslår:")
        _paragraph(d, "at udvalget godkender projektet.")
        _paragraph(d, "Afgørelse (Klimaudvalget, 12/03/2024):")
        _paragraph(d, "Godkendt.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_a_layout_file_reads_an_invented_vendors_print(tmp_path: Path) -> None:
    path = tmp_path / "kommunex.toml"
    path.write_text(VENDOR_LAYOUT, encoding="utf-8")
    print_path = tmp_path / "referat.docx"
    print_path.write_bytes(_vendor_print())
    meeting = referatkit.read(print_path, layout=str(path))
    assert meeting.forum.name == "Klimaudvalget"
    assert meeting.place == "Rådhuset"
    assert meeting.start == referatkit.l10n.localize(dt.datetime(2024, 3, 12, 17, 0))
    assert [(i.number, i.title, str(i.journal_number)) for i in meeting.items] == [
        ("3", "Ny cykelsti ved skolen", "24/3001"),
        ("4", "Regnvandsbassin i parken", "24/4001"),
    ]
    presentation, recommendation, decision = meeting.items[0].sections
    assert isinstance(presentation, TextSection) and presentation.kind is SectionKind.PRESENTATION
    assert isinstance(recommendation, Recommendation)
    assert isinstance(decision, Decision)
    assert (decision.forum, decision.date) == ("Klimaudvalget", dt.date(2024, 3, 12))
    # The same through the command line: the layout named by its file, and by info.
    assert main(["info", str(print_path), "--layout", str(path)]) == 0


def test_the_layout_value_in_python_reads_the_same(tmp_path: Path) -> None:
    layout = load_layout(_write(tmp_path, VENDOR_LAYOUT))
    assert isinstance(layout, Layout)
    reading = read_with_layout(_vendor_print(), layout)
    assert reading.layout == "kommunex" and len(reading.meeting.items) == 2 and reading.unplaced == ()


def test_info_prints_the_forced_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    print_path = tmp_path / "referat.docx"
    print_path.write_bytes(_vendor_print())
    assert main(["info", str(print_path), "--layout", _write(tmp_path, VENDOR_LAYOUT)]) == 0
    assert "  layout: kommunex\n" in capsys.readouterr().out


def test_without_its_layout_the_print_is_read_by_the_general_layout_with_warnings() -> None:
    d = docx.Document()
    _paragraph(d, "Referat af mødet i Teknisk Udvalg den 3. marts 2024 kl. 16:00", bold=True)
    _paragraph(d, "1. Meddelelser", bold=True)
    _paragraph(d, "Borgmesteren orienterede om vejarbejdet.")
    _paragraph(d, "Beslutning:", bold=True)
    _paragraph(d, "Taget til efterretning.")
    out = io.BytesIO()
    d.save(out)
    with pytest.warns(referatkit.ReadWarning) as caught:
        reading = read_with_layout(out.getvalue())
    messages = [str(w.message) for w in caught]
    assert reading.layout == "general"
    assert any("intet layout passede; læst med det generelle layout" in m for m in messages)
    assert any(
        "afsnit 3: punkt 1: tekst uden afsnitsoverskrift er læst som et afsnit for sig" in m for m in messages
    )
    (item,) = reading.meeting.items
    assert reading.meeting.forum.name == "Teknisk Udvalg"
    unplaced, decision = item.sections
    assert isinstance(unplaced, TextSection) and unplaced.caption == "Tekst uden overskrift"
    assert isinstance(decision, Decision)
    assert len(reading.unplaced) == 1


def test_a_users_layout_takes_part_in_detection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Not forced: the user's layout is one of those tried, and its detect patterns pick it.
    path = _write(tmp_path, VENDOR_LAYOUT)
    print_path = tmp_path / "referat.docx"
    print_path.write_bytes(_vendor_print())
    with pytest.raises(referatkit.ReadError, match="det generelle layout kunne heller ikke"):
        read_with_layout(print_path)  # without it, no layout reads the print
    notes: list[str] = []
    meeting = referatkit.read(print_path, layouts=[path], notes=notes)
    assert "layout: kommunex" in notes
    assert [(i.number, str(i.journal_number)) for i in meeting.items] == [("3", "24/3001"), ("4", "24/4001")]
    # As a Python value, and beside the shipped layouts: another print still gets its own.
    reading = read_with_layout(print_path, layouts=[load_layout(path)])
    assert reading.layout == "kommunex" and reading.unplaced == ()
    assert main(["info", str(print_path), "--add-layout", path]) == 0
    assert "  layout: kommunex\n" in capsys.readouterr().out


def test_a_users_layout_that_does_not_fit_leaves_detection_to_the_others(tmp_path: Path) -> None:
    other = VENDOR_LAYOUT.replace("'^MØDEREFERAT$'", "'^REFERATPROTOKOL$'")
    d = docx.Document()
    _paragraph(d, "Referat af mødet i Teknisk Udvalg den 3. marts 2024 kl. 16:00", bold=True)
    _paragraph(d, "1. Meddelelser", bold=True)
    _paragraph(d, "Beslutning:", bold=True)
    _paragraph(d, "Taget til efterretning.")
    out = io.BytesIO()
    d.save(out)
    with pytest.warns(referatkit.ReadWarning, match="intet layout passede"):
        reading = read_with_layout(out.getvalue(), layouts=[load_layout(_write(tmp_path, other))])
    assert reading.layout == "general"


def test_the_shipped_layouts_load() -> None:
    assert [layout.name for layout in layouts()] == ["firstagenda", "edoc", "acadre", "general"]


def _write(folder: Path, text: str) -> str:
    path = folder / "layout.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_layout_file_with_errors_names_every_error_by_its_key(tmp_path: Path) -> None:
    bad = """
name = "Min Leverandør"
colour = "blå"
[front]
date = '(?P<day>\\d+'
[item]
heading = 'Sag (?P<nummer>\\d+) - (?P<title>.+)'
bold = "ja"
[captions]
untitled = "baggrund"
decisions = ['Afgørelse den (?P<date>.+)']
[captions.words]
"Baggrund" = "bagrund"
[participants]
"Til stede" = { status = "måske" }
"""
    with pytest.raises(referatkit.ReadError) as info:
        load_layout(_write(tmp_path, bad))
    message = info.value.message
    print(message)
    assert message.startswith("layoutfilen har 9 fejl: ")
    for expected in (
        "'colour': ukendt nøgle",
        "'front.date': ugyldigt mønster: en ( lukkes ikke med ) (ved tegn 1)",
        "'item.heading': mønsteret mangler gruppen (?P<number>...)",
        "'item.bold': skal være true eller false, ikke en tekst",
        "'captions.untitled': ukendt afsnitstype 'baggrund'",
        "'captions.decisions[0]': mønsteret mangler gruppen (?P<forum>...)",
        "'captions.words.Baggrund': ukendt afsnitstype 'bagrund'",
        "'participants.Til stede.status': ukendt status 'måske'",
        "'name': skal være små bogstaver a-z, cifre, '-' og '_' (højst 40 tegn)",
    ):
        assert expected in message
    assert info.value.source.endswith("layout.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = ", "layoutfilen er ikke gyldig TOML"),
        ("description = 'x'", "'name': mangler"),
    ],
)
def test_a_layout_file_that_is_no_layout_says_so(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(referatkit.ReadError, match=message.replace("(", r"\(")):
        load_layout(_write(tmp_path, text))


def test_a_layout_file_that_is_no_toml_is_named_at_its_line_in_danish(tmp_path: Path) -> None:
    """tomllib's English ("Expected '=' after a key in a key/value pair") never reaches the message."""
    path = _write(tmp_path, "name = 'kommunex'\nfront\n")
    with pytest.raises(referatkit.ReadError) as info:
        load_layout(path)
    assert str(info.value) == f"{path}:2:6: layoutfilen er ikke gyldig TOML"


def test_layout_takes_one_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a.docx", "b.docx"):
        (tmp_path / name).write_bytes(_vendor_print())
    args = ["convert", str(tmp_path / "a.docx"), str(tmp_path / "b.docx"), "-o", str(tmp_path / "ud")]
    assert main([*args, "--to", "xml", "--layout", "kommunex"]) == 2
    assert "--layout gælder ét trykt referat ad gangen" in capsys.readouterr().err
