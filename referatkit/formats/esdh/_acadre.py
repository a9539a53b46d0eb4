"""Acadre Meeting Manager XML (format ``acadre``).

Acadre writes a generic encoding: ``<table name="…"><fields><field
name="…">value</field>…</fields><table …/></table>``. Two files matter:

- the **manifest** (``XML_<agenda>.xml``), whose ``producedAgenda`` rows name
  each edition (type 1 the agenda, 2 the minutes) and its XML file, in
  attributes: ``<field xmlfilename="5002.xml"/>``;
- the **agenda file** that row points to, with the committee, the meeting,
  its members and the items (``agendaitemparents/agendaitem``) with their
  captioned ``bullet``s (HTML) and ``enclosure``s.

Reading the manifest reads the newest edition whose file is next to it (the
file name is matched without regard to case: the manifest says ``.xml``
where the file is ``.XML``); its rows are kept as ``acadre:manifest.``
properties.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
from lxml import etree

from ...errors import ReadError
from ...l10n import Labels
from ...model import (
    Attachment,
    AttachmentList,
    AttendanceEvent,
    AttendanceStatus,
    DocumentKind,
    Forum,
    Item,
    ItemAttendance,
    Meeting,
    Participant,
    Section,
    SectionKind,
    TextSection,
    Variant,
)
from .._build import attributes, build
from .._contract import Note, ReadContext
from .._htmlcontent import html_blocks, item_number_key, section
from .._limits import COST_FIELD, COST_NAME, charge
from ._prepare import media_type, parse
from ._tree import Tree, clean_line, localname, order, source_line, split_party

__all__ = ["read_acadre"]

_DERIVED = re.compile(r".*F[2-6]$")  # dateF2 … producedateF6: the same date, pre-formatted
_SHORT_NAME = re.compile(r"(?P<name>.*\S)\s*\((?P<short>[A-ZÆØÅ0-9]{1,10})\)")


def _key(element: etree._Element) -> str:
    name = localname(element)
    if name in ("table", "field"):
        return element.get("name") or name
    return name


def _label(element: etree._Element) -> str | None:
    return None if localname(element) == "fields" else _key(element)


def read_acadre(data: bytes, ctx: ReadContext) -> Meeting:
    source = ctx.source
    root = parse(data, source, ctx)
    first = next((c for c in root if isinstance(c.tag, str)), None)
    if localname(root) != "root" or first is None:
        raise ReadError("er ikke en Acadre-fil (roden skal være <root> med tabeller)", source=source, line=1)
    if _key(first) == "agenda":
        return _read_agenda(root, source, ctx)
    if any(_key(t) == "producedAgenda" for t in root if isinstance(t.tag, str)):
        return _read_manifest(root, source, ctx)
    raise ReadError(
        'er hverken en Acadre-dagsordensfil (<table name="agenda">) eller et manifest '
        '(<table name="producedAgenda">)',
        source=source,
        line=source_line(first),
    )


# --- the manifest ---------------------------------------------------------------


def _rows(root: etree._Element, table: str) -> list[tuple[etree._Element, dict[str, str]]]:
    out = []
    for element in root:
        if isinstance(element.tag, str) and _key(element) == table:
            for fields in element:
                if isinstance(fields.tag, str) and localname(fields) == "fields":
                    row = {k: v.strip() for f in fields if isinstance(f.tag, str) for k, v in attributes(f)}
                    out.append((fields, row))
    return out


def _read_manifest(root: etree._Element, source: str, ctx: ReadContext) -> Meeting:
    editions = _rows(root, "producedAgenda")
    if source.startswith("<"):
        raise ReadError(
            "et Acadre-manifest peger på dagsordensfilerne ved siden af sig; læs det fra en sti",
            source=source,
            line=source_line(root),
        )
    folder = Path(source).parent
    present = {p.name.casefold(): p for p in folder.iterdir()} if folder.is_dir() else {}
    # The minutes before the agenda, the latest produced first.
    ordered = sorted(
        editions, key=lambda e: (e[1].get("type") == "2", e[1].get("createdDate", "")), reverse=True
    )
    missing: list[str] = []
    for element, row in ordered:
        name = row.get("xmlfilename")
        if not name:
            continue
        path = present.get(name.casefold())
        if path is None:
            missing.append(name)
            continue
        data = path.read_bytes()
        agenda_root = parse(data, str(path), ctx)
        first = next((c for c in agenda_root if isinstance(c.tag, str)), None)
        if first is None or _key(first) != "agenda":
            raise ReadError(
                f"manifestet peger på {path.name}, som ikke er en Acadre-dagsordensfil",
                source=source,
                line=source_line(element),
            )
        meeting = _read_agenda(agenda_root, str(path), ctx)
        agenda = _rows(root, "agenda")
        expected = agenda[0][1].get("sysid") if agenda else None
        found = meeting_agenda_id(meeting)
        if expected and found and expected != found:
            raise ReadError(
                f"manifestet gælder dagsorden {expected}, men {path.name} er dagsorden {found}",
                source=source,
                line=source_line(element),
            )
        shown, closed = _manifest_properties(root)
        if closed:
            # A closed edition's row (its files, its comment) names a document of closed
            # items: properties of those items, which the public edition drops.
            closed_items = [i for i in meeting.items if not i.public]
            if not closed_items:
                ctx.report(
                    Note.APPROXIMATE,
                    detail="manifestet nævner en lukket udgave, men dagsordenen har ingen "
                    "lukkede punkter; udgavens felter er udeladt",
                )
            meeting = attrs.evolve(
                meeting,
                items=[
                    attrs.evolve(i, properties=(*i.properties, *closed)) if not i.public else i
                    for i in meeting.items
                ],
            )
        return attrs.evolve(meeting, properties=(*meeting.properties, *shown))
    if missing:
        raise ReadError(
            f"ingen af manifestets dagsordensfiler findes i {folder}: {', '.join(missing)}",
            source=source,
            line=source_line(ordered[0][0] if ordered else root),
        )
    raise ReadError(
        "manifestet nævner ingen dagsordensfil (producedAgenda/xmlfilename)", source=source, line=1
    )


def meeting_agenda_id(meeting: Meeting) -> str | None:
    return dict(meeting.properties).get("acadre:agenda.sysid")


def _manifest_properties(root: etree._Element) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Every value of the manifest, as ``acadre:manifest.<table>.<field>`` properties: those
    of the meeting, and those of a closed edition (a ``producedAgenda`` row whose access is
    not open), which belong to the closed items."""
    out: list[tuple[str, str]] = []
    closed: list[tuple[str, str]] = []
    counts: dict[str, int] = {}

    def add(name: str, value: str, to: list[tuple[str, str]]) -> None:
        name = re.sub(r"[^\w.:-]", "_", name)
        counts[name] = counts.get(name, 0) + 1
        to.append((name if counts[name] == 1 else f"{name}.{counts[name]}", value))

    tables: list[str] = []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        if localname(element) != "table":
            if (element.text or "").strip():
                add(f"acadre:manifest.{localname(element)}", (element.text or "").strip(), out)
        elif _key(element) not in tables:
            tables.append(_key(element))
            for _, row in _rows(root, _key(element)):
                to = closed if _key(element) == "producedAgenda" and _closed_edition(row) else out
                for field, value in row.items():
                    if value:
                        add(f"acadre:manifest.{_key(element)}.{field}", value, to)
    return out, closed


