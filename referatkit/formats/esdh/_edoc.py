"""eDoc AgendaPublishing XML (format ``edoc``).

Root ``Meeting``; one ``MeetingAgendaType`` per edition (open, closed), each
with its ``MeetingAgendaItem``s. An item's text is plain text in
``FullText``: the item heading, "Sagsnr.:" and "Dok.nr.:", then captioned
parts (Sammendrag, Indstilling, "<Udvalgets> beslutning den 04.12.2012
Punkt 2", ...). The reader splits it at the captions it knows; the
attendance and the place come from the edition's own full text.
"""

from __future__ import annotations

import re

import attrs
from lxml import etree

from ...l10n import Labels
from ...model import (
    Attachment,
    AttachmentList,
    AttendanceEvent,
    AttendanceStatus,
    Block,
    DocumentKind,
    Forum,
    Heading,
    Item,
    ItemAttendance,
    Meeting,
    Paragraph,
    Participant,
    Section,
    SectionKind,
    TextSection,
)
from .._build import build
from .._contract import ReadContext
from .._htmlcontent import chunks, decision_caption, item_number_key, lines_inlines, section
from ..grammar import looks_like_heading
from ._prepare import media_type, parse
from ._tree import Tree, clean_line, split_party

__all__ = ["read_edoc"]

_HEADING = re.compile(r"(?P<number>[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)\.?\t(?P<title>.+)")
_CASE = re.compile(r"Sagsnr\.?:\s*(?P<value>.+)", re.I)
_DOCUMENT = re.compile(r"Dok\.?\s*nr\.?:\s*(?P<value>.+)", re.I)
_NOT_PRESENT = re.compile(r"Følgende deltog ikke i behandlingen af punktet:?", re.I)
_ATTACHMENT_LINE = re.compile(r"(?P<number>\d{4}\s*[-–]\s*\d+)\s+[-–]\s+(?P<title>.+)")
_NONE = re.compile(r"ingen\.?", re.I)
_MARKER = re.compile(r"[A-Za-z0-9]{1,3}[).]")


def read_edoc(data: bytes, ctx: ReadContext) -> Meeting:
    source, labels = ctx.source, ctx.labels
    root = parse(data, source, ctx)
    tree = Tree(root, source, "edoc", ctx=ctx)
    if tree.key(root) != "Meeting":
        raise tree.error(root, "er ikke en eDoc-dagsorden (roden skal være <Meeting>)")
    return _Reader(tree, labels).meeting(root)


