"""The meetings as relational tables: definitions, rows, and their XML and XSD.

Each table has an integer primary key ``id`` numbered from 1 in the order
of the meetings, and foreign keys to the tables above it. Column types are
SQL:1999 as tableIndex.xsd requires; text columns are NATIONAL CHARACTER
VARYING sized to the longest value, so the same meetings give the same types.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import assert_never

from attrs import frozen
from lxml import etree

from .._repr import fields_repr
from ..formats._common import xs_datetime
from ..model import (
    XML_ILLEGAL,
    AttachmentList,
    AttendanceEvent,
    AttendanceStatus,
    Decision,
    DocumentKind,
    Meeting,
    Recommendation,
    SectionKind,
    TextSection,
    Variant,
    blocks_text,
    plain_text,
)

__all__ = [
    "TABLES",
    "Column",
    "DocumentRow",
    "Table",
    "build_rows",
    "illegal_characters",
    "table_xml",
    "table_xsd",
]

Value = str | int | bool | dt.date | dt.datetime | dt.time | None

TABLE_NS = "http://www.sa.dk/xmlns/siard/1.0/schema{schema}/{name}.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XS = "http://www.w3.org/2001/XMLSchema"

TEXT = "text"  # sized NATIONAL CHARACTER VARYING
_SQL_XSD = {
    "INTEGER": "xs:integer",
    "BOOLEAN": "xs:boolean",
    "DATE": "xs:date",
    "TIME": "xs:time",
    "TIMESTAMP WITH TIME ZONE": "xs:dateTime",
    TEXT: "xs:string",
}


@frozen
class Column:
    """A column: name, SQL kind, nullable, Danish description, and the values of a code column."""

    __repr__ = fields_repr

    name: str
    kind: str
    nullable: bool
    description: str
    codes: tuple[tuple[str, str], ...] = ()


@frozen
class Table:
    """A table, its columns, its key and the foreign keys ``(column, table)`` to other tables' ``id``."""

    __repr__ = fields_repr

    name: str
    description: str
    columns: tuple[Column, ...]
    foreign: tuple[tuple[str, str], ...] = ()

    def index(self, column: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.name == column)


def _id(what: str) -> Column:
    return Column("id", "INTEGER", False, f"Løbenummer for {what} i denne arkiveringsversion (primærnøgle)")


def _ref(column: str, table: str, what: str, nullable: bool = False) -> Column:
    return Column(column, "INTEGER", nullable, f"{what} (fremmednøgle til {table}.id)")


def _pos(what: str) -> Column:
    return Column("nr", "INTEGER", False, f"{what}s plads i rækkefølgen, fra 1")


