"""The importers of the case systems' exports: SBSYS, eDoc, eDoc-Fujitsu, Acadre.

The fixtures in tests/esdh/ are synthetic (written for these tests, no real
names) and carry the quirks of the real exports: a byte order mark, CDATA,
CRLF and CR line endings, ``&#xC;``, Windows paths, items out of order, a
single child where a list is expected. The real exports in
../shared/samples are tested in test_esdh_samples.py.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import warnings
from pathlib import Path

import pytest
from lxml import etree

import referatkit
from referatkit import (
    AttachmentList,
    AttendanceEvent,
    AttendanceStatus,
    BulletList,
    Clause,
    Decision,
    DocumentKind,
    Emphasis,
    LineBreak,
    Link,
    Paragraph,
    ReadError,
    ReadWarning,
    Recommendation,
    SectionKind,
    Strong,
    Table,
    Text,
    TextSection,
    Variant,
)
from referatkit._api import _detect
from referatkit.cli import main
from referatkit.formats import by_suffix
from referatkit.formats.esdh._prepare import parse
from referatkit.model import Heading, plain_text

from .support import assert_nothing_dropped

FIXTURES = Path(__file__).parent / "esdh"
SBSYS = FIXTURES / "sbsys-publication.xml"
EDOC = FIXTURES / "edoc-agendapublishing.xml"
FUJITSU = FIXTURES / "edoc-fujitsu-agenda.xml"
ACADRE_MANIFEST = FIXTURES / "acadre-manifest.xml"
ACADRE_AGENDA = FIXTURES / "5002.XML"

ALL = [
    (SBSYS, "sbsys"),
    (EDOC, "edoc"),
    (FUJITSU, "edoc-fujitsu"),
    (ACADRE_MANIFEST, "acadre"),
    (ACADRE_AGENDA, "acadre"),
]


def _read(path: Path | bytes, **options: object) -> referatkit.Meeting:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadWarning)
        return referatkit.read(path, **options)  # type: ignore[arg-type]


# --- detection ---------------------------------------------------------------------


@pytest.mark.parametrize(("path", "name"), ALL, ids=[p.name for p, _ in ALL])
def test_read_detects_the_format(path: Path, name: str) -> None:
    fmt = _detect(path, path.read_bytes()[:4096])
    assert fmt is not None and fmt.name == name
    assert _read(path) == _read(path, format=name)


@pytest.mark.parametrize(("path", "name"), ALL[:3], ids=[p.name for p, _ in ALL[:3]])
def test_a_reader_refuses_another_systems_export(path: Path, name: str) -> None:
    for other in ("sbsys", "edoc", "edoc-fujitsu", "acadre"):
        if other == name:
            continue
        with pytest.raises(ReadError) as caught:
            _read(path, format=other)
        assert str(caught.value).startswith(str(path))


def test_formats_lists_the_importers_as_readers() -> None:
    read_only = [f for f in referatkit.formats() if f.can_read and not f.can_write]
    readers = {f.name for f in read_only if f.suffixes == (".xml",)}
    assert readers == {"sbsys", "sbsys-dagsorden", "edoc", "edoc-fujitsu", "acadre"}
    # Writing to .xml still means referatkit's own XML.
    assert by_suffix("x.xml").name == "xml"


def test_an_unknown_xml_file_is_read_as_referatkit_xml_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "andet.xml"
    path.write_bytes(b"<?xml version='1.0'?><Andet/>")
    with pytest.raises(ReadError) as caught:
        referatkit.read(path)
    assert str(caught.value).startswith(f"{path}:1")


# --- SBSYS ------------------------------------------------------------------------------


def test_sbsys_meeting() -> None:
    with pytest.warns(
        ReadWarning, match=r"sbsys-publication\.xml:\d+: <Publication/Agendas/Agenda/Items/Item\[1\]"
    ):
        m = referatkit.read(SBSYS)
    assert m.forum.name == "Teknik- og Miljøudvalget"
    assert m.forum.organisation == "Fagudvalg"
    assert m.kind is DocumentKind.MINUTES and not m.draft and m.variant is Variant.ORDINARY
    assert m.start.isoformat() == "2025-03-12T16:00:00+01:00"
    assert m.end is not None and m.end.isoformat() == "2025-03-12T18:30:00+01:00"
    assert m.place == "Mødelokale 2, Rådhuset"
    assert m.name == "Teknik- og Miljøudvalget 12-03-2025"
    assert m.identifier == "901"
    people = {p.name: p for p in m.attendance}
    assert people["Rikke Dahl"].party == "A" and people["Rikke Dahl"].role == "Formand"
    assert people["Rikke Dahl"].status is AttendanceStatus.PRESENT
    assert people["Mette Sørensen"].note == "deltog fra kl. 16.30"
    assert people["Jonas Holm"].status is AttendanceStatus.APOLOGIES
    props = dict(m.properties)
    assert props["sbsys:Agendas.Agenda.Frontpage"] == "<h1>Teknik- og Milj&oslash;udvalget</h1>"
    assert props["sbsys:OutputPath"] == "D:\\Udgivelse\\Publication77"


def test_sbsys_items_sorted_by_number_with_their_sections() -> None:
    m = _read(SBSYS)
    assert [(i.number, i.public) for i in m.items] == [("1", True), ("2", True), ("10", False)]
    item = m.item("2")
    assert item.title == "Trafikplan for bymidten"
    assert item.journal_number is not None and item.journal_number.raw == "05.01.00-P15-3-25"
    assert item.identifier == "502"
    assert [(s.kind, getattr(s, "caption", None)) for s in item.sections] == [
        (SectionKind.SUMMARY, None),  # "Resumé" is the label itself; Index 1 comes first
        (SectionKind.PRESENTATION, None),
        (SectionKind.RECOMMENDATION, None),
        (SectionKind.ECONOMY, "Økonomiske konsekvenser"),
        (SectionKind.HISTORY, "Tidligere behandling"),
        (SectionKind.CUSTOM, "Bemærkninger fra Handicaprådet"),
        (SectionKind.DECISION, "TEKNIK- OG MILJØUDVALGETS BESLUTNING DEN 12. MARTS 2025"),
        (SectionKind.ATTACHMENTS, None),
    ]


def test_sbsys_html_becomes_rich_text() -> None:
    presentation = _read(SBSYS).item("2").sections[1]
    assert isinstance(presentation, TextSection)
    first, bullets, last = presentation.body
    assert first == Paragraph(
        (
            Text("Planen "),
            Emphasis(Text("erstatter")),
            Text(" trafikplanen fra 2019 og er sendt i høring hos "),
            Strong(Text("grundejerforeningerne")),
            Text("."),
        )
    )
    assert isinstance(bullets, BulletList)
    assert [plain_text(i.content) for i in bullets.items] == [
        "Bilfri gågade i sommerhalvåret",
        "Nye cykelstier",
    ]
    sub = bullets.items[1].sublist
    assert sub is not None and plain_text(sub.items[0].content) == "langs Ringvejen"
    assert last == Paragraph(
        (
            Text("Se "),
            Link(Text("planens hjemmeside"), "https://www.example.dk/trafik?side=1&vis=alle"),
            Text(" for detaljer & kort."),
            LineBreak(),
            Text("Spørgsmål til Vej & Park."),
        )
    )


def test_sbsys_recommendation_clauses_decision_and_attachments() -> None:
    item = _read(SBSYS).item("2")
    recommendation = item.recommendation
    assert recommendation == Recommendation(
        Text("Forvaltningen indstiller,"),
        [Clause("planen godkendes"), Clause("der afsættes 2,5 mio. kr.")],
    )
    decision = item.decisions[0]
    assert decision.forum == "TEKNIK- OG MILJØUDVALGET" and decision.date == dt.date(2025, 3, 12)
    assert decision.body == (Paragraph("Anbefales."),)
    economy = item.sections[3]
    assert isinstance(economy, TextSection)
    assert economy.body == (
        Table(
            [["År", "Beløb"], ["2025", "2,5 mio. kr."]],
            header_rows=1,
            alignments=("right", "right"),  # numbers, and a cell set to the right
            caption="Udgift",
        ),
        Paragraph("Kort over bymidten"),  # an image is its alternative text
    )
    history = item.sections[4]
    assert isinstance(history, TextSection) and LineBreak() in history.body[0].content  # type: ignore[union-attr]
    first, second = item.attachments
    assert (first.title, first.file_name, first.media_type) == (
        "Udkast til trafikplan",
        "31.pdf",
        "application/pdf",
    )
    assert dict(first.properties)["sbsys:FileName"] == "P:\\Teknik\\2025\\Bilag\\Trafikplan udkast.pdf"
    assert second.file_name == "32.docx"
    # Status 4 in an item's member list: took no part in the item.
    assert [(a.name, a.event, a.note) for a in item.attendance] == [
        ("Rikke Dahl", AttendanceEvent.ABSENT, "gik kl. 17.30"),
        ("Mette Sørensen", AttendanceEvent.DISQUALIFIED, "inhabil, forlod mødet under punktet"),
    ]


def test_sbsys_single_item_and_cr_line_endings() -> None:
    data = SBSYS.read_bytes()
    start, end = data.index(b'<Item ID="502">'), data.index(b'<Item ID="503">')
    single = data[:start] + data[end:]  # <Items> with the closed item alone
    m = _read(single, format="sbsys")
    assert [i.number for i in m.items] == ["10"]
    assert _read(data.replace(b"\r\n", b"\r"), format="sbsys") == _read(SBSYS)
    assert _read(data.replace(b"\r\n", b"\n").removeprefix(b"\xef\xbb\xbf"), format="sbsys") == _read(SBSYS)


# --- eDoc -------------------------------------------------------------------------------


def test_edoc_meeting_and_front_page() -> None:
    m = _read(EDOC)
    assert m.forum.name == "Teknik- og Miljøudvalget"
    assert m.kind is DocumentKind.MINUTES and not m.draft
    assert m.start.isoformat() == "2025-03-12T16:00:00+01:00"
    assert m.place == "Mødelokale 2, Rådhuset"
    assert [(p.name, p.party, p.role, p.status) for p in m.attendance] == [
        ("Rikke Dahl", "A", "formand", AttendanceStatus.PRESENT),
        ("Mette Sørensen", "F", None, AttendanceStatus.PRESENT),
        ("Jonas Holm", "V", None, AttendanceStatus.APOLOGIES),
        ("Louise Brandt", None, "Sekretær", AttendanceStatus.PRESENT),
    ]
    assert [(i.number, i.public, i.public_title) for i in m.items] == [
        ("1", True, None),
        ("2", True, None),
        ("3", False, "Salg af kommunal grund"),
    ]


def test_edoc_full_text_becomes_sections() -> None:
    item = _read(EDOC).item("2")
    assert item.journal_number is not None and item.journal_number.raw == "2025-1234"
    assert ("edoc:DokNr", "2025-5678") in item.properties
    kinds = [s.kind for s in item.sections]
    assert kinds == [
        SectionKind.SUMMARY,
        SectionKind.PRESENTATION,
        SectionKind.ATTACHMENTS,
        SectionKind.RECOMMENDATION,
        SectionKind.DECISION,
    ]
    summary = item.sections[0]
    assert isinstance(summary, TextSection) and summary.caption == "Sammendrag"
    assert summary.body[1] == Heading("Baggrund")
    assert summary.body[2] == Paragraph(
        (Text("Planen erstatter trafikplanen fra 2019."), LineBreak(), Text("Den er sendt i høring."))
    )
    attachments = item.sections[2]
    assert isinstance(attachments, AttachmentList)
    assert [(a.title, a.file_name, dict(a.properties)["edoc:DokNr"]) for a in attachments.attachments] == [
        ("Udkast til trafikplan", "7000.PDF", "2025-1111"),
        ("Høringssvar", "7001.PDF", "2025-2222"),
    ]
    assert item.recommendation == Recommendation(
        Text("Forvaltningen indstiller,"), [Clause("planen godkendes"), Clause("der afsættes 2,5 mio. kr.")]
    )
    decision = item.decisions[0]
    assert (decision.forum, decision.date) == ("Teknik- og Miljøudvalget", dt.date(2025, 3, 12))
    assert [(a.name, a.event) for a in item.attendance] == [("Mette Sørensen", AttendanceEvent.ABSENT)]
    closed = _read(EDOC).item("3")
    assert closed.recommendation == Recommendation(
        Text("Forvaltningen indstiller,"), [Clause("grunden sælges til højeste bud.")]
    )


def test_edoc_each_editions_full_text_is_a_rendering_not_a_property() -> None:
    data = EDOC.read_bytes()
    closed = data.index(b"<AgendaType>Lukket referat</AgendaType>")
    second = data[:closed] + b"<FullText>Lukket referat&#xC;Tilstede</FullText>" + data[closed:]
    m = _read(second, format="edoc")
    assert not [name for name, _ in m.properties if "FullText" in name]
    assert len(m.attendance) == 4  # from the first edition's front page


def test_edoc_page_break_references_are_read() -> None:
    data = EDOC.read_bytes()
    assert b"&#xC;" in data and b"&#12;" in data
    m = _read(EDOC)
    assert all("\x0c" not in value for _, value in m.properties)


@pytest.mark.parametrize(
    ("piece", "count"),
    [(b"&#1;", 1), (b"\x01\x0c\x1f", 2)],
    ids=["reference", "raw"],
)
def test_edoc_other_control_characters_become_replacement_characters(piece: bytes, count: int) -> None:
    """Any other control character (a reference or raw; a raw form feed is a line break)
    becomes U+FFFD, with a warning that counts them and names the first one's line."""
    data = EDOC.read_bytes()
    target = "Forvaltningen fremlægger".encode()
    broken = data.replace(target, b"Forvaltningen" + piece + target[len(b"Forvaltningen") :], 1)
    line = data[: data.index(target)].count(b"\n") + 1
    with pytest.warns(ReadWarning, match=rf"<data>:{line}: {count} tegn"):
        m = referatkit.read(broken, format="edoc")
    summary = m.item("2").sections[0]
    assert isinstance(summary, TextSection)
    assert plain_text(summary.body[0].content).startswith("Forvaltningen\ufffd")  # type: ignore[union-attr]