def _closed_edition(row: dict[str, str]) -> bool:
    """Whether a produced edition is not the open one: its access is not "Åben" (id 1)."""
    access = row.get("access", "").strip().casefold()
    access_id = row.get("accessid", "").strip()
    return (bool(access) and access not in ("åben", "åbent", "offentlig")) or access_id not in ("", "1")


# --- the agenda file ------------------------------------------------------------


def _read_agenda(root: etree._Element, source: str, ctx: ReadContext) -> Meeting:
    tree = Tree(root, source, "acadre", key=_key, label=_label, ctx=ctx)
    return _Reader(tree, ctx.labels).meeting(root)


class _Reader:
    def __init__(self, tree: Tree, labels: Labels) -> None:
        self.t = tree
        self.labels = labels
        self.captions = labels.caption_kinds()  # once: a bullet's caption is looked up in it

    def field(self, table: etree._Element | None, name: str) -> str | None:
        return self.t.line(table, "fields", name)

    def meeting(self, root: etree._Element) -> Meeting:
        t = self.t
        agenda = t.find(root, "agenda")
        assert agenda is not None
        committee = t.find(agenda, "committee")
        meeting = t.need(t.find(agenda, "meeting"), agenda, "mangler tabellen meeting (mødet)")
        raw_forum = self.field(committee, "name")
        if raw_forum is None:
            raise t.error(
                committee if committee is not None else agenda, "mangler udvalgets navn (committee.name)"
            )
        short = _SHORT_NAME.fullmatch(raw_forum)
        forum = build(
            self.t.at(root),
            Forum,
            name=short["name"] if short else raw_forum,
            short_name=short["short"] if short else None,
            organisation=self.field(committee, "departmentName"),
        )
        start, end = t.period(meeting, ("fields", "date"), ("fields", "finish"))
        name = self.field(meeting, "name")
        variant = (
            Variant.EXTRAORDINARY if name and re.match(r"ekstraordinær", name, re.I) else Variant.ORDINARY
        )
        kind_name = t.peek(agenda, "fields", "name") or ""
        kind = (
            DocumentKind.MINUTES if re.search(r"referat|protokol", kind_name, re.I) else DocumentKind.AGENDA
        )
        if kind_name in ("Referat", "Dagsorden"):
            t.text(agenda, "fields", "name")

        location = self.field(meeting, "location")
        address = t.text(meeting, "fields", "address")
        address_lines = [clean_line(x) for x in re.split(r"<br\s*/?>|\n", address or "", flags=re.I)]
        place = ", ".join(x for x in [location, *address_lines] if x) or None

        for table in (agenda, committee, meeting):
            fields = t.find(table, "fields") if table is not None else None
            for field in t.children(fields) if fields is not None else []:
                if _DERIVED.fullmatch(_key(field)):
                    t.use(field)
        members = [m for mm in t.all(meeting, "meetmember") for m in t.all(mm, "member")]
        attendance = [self.member(m, kind) for m in members]
        member_ids = {t.peek(m, "fields", "sysid") for m in members}
        for commember in t.all(committee, "commember") if committee is not None else []:
            for member in t.all(commember, "member"):
                if t.peek(member, "fields", "sysid") in member_ids:
                    t.use(member)  # the committee's member, as in the meeting's list

        parents = t.all(agenda, "agendaitemparents")
        items = [self.item(p, position) for position, p in enumerate(parents, 1)]
        items.sort(key=lambda i: item_number_key(i.number))
        properties = t.leftovers(root, stop=[*parents, *members])
        return build(
            self.t.at(root),
            Meeting,
            forum=forum,
            kind=kind,
            start=start,
            end=end,
            variant=variant,
            place=place,
            attendance=attendance,
            items=items,
            name=name,
            identifier=self.field(meeting, "sysid"),
            properties=tuple(properties),
        )

    def member(self, element: etree._Element, kind: DocumentKind) -> Participant:
        t = self.t
        raw = t.need(self.field(element, "name"), element, "mødedeltageren har intet navn")
        name, party_in_name = split_party(raw)
        absent = t.text(element, "fields", "absent")
        if absent in (None, "0"):
            status = AttendanceStatus.INVITED if kind is DocumentKind.AGENDA else AttendanceStatus.PRESENT
        elif absent == "2":
            status = AttendanceStatus.APOLOGIES
        elif absent == "1":
            status = AttendanceStatus.ABSENT
        else:
            raise t.error(
                t.find(element, "fields", "absent"), f"ukendt fraværskode {absent!r} (0, 1 eller 2)"
            )
        return build(
            self.t.at(element),
            Participant,
            name=name,
            party=self.field(element, "party") or party_in_name,
            role=self.field(element, "role"),
            status=status,
            note=self.field(element, "comment"),
            properties=t.leftovers(element),
        )

    def item(self, parent: etree._Element, position: int) -> Item:
        t = self.t
        element = t.need(t.find(parent, "agendaitem"), parent, "agendaitemparents uden agendaitem")
        # Acadre numbers items in one running series (agendaData/startAgendaItemNo); "sort" is the number.
        number = self.field(parent, "sort") or str(position)
        if not number.isdigit():
            raise t.error(t.find(parent, "fields", "sort"), f"{number!r} er ikke et punktnummer")
        title = t.need(self.field(element, "name"), element, "punktet har ingen titel (agendaitem.name)")
        access = t.text(element, "fields", "access")
        public = access in (None, "1")
        access_name = t.peek(element, "fields", "accessname")
        if access_name in ("Åben", "Lukket"):
            t.text(element, "fields", "accessname")

        sections: list[Section] = []
        enclosures = sorted(t.all(element, "enclosure"), key=lambda e: order(t.peek(e, "fields", "sort")))
        attachments = [self.enclosure(e) for e in enclosures]
        placed = False
        bullets = sorted(
            t.all(element, "bullet"), key=lambda b: order(t.peek(b, "fields", "bulletsortorder"))
        )
        for bullet in bullets:
            charge(COST_FIELD, "punktets afsnit (bullet)", line=source_line(bullet))
            caption = self.field(bullet, "bulletname")
            t.text(bullet, "fields", "bulletsortorder")
            content = t.find(bullet, "fields", "bulletcontent")
            body = html_blocks(t.text(bullet, "fields", "bulletcontent"), t.warner(content))
            kind = self.captions.get((caption or "").casefold())
            if kind is SectionKind.ATTACHMENTS and not placed:
                if body:
                    sections.append(TextSection(SectionKind.CUSTOM, body, caption=caption))
                kept = None if caption == self.labels.caption(SectionKind.ATTACHMENTS) else caption
                sections.append(AttachmentList(attachments, caption=kept))
                placed = True
                continue
            if caption is None and not body:
                continue
            sections.append(section(caption, body, self.labels))
        if attachments and not placed:
            sections.append(AttachmentList(attachments))

        listed = t.text(element, "fields", "absent") or ""
        names = 1 + sum(listed.count(separator) for separator in ",;\n")  # counted before the split
        charge(names * COST_NAME, "fraværende i punktet (absent)", line=source_line(element))
        attendance = [
            ItemAttendance(name=split_party(n)[0], event=AttendanceEvent.ABSENT)
            for n in re.split(r"[,;\n]", listed)
            if n.strip()
        ]
        return build(
            self.t.at(parent),
            Item,
            number=number,
            title=title,
            journal_number=self.field(element, "caseno"),
            public=public,
            sections=sections,
            attendance=attendance,
            identifier=self.field(element, "sysid"),
            properties=t.leftovers(parent, stop=enclosures),
        )

    def enclosure(self, element: etree._Element) -> Attachment:
        t = self.t
        file_name = self.field(element, "filename")
        title = t.need(
            self.field(element, "name") or file_name, element, "bilaget har hverken navn eller filnavn"
        )
        access = t.text(element, "fields", "access")
        if t.peek(element, "fields", "accessname") in ("Åben", "Lukket"):
            t.text(element, "fields", "accessname")
        if (
            file_name
            and (t.peek(element, "fields", "EnclosureFileType") or "").casefold()
            == Path(file_name).suffix.casefold()
        ):
            t.text(element, "fields", "EnclosureFileType")
        return build(
            self.t.at(element),
            Attachment,
            title=title,
            public=access in (None, "1"),
            file_name=file_name,
            media_type=media_type(file_name),
            properties=t.leftovers(element),
        )