KIND_CODES = (("referat", "referat (protokol) fra mødet"), ("dagsorden", "dagsorden til mødet"))
VARIANT_CODES = (
    ("ordinær", "ordinært møde"),
    ("tillæg", "tillægsdagsorden"),
    ("ekstraordinær", "ekstraordinært møde"),
)
SECTION_CODES: tuple[tuple[SectionKind, str, str], ...] = (
    (SectionKind.OCCASION, "anledning", "Anledning"),
    (SectionKind.SUMMARY, "resumé", "Resumé"),
    (SectionKind.PRESENTATION, "sagsfremstilling", "Sagsfremstilling"),
    (SectionKind.RECOMMENDATION, "indstilling", "Indstilling (se også tabellen indstillingspunkter)"),
    (SectionKind.DECISION, "beslutning", "Beslutning (se også tabellen beslutninger)"),
    (SectionKind.ATTACHMENTS, "bilag", "Bilagsliste (se også tabellen bilag)"),
    (SectionKind.ECONOMY, "økonomi", "Økonomi"),
    (SectionKind.LEGAL_BASIS, "lovgrundlag", "Lovgrundlag"),
    (SectionKind.CONSULTATION, "høring", "Høring"),
    (SectionKind.COMMUNICATION, "kommunikation", "Kommunikation"),
    (SectionKind.AUTHORITY, "afgørelse", "Sagen afgøres af"),
    (SectionKind.HISTORY, "tidligere behandlet", "Punktet behandlet tidligere"),
    (SectionKind.CUSTOM, "andet", "Andet afsnit; overskriften står i kolonnen overskrift"),
)
_SECTION = {kind: code for kind, code, _ in SECTION_CODES}
STATUS_CODES = (
    (AttendanceStatus.INVITED, "indkaldt", "indkaldt; fremmøde ikke oplyst"),
    (AttendanceStatus.PRESENT, "til stede", "til stede"),
    (AttendanceStatus.APOLOGIES, "afbud", "meldt afbud"),
    (AttendanceStatus.ABSENT, "fraværende", "fraværende"),
    (AttendanceStatus.SUBSTITUTE, "stedfortræder", "til stede som stedfortræder (suppleant)"),
)
_STATUS = {status: code for status, code, _ in STATUS_CODES}
EVENT_CODES = (
    (AttendanceEvent.LEFT, "forlod mødet", "forlod mødet under punktet"),
    (AttendanceEvent.ARRIVED, "ankom", "ankom under punktet"),
    (AttendanceEvent.ABSENT, "deltog ikke", "deltog ikke i behandlingen af punktet"),
    (AttendanceEvent.DISQUALIFIED, "inhabil", "erklærede sig inhabil i punktet"),
)
_EVENT = {event: code for event, code, _ in EVENT_CODES}
ATTACHMENT_STATUS = (
    ("arkiveret", "filen blev fundet og er afleveret som dokument (se dokumenter)"),
    ("mangler", "filen blev ikke fundet ved afleveringen; kun titel og oplysninger er afleveret"),
    ("fejl", "filen blev fundet, men kunne ikke konverteres til TIFF"),
)
DOCUMENT_KINDS = (("referat", "mødets trykte referat eller dagsorden"), ("bilag", "et bilag til et punkt"))