def test_a_flood_of_control_characters_is_refused_before_it_is_repaired() -> None:
    """Each control character is charged before it is replaced: 2.5 million of them pass
    MAX_WORK (the fuzzer's 53 MB input of them took 1 GiB before, tests/fuzz/regressions)."""
    data = EDOC.read_bytes()
    at = data.index("Forvaltningen fremlægger".encode())
    with pytest.raises(ReadError, match=r"^<data>: kontroltegn i eksporten: .*MAX_WORK"):
        referatkit.read(data[:at] + b"\x01" * 2_500_000 + data[at:], format="edoc")


# --- eDoc, Fujitsu namespace --------------------------------------------------------------


def test_fujitsu_meeting_and_participants() -> None:
    m = _read(FUJITSU)
    assert (m.forum.name, m.forum.short_name) == ("Teknik- og Miljøudvalget", "TMU")
    assert m.kind is DocumentKind.AGENDA
    assert m.identifier == "M-2025-03" and m.place == "Mødelokale 2, Rådhuset"
    assert m.end is not None and m.end.isoformat() == "2025-03-12T18:30:00+01:00"
    assert [(p.name, p.party, p.role, p.status, p.substitute_for) for p in m.attendance] == [
        ("Rikke Dahl", "A", "Formand", AttendanceStatus.INVITED, None),
        ("Jonas Holm", "V", "Medlem", AttendanceStatus.APOLOGIES, None),
        ("Ida Krogh", "V", "Medlem", AttendanceStatus.SUBSTITUTE, "Jonas Holm"),
        ("Søren Vestergaard", None, "gæst", AttendanceStatus.INVITED, None),
    ]
    assert ("fujitsu:PoliticalParty", "Socialdemokratiet") in m.attendance[0].properties


