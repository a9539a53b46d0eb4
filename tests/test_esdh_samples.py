"""The importers over the real exports in ../shared/samples/esdh_meeting_exports.

These files hold real names, so nothing of them is in the repository: every
expected value is taken from the sample itself at test time, with a few
lines of plain lxml that do not share the importers' code. The tests skip
when ../shared is absent and fail in CI.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import warnings
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

import referatkit
from referatkit import Decision, Meeting, ReadWarning
from referatkit._api import _detect
from referatkit.formats.esdh._prepare import parse
from referatkit.formats.pdf import odt_to_pdf_many
from referatkit.formats.xml import schema_problems
from referatkit.l10n import localize
from referatkit.model import plain_text

from .conftest import SHARED, shared_file
from .support import ESDH_CASES as CASES
from .support import ESDH_SAMPLES as SAMPLES
from .support import assert_nothing_dropped

IDS = [name.split("/")[-1] for name, _ in CASES]
#: Samples no reader takes yet, each with the issue that will read it.
NOT_YET_READ: dict[str, str] = {}


def _sample(name: str) -> Path:
    return shared_file(SAMPLES / name)


def _read(path: Path) -> Meeting:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadWarning)
        return referatkit.read(path)


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _local(text: str, pattern: str) -> dt.datetime:
    return localize(dt.datetime.strptime(text.strip(), pattern))


def test_every_sample_is_listed() -> None:
    folder = shared_file(SAMPLES)
    found = sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.suffix.lower() == ".xml" and "schemas" not in p.parts[-2]
    )
    assert found == sorted([name for name, _ in CASES] + list(NOT_YET_READ))


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=IDS)
def test_the_format_is_detected(name: str, fmt: str) -> None:
    path = _sample(name)
    detected = _detect(path, path.read_bytes()[:4096])
    assert detected is not None and detected.name == fmt
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadWarning)
        assert _read(path) == referatkit.read(path, format=fmt)


# --- what is read, checked against the file --------------------------------------------


def _check_sbsys(root: etree._Element, m: Meeting) -> None:
    agenda = root.find("Agendas/Agenda")
    assert agenda is not None
    assert m.forum.name == _one_line(agenda.findtext("Committee/Name"))
    assert m.start == _local(agenda.findtext("Meeting/When") or "", "%d-%m-%Y %H:%M:%S")
    until = agenda.findtext("Meeting/Until")
    assert m.end == (_local(until, "%d-%m-%Y %H:%M:%S") if until else None)
    assert m.place == (_one_line(agenda.findtext("Meeting/Where")) or None)
    members = agenda.findall("Meeting/Members/MeetingMember")
    assert len(m.attendance) == len(members)
    for member, person in zip(members, m.attendance, strict=True):
        assert _one_line(member.findtext("Name")).startswith(person.name)
        assert person.note == (_one_line(member.findtext("ParticipationNote")) or None)
    items = agenda.findall("Items/Item")
    assert len(m.items) == len(items)
    by_id = {i.identifier: i for i in m.items}
    for element in items:
        item = by_id[element.get("ID")]
        assert item.number == element.findtext("Number", "").strip()
        assert item.title == _one_line(element.findtext("Caption"))
        assert item.public == (element.findtext("IsPublic", "").strip().lower() == "true")
        feedback = [
            f for f in element.findall("Fields/ItemField") if f.findtext("IsFeedback", "").strip() == "True"
        ]
        assert len(item.decisions) == len(feedback)
        for field, decision in zip(feedback, item.decisions, strict=True):
            caption = _one_line(field.findtext("Caption"))
            assert decision.caption in (caption, None)
            if re.search(r"beslutning", caption, re.I) and caption.lower() != "beslutning":
                assert decision.forum is not None  # "<FORUM>S BESLUTNING" names its forum
        case = _one_line(element.findtext("Case/Number"))
        assert (item.journal_number.raw if item.journal_number else "") == case
        enclosures = element.findall("Enclosures/Enclosure")
        assert [(a.title, a.file_name) for a in item.attachments] == [
            (
                _one_line(e.findtext("Name")),
                _one_line(e.findtext("InstantiationFileName")) or _windows_name(e),
            )
            for e in enclosures
        ]
        assert [a.public for a in item.attachments] == [
            e.findtext("IsPublic", "true").strip().lower() == "true" for e in enclosures
        ]
    numbers = [i.number for i in m.items]
    assert numbers == sorted(numbers, key=lambda n: [int(p) for p in n.split(".")])


def _windows_name(element: etree._Element) -> str:
    return _one_line(element.findtext("FileName")).split("\\")[-1]


def _check_edoc(root: etree._Element, m: Meeting) -> None:
    assert m.forum.name == _one_line(root.findtext("Committee"))
    assert m.start == _local(root.findtext("MeetingDate") or "", "%d-%m-%Y %H:%M:%S")
    items = root.findall("MeetingAgendaTypes/MeetingAgendaType/MeetingAgendaItems/MeetingAgendaItem")
    assert len(m.items) == len(items)
    for element in items:
        item = m.item(element.findtext("AgendaItemNumber", "").strip())
        assert item.title == _one_line(element.findtext("Document/Title"))
        neutral = _one_line(element.findtext("Document/NeutralTitle"))
        expected = neutral if neutral and (neutral != item.title or not item.public) else None
        assert item.public_title == expected
        text = element.findtext("FullText") or ""
        dated = re.findall(r"^.+beslutning den \d\d\.\d\d\.\d{4}.*$", text, re.M | re.I)
        assert len(item.decisions) == len(dated)
        assert all(d.forum and d.date for d in item.decisions)
        case = re.search(r"Sagsnr\.: (\S+)", text)
        assert (item.journal_number.raw if item.journal_number else None) == (case[1] if case else None)
        assert len(item.attachments) >= len(element.findall("Document/Attachments/Attachment"))
    assert m.attendance  # the front page's "Tilstede" list
    assert m.place


def _check_fujitsu(root: etree._Element, m: Meeting) -> None:
    ns = {"e": "http://www.fujitsu.dk/agenda/xml/schemas/2009/03/31/"}
    assert m.forum.name == _one_line(root.findtext("e:Committee/e:Name", namespaces=ns))
    assert m.forum.short_name == _one_line(root.findtext("e:Committee/e:ShortName", namespaces=ns))
    meeting = root.find("e:Committee/e:Meeting", ns)
    assert meeting is not None
    assert m.start == _local(meeting.findtext("e:MeetingDateTime", namespaces=ns) or "", "%d-%m-%Y %H:%M")
    assert m.place == _one_line(meeting.findtext("e:MeetingLocation", namespaces=ns))
    people = meeting.findall("e:MeetingParticipants/e:MeetingParticipant", ns)
    guests = meeting.findall("e:MeetingParticipantExternals/e:MeetingParticipantExternal", ns)
    assert len(m.attendance) == len(people) + len(guests)
    elements = meeting.findall("e:Agenda/e:AgendaElements/e:AgendaElement", ns)
    assert len(m.items) == len(elements)
    for element in elements:
        item = m.item(element.findtext("e:HandlingItem/e:SerialNo", namespaces=ns).strip())
        assert item.title == _one_line(element.findtext("e:HandlingItem/e:Title", namespaces=ns))
        assert item.public == (element.findtext("e:AccessIsPublic", namespaces=ns) == "true")
        neutral = _one_line(element.findtext("e:HandlingItem/e:NeutralTitle", namespaces=ns))
        assert item.public_title == (
            neutral if neutral and (neutral != item.title or not item.public) else None
        )
        case = _one_line(element.findtext("e:HandlingItem/e:CaseNumber", namespaces=ns))
        assert (item.journal_number.raw if item.journal_number else "") == case
        presentations = element.findall("e:HandlingItem/e:CasePresentations/e:CasePresentation", ns)
        attachments = element.findall("e:HandlingItem/e:Attachments/e:Attachment", ns)
        assert len(item.sections) == len(presentations) + (1 if attachments else 0)
        assert [s.caption or s.kind for s in item.sections if not isinstance(s, referatkit.AttachmentList)]
        decided = [p for p in presentations if p.findtext("e:IsDecision", namespaces=ns) == "true"]
        assert len(item.decisions) == len(decided)
        assert [(a.title, a.public, a.file_name) for a in item.attachments] == [
            (
                _one_line(a.findtext("e:Title", namespaces=ns)),
                a.findtext("e:AccessEnumName", namespaces=ns) == "Public",
                _one_line(a.findtext("e:Link", namespaces=ns)).split("\\")[-1],
            )
            for a in attachments
        ]


def _acadre_fields(table: etree._Element) -> dict[str, str]:
    return {f.get("name", ""): (f.text or "") for f in table.findall("fields/field")}


def _check_acadre(root: etree._Element, m: Meeting, path: Path) -> None:
    if root.find("table[@name='producedAgenda']") is not None:  # the manifest: check the file it points to
        names = [f.get("xmlfilename") for f in root.iter("field") if f.get("xmlfilename")]
        files = {p.name.casefold(): p for p in path.parent.iterdir()}
        target = next(files[n.casefold()] for n in reversed(names) if n and n.casefold() in files)
        root = parse(target.read_bytes(), str(target))
    agenda = root.find("table[@name='agenda']")
    assert agenda is not None
    committee = _acadre_fields(agenda.find("table[@name='committee']"))  # type: ignore[arg-type]
    assert f"{m.forum.name} ({m.forum.short_name})" == _one_line(committee["name"])
    meeting = _acadre_fields(agenda.find("table[@name='meeting']"))  # type: ignore[arg-type]
    assert m.start == _local(meeting["date"], "%Y-%m-%d %H:%M")
    assert m.place is not None and m.place.startswith(_one_line(meeting["location"]))
    members = [
        _acadre_fields(t) for t in agenda.findall("table[@name='meeting']/table[@name='meetmember']/table")
    ]
    assert [(p.note, p.role) for p in m.attendance] == [
        (_one_line(f["comment"]) or None, _one_line(f["role"]) or None) for f in members
    ]
    parents = agenda.findall("table[@name='agendaitemparents']")
    assert len(m.items) == len(parents)
    for parent in parents:
        element = parent.find("table[@name='agendaitem']")
        assert element is not None
        item = m.item(_acadre_fields(parent)["sort"].strip())
        assert item.title == _one_line(_acadre_fields(element)["name"])
        bullets = [_acadre_fields(b) for b in element.findall("table[@name='bullet']")]
        assert len(item.sections) == len(bullets)  # "Bilag" is the attachment list
        dated = [b for b in bullets if b["bulletname"].startswith("Beslutning i ")]
        assert len(item.decisions) == len(dated)
        for decision in item.decisions:
            assert decision.forum and decision.date and decision.caption
        assert (item.journal_number.raw if item.journal_number else "") == _one_line(
            _acadre_fields(element)["caseno"]
        )
        assert item.public == (_acadre_fields(element)["access"].strip() == "1")
        enclosures = sorted(
            (_acadre_fields(e) for e in element.findall("table[@name='enclosure']")),
            key=lambda f: int(f["sort"]),
        )
        assert [(a.title, a.file_name, a.public) for a in item.attachments] == [
            (_one_line(f["name"]), f["filename"], f["access"] == "1") for f in enclosures
        ]


_MONTHS = "januar februar marts april maj juni juli august september oktober november december".split()


def _check_sbsys_dagsorden(root: etree._Element, m: Meeting) -> None:
    meeting = root.find("Møde")
    assert meeting is not None
    assert m.forum.name == meeting.get("Udvalg")
    day, month, year = meeting.get("Mødedato", "").replace(".", "").split()
    hour, minute = meeting.get("Mødetid", "").split(":")
    start = dt.datetime(int(year), _MONTHS.index(month) + 1, int(day), int(hour), int(minute))
    assert m.start == localize(start)
    assert m.place == meeting.get("Mødested")
    assert m.identifier == meeting.get("MødeID")
    assert m.kind.name == ("MINUTES" if root.get("Dagsordentype") == "Referat" else "AGENDA")
    members = root.findall("Indkaldelse/Medlem")
    assert [p.name for p in m.attendance] == [e.get("Navn") for e in members]
    items = root.findall("Dagsordenpunkter/Dagsordenpunkt")
    assert [i.identifier for i in m.items] == [e.get("DagsordenpunktID") for e in items]
    absent: list[set[str]] = []
    for element, item in zip(items, m.items, strict=True):
        assert item.number == element.get("Nummer")
        assert item.public == (element.get("Åbent") == "true")
        title = _one_line(element.findtext("Overskrift"))
        assert item.title == (title if item.public else re.sub(r"^Lukket punkt: ", "", title))
        assert item.journal_number is not None and item.journal_number.raw == element.get("Sagsnr")
        captions = [f.get("Navn") for f in element.iterfind("Indhold/*")]
        texts = [s for s in item.sections if not isinstance(s, referatkit.AttachmentList)]
        assert [s.caption or referatkit.DANISH.caption(s.kind) for s in texts] == captions
        assert len(item.decisions) == len(element.findall("Indhold/Beslutning"))
        for decision in item.decisions:  # "<forum> den <date>" above the decision
            assert decision.forum and decision.date == m.start.date()
        bilag = sorted(element.findall("Bilagsliste/Bilag"), key=lambda b: int(b.get("Sortering", "0")))
        assert [(a.title, a.public) for a in item.attachments] == [
            (b.get("Linktekst"), b.get("MaaPubliceres", "").lower() == "true") for b in bilag
        ]
        names = [p.get("Navn") for p in element.findall("Fravaer/Person")]
        assert [(a.name, a.event.name) for a in item.attendance] == [(n, "ABSENT") for n in names]
        absent.append(set(names))
    # Absent from every item is absent from the meeting; the others were there.
    everywhere = set.intersection(*absent)
    assert [p.status.name for p in m.attendance] == [
        "ABSENT" if p.name in everywhere else "PRESENT" for p in m.attendance
    ]
    # What the issue says of this sample.
    assert len(m.items) == 2 and m.items[0].public and not m.items[1].public
    assert len(m.attendance) == 7
    assert all(len(i.attendance) == 3 for i in m.items)


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=IDS)
def test_what_is_read_matches_the_file(name: str, fmt: str) -> None:
    path = _sample(name)
    m = _read(path)
    root = parse(path.read_bytes(), str(path))
    if fmt == "sbsys":
        _check_sbsys(root, m)
    elif fmt == "edoc":
        _check_edoc(root, m)
    elif fmt == "edoc-fujitsu":
        _check_fujitsu(root, m)
    elif fmt == "sbsys-dagsorden":
        _check_sbsys_dagsorden(root, m)
    else:
        _check_acadre(root, m, path)
    assert not [p for p in referatkit.validate(m) if "XML" in p.message]


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=IDS)
def test_nothing_the_export_says_is_dropped(name: str, fmt: str) -> None:
    path = _sample(name)
    assert_nothing_dropped(path, _read(path), fmt)


def test_kinds_and_decisions_across_the_samples() -> None:
    meetings = {name: _read(_sample(name)) for name, _ in CASES}
    # Each sample's own marker of minutes: SBSYS feedback with content or type 2, eDoc's state,
    # Fujitsu's output type, Acadre's agenda name.
    for name, m in meetings.items():
        has_decision_text = any(d.body for i in m.items for d in i.decisions)
        if has_decision_text:
            assert m.kind.name == "MINUTES", name
    decisions = [
        d for m in meetings.values() for i in m.items for d in i.decisions if isinstance(d, Decision)
    ]
    assert any(d.forum and d.date for d in decisions)


@pytest.mark.parametrize("name", [n for n, f in CASES if f == "sbsys" and "aarhus" not in n])
def test_sbsys_publication_type_and_member_status(name: str) -> None:
    """`PublicationTypeAsValue`: 0 draft, 1 agenda, 2 minutes; decision text makes minutes of a draft."""
    path = _sample(name)
    root = etree.parse(str(path)).getroot()
    type_value = (root.findtext("PublicationTypeAsValue") or "").strip()
    feedback_text = any(
        _one_line(etree.HTML(f.findtext("Content") or "<p/>").xpath("string()"))
        for f in root.iter("ItemField")
        if (f.findtext("IsFeedback") or "").strip().lower() == "true"
    )
    m = _read(path)
    assert m.draft is (type_value == "0")
    expected = "MINUTES" if type_value == "2" or feedback_text else "AGENDA"
    assert m.kind.name == expected
    statuses = [(p.findtext("ParticipationStatusAsValue") or "").strip() for p in root.iter("MeetingMember")]
    undecided = m.kind.name == "AGENDA" or m.draft
    want = {
        "0": "INVITED" if undecided else "PRESENT",
        "1": "PRESENT",
        "4": "PRESENT",
    }
    assert [a.status.name for a in m.attendance] == [want.get(v, "APOLOGIES") for v in statuses]


# --- every writer -----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=IDS)
def test_every_sample_converts_with_every_writer(name: str, fmt: str) -> None:
    m = _read(_sample(name))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        text = referatkit.render(m, "text")
        assert isinstance(text, str) and all(item.title.split()[0] in text for item in m.items)
        for writer in ("odt", "html", "akn"):
            assert referatkit.render(m, writer)
        xml = referatkit.render(m, "xml")
    root = etree.fromstring(xml)
    assert schema_problems(root) == []
    assert referatkit.read(xml, format="xml") == m


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=IDS)
def test_akoma_ntoso_of_every_sample_is_valid(name: str, fmt: str) -> None:
    xsd = etree.XMLSchema(etree.parse(str(shared_file(SHARED / "schemas" / "akn" / "akomantoso30.xsd"))))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        akn = referatkit.render(_read(_sample(name)), "akn")
    document = etree.fromstring(akn)
    assert xsd.validate(document), xsd.error_log.last_error


@pytest.mark.usefixtures("soffice", "pdftotext")
def test_every_sample_prints_to_pdf() -> None:
    meetings = [_read(_sample(name)) for name, _ in CASES]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        documents = [referatkit.render(m, "odt") for m in meetings]
    pdfs = odt_to_pdf_many(documents)  # type: ignore[arg-type]
    for m, pdf in zip(meetings, pdfs, strict=True):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
        printed = " ".join(text.decode("utf-8").split())
        assert m.forum.name.split()[0] in printed
        for item in m.items:
            assert " ".join(item.title.split()[:3]) in printed, item.title


# --- tables ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=IDS)
def test_no_sample_reads_a_table_approximately(name: str, fmt: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReadWarning)
        referatkit.read(_sample(name))
    assert not [str(w.message) for w in caught if "tabel" in str(w.message)]


def _economy_table() -> tuple[Meeting, referatkit.Table, list[tuple[str, str]]]:
    """Publication553's table of amounts, as read, and its pairs as plain lxml finds them."""
    path = _sample("sbsys_publication/Publication553.xml")
    root = parse(path.read_bytes(), str(path))
    contents = [c.text or "" for c in root.iter("Content") if "<table" in (c.text or "")]
    assert len(contents) == 1
    table = lxml.html.fragment_fromstring(contents[0], create_parent="div").find(".//table")
    assert table is not None
    rows = table.findall(".//tr")

    def paragraphs(cell: etree._Element) -> list[str]:
        return [_one_line(p.text_content()) for p in cell.findall(".//p")]

    header = [" ".join(paragraphs(cell)).strip() for cell in rows[0].findall("td")]
    names, amounts = (paragraphs(cell) for cell in rows[1].findall("td"))
    m = _read(path)
    found = [
        b
        for item in m.items
        for s in item.sections
        for b in getattr(s, "body", ())
        if isinstance(b, referatkit.Table)
    ]
    assert len(found) == 1
    return m, found[0], [(header[0], header[1]), *zip(names, amounts, strict=True)]