TABLES: tuple[Table, ...] = (
    Table(
        "fora",
        "Fora: de udvalg, råd og andre organer, der holder møderne",
        (
            _id("forummet"),
            Column("navn", TEXT, False, "Forummets navn, fx Byudvalget"),
            Column("kortnavn", TEXT, True, "Forummets forkortelse, fx BU"),
            Column("organisation", TEXT, True, "Organisationen (kommunen), forummet hører til"),
        ),
    ),
    Table(
        "moeder",
        "Møder: ét møde i et forum med dagsorden eller referat",
        (
            _id("mødet"),
            _ref("forum_id", "fora", "Forummet, der holdt mødet"),
            Column("art", TEXT, False, "Dokumentets art", KIND_CODES),
            Column("variant", TEXT, False, "Mødets variant", VARIANT_CODES),
            Column("kladde", "BOOLEAN", False, "Sand, hvis dokumentet var en kladde"),
            Column(
                "start", "TIMESTAMP WITH TIME ZONE", False, "Mødets start (dansk tid med UTC-forskydning)"
            ),
            Column("slut", "TIMESTAMP WITH TIME ZONE", True, "Mødets afslutning"),
            Column("sted", TEXT, True, "Mødested"),
            Column("navn", TEXT, True, "Mødets navn, hvis det har et"),
            Column("kilde_id", TEXT, True, "Mødets id i fagsystemet, der leverede det"),
            Column("kildefil", TEXT, True, "Navnet på filen, mødet blev læst fra"),
        ),
        (("forum_id", "fora"),),
    ),
    Table(
        "punkter",
        "Punkter: dagsordenspunkterne på hvert møde, åbne og lukkede",
        (
            _id("punktet"),
            _ref("moede_id", "moeder", "Mødet, punktet blev behandlet på"),
            _pos("Punktet"),
            Column("nummer", TEXT, False, "Punktnummer som trykt, fx 1 eller 3.a"),
            Column("titel", TEXT, False, "Punktets titel"),
            Column("fuld_titel", TEXT, False, "Titlen som trykt, med rute (fx ØU/BY - titel)"),
            Column("rute", TEXT, True, "De fora, sagen går igennem, adskilt af /"),
            Column("journalnummer", TEXT, True, "Sagens journalnummer, fx efter KLE"),
            Column(
                "lukket", "BOOLEAN", False, "Sand for et lukket punkt; lukkede punkter er afleveret fuldt ud"
            ),
            Column("offentlig_titel", TEXT, True, "Titlen, der vises offentligt for et lukket punkt"),
            Column("side", "INTEGER", True, "Sidetal i det trykte dokument"),
            Column("kilde_id", TEXT, True, "Punktets id i fagsystemet"),
        ),
        (("moede_id", "moeder"),),
    ),
    Table(
        "afsnit",
        "Afsnit: punkternes afsnit med deres tekst som ren tekst",
        (
            _id("afsnittet"),
            _ref("punkt_id", "punkter", "Punktet, afsnittet hører til"),
            _pos("Afsnittet"),
            Column("art", TEXT, False, "Afsnittets art", tuple((c, t) for _, c, t in SECTION_CODES)),
            Column("overskrift", TEXT, True, "Overskriften som trykt, hvis den afviger fra artens"),
            Column(
                "tekst",
                TEXT,
                True,
                "Afsnittets tekst. Afsnit adskilles af en tom linje, punktopstillinger står "
                "med - eller 1. først på linjen og indrykkes tre mellemrum pr. niveau",
            ),
        ),
        (("punkt_id", "punkter"),),
    ),
    Table(
        "indstillingspunkter",
        "Indstillingspunkter: de nummererede at-led i en indstilling",
        (
            _id("leddet"),
            _ref("afsnit_id", "afsnit", "Indstillingsafsnittet"),
            _pos("Leddet"),
            Column("indledning", TEXT, True, "Ordet leddet indledes med, normalt at"),
            Column("tekst", TEXT, True, "Leddets tekst"),
        ),
        (("afsnit_id", "afsnit"),),
    ),
    Table(
        "beslutninger",
        "Beslutninger: hvad forummet besluttede i punktet",
        (
            _id("beslutningen"),
            _ref("afsnit_id", "afsnit", "Beslutningsafsnittet"),
            _ref("punkt_id", "punkter", "Punktet, der blev besluttet i"),
            Column("forum", TEXT, True, "Forummet, der traf beslutningen, hvis det er angivet"),
            Column("dato", "DATE", True, "Datoen for beslutningen, hvis den er angivet"),
            Column("tekst", TEXT, True, "Beslutningens tekst"),
        ),
        (("afsnit_id", "afsnit"), ("punkt_id", "punkter")),
    ),
    Table(
        "bilag",
        "Bilag: punkternes bilag, med deres egen åben/lukket-status",
        (
            _id("bilaget"),
            _ref("punkt_id", "punkter", "Punktet, bilaget hører til"),
            _ref("afsnit_id", "afsnit", "Bilagsafsnittet"),
            _pos("Bilaget"),
            Column("titel", TEXT, False, "Bilagets titel"),
            Column("lukket", "BOOLEAN", False, "Sand for et lukket bilag"),
            Column("filnavn", TEXT, True, "Bilagets filnavn i fagsystemet"),
            Column("medietype", TEXT, True, "Filens medietype, fx application/pdf"),
            Column("kontrolsum", TEXT, True, "Fagsystemets kontrolsum af filen (algoritme:værdi)"),
            Column("status", TEXT, False, "Om filen er afleveret", ATTACHMENT_STATUS),
        ),
        (("punkt_id", "punkter"), ("afsnit_id", "afsnit")),
    ),
    Table(
        "deltagere",
        "Deltagere: mødets medlemmer og gæster og deres fremmøde",
        (
            _id("deltageren"),
            _ref("moede_id", "moeder", "Mødet"),
            _pos("Deltageren"),
            Column("navn", TEXT, False, "Deltagerens navn"),
            Column("fremmoede", TEXT, False, "Fremmøde", tuple((c, t) for _, c, t in STATUS_CODES)),
            Column("parti", TEXT, True, "Partibogstav"),
            Column("rolle", TEXT, True, "Rolle, fx formand"),
            Column("stedfortraeder_for", TEXT, True, "Medlemmet, en stedfortræder møder for"),
            Column("bemaerkning", TEXT, True, "Bemærkning til fremmødet"),
        ),
        (("moede_id", "moeder"),),
    ),
    Table(
        "fremmoede_punkt",
        "Fremmøde pr. punkt: undtagelser fra mødets fremmøde i et punkt",
        (
            _id("oplysningen"),
            _ref("punkt_id", "punkter", "Punktet"),
            _pos("Oplysningen"),
            Column("navn", TEXT, False, "Deltagerens navn"),
            Column("haendelse", TEXT, False, "Hvad der skete", tuple((c, t) for _, c, t in EVENT_CODES)),
            Column("tidspunkt", "TIME", True, "Klokkeslæt for hændelsen"),
            Column("bemaerkning", TEXT, True, "Bemærkning"),
        ),
        (("punkt_id", "punkter"),),
    ),
    Table(
        "dokumenter",
        "Dokumenter: de afleverede dokumenter (TIFF) og hvad de gengiver",
        (
            Column("id", "INTEGER", False, "Dokumentets dID i docIndex.xml og mappenavn under Documents"),
            _ref("moede_id", "moeder", "Mødet, dokumentet hører til"),
            _ref("bilag_id", "bilag", "Bilaget, dokumentet gengiver (tom for mødets eget dokument)", True),
            Column("art", TEXT, False, "Dokumentets art", DOCUMENT_KINDS),
            Column("originalt_filnavn", TEXT, False, "Filen, dokumentet er dannet fra"),
            Column("sider", "INTEGER", False, "Antal sider i TIFF-filen"),
        ),
        (("moede_id", "moeder"), ("bilag_id", "bilag")),
    ),
    Table(
        "egenskaber",
        "Egenskaber: fagsystemets øvrige oplysninger om møder, punkter, bilag og deltagere",
        (
            _id("egenskaben"),
            _ref("moede_id", "moeder", "Mødet"),
            _ref("punkt_id", "punkter", "Punktet, hvis egenskaben hører til et punkt", True),
            _ref("bilag_id", "bilag", "Bilaget, hvis egenskaben hører til et bilag", True),
            _ref("deltager_id", "deltagere", "Deltageren, hvis egenskaben hører til en deltager", True),
            Column("navn", TEXT, False, "Egenskabens navn i fagsystemet, fx sbsys:Kategori"),
            Column("vaerdi", TEXT, False, "Egenskabens værdi"),
        ),
        (
            ("moede_id", "moeder"),
            ("punkt_id", "punkter"),
            ("bilag_id", "bilag"),
            ("deltager_id", "deltagere"),
        ),
    ),
)
BY_NAME = {table.name: table for table in TABLES}