class _Reader:
    def __init__(self, tree: Tree, labels: Labels) -> None:
        self.t = tree
        self.labels = labels
        self.captions = labels.caption_kinds()

    def meeting(self, root: etree._Element) -> Meeting:
        t = self.t
        forum = t.need(t.line(root, "Committee"), root, "mangler udvalgets navn <Committee>")
        start = t.need(t.datetime(root, "MeetingDate"), root, "mangler mødets tidspunkt <MeetingDate>")
        state = t.peek(root, "MeetingState") or ""  # kept as a property too
        kind = DocumentKind.MINUTES if re.search(r"referat", state, re.I) else DocumentKind.AGENDA
        draft = bool(re.search(r"kladde|udkast|under udarbejdelse", state, re.I))

        items: list[Item] = []
        attendance: list[Participant] = []
        place: str | None = None
        item_elements: list[etree._Element] = []
        for edition in t.all(root, "MeetingAgendaTypes", "MeetingAgendaType"):
            agenda_type = t.peek(edition, "AgendaType") or ""
            public = "lukket" not in agenda_type.casefold()
            full = t.find(edition, "FullText")
            if full is not None:
                if not attendance:  # each edition repeats the front page
                    attendance, place = self.front(full, forum)
                t.use(full)  # the edition rendered as text: its items are read one by one below
            elements = t.all(edition, "MeetingAgendaItems", "MeetingAgendaItem")
            extra: tuple[tuple[str, str], ...] = ()
            if not public:
                # The closed edition's own fields (its PDF, its address) name a document of
                # closed items: properties of those items, which the public edition drops.
                extra = tuple(
                    (f"edoc:MeetingAgendaType.{name.removeprefix('edoc:')}", value)
                    for name, value in t.leftovers(edition, stop=elements)
                )
                if extra and not elements:
                    t.warn(edition, "den lukkede udgave har ingen punkter; dens øvrige felter er udeladt")
                t.use(edition)
            for element in elements:
                item_elements.append(element)
                items.append(self.item(element, public, extra))
        items.sort(key=lambda i: item_number_key(i.number))
        return build(
            self.t.at(root),
            Meeting,
            forum=build(self.t.at(root), Forum, name=forum),
            kind=kind,
            start=start,
            draft=draft,
            place=place,
            attendance=attendance,
            items=items,
            properties=t.leftovers(root, stop=item_elements),
        )

    def front(self, element: etree._Element, forum: str) -> tuple[list[Participant], str | None]:
        """Attendance and place from the edition's full text (its front page)."""
        text = element.text or ""
        people: list[Participant] = []
        place: str | None = None
        for lines in chunks(text.split("INDHOLDSFORTEGNELSE", 1)[0]):
            head = lines[0].strip()
            if head == forum and len(lines) >= 3 and lines[2].strip().startswith("i "):
                place = clean_line(lines[2].strip()[2:])
                continue
            status: AttendanceStatus | None = None
            role: str | None = None
            folded = head.casefold()
            if folded in ("tilstede", "til stede", "deltagere", "mødedeltagere"):
                status = AttendanceStatus.PRESENT
            elif folded in ("afbud/fraværende", "afbud", "afbud/fravær"):
                status = AttendanceStatus.APOLOGIES
            elif folded == "fraværende":
                status = AttendanceStatus.ABSENT
            elif folded in ("sekretær", "referent", "protokolfører"):
                status, role = AttendanceStatus.PRESENT, head
            if status is None:
                continue
            for line in lines[1:]:
                entry = clean_line(line)
                if entry is None:
                    continue
                person_role = role
                if " - " in entry:
                    entry, person_role = entry.rsplit(" - ", 1)
                name, party = split_party(entry)
                people.append(
                    build(
                        self.t.at(element),
                        Participant,
                        name=name,
                        party=party,
                        role=person_role,
                        status=status,
                    )
                )
        return people, place

    def item(self, element: etree._Element, public: bool, extra: tuple[tuple[str, str], ...] = ()) -> Item:
        t = self.t
        number = t.number(t.line(element, "AgendaItemNumber"), element, "AgendaItemNumber")
        document = t.find(element, "Document")
        title = t.line(document, "Title")
        neutral = t.line(document, "NeutralTitle")
        full = t.find(element, "FullText")
        text = t.text(element, "FullText") or ""
        if title is None:
            raise t.error(document if document is not None else element, "punktet har ingen titel <Title>")
        attachments = (
            [self.attachment(a, public) for a in t.all(document, "Attachments", "Attachment")]
            if (document is not None)
            else []
        )
        body = _Body(self, full, number, attachments)
        body.read(text)
        journal = body.journal
        if journal is None and document is not None:
            journal = t.line(document, "CaseLogicIdentifier")
        identifier = t.attribute(document, "documentid") if document is not None else None
        properties = list(body.properties)
        properties += t.leftovers(
            element, stop=t.all(document, "Attachments", "Attachment") if document is not None else []
        )
        properties += extra
        return build(
            self.t.at(element),
            Item,
            number=number,
            title=title,
            public=public,
            public_title=neutral if neutral is not None and (neutral != title or not public) else None,
            journal_number=journal,
            sections=body.sections,
            attendance=body.attendance,
            identifier=identifier,
            properties=tuple(properties),
        )

    def attachment(self, element: etree._Element, public: bool) -> Attachment:
        t = self.t
        title = t.line(element, "Title")
        file_name = t.line(element, "PDFDocument")
        if title is None:
            title = t.need(file_name, element, "bilaget har hverken titel <Title> eller fil <PDFDocument>")
        neutral = t.peek(element, "NeutralTitle")
        if neutral == title:
            t.text(element, "NeutralTitle")  # the same again; a different one stays a property
        return build(
            self.t.at(element),
            Attachment,
            title=title,
            public=public,
            file_name=file_name,
            media_type=media_type(file_name),
            properties=t.leftovers(element),
        )