def test_fujitsu_items_sections_and_decisions() -> None:
    m = _read(FUJITSU)
    assert [(i.number, i.public, i.public_title) for i in m.items] == [
        ("1", True, None),
        ("2", True, None),
        ("3", False, "Salg af kommunal grund"),
    ]
    item = m.item("2")
    assert item.identifier == "hi-b" and item.journal_number is not None
    kinds = [(s.kind, getattr(s, "caption", None)) for s in item.sections]
    assert kinds == [
        (SectionKind.PRESENTATION, "Sagsbeskrivelse"),
        (SectionKind.ECONOMY, None),
        (SectionKind.RECOMMENDATION, "Forvaltningen foreslår"),
        (SectionKind.DECISION, None),  # IsDecision=true
        (SectionKind.CUSTOM, "Præsentation"),
        (SectionKind.DECISION, None),  # released in Økonomiudvalget, from the handling plan
        (SectionKind.ATTACHMENTS, None),
    ]
    presentation = item.sections[0]
    assert isinstance(presentation, TextSection)
    assert presentation.body == (  # <br /><br /> parts paragraphs; &oslash; is ø
        Paragraph("Planen erstatter trafikplanen fra 2019."),
        Paragraph("Den er sendt i høring."),
    )
    assert item.sections[1].body == (Paragraph("Udgiften er 2,5 mio.\u00a0kr."),)  # type: ignore[union-attr]
    assert item.recommendation is not None
    assert item.recommendation.clauses == (
        Clause("planen godkendes.", lead="At"),
        Clause("udgiften afholdes af puljen.", lead="At"),
    )
    released = item.sections[5]
    assert isinstance(released, Decision)
    assert (released.forum, released.date) == ("Økonomiudvalget", dt.date(2025, 3, 4))
    public, confidential = item.attachments
    assert (public.file_name, public.public) == ("6100-1.pdf", True)
    assert ("fujitsu:Link", "\\Attachments\\6100-1.pdf") in public.properties
    assert confidential.public is False