@frozen
class DocumentRow:
    """A document of the package as the tables know it."""

    __repr__ = fields_repr

    did: int
    meeting: int  # index of the meeting, from 0
    attachment: tuple[int, int] | None  # (item index, attachment index) or None for the meeting's own
    original: str
    pages: int


Row = tuple[Value, ...]


def _did(row: Row) -> int:
    """The document id a row of ``dokumenter`` begins with."""
    did = row[0]
    assert isinstance(did, int)
    return did


def _none_if_empty(text: str) -> str | None:
    return text if text.strip() else None


def build_rows(
    meetings: Sequence[Meeting],
    sources: Sequence[str | None],
    attachment_status: dict[tuple[int, int, int], str],
    documents: Iterable[DocumentRow],
) -> dict[str, list[Row]]:
    """Every table's rows. ``attachment_status`` maps (meeting, item, attachment) to a status code."""
    rows: dict[str, list[Row]] = {table.name: [] for table in TABLES}
    fora: dict[tuple[str, str | None, str | None], int] = {}
    attachment_ids: dict[tuple[int, int, int], int] = {}
    for m_index, meeting in enumerate(meetings):
        forum_key = (meeting.forum.name, meeting.forum.short_name, meeting.forum.organisation)
        if forum_key not in fora:
            fora[forum_key] = len(fora) + 1
            rows["fora"].append((fora[forum_key], *forum_key))
        meeting_id = m_index + 1
        rows["moeder"].append(
            (
                meeting_id,
                fora[forum_key],
                "referat" if meeting.kind is DocumentKind.MINUTES else "dagsorden",
                {
                    Variant.ORDINARY: "ordinær",
                    Variant.ADDENDUM: "tillæg",
                    Variant.EXTRAORDINARY: "ekstraordinær",
                }[meeting.variant],
                meeting.draft,
                meeting.start,
                meeting.end,
                meeting.place,
                meeting.name,
                meeting.identifier,
                sources[m_index],
            )
        )
        participant_ids = []
        for p_index, person in enumerate(meeting.attendance):
            participant_id = len(rows["deltagere"]) + 1
            participant_ids.append(participant_id)
            rows["deltagere"].append(
                (
                    participant_id,
                    meeting_id,
                    p_index + 1,
                    person.name,
                    _STATUS[person.status],
                    person.party,
                    person.role,
                    person.substitute_for,
                    person.note,
                )
            )
        _properties(rows, meeting.properties, meeting_id)
        for person, participant_id in zip(meeting.attendance, participant_ids, strict=True):
            _properties(rows, person.properties, meeting_id, participant=participant_id)
        for i_index, item in enumerate(meeting.items):
            item_id = len(rows["punkter"]) + 1
            rows["punkter"].append(
                (
                    item_id,
                    meeting_id,
                    i_index + 1,
                    item.number,
                    item.title,
                    item.full_title,
                    "/".join(item.route) or None,
                    item.journal_number.raw if item.journal_number else None,
                    not item.public,
                    item.public_title,
                    item.page,
                    item.identifier,
                )
            )
            _properties(rows, item.properties, meeting_id, item=item_id)
            for e_index, event in enumerate(item.attendance):
                rows["fremmoede_punkt"].append(
                    (
                        len(rows["fremmoede_punkt"]) + 1,
                        item_id,
                        e_index + 1,
                        event.name,
                        _EVENT[event.event],
                        event.time,
                        event.note,
                    )
                )
            a_index = 0
            for s_index, section in enumerate(item.sections):
                section_id = len(rows["afsnit"]) + 1
                text: str
                match section:
                    case TextSection():
                        text = blocks_text(section.body)
                    case Recommendation():
                        lines = [plain_text(section.intro)] if section.intro else []
                        for c_index, clause in enumerate(section.clauses):
                            content = plain_text(clause.content)
                            lines.append(
                                f"{c_index + 1}. " + " ".join(x for x in (clause.lead, content) if x)
                            )
                            rows["indstillingspunkter"].append(
                                (
                                    len(rows["indstillingspunkter"]) + 1,
                                    section_id,
                                    c_index + 1,
                                    clause.lead or None,
                                    _none_if_empty(content),
                                )
                            )
                        text = "\n\n".join(x for x in ("\n".join(lines), blocks_text(section.body)) if x)
                    case Decision():
                        text = blocks_text(section.body)
                        rows["beslutninger"].append(
                            (
                                len(rows["beslutninger"]) + 1,
                                section_id,
                                item_id,
                                section.forum,
                                section.date,
                                _none_if_empty(text),
                            )
                        )
                    case AttachmentList():
                        text = "\n".join(a.title for a in section.attachments)
                        for position, attachment in enumerate(section.attachments):
                            attachment_id = len(rows["bilag"]) + 1
                            key = (m_index, i_index, a_index)
                            attachment_ids[key] = attachment_id
                            checksum = attachment.checksum
                            rows["bilag"].append(
                                (
                                    attachment_id,
                                    item_id,
                                    section_id,
                                    position + 1,
                                    attachment.title,
                                    not attachment.public,
                                    attachment.file_name,
                                    attachment.media_type,
                                    f"{checksum.algorithm}:{checksum.value}" if checksum else None,
                                    attachment_status[key],
                                )
                            )
                            _properties(rows, attachment.properties, meeting_id, attachment=attachment_id)
                            a_index += 1
                    case _:
                        assert_never(section)
                rows["afsnit"].append(
                    (
                        section_id,
                        item_id,
                        s_index + 1,
                        _SECTION[section.kind],
                        section.caption,
                        _none_if_empty(text),
                    ),
                )
    for doc in documents:
        document_attachment: int | None = None
        if doc.attachment is not None:
            document_attachment = attachment_ids[(doc.meeting, *doc.attachment)]
        rows["dokumenter"].append(
            (
                doc.did,
                doc.meeting + 1,
                document_attachment,
                "referat" if doc.attachment is None else "bilag",
                doc.original,
                doc.pages,
            )
        )
    rows["dokumenter"].sort(key=_did)
    return rows


