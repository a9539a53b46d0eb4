"""The SBSYS "Dagsorden" reader (format ``sbsys-dagsorden``) over a synthetic fixture.

tests/esdh/sbsys-dagsorden.xml is invented (no real names or text) and has
the structure and quirks of the real export (tested in
test_esdh_samples.py): a byte order mark, Danish element and attribute names
(``Møde``, ``Åbent``, ``SidstÆndretDato``), the meeting's date in words
("12. marts 2025") and its time apart, the date and place written out again
as ``<Møde>``'s own text, an HTML front page, HTML field contents in CDATA
with HTML's named entities (``&oslash;``), a field with mixed content
(``<Indstilling>`` text then ``<IndstillingOverskrift>``), a bold
"<forum> den <date>" line above the decision, "Lukket punkt:" before a
closed item's title, ``PersonId`` beside ``PersonID``, "True" beside
"true", and the members, the items and the attachments each repeated
(signature sheet, table of contents, the agenda's flat attachment list).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import warnings
from pathlib import Path
from time import process_time

import pytest
from lxml import etree

import referatkit
from referatkit import (
    AttachmentList,
    AttendanceEvent,
    AttendanceStatus,
    Clause,
    DocumentKind,
    LineBreak,
    Paragraph,
    ReadError,
    ReadWarning,
    Recommendation,
    SectionKind,
    Text,
    TextSection,
    Variant,
)
from referatkit._api import _detect
from referatkit.cli import main
from referatkit.editions import public
from referatkit.formats.esdh._prepare import parse

from .support import assert_nothing_dropped

FIXTURE = Path(__file__).parent / "esdh" / "sbsys-dagsorden.xml"
OTHERS = [
    (Path(__file__).parent / "esdh" / "sbsys-publication.xml", "sbsys"),
    (Path(__file__).parent / "esdh" / "edoc-agendapublishing.xml", "edoc"),
    (Path(__file__).parent / "esdh" / "edoc-fujitsu-agenda.xml", "edoc-fujitsu"),
    (Path(__file__).parent / "esdh" / "5002.XML", "acadre"),
]
FMT = "sbsys-dagsorden"


def _read(source: Path | bytes, **options: object) -> referatkit.Meeting:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadWarning)
        return referatkit.read(source, **options)  # type: ignore[arg-type]


def _changed(old: bytes | str, new: bytes | str, count: int = 1) -> bytes:
    data = FIXTURE.read_bytes()
    old_b = old.encode() if isinstance(old, str) else old
    new_b = new.encode() if isinstance(new, str) else new
    assert old_b in data, old
    return data.replace(old_b, new_b, count)


def _error(data: bytes) -> ReadError:
    with pytest.raises(ReadError) as caught:
        _read(data, format=FMT)
    return caught.value


def _line_of(data: bytes, needle: str) -> int:
    return data[: data.index(needle.encode())].count(b"\n") + 1


# --- detection ---------------------------------------------------------------------


def test_detected_by_its_root_element() -> None:
    fmt = _detect(FIXTURE, FIXTURE.read_bytes()[:4096])
    assert fmt is not None and fmt.name == FMT
    assert _read(FIXTURE) == _read(FIXTURE, format=FMT)
    # Without the byte order mark and the declaration, the root still tells.
    bare = FIXTURE.read_bytes().removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[1]
    assert _detect(None, bare[:4096]).name == FMT  # type: ignore[union-attr]
    assert _read(bare, format=FMT) == _read(FIXTURE)


@pytest.mark.parametrize(("path", "name"), OTHERS, ids=[n for _, n in OTHERS])
def test_other_exports_are_not_taken_for_it_nor_it_for_them(path: Path, name: str) -> None:
    fmt = _detect(path, path.read_bytes()[:4096])
    assert fmt is not None and fmt.name == name
    with pytest.raises(ReadError) as caught:
        _read(path, format=FMT)
    assert str(caught.value).startswith(str(path))
    assert "er ikke en SBSYS-dagsorden (roden skal være <Dagsorden>)" in str(caught.value)
    with pytest.raises(ReadError) as caught:
        _read(FIXTURE, format=name)
    assert str(caught.value).startswith(str(FIXTURE))


def test_formats_lists_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.split()[:1] == [FMT])
    assert "SBSYS-dagsorden" in line and "kun læsning" in line


# --- what is read ------------------------------------------------------------------------


def test_the_meeting() -> None:
    m = _read(FIXTURE)
    assert m.forum.name == "Klima- og Miljøudvalget"
    assert m.kind is DocumentKind.MINUTES and m.variant is Variant.ORDINARY and not m.draft
    assert m.start.isoformat() == "2025-03-12T16:00:00+01:00" and m.end is None
    assert m.place == "Mødelokale 2, Rådhuset"
    assert m.identifier == "907"
    props = dict(m.properties)
    assert props["sbsys-dagsorden:DagsordenID"] == "3101"
    assert props["sbsys-dagsorden:Møde.Sekretariat"] == "Byrådssekretariatet"
    assert props["sbsys-dagsorden:Åben"] == "true"
    assert "M&oslash;delokale" not in props["sbsys-dagsorden:Forside.Overskrift"]  # HTML as it is
    assert "M&#248;delokale 2" in props["sbsys-dagsorden:Forside.Overskrift"]
    assert "Eksempel Kommune" in props["sbsys-dagsorden:Forside.Forsidetekst"]
    # Repetitions of what is read elsewhere are not kept twice: <Møde>'s text (date,
    # time and place written out), the signature sheet, the table of contents, the
    # agenda's flat list of attachments; nor is Dagsordentype, which the kind holds.
    assert not [
        name
        for name, _ in m.properties
        if re.search(r"Møde\.text|^sbsys-dagsorden:Møde$|Underskriftsark|Reference|Bilagsliste|type", name)
    ]


def test_members_and_their_attendance() -> None:
    m = _read(FIXTURE)
    assert [(p.name, p.status) for p in m.attendance] == [
        ("Rikke Dahl", AttendanceStatus.PRESENT),
        ("Jonas Holm", AttendanceStatus.ABSENT),  # absent from every item
        ("Mette Sørensen", AttendanceStatus.PRESENT),
        ("Ida Krogh", AttendanceStatus.SUBSTITUTE),  # Suppleant="true"
    ]
    assert m.attendance[0].properties == (("sbsys-dagsorden:PersonID", "11"),)
    assert [[(a.name, a.event) for a in i.attendance] for i in m.items] == [
        [("Jonas Holm", AttendanceEvent.ABSENT)],
        [("Jonas Holm", AttendanceEvent.ABSENT), ("Mette Sørensen", AttendanceEvent.ABSENT)],
        [("Jonas Holm", AttendanceEvent.ABSENT), ("Rikke Dahl", AttendanceEvent.ABSENT)],
    ]
    assert referatkit.validate(m) == []


def test_items_sorted_open_or_closed_with_case_numbers() -> None:
    m = _read(FIXTURE)
    assert [(i.number, i.identifier, i.public) for i in m.items] == [
        ("1", "601", True),
        ("2", "602", True),
        ("3", "603", False),
    ]
    closed = m.item("3")
    # "Lukket punkt:" is SBSYS's mark of a closed item: Item.public holds it; the title
    # as written stays a property.
    assert closed.title == "Køb af grund ved havnen"
    assert ("sbsys-dagsorden:Overskrift", "Lukket punkt: Køb af grund ved havnen") in closed.properties
    item = m.item("2")
    assert item.title == "Klimaplan for kommunens bygninger"
    assert item.journal_number is not None and item.journal_number.raw == "00.01.10-A00-3-25"
    assert item.journal_number.kle is not None
    props = dict(item.properties)
    assert props["sbsys-dagsorden:Sagstitel"] == "Klimaplan 2025"
    assert props["sbsys-dagsorden:BesluttendeUdvalg"] == "Klima- og Miljøudvalget"
    assert "sbsys-dagsorden:Overskrift" not in props and "sbsys-dagsorden:Nummer" not in props


def test_a_title_of_html_is_read_within_the_fields_limits() -> None:
    """A title is read as HTML under the limits of the fields' HTML: one tag of 50,000
    attributes took libxml2's HTML parser 20 s (its time is quadratic in a tag's attributes;
    the fuzzer, seed 36, read-path input 791, 59 s). Now it is read as text, and said."""
    attributes = " ".join(f'a{n}="x"' for n in range(50_000))
    data = _changed(
        "<![CDATA[Klimaplan for kommunens bygninger]]>",
        f"<![CDATA[<span {attributes}>Klimaplan</span> for kommunens <b>bygninger</b>]]>",
    )
    started = process_time()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        meeting = referatkit.read(data, FMT)
    assert process_time() - started < 0.5
    assert meeting.item("2").title.endswith("Klimaplan for kommunens bygninger")
    said = [str(w.message) for w in caught if "flere end MAX_HTML_ATTRIBUTES" in str(w.message)]
    assert said and "læst som ren tekst" in said[0], said
    # An ordinary title of HTML is read as before: its text, its entities decoded.
    plain = _read(_changed("<![CDATA[Klimaplan for kommunens bygninger]]>", "<b>Klimaplan</b> for &#248;en"))
    assert plain.item("2").title == "Klimaplan for øen"


def test_every_field_is_a_section_by_its_caption() -> None:
    item = _read(FIXTURE).item("2")
    assert [(s.kind, s.caption) for s in item.sections] == [
        (SectionKind.SUMMARY, "Resume"),  # not the label "Resumé": kept as written
        (SectionKind.RECOMMENDATION, None),
        (SectionKind.PRESENTATION, None),
        (SectionKind.LEGAL_BASIS, None),
        (SectionKind.ECONOMY, None),
        (SectionKind.CUSTOM, "Beslutningskompetence"),
        (SectionKind.DECISION, "Beslutning"),
        (SectionKind.ATTACHMENTS, None),
    ]
    presentation = item.sections[2]
    assert isinstance(presentation, TextSection)
    assert presentation.body == (  # named entities read, &nbsp; paragraphs dropped, <br /> kept
        Paragraph("Planen omfatter 42 bygninger – skoler, børnehaver og Rådhuset."),
        Paragraph("Om solceller"),
        Paragraph(
            (Text("Tagene på"), LineBreak(), Text("skolerne egner sig til solceller … men ikke alle."))
        ),
    )
    assert item.recommendation == Recommendation(
        Text("Forvaltningen indstiller,"),
        [Clause("planen godkendes, og"), Clause("der afsættes 2,5 mio. kr. til solceller.")],
    )
    closed = _read(FIXTURE).item("3")
    assert closed.recommendation == Recommendation(
        Text("Forvaltningen indstiller,"), [Clause("grunden købes.")]
    )


def test_the_decision_line_gives_forum_and_date() -> None:
    decision = _read(FIXTURE).item("2").decisions[0]
    assert (decision.forum, decision.date) == ("Klima- og Miljøudvalget", dt.date(2025, 3, 12))
    # The line stays in the body and the caption as written, so the printed text is unchanged.
    assert decision.caption == "Beslutning"
    assert decision.body == (
        Paragraph("Klima- og Miljøudvalget den 12. marts 2025"),
        Paragraph("Godkendt."),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        text = referatkit.render(_read(FIXTURE), "text")
    assert isinstance(text, str) and "Beslutning i Klima- og Miljøudvalget" not in text
    # Any other first line is just text.
    other = _changed(
        "Klima- og Milj&oslash;udvalget den 12. marts 2025", "Udvalget tog det til efterretning", 3
    )
    plain = _read(other, format=FMT).item("1").decisions[0]
    assert (plain.forum, plain.date, plain.caption) == (None, None, None)


def test_mixed_content_field_and_its_heading() -> None:
    item = _read(FIXTURE).item("2")
    assert not [n for n, _ in item.properties if "IndstillingOverskrift" in n]  # repeats the caption
    other = _changed(
        "<![CDATA[Indstilling]]></IndstillingOverskrift>",
        "<![CDATA[Forvaltningens forslag]]></IndstillingOverskrift>text efter",
    )
    item = _read(other, format=FMT).item("2")
    assert ("sbsys-dagsorden:Indhold.Indstilling.IndstillingOverskrift", "Forvaltningens forslag") in (
        item.properties
    )
    recommendation = item.recommendation
    assert recommendation is not None and recommendation.body == (Paragraph("text efter"),)


def test_attachments() -> None:
    item = _read(FIXTURE).item("2")
    first, second = item.attachments  # sorted by Sortering
    assert (first.title, first.public, first.file_name, first.media_type) == (
        "Klimaplan >> udkast",
        True,
        "Punkt_2_Bilag_1_Klimaplan_udkast.pdf",
        "application/pdf",
    )
    # The title is the link text, as SBSYS prints it; another Navn stays a property.
    assert (second.title, second.public) == ("Energiregnskab 2024", False)  # MaaPubliceres="False"
    props = dict(second.properties)
    assert props["sbsys-dagsorden:Navn"] == "Energiregnskab"
    assert props["sbsys-dagsorden:BilagUrl"] == "Bilag/Punkt_2_Bilag_2_Energiregnskab.pdf"
    assert props["sbsys-dagsorden:Dokument.DokumentID"] == "5510042"
    assert "sbsys-dagsorden:FileExtension" not in props and "sbsys-dagsorden:MaaPubliceres" not in props
    assert not [a for a in _read(FIXTURE).item("1").sections if isinstance(a, AttachmentList)]


def test_the_public_edition_has_no_closed_item_or_attachment() -> None:
    m = _read(FIXTURE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        html = referatkit.render(m, "html", edition="public")
    assert isinstance(html, str)
    for secret in ("Køb af grund", "grunden købes", "Vurdering af grunden", "Energiregnskab 2024"):
        assert secret not in html
    assert "Klimaplan &gt;&gt; udkast" in html or "Klimaplan >> udkast" in html
    titles = [a.title for i in public(m).items for a in i.attachments]
    assert "Klimaplan >> udkast" in titles and "Energiregnskab 2024" not in titles


# --- variants and quirks -------------------------------------------------------------------


def test_an_agenda_an_addendum_and_an_end_time() -> None:
    data = _changed('Dagsordentype="Referat"', 'Dagsordentype="Dagsorden"')
    data = data.replace('Tillægsdagsorden="false"'.encode(), 'Tillægsdagsorden="true"'.encode())
    data = data.replace('Mødetid="16:00"'.encode(), 'Mødetid="16:00" Mødesluttid="18.30"'.encode())
    m = _read(data, format=FMT)
    assert m.kind is DocumentKind.AGENDA and m.variant is Variant.ADDENDUM
    assert m.end is not None and m.end.isoformat() == "2025-03-12T18:30:00+01:00"
    assert [p.status for p in m.attendance] == [AttendanceStatus.INVITED] * 3 + [AttendanceStatus.SUBSTITUTE]
    # Another kind word: the content decides (decisions with text make minutes), the word is kept.
    odd = _changed('Dagsordentype="Referat"', 'Dagsordentype="Beslutningsprotokol udkast"')
    assert _read(odd, format=FMT).kind is DocumentKind.MINUTES
    odd = _changed('Dagsordentype="Referat"', 'Dagsordentype="Foreløbig"')
    m = _read(odd, format=FMT)
    assert m.kind is DocumentKind.MINUTES and ("sbsys-dagsorden:Dagsordentype", "Foreløbig") in m.properties


def test_dates_in_other_shapes() -> None:
    for date, time in (("12-03-2025", "16:00:00"), ("2025-03-12", "16.00"), ("12.03.2025", "16:00")):
        data = _changed('Mødedato="12. marts 2025" Mødetid="16:00"', f'Mødedato="{date}" Mødetid="{time}"')
        assert _read(data, format=FMT).start.isoformat() == "2025-03-12T16:00:00+01:00"


def test_open_flag_missing_or_contradicted_reads_as_closed() -> None:
    data = _changed('DagsordenpunktID="601" Åbent="true"', 'DagsordenpunktID="601"')
    with pytest.warns(ReadWarning, match=r"Dagsordenpunkt\[2\]>: punktet siger ikke, om det er åbent"):
        m = referatkit.read(data, format=FMT)
    assert not m.item("1").public
    data = _changed('DagsordenpunktID="603" Åbent="false"', 'DagsordenpunktID="603" Åbent="true"')
    with pytest.warns(ReadWarning, match="markeret åbent, men titlen siger lukket"):
        m = referatkit.read(data, format=FMT)
    assert not m.item("3").public and m.item("3").title == "Køb af grund ved havnen"


def test_attachment_without_its_publication_flag_is_closed() -> None:
    data = _changed('MaaPubliceres="True" Navn="Klimaplan', 'Navn="Klimaplan')
    with pytest.warns(ReadWarning, match=r"Bilag\[2\]>: bilaget siger ikke, om det må publiceres"):
        m = referatkit.read(data, format=FMT)
    assert [a.public for a in m.item("2").attachments] == [False, False]


def test_an_absent_member_named_only_by_id() -> None:
    data = _changed('<Person Navn="Rikke Dahl" PersonId="11" />', '<Person PersonId="11" />')
    assert [a.name for a in _read(data, format=FMT).item("3").attendance] == ["Jonas Holm", "Rikke Dahl"]
    data = _changed('<Person Navn="Rikke Dahl" PersonId="11" />', '<Person PersonId="99" />')
    assert (
        "<Dagsorden/Dagsordenpunkter/Dagsordenpunkt[3]/Fravaer/Person[2]>: den fraværende har intet navn"
        in (str(_error(data)))
    )


def test_repetitions_that_differ_are_kept_and_told() -> None:
    data = _changed(
        'Punktnummer="2" ErBesluttendeUdvalg="true">Klimaplan for kommunens bygninger<',
        'Punktnummer="2" ErBesluttendeUdvalg="true">Klimaplan for bygningerne<',
    )
    with pytest.warns(ReadWarning, match="indholdsfortegnelsen siger noget andet om punktet"):
        m = referatkit.read(data, format=FMT)
    assert (
        "sbsys-dagsorden:Indholdsfortegnelse.DagsordenpunktReference",
        "Klimaplan for bygningerne",
    ) in m.item("2").properties  # what the entry says is about item 2, so it is item 2's
    data = _changed(
        '<Medlem PersonID="14" Navn="Ida Krogh" Suppleant="true" />\n  </Underskriftsark>',
        "</Underskriftsark>",
    )
    m = _read(data, format=FMT)
    assert ("sbsys-dagsorden:Underskriftsark.Medlem.Navn", "Rikke Dahl") in m.properties
    data = _changed(
        'BilagID="8803" BilagsnrIPunkt="1" Punktnr="3"', 'BilagID="8804" BilagsnrIPunkt="1" Punktnr="3"', 2
    )
    data = data.replace(b'BilagID="8804"', b'BilagID="8803"', 1)  # only the flat list's copy differs
    with pytest.warns(ReadWarning, match="bilagslisten siger noget andet om bilaget"):
        m = referatkit.read(data, format=FMT)
    assert ("sbsys-dagsorden:Bilagsliste.Bilag.BilagID", "8804") in m.item(
        "3"
    ).properties  # the closed item's
    assert not any("Bilagsliste" in name for name, _ in m.properties)


# --- errors -------------------------------------------------------------------------------


def test_errors_name_the_file_the_line_the_element_and_the_attribute(tmp_path: Path) -> None:
    bad = _changed('Mødedato="12. marts 2025"', 'Mødedato="31. februar 2025"')
    path = tmp_path / "dagsorden.xml"
    path.write_bytes(bad)
    with pytest.raises(ReadError) as caught:
        referatkit.read(path)
    assert str(caught.value) == (
        f"{path}:{_line_of(bad, '<Møde ')}: <Dagsorden/Møde/@Mødedato>: '31. februar 2025' "
        "er ikke en dato (fx 31. marts 2016)"
    )
    cases = [
        (
            _changed('Mødetid="16:00"', 'Mødetid="25:00"'),
            "<Dagsorden/Møde/@Mødetid>: '25:00' er ikke et klokkeslæt",
        ),
        (_changed('Mødetid="16:00"', ""), "<Dagsorden/Møde/@Mødetid>: mangler mødets klokkeslæt"),
        (
            _changed(
                'Mødedato="12. marts 2025" Mødetid="16:00"', 'Mødedato="30. marts 2025" Mødetid="02:30"'
            ),
            "<Dagsorden/Møde/@Mødetid>: 30. marts 2025 02:30 findes ikke i dansk tid",
        ),
        (
            _changed('Mødetid="16:00"', 'Mødetid="16:00" Mødesluttid="15:00"'),
            "<Dagsorden/Møde/@Mødesluttid>: mødet slutter før det begynder",
        ),
        (
            _changed(' Udvalg="Klima- og Miljøudvalget"', ""),
            "<Dagsorden/Møde/@Udvalg>: mangler udvalgets navn",
        ),
        (
            _changed('Nummer="2"', 'Nummer="2 a"'),
            "<Dagsorden/Dagsordenpunkter/Dagsordenpunkt[1]/@Nummer>: '2 a' er ikke et punktnummer",
        ),
        (
            _changed('Åbent="false"', 'Åbent="måske"'),
            "<Dagsorden/Dagsordenpunkter/Dagsordenpunkt[3]/@Åbent>: 'måske' er hverken sand eller falsk",
        ),
        (
            _changed('MaaPubliceres="False"', 'MaaPubliceres="Nogle"'),
            "Dagsordenpunkt[1]/Bilagsliste/Bilag[1]/@MaaPubliceres>: 'Nogle' er hverken sand eller falsk",
        ),
        (
            _changed("<Overskrift><![CDATA[Godkendelse af dagsorden]]></Overskrift>", ""),
            "<Dagsorden/Dagsordenpunkter/Dagsordenpunkt[2]>: punktet har ingen titel <Overskrift>",
        ),
        (_changed("<Møde ", "<Mode ").replace("</Møde>".encode(), b"</Mode>"), "<Dagsorden>: mangler <Møde>"),
        (b"<Publication/>", "<Publication>: er ikke en SBSYS-dagsorden (roden skal være <Dagsorden>)"),
    ]
    for data, message in cases:
        assert message in str(_error(data)), message


def test_broken_xml_and_entity_declarations() -> None:
    error = _error(FIXTURE.read_bytes()[:3000])
    assert error.line is not None and "ugyldig XML" in error.message
    bomb = b'<?xml version="1.0"?><!DOCTYPE Dagsorden [<!ENTITY a "aaaa">]><Dagsorden>&a;</Dagsorden>'
    assert "entiteter" in _error(bomb).message


# --- nothing dropped, every writer -----------------------------------------------------------


def test_every_word_of_the_export_reaches_the_model() -> None:
    assert_nothing_dropped(FIXTURE, _read(FIXTURE), FMT)


def test_every_writer_takes_it_and_the_archival_xml_keeps_it() -> None:
    m = _read(FIXTURE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        for fmt in ("text", "odt", "html", "akn"):
            assert referatkit.render(m, fmt)
        xml = referatkit.render(m, "xml")
    assert referatkit.read(xml, format="xml") == m


_SPOILS = ("", "x", "31-13-2025 25:61", "<p><ul><li>at <b>a</b></ul><table><tr><td>x")


def _attempt(root: etree._Element, checked: set[referatkit.Meeting]) -> str:
    """Read the spoiled tree: "meeting" (every writer takes it) or "error" (naming a place).

    A meeting equal to one in ``checked`` is not written again: the writers are
    deterministic, and a quarter of the spoils give a meeting read before."""
    try:
        meeting = _read(etree.tostring(root, encoding="utf-8"), format=FMT)
    except ReadError as error:
        assert "passer ikke i modellen" not in error.message, error
        assert error.message.startswith(("<", "ugyldig XML")), error
        return "error"
    if meeting in checked:
        return "meeting"
    checked.add(meeting)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        assert referatkit.render(meeting, "text")
        assert referatkit.read(referatkit.render(meeting, "xml"), format="xml") == meeting
    return "meeting"


@pytest.mark.slow  # ~50 s: scheduled with the long tests, first
def test_any_broken_element_or_attribute_gives_a_meeting_or_an_error_naming_it() -> None:
    """Each element in turn is removed, repeated and (a leaf) given bad text; each
    attribute is removed and given bad values. The reader returns a meeting every writer
    takes, or a ReadError naming the element; never another exception, never the generic
    net under the readers."""
    data = FIXTURE.read_bytes()

    def elements(root: etree._Element) -> list[etree._Element]:
        return [e for e in root.iter() if isinstance(e.tag, str)]

    count = len(elements(parse(data, FIXTURE.name)))
    outcomes: dict[str, int] = {"meeting": 0, "error": 0}
    checked: set[referatkit.Meeting] = set()
    for index in range(count):
        root = parse(data, FIXTURE.name)
        names = sorted(str(k) for k in elements(root)[index].attrib)
        spoils: list[tuple[str, str | None]] = [("remove", None), ("repeat", None)]
        spoils += [("text", s) for s in _SPOILS]
        spoils += [(name, value) for name in names for value in (None, *_SPOILS)]
        for what, value in spoils:
            root = parse(data, FIXTURE.name)  # with the quirks repaired, as the reader sees it
            element = elements(root)[index]
            parent = element.getparent()
            if what in ("remove", "repeat"):
                if parent is None:
                    continue
                if what == "remove":
                    parent.remove(element)
                else:
                    element.addnext(copy.deepcopy(element))
            elif what == "text":
                if len(element):
                    continue
                element.text = value
            elif value is None:
                del element.attrib[what]
            else:
                element.set(what, value)
            outcomes[_attempt(root, checked)] += 1
    assert outcomes["meeting"] > 1000 and outcomes["error"] > 50, outcomes