# --- Acadre -----------------------------------------------------------------------------


def test_acadre_manifest_reads_the_minutes_it_points_to() -> None:
    m = _read(ACADRE_MANIFEST)
    assert (m.forum.name, m.forum.short_name, m.forum.organisation) == (
        "Teknik- og Miljøudvalget",
        "TMU",
        "Eksempel Kommune",
    )
    assert m.kind is DocumentKind.MINUTES and m.name == "TMU marts" and m.identifier == "901"
    assert m.place == "Rådhuset, Torvet 1, 9999 Eksempelby"
    assert m.start.isoformat() == "2025-03-12T16:00:00+01:00"
    assert [(p.name, p.status, p.note) for p in m.attendance] == [
        ("Rikke Dahl", AttendanceStatus.PRESENT, None),
        ("Jonas Holm", AttendanceStatus.APOLOGIES, "syg"),
        ("Mette Sørensen", AttendanceStatus.ABSENT, None),
    ]
    props = dict(m.properties)
    assert props["acadre:manifest.producedAgenda.xmlfilename.2"] == "5002.xml"  # the file is 5002.XML
    assert props["acadre:agenda.meeting.upcomingmeetings.upcomingmeeting.name"] == "TMU april"
    direct = _read(ACADRE_AGENDA)
    assert direct.items == m.items