def _properties(
    rows: dict[str, list[Row]],
    properties: tuple[tuple[str, str], ...],
    meeting: int,
    *,
    item: int | None = None,
    attachment: int | None = None,
    participant: int | None = None,
) -> None:
    for name, value in properties:
        rows["egenskaber"].append(
            (len(rows["egenskaber"]) + 1, meeting, item, attachment, participant, name, value)
        )


def _text(value: Value) -> str:
    """A value as the table XML writes it: a character XML 1.0 cannot hold (a control
    character from a Word export) as U+FFFD, as the Akoma Ntoso writer writes it
    (:func:`illegal_characters` tells the archive's report)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return xs_datetime(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return XML_ILLEGAL.sub("\ufffd", str(value))


def illegal_characters(rows: Mapping[str, Sequence[Row]]) -> int:
    """How many characters of the tables' text XML 1.0 cannot hold (written as U+FFFD)."""
    return sum(
        len(XML_ILLEGAL.findall(value))
        for table in rows.values()
        for row in table
        for value in row
        if isinstance(value, str)
    )


def sql_type(column: Column, rows: Sequence[Row], index: int) -> str:
    """The column's SQL:1999 type; text is sized to its longest value."""
    if column.kind != TEXT:
        return column.kind
    longest = max((len(str(row[index])) for row in rows if row[index] is not None), default=1)
    return f"NATIONAL CHARACTER VARYING({max(longest, 1)})"