def _cell_text(cell: referatkit.TableCell) -> str:
    return " ".join(plain_text(b.content) for b in cell.body if isinstance(b, referatkit.Paragraph)).strip()


def test_publication553_reads_its_table_of_amounts_as_rows_of_name_and_amount() -> None:
    _, table, pairs = _economy_table()
    assert len(pairs) == 11  # the unit above the amounts, nine hospitals and the total
    assert [tuple(_cell_text(c) for c in row.cells) for row in table.rows] == pairs
    assert table.header_rows == 1 and pairs[0][0] == "" and pairs[0][1].endswith("kr.")
    assert table.alignments == (referatkit.Alignment.LEFT, referatkit.Alignment.RIGHT)
    assert re.fullmatch(r"\d+,\d\d", pairs[-1][1])  # the total, on the last line


@pytest.mark.usefixtures("soffice", "pdftotext")
def test_publication553_prints_each_name_on_the_line_of_its_amount() -> None:
    m, _, pairs = _economy_table()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        page = referatkit.render(m, "html", edition="full")
    document = lxml.html.fromstring(page)
    rows = [[_one_line(c.text_content()) for c in tr.xpath("./th|./td")] for tr in document.iter("tr")]
    assert [tuple(r) for r in rows] == pairs
    assert document.xpath("//table/thead/tr/th[@scope='col']")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        pdf = referatkit.render(m, "pdf", options=referatkit.PdfOptions(engine="libreoffice"))
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    lines = [" ".join(line.split()) for line in text.decode("utf-8").splitlines()]
    for name, amount in pairs[1:]:
        assert any(line.endswith(f"{name} {amount}") for line in lines), (name, amount)