def test_acadre_items_bullets_and_enclosures() -> None:
    m = _read(ACADRE_AGENDA)
    assert [(i.number, i.public, i.journal_number and i.journal_number.raw) for i in m.items] == [
        ("101", True, None),
        ("102", True, "25/1234"),
        ("103", False, "123456/25"),
    ]
    item = m.item("102")
    assert [s.kind for s in item.sections] == [
        SectionKind.SUMMARY,
        SectionKind.PRESENTATION,
        SectionKind.RECOMMENDATION,
        SectionKind.ATTACHMENTS,
        SectionKind.DECISION,
        SectionKind.DECISION,
    ]
    assert item.sections[0].body == (Paragraph("Forvaltningen fremlægger forslag til ny trafikplan."),)  # type: ignore[union-attr]
    assert [(a.title, a.file_name, a.public) for a in item.attachments] == [
        ("Udkast til trafikplan", "70E1.PDF", True),
        ("Høringssvar", "71E1.DOCX", True),
    ]
    assert [(d.forum, d.date, d.body) for d in item.decisions] == [
        ("Økonomiudvalget", dt.date(2025, 3, 4), (Paragraph("Anbefales."),)),
        ("Teknik- og Miljøudvalget (TMU)", dt.date(2025, 3, 12), (Paragraph("Godkendt."),)),
    ]
    assert [(a.name, a.event) for a in item.attendance] == [("Jonas Holm", AttendanceEvent.ABSENT)]
    assert ("acadre:agendaitem.agendaitemlink.noarksak.tittel", "Trafikplan 2025") in item.properties