def namespace(number: int) -> str:
    return TABLE_NS.format(schema=1, name=f"table{number}")


def table_xsd(table: Table, number: int) -> bytes:
    """The table's XML schema, as the standard's example shapes it."""
    target = namespace(number)
    schema = etree.Element(
        f"{{{XS}}}schema",
        nsmap={"xs": XS, None: target},
        targetNamespace=target,
        elementFormDefault="qualified",
        attributeFormDefault="unqualified",
    )
    root = etree.SubElement(schema, f"{{{XS}}}element", name="table")
    sequence = etree.SubElement(etree.SubElement(root, f"{{{XS}}}complexType"), f"{{{XS}}}sequence")
    etree.SubElement(
        sequence, f"{{{XS}}}element", minOccurs="0", maxOccurs="unbounded", name="row", type="rowType"
    )
    row_type = etree.SubElement(schema, f"{{{XS}}}complexType", name="rowType")
    columns = etree.SubElement(row_type, f"{{{XS}}}sequence")
    for index, column in enumerate(table.columns, start=1):
        attributes = {"name": f"c{index}", "type": _SQL_XSD[column.kind]}
        if column.nullable:
            attributes["nillable"] = "true"
        etree.SubElement(columns, f"{{{XS}}}element", attributes)
    return etree.tostring(schema, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def table_xml(rows: Sequence[Row], number: int) -> bytes:
    """The table's rows as ``<row><c1>…</c1>…</row>``; None is ``xsi:nil``."""
    target = namespace(number)
    root = etree.Element(f"{{{target}}}table", nsmap={None: target, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{target} table{number}.xsd")
    for row in rows:
        element = etree.SubElement(root, f"{{{target}}}row")
        for index, value in enumerate(row, start=1):
            cell = etree.SubElement(element, f"{{{target}}}c{index}")
            if value is None:
                cell.set(f"{{{XSI}}}nil", "true")
            else:
                cell.text = _text(value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
