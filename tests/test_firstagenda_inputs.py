"""FirstAgenda's portal: the page reader on the real page, recognising both sources,
folders of .json, the portal's address option, and bad input.

The synthetic fixtures (examples/firstagenda-meeting.json, tests/firstagenda) are
invented (names, cases, text); the real page is read from ../shared.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import warnings
from pathlib import Path
from typing import Any

import lxml.html
import pytest

import referatkit
from referatkit.cli import main
from referatkit.formats import sniff
from referatkit.formats.firstagenda._page import _whole
from referatkit.l10n.jsonsyntax import json_syntax_message
from referatkit.model import AttendanceStatus, Decision, DocumentKind, Variant, plain_text

from .conftest import SHARED, shared_file

FIXTURES = Path(__file__).parent / "firstagenda"
SYNTHETIC = Path(__file__).parent.parent / "examples" / "firstagenda-meeting.json"
PAGE = FIXTURES / "synthetic-page.html"
PORTAL = SHARED / "samples" / "firstagenda_portal" / "aarhus_teknisk_udvalg_2025-10-01_referat.html"


def _document() -> dict[str, Any]:
    return json.loads(SYNTHETIC.read_text("utf-8"))


def _read(document: object, tmp_path: Path, name: str = "meeting.json") -> referatkit.Meeting:
    path = tmp_path / name
    path.write_text(json.dumps(document), "utf-8")
    return referatkit.read(path)


# --- the synthetic meeting: each field where it belongs ------------------------------------


def test_the_synthetic_meeting_maps_every_field() -> None:
    meeting = referatkit.read(SYNTHETIC)
    assert meeting.forum.name == "Prøveudvalget"
    assert meeting.start == dt.datetime(2024, 2, 1, 16, tzinfo=dt.UTC)  # MeetingBeginUtc is UTC
    assert meeting.start.utcoffset() == dt.timedelta(hours=1)
    assert (meeting.place, meeting.name, meeting.variant) == ("Mødelokale 1", "Dagsorden", Variant.ORDINARY)
    assert meeting.kind is DocumentKind.MINUTES
    assert [(p.name, p.status) for p in meeting.attendance] == [
        ("Anna Prøvesen", AttendanceStatus.PRESENT),
        ("Bo Testesen", AttendanceStatus.APOLOGIES),
        ("Cecilie Eksempel", AttendanceStatus.ABSENT),
    ]
    first, closed, third = meeting.items
    assert (first.number, first.title, str(first.journal_number)) == (
        "1",
        "Ny sti gennem parken",
        "24-000123",
    )
    assert [(a.name, a.note) for a in first.attendance] == [("Bo Testesen", "Fraværende")]
    kinds = [getattr(s, "kind", None) for s in first.sections]
    assert [k.value for k in kinds if k is not None][:7] == [
        "decision", "presentation", "authority", "summary", "recommendation", "economy", "custom",
    ]  # fmt: skip
    recommendation = first.recommendation
    assert recommendation is not None
    assert [plain_text(c.content) for c in recommendation.clauses] == [
        "stien anlægges",
        "udgiften afholdes af puljen",
    ]
    dated = [(d.forum, d.date) for d in first.decisions if d.date]
    assert dated == [("Prøveudvalget", dt.date(2024, 2, 1)), ("Økonomiudvalget", dt.date(2024, 2, 5))]
    assert [a.title for a in first.attachments] == ["Bilag 1 - Kort over stien", "Bilag 2 - Budget"]
    assert dict(first.attachments[0].properties)["firstagenda:HarPdfVersion"] == "true"
    # The closed item: not public, its published title the neutral one, its text its decision.
    assert not closed.public and closed.title == "Køb af en grund"
    assert closed.public_title == "Lukket: Køb af en grund"
    assert isinstance(closed.sections[0], Decision)
    assert closed.journal_number is not None and closed.journal_number.kle is not None
    assert str(third.journal_number) == "EMN-2024-000042"
    # What has no place in the model is kept.
    assert ("firstagenda:Udvalg.Id", "cccccccc-0000-0000-0000-000000000001") in meeting.properties
    assert dict(first.properties)["firstagenda:Felter.0.Link"].startswith("https://portal.example/")
    assert dict(first.properties)["firstagenda:AgendaUid"] == "aaaaaaaa-0000-0000-0000-000000000001"


def test_the_public_edition_has_no_closed_text() -> None:
    meeting = referatkit.read(SYNTHETIC)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        page = referatkit.render(meeting, "html")
    assert "Lukket: Køb af en grund" in page and "fortrolige" not in page
    assert "00.01.00-A00-1-24" not in page


def test_the_portal_address_of_attachments_is_an_option() -> None:
    plain = referatkit.read(SYNTHETIC)
    assert "firstagenda:url" not in dict(plain.items[0].attachments[0].properties)
    options = referatkit.PortalOptions(base_url="https://dagsordener.example.dk/")
    meeting = referatkit.read(SYNTHETIC, options=options)
    first = meeting.items[0].attachments[0]
    assert dict(first.properties)["firstagenda:url"] == (
        "https://dagsordener.example.dk/vis/pdf/bilag/bbbbbbbb-0000-0000-0000-0000000000011"
    )
    with pytest.raises(referatkit.FormatError, match="PortalOptions"):
        referatkit.read(SYNTHETIC, "xml", options=options)


def test_addendum_and_extraordinary_meetings(tmp_path: Path) -> None:
    document = _document()
    document["TillaegsDagsorden"] = True
    assert _read(document, tmp_path).variant is Variant.ADDENDUM
    document = _document()
    document["Moede"]["IsSupplementaryAgenda"] = True
    assert _read(document, tmp_path).variant is Variant.ADDENDUM
    document = _document()
    document["Moede"]["Navn"] = "Ekstraordinær dagsorden"
    assert _read(document, tmp_path).variant is Variant.EXTRAORDINARY


def test_without_decisions_the_meeting_is_an_agenda(tmp_path: Path) -> None:
    document = _document()
    for item in document["Dagsordenpunkter"]:
        for field in item["Felter"]:
            field["Html"] = re.sub(r"<h3>Beslutning</h3>.*?</span>", "", field["Html"], flags=re.S)
    meeting = _read(document, tmp_path)
    assert meeting.kind is DocumentKind.AGENDA


# --- recognising the sources ---------------------------------------------------------------


def test_both_sources_are_recognised_by_content(tmp_path: Path) -> None:
    assert getattr(sniff(SYNTHETIC.read_bytes()[:4096]), "name", None) == "firstagenda"
    assert getattr(sniff(PAGE.read_bytes()[:4096]), "name", None) == "firstagenda-html"
    # Without a suffix, from bytes, and under another name.
    assert referatkit.read(SYNTHETIC.read_bytes()).forum.name == "Prøveudvalget"
    (tmp_path / "meeting").write_bytes(PAGE.read_bytes())
    assert referatkit.read(tmp_path / "meeting").forum.name == "Prøveudvalget"
    # Writing to .html is still the HTML writer's.
    target = tmp_path / "out.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        referatkit.write(referatkit.read(SYNTHETIC), target)
    assert target.read_text("utf-8").lstrip().lower().startswith("<!doctype html")
    # An .html that is no portal page is not read as one.
    with pytest.raises(referatkit.ReadError, match="publiceringsportal"):
        referatkit.read(target)


def test_a_folder_of_json_converts_like_a_folder_of_xml(tmp_path: Path) -> None:
    source = tmp_path / "in"
    (source / "udvalg").mkdir(parents=True)
    (source / "a.json").write_bytes(SYNTHETIC.read_bytes())
    (source / "udvalg" / "b.json").write_bytes(SYNTHETIC.read_bytes())
    (source / "page.html").write_bytes(PAGE.read_bytes())  # a web page in a folder is no input
    assert main(["convert", str(source), "-o", str(tmp_path / "out"), "--to", "xml"]) == 0
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.xml"))
    assert written == ["a.xml", "udvalg/b.xml"]
    assert referatkit.read(tmp_path / "out" / "a.xml") == referatkit.read(SYNTHETIC)


def test_formats_lists_both(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^firstagenda\s+læs\s+\.json", out, re.M)
    assert re.search(r"^firstagenda-html\s+læs\s+\.html", out, re.M)


# --- the page ---------------------------------------------------------------------------------


def test_the_synthetic_page_reads_as_its_json_shows_it() -> None:
    page = referatkit.read(PAGE)
    assert (page.forum.name, page.place, page.kind) == ("Prøveudvalget", "Mødelokale 1", DocumentKind.MINUTES)
    assert page.start == dt.datetime(2024, 2, 1, 16, tzinfo=dt.UTC)
    assert [(i.number, i.title, i.public) for i in page.items] == [
        ("1", "Ny sti gennem parken", True),
        ("2", "Køb af en grund", False),
        ("3", "Eventuelt", True),
    ]
    first = page.items[0]
    assert [(d.forum, d.date) for d in first.decisions if d.date] == [
        ("Magistraten", dt.date(2024, 1, 15)),
        ("Prøveudvalget", dt.date(2024, 1, 22)),
    ]
    assert plain_text(first.decisions[0].body[0].content) == "Udvalget godkendte indstillingen."  # type: ignore[union-attr]
    assert [a.title for a in first.attachments] == ["Kort over stien"]


def test_the_real_portal_page(tmp_path: Path) -> None:
    """Items, case numbers, decisions and Sagsforløb rows, against what the page itself says."""
    path = shared_file(PORTAL)
    source = path.read_bytes().decode("utf-8")
    tree = lxml.html.document_fromstring(source)
    rows = [r for r in tree.iter("tr") if "punktrow" in (r.get("class") or "").split()]
    meeting = referatkit.read(path, options=referatkit.PortalOptions(base_url="https://portal.example"))
    assert meeting.kind is DocumentKind.MINUTES and len(meeting.items) == len(rows) > 0
    for row, item in zip(rows, meeting.items, strict=True):
        number = row.xpath(".//td[1]//span[contains(@class, 'label')]")[0].text_content().strip()
        title = " ".join(row.xpath(".//h2")[0].text_content().split())
        case = row.xpath(".//span[@class='sagsnummer']")
        assert (item.number, item.title) == (number, title)
        assert (str(item.journal_number) if item.journal_number else None) == (
            case[0].text_content().strip() if case else None
        )
        details = lxml.html.tostring(row, encoding="unicode")
        # The decision: the first text under "Beslutninger".
        decided = re.search(r"<h3>Beslutninger</h3>\s*<span[^>]*><div>(.*?)</div>", details, re.S)
        assert decided is not None
        own = [d for d in item.decisions if d.date is None]
        assert own and " ".join(decided[1].split()) in " ".join(plain_text(own[0].body[0].content).split())  # type: ignore[union-attr]
        # Sagsforløb: each "Udvalg: X" with its "Dato: dd-mm-yyyy" a dated decision of X.
        history = details.partition("<h3>Sagsforløb</h3>")[2]
        rows_seen = re.findall(r"<div>Udvalg: (.*?)</div><div>Dato: (\d\d-\d\d-\d{4})</div>", history)
        expected = [(" ".join(f.split()), dt.datetime.strptime(d, "%d-%m-%Y").date()) for f, d in rows_seen]
        assert [(d.forum, d.date) for d in item.decisions if d.date] == expected
        links = row.xpath(".//a[contains(@class, 'bilag-link')]")
        assert [a.title for a in item.attachments] == [" ".join(a.text_content().split()) for a in links]
        for attachment, link in zip(item.attachments, links, strict=True):
            ident = link.get("id").removeprefix("enclosure-")
            assert (
                dict(attachment.properties)["firstagenda:url"]
                == f"https://portal.example/vis/pdf/bilag/{ident}"
            )
    assert sum(1 for i in meeting.items for d in i.decisions if d.date) > 5
    # and it converts like any source
    assert main(["convert", str(path), str(tmp_path / "out.xml")]) == 0


# --- bad input ------------------------------------------------------------------------------


def _mutated(path: str, value: object) -> dict[str, Any]:
    document = _document()
    target: Any = document
    steps = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    for step in steps[:-1]:
        target = target[int(step[1:-1])] if step.startswith("[") else target[step]
    last = steps[-1]
    if last.startswith("["):
        target[int(last[1:-1])] = value
    else:
        target[last] = value
    return document


_I = r"Dagsordenpunkter\[(\d)\]"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("Dagsordenpunkter[2].Felter[0].Html", 42, _I + r"\.Felter\[0\]\.Html: skal være en tekst"),
        ("Dagsordenpunkter[1].Felter[0].Html", "bare tekst", _I + r"\.Felter\[0\]\.Html: er ikke HTML"),
        ("Dagsordenpunkter[0].Punktnummer", "1 og 2", _I + r"\.Punktnummer: .* er ikke et punktnummer"),
        ("Dagsordenpunkter[0].Bilag", {"Navn": "x"}, _I + r"\.Bilag: skal være en liste"),
        ("Dagsordenpunkter[0].Bilag[0].Navn", None, _I + r"\.Bilag\[0\]\.Navn: bilaget har intet navn"),
        ("Moede.MeetingBeginUtc", "i morgen", r"Moede\.MeetingBeginUtc: 'i morgen' er ikke et tidspunkt"),
        ("Moede.Moededeltagere[0].Absent", "måske", r"Moede\.Moededeltagere\[0\]\.Absent: skal være sand"),
        ("Moede", [], r"Moede: skal være et objekt, ikke en liste"),
        ("Udvalg.Navn", "", r"Udvalg\.Navn: mangler udvalgets navn"),
        ("Dagsordenpunkter[2]", "punkt", _I + r": skal være et objekt, ikke en tekst"),
    ],
)
def test_a_wrong_field_names_its_json_path(path: str, value: object, message: str, tmp_path: Path) -> None:
    with pytest.raises(referatkit.ReadError, match=message) as caught:
        _read(_mutated(path, value), tmp_path)
    assert str(caught.value).startswith(str(tmp_path / "meeting.json"))


def test_not_a_portal_meeting_and_truncated_files(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"name": "en anden slags JSON"}', "utf-8")
    with pytest.raises(referatkit.ReadError, match=r"other\.json: er ikke et møde fra FirstAgendas"):
        referatkit.read(other, format="firstagenda")
    data = SYNTHETIC.read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(
        referatkit.ReadError, match=r"cut\.json:\d+:\d+: er ikke gyldig JSON: filen slutter for tidligt"
    ):
        referatkit.read(cut)
    deep = tmp_path / "deep.json"
    deep.write_text('{"Dagsordenpunkter": [], "Moede": ' + "[" * 100_000 + "]" * 100_000 + "}", "utf-8")
    with pytest.raises(referatkit.ReadError, match="MAX_DEPTH"):
        referatkit.read(deep)
    latin = tmp_path / "latin.json"
    latin.write_bytes(data.decode("utf-8").encode("latin-1", "replace"))
    with pytest.raises(referatkit.ReadError, match="er ikke UTF-8"):
        referatkit.read(latin)
    # A syntax error is said as for referatkit's own JSON (one Danish wording, l10n.jsonsyntax).
    spoiled = tmp_path / "spoiled.json"
    spoiled.write_text('{"Dagsordenpunkter": [1,, 2], "Moede": {}}', "utf-8")
    with pytest.raises(referatkit.ReadError) as caught:
        referatkit.read(spoiled, format="firstagenda")
    expected = json_syntax_message("Expecting value")
    assert str(caught.value) == f"{spoiled}:1:25: er ikke gyldig JSON: {expected}"


def test_characters_no_file_can_hold_are_replaced(tmp_path: Path) -> None:
    document = _mutated("Dagsordenpunkter[0].Navn", "Sti \ud800 og \x01 park")
    meeting = _read(document, tmp_path)
    assert meeting.items[0].title == "Sti \ufffd og \ufffd park"
    referatkit.render(meeting, "xml")  # writable


def test_characters_no_file_can_hold_are_replaced_whatever_spells_them(tmp_path: Path) -> None:
    # A backspace and a form feed written as JSON's short escapes, non-characters as they
    # stand (UTF-8), in the HTML and in a title.
    document = _mutated("Dagsordenpunkter[0].Navn", "Sti \ufffe og \uffff park")
    document["Dagsordenpunkter"][0]["Felter"][0]["Html"] = "<h3>Resume</h3><p>Et \b og et \f her</p>"
    path = tmp_path / "meeting.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    assert "\\b" in path.read_text("utf-8") and "\uffff" in path.read_text("utf-8")
    meeting = referatkit.read(path)
    assert meeting.items[0].title == "Sti \ufffd og \ufffd park"
    xml = referatkit.render(meeting, "xml")  # writable
    assert "Et \ufffd og et \ufffd her" in (xml.decode("utf-8") if isinstance(xml, bytes) else xml)


def test_the_page_reader_refuses_other_pages(tmp_path: Path) -> None:
    other = tmp_path / "other.html"
    other.write_text("<html><body><p>Velkommen</p></body></html>", "utf-8")
    with pytest.raises(referatkit.ReadError, match="er ikke en mødeside fra FirstAgendas"):
        referatkit.read(other, "firstagenda-html")
    when = '<span class="dato">torsdag den 1. februar 2024 kl. 17.00</span>'
    broken = PAGE.read_text("utf-8").replace(when, "")
    broken = broken.replace("Referat 1. februar 2024 kl. 17.00", "Referat")
    (tmp_path / "broken.html").write_text(broken, "utf-8")
    with pytest.raises(referatkit.ReadError, match="intet mødetidspunkt"):
        referatkit.read(tmp_path / "broken.html")
    for empty in ("", "   \n", "<!-- x"):  # lxml's "Document is empty", in English, before
        with pytest.raises(
            referatkit.ReadError, match=r"^<data>: siden er tom: den har ingen HTML-elementer$"
        ):
            referatkit.read(empty.encode(), "firstagenda-html")
    # An XHTML page's XML declaration (lxml refuses a decoded text holding one) is read past.
    declared = '<?xml version="1.0" encoding="utf-8"?>\n' + PAGE.read_text("utf-8")
    assert referatkit.read(declared.encode(), "firstagenda-html") == referatkit.read(PAGE)


def test_a_page_cut_off_is_an_error_not_a_meeting_of_fewer_items(tmp_path: Path) -> None:
    whole = PAGE.read_text("utf-8")
    items = len(referatkit.read(PAGE).items)
    cut_at = whole.index('class="punktrow"', whole.index('class="punktrow"') + 1)  # inside the 2nd item
    cut = tmp_path / "cut.html"
    cut.write_text(whole[:cut_at], "utf-8")
    with pytest.raises(referatkit.ReadError) as caught:
        referatkit.read(cut, "firstagenda-html")
    lines = whole[:cut_at].count("\n") + 1
    assert str(caught.value) == (
        f"{cut}:{lines}: siden slutter for tidligt (er den afkortet?): den mangler sin afslutning "
        "</html>, og kun 1 punkter er med"
    )
    # What a browser adds after the page (white space, a comment) is no cut.
    saved = tmp_path / "saved.html"
    saved.write_text(whole + "\n<!-- saved from url=(0042)https://dagsordener.example.dk/ -->\n\n", "utf-8")
    assert len(referatkit.read(saved).items) == items
    # Many comments after the end are each looked at once (no time quadratic in them), and
    # a comment's end without its beginning is no comment.
    for tail, whole_page in [("<!-- x -->\n" * 100_000, True), ("-->" * 300_000, False)]:
        spoiled = tmp_path / "spoiled.html"
        spoiled.write_text(whole + tail, "utf-8")
        began = time.process_time()
        assert _whole(whole + tail) is whole_page
        assert time.process_time() - began < 0.5


def test_what_the_fuzzer_found_in_fields(tmp_path: Path) -> None:
    """Tables nested 60 deep (their reading recursed past Python's limit), a tag name
    lxml's HTML parser takes but XML forbids (``<td'>``) and lists nested deeper than the
    model holds: a meeting, with the text kept."""
    deep = "<div>" + "<table><tr><td>" * 60 + "innerst" + "</td></tr></table>" * 60 + "</div>"
    odd = "<div><table><tr><td>a</td><td'>b</td'></tr><tr><td>c</td><td>d</td></tr></table></div>"
    lists = "<div>" + "<ul><li>" * 60 + "dybest" + "</li></ul>" * 60 + "</div>"  # the model nests 50
    for markup, word in ((deep, "innerst"), (odd, "b"), (lists, "dybest")):
        document = _mutated("Dagsordenpunkter[2].Felter[0].Html", markup)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", referatkit.ReadWarning)
            meeting = _read(document, tmp_path)
        text = referatkit.render(meeting, "xml").decode("utf-8")
        assert f">{word}<" in text or f" {word}" in text or f"{word} " in text


def test_the_portal_address_has_a_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--portal-base-url`` reaches the reader, for one file and for a folder, and is no
    option of a reader that has none."""
    url = "https://dagsordener.example.dk/vis/pdf/bilag/bbbbbbbb-0000-0000-0000-0000000000011"
    out = tmp_path / "møde.xml"
    assert (
        main(["convert", str(SYNTHETIC), str(out), "--portal-base-url", "https://dagsordener.example.dk"])
        == 0
    )
    first = referatkit.read(out).items[0].attachments[0]
    assert dict(first.properties)["firstagenda:url"] == url
    folder = tmp_path / "ind"
    folder.mkdir()
    (folder / "møde.json").write_bytes(SYNTHETIC.read_bytes())
    argv = ["convert", str(folder), "-o", str(tmp_path / "ud"), "--to", "xml"]
    assert main([*argv, "--portal-base-url", "https://dagsordener.example.dk"]) == 0
    first = referatkit.read(tmp_path / "ud" / "møde.xml").items[0].attachments[0]
    assert dict(first.properties)["firstagenda:url"] == url
    assert main(["info", str(SYNTHETIC), "--portal-base-url", "https://dagsordener.example.dk"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["convert", "--help"])
    assert "--portal-base-url URL" in capsys.readouterr().out
    text = tmp_path / "referat.txt"
    assert main(["convert", str(SYNTHETIC), str(text)]) == 0  # what text cannot show: told on stderr
    assert main(["convert", str(text), str(tmp_path / "t.xml"), "--portal-base-url", "https://x.dk"]) == 0
    assert "firstagenda:url" not in (tmp_path / "t.xml").read_text(encoding="utf-8")