def test_acadre_manifest_without_its_files(tmp_path: Path) -> None:
    manifest = tmp_path / "XML_4400.xml"
    shutil.copy(ACADRE_MANIFEST, manifest)
    with pytest.raises(ReadError) as caught:
        referatkit.read(manifest)
    message = str(caught.value)
    assert message.startswith(f"{manifest}:1: ingen af manifestets dagsordensfiler findes")
    assert "5002.xml" in message and "5001.xml" in message
    with pytest.raises(ReadError, match="læs det fra en sti"):
        referatkit.read(ACADRE_MANIFEST.read_bytes(), format="acadre")


def test_acadre_manifest_pointing_at_a_manifest(tmp_path: Path) -> None:
    manifest = ACADRE_MANIFEST.read_text(encoding="utf-8").replace("5002.xml", "XML_4400.xml")
    (tmp_path / "XML_4400.xml").write_text(manifest, encoding="utf-8")
    with pytest.raises(ReadError, match=r"peger på XML_4400\.xml, som ikke er en Acadre-dagsordensfil"):
        referatkit.read(tmp_path / "XML_4400.xml")


def test_acadre_manifest_falls_back_to_the_agenda(tmp_path: Path) -> None:
    shutil.copy(ACADRE_MANIFEST, tmp_path / "XML_4400.xml")
    agenda = ACADRE_AGENDA.read_text(encoding="utf-8").replace('"name">Referat<', '"name">Dagsorden<')
    (tmp_path / "5001.xml").write_text(agenda, encoding="utf-8")
    assert _read(tmp_path / "XML_4400.xml").kind is DocumentKind.AGENDA


# --- errors -----------------------------------------------------------------------------


def _error(data: bytes, fmt: str) -> ReadError:
    with pytest.raises(ReadError) as caught:
        _read(data, format=fmt)
    return caught.value


def test_errors_name_the_file_the_line_and_the_element(tmp_path: Path) -> None:
    data = SBSYS.read_bytes()
    bad = data.replace(b"12-03-2025 16:00:00", b"31-02-2025 16:00:00", 1)
    path = tmp_path / "Publication9.xml"
    path.write_bytes(bad)
    with pytest.raises(ReadError) as caught:
        referatkit.read(path)
    line = bad[: bad.index(b"31-02-2025")].count(b"\n") + 1
    assert str(caught.value) == (
        f"{path}:{line}: <Publication/Agendas/Agenda/Meeting/When>: '31-02-2025 16:00:00' "
        "er ikke et tidspunkt i et kendt format (fx 14-01-2025 16:00)"
    )
    no_when = data.replace(b"<When><![CDATA[12-03-2025 16:00:00]]></When>", b"")
    assert "<Publication/Agendas/Agenda/Meeting>: mangler mødets tidspunkt <When>" in str(
        _error(no_when, "sbsys")
    )
    bad_number = data.replace(b"<Number><![CDATA[10]]></Number>", b"<Number><![CDATA[10 a]]></Number>")
    assert "<Publication/Agendas/Agenda/Items/Item[3]/Number>: '10 a' er ikke et punktnummer" in str(
        _error(bad_number, "sbsys")
    )
    bad_flag = data.replace(b"<IsPublic><![CDATA[False]]>", "<IsPublic><![CDATA[Måske]]>".encode())
    assert "<Publication/Agendas/Agenda/Items/Item[3]/IsPublic>: 'Måske' er hverken sand eller falsk" in str(
        _error(bad_flag, "sbsys")
    )