class _Body:
    """An item's full text split into sections."""

    def __init__(
        self, reader: _Reader, element: etree._Element | None, number: str, attachments: list[Attachment]
    ) -> None:
        self.r = reader
        self.element = element
        self.number = number
        self.attachments = attachments
        self.placed = False
        self.sections: list[Section] = []
        self.attendance: list[ItemAttendance] = []
        self.journal: str | None = None
        self.properties: list[tuple[str, str]] = []

    def read(self, text: str) -> None:
        parts = chunks(text)
        index = 0
        # The heading line ("2.<tab>Title") and the case and document numbers.
        while index < len(parts):
            lines = parts[index]
            first = lines[0].strip()
            match = _HEADING.fullmatch(first)
            if match and match["number"].rstrip(".") == self.number and len(lines) == 1:
                index += 1
                continue
            taken = 0
            for line in lines:
                case = _CASE.fullmatch(line.strip())
                document = _DOCUMENT.fullmatch(line.strip())
                if case and self.journal is None:
                    self.journal = clean_line(case["value"])
                elif document:
                    self.properties.append(("edoc:DokNr", clean_line(document["value"]) or ""))
                else:
                    break
                taken += 1
            if taken == len(lines):
                index += 1
                continue
            if taken:
                parts[index] = lines[taken:]  # what follows the numbers is text
            break

        caption: str | None = None
        decision = False
        content: list[list[str]] = []
        absent = False

        def close() -> None:
            nonlocal content
            if absent:
                for lines in content:
                    for line in lines:
                        name = clean_line(line)
                        if name:
                            self.attendance.append(
                                ItemAttendance(name=split_party(name)[0], event=AttendanceEvent.ABSENT)
                            )
            elif caption is not None or content:
                body = _blocks(content)
                if caption is None:
                    self.sections.append(TextSection(SectionKind.PRESENTATION, body))
                else:
                    self.sections.append(section(caption, body, self.r.labels, decision=decision))
            content = []

        for position in range(index, len(parts)):
            lines = parts[position]
            head = clean_line(lines[0]) or ""
            kind = self.r.captions.get(head.casefold())
            if _NOT_PRESENT.fullmatch(head):
                close()
                caption, decision, absent = None, False, True
                content = [lines[1:]] if len(lines) > 1 else []
                continue
            if kind is SectionKind.ATTACHMENTS:
                following = parts[position + 1] if position + 1 < len(parts) else None
                if following is None or self._is_caption(clean_line(following[0]) or ""):
                    close()
                    caption, absent = None, False
                    self.attachment_list(head, lines[1:])
                    continue
            is_decision = _dated_decision(head)
            if (kind is not None and kind is not SectionKind.ATTACHMENTS) or is_decision:
                close()
                caption, decision, absent = head, is_decision, False
                content = [lines[1:]] if len(lines) > 1 else []
                continue
            if absent:  # text after the list of those not present: a section of its own
                close()
                caption, absent = None, False
            content.append(lines)
        close()
        if not self.placed and self.attachments:
            self.sections.append(AttachmentList(self.attachments))

    def _is_caption(self, head: str) -> bool:
        if head.casefold() in self.r.captions or _NOT_PRESENT.fullmatch(head):
            return True
        return _dated_decision(head)

    def attachment_list(self, caption: str, lines: list[str]) -> None:
        """The "Bilag" part: the item's attachments, in the order the text lists them."""
        remaining = list(self.attachments)
        ordered: list[Attachment] = []
        for line in lines:
            entry = clean_line(line)
            if entry is None or _NONE.fullmatch(entry):
                continue  # "Ingen": the list is empty
            match = _ATTACHMENT_LINE.fullmatch(entry)
            title = match["title"] if match else entry
            found = next((a for a in remaining if a.title == title), None)
            if found is not None:
                remaining.remove(found)
                if match:  # the document number the text gives it
                    found = attrs.evolve(
                        found, properties=(*found.properties, ("edoc:DokNr", match["number"]))
                    )
                ordered.append(found)
            else:  # listed in the text but not among the structured attachments
                properties = (("edoc:DokNr", str(match["number"])),) if match else ()
                ordered.append(Attachment(title=title, public=True, properties=properties))
        ordered.extend(remaining)
        self.attachments = []
        self.placed = True
        kept = None if caption == self.r.labels.caption(SectionKind.ATTACHMENTS) else caption
        if ordered:
            self.sections.append(AttachmentList(ordered, caption=kept))


def _dated_decision(line: str) -> bool:
    """A decision caption in plain text: only with its date, so that a sentence
    such as "Det er udvalgets beslutning" stays text."""
    parsed = decision_caption(line)
    return parsed is not None and parsed[1] is not None


def _blocks(content: list[list[str]]) -> tuple[Block, ...]:
    out: list[Block] = []
    for chunk in content:
        lines = [line for line in chunk if line.strip()]
        if not lines:
            continue
        first = lines[0].strip()
        second = lines[1].strip() if len(lines) > 1 else ""
        if (
            second[:1].isupper()
            and looks_like_heading(first)
            and not _HEADING.fullmatch(first)
            and not _MARKER.fullmatch(first)
        ):
            out.append(Heading(lines_inlines([first])))
            out.append(Paragraph(lines_inlines(lines[1:])))
        else:
            out.append(Paragraph(lines_inlines(lines)))
    return tuple(out)