def test_summer_time_gap_and_broken_xml_are_reported() -> None:
    gap = FUJITSU.read_bytes().replace(
        b"12-03-2025 16:00</edoc:MeetingDateTime>", b"30-03-2025 02:30</edoc:MeetingDateTime>"
    )
    assert "findes ikke i dansk tid" in str(_error(gap, "edoc-fujitsu"))
    truncated = EDOC.read_bytes()[:2000]
    error = _error(truncated, "edoc")
    assert error.line is not None and "ugyldig XML" in error.message
    acadre = ACADRE_AGENDA.read_bytes().replace(b'"absent">2<', b'"absent">7<')
    assert "ukendt fraværskode '7'" in str(_error(acadre, "acadre"))
    assert "mangler udvalgets navn <Committee>" in str(
        _error(b"<Meeting><MeetingDate>12-03-2025 16:00:00</MeetingDate></Meeting>", "edoc")
    )


def test_entity_declarations_are_refused_in_exports_too() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE Publication [<!ENTITY a "aaaa">]><Publication>&a;</Publication>'
    error = _error(bomb, "sbsys")
    assert "entiteter" in error.message and error.line == 1


# --- nothing dropped ----------------------------------------------------------------------


@pytest.mark.parametrize(("path", "name"), ALL, ids=[p.name for p, _ in ALL])
def test_every_word_of_the_export_reaches_the_model(path: Path, name: str) -> None:
    assert_nothing_dropped(path, _read(path), name)


@pytest.mark.parametrize(("path", "name"), ALL, ids=[p.name for p, _ in ALL])
def test_every_writer_takes_an_imported_meeting(path: Path, name: str) -> None:
    m = _read(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        for fmt in ("text", "odt", "html", "akn"):
            assert referatkit.render(m, fmt)
        xml = referatkit.render(m, "xml")
    assert referatkit.read(xml, format="xml") == m  # the archival XML keeps all of it


def test_the_command_line_tells_what_the_reader_kept_approximately(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "referat.xml"
    assert main(["convert", str(SBSYS), str(target)]) == 0
    err = capsys.readouterr().err
    assert f"advarsel: {SBSYS}:" in err and "et billede i feltet" in err
    assert referatkit.read(target) == _read(SBSYS)
    strict = tmp_path / "streng.xml"
    assert main(["convert", "--strict", str(SBSYS), str(strict)]) == 1
    assert not strict.exists()


# --- every element removed, repeated or spoiled ---------------------------------------------

_SPOILS = ("", "x", "31-13-2025 25:61", "<p><ul><li>at <b>a</b></ul><table><tr><td>x")


@pytest.mark.slow  # 15-20 s a document: scheduled with the long tests, first
@pytest.mark.parametrize(("path", "name"), ALL[:3] + ALL[4:], ids=[p.name for p, _ in ALL[:3] + ALL[4:]])
def test_any_broken_element_gives_a_meeting_or_an_error_naming_it(path: Path, name: str) -> None:
    """Each element of the fixture in turn is removed, repeated, and (a leaf) given bad
    text: the importer returns a meeting every writer takes, or a ReadError that names
    the element; never another exception, never the generic net under the readers."""
    data = path.read_bytes()
    count = sum(1 for e in parse(data, path.name).iter() if isinstance(e.tag, str))
    cases = 0
    checked: set[referatkit.Meeting] = set()  # the writers are deterministic: a meeting once
    for index in range(1, count):
        for spoil in ("remove", "repeat", *_SPOILS):
            root = parse(data, path.name)  # with the quirks repaired, as the importer sees it
            element = [e for e in root.iter() if isinstance(e.tag, str)][index]
            parent = element.getparent()
            assert parent is not None
            if spoil == "remove":
                parent.remove(element)
            elif spoil == "repeat":
                element.addnext(copy.deepcopy(element))
            elif len(element) == 0:
                element.text = spoil
            else:
                continue
            cases += 1
            try:
                meeting = _read(etree.tostring(root, encoding="utf-8"), format=name)
            except ReadError as error:
                assert "passer ikke i modellen" not in error.message, error
                assert error.message.startswith(("<", "ugyldig XML", "er ")), error
                continue
            if meeting in checked:
                continue
            checked.add(meeting)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", referatkit.LossWarning)
                assert referatkit.render(meeting, "text")
                assert referatkit.read(referatkit.render(meeting, "xml"), format="xml") == meeting
    assert cases > 300
