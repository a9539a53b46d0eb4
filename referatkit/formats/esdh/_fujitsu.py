"""eDoc agenda XML in the Fujitsu namespace (format ``edoc-fujitsu``).

Namespace ``http://www.fujitsu.dk/agenda/xml/schemas/2009/03/31/``, root
``Root``: ``Committee/Meeting`` with its participants and
``Agenda/AgendaElements/AgendaElement``, each with a ``HandlingItem`` whose
``CasePresentations`` are the captioned sections (HTML content, ``IsDecision``
marking a decision) and whose ``HandlingPlan`` is the case's route.
"""

from __future__ import annotations

import re
from pathlib import PureWindowsPath

from lxml import etree

from ...l10n import Labels
from ...model import (
    Attachment,
    AttachmentList,
    AttendanceEvent,
    AttendanceStatus,
    Decision,
    DocumentKind,
    Forum,
    Item,
    ItemAttendance,
    Meeting,
    Participant,
    Section,
)
from .._build import build
from .._contract import ReadContext
from .._htmlcontent import html_blocks, item_number_key, section
from ._prepare import media_type, parse
from ._tree import Tree, clean_line, split_party, text_of

__all__ = ["NAMESPACE", "read_fujitsu"]

NAMESPACE = "http://www.fujitsu.dk/agenda/xml/schemas/2009/03/31/"
_NOT_RELEASED = re.compile(r"beslutning ikke frigivet", re.I)


def read_fujitsu(data: bytes, ctx: ReadContext) -> Meeting:
    source, labels = ctx.source, ctx.labels
    root = parse(data, source, ctx)
    tree = Tree(root, source, "fujitsu", ctx=ctx)
    if not any(isinstance(e.tag, str) and e.tag.startswith("{" + NAMESPACE) for e in root.iter()):
        raise tree.error(root, f"er ikke en eDoc-dagsorden i Fujitsu-navnerummet ({NAMESPACE})")
    return _Reader(tree, labels).meeting(root)


class _Reader:
    def __init__(self, tree: Tree, labels: Labels) -> None:
        self.t = tree
        self.labels = labels

    def meeting(self, root: etree._Element) -> Meeting:
        t = self.t
        committee = t.need(t.find(root, "Committee"), root, "mangler <Committee> (udvalget)")
        name = t.need(t.line(committee, "Name"), committee, "mangler udvalgets navn <Name>")
        meeting = t.need(t.find(committee, "Meeting"), committee, "mangler <Meeting> (mødet)")
        start, end = t.period(meeting, ("MeetingDateTime",), ("EndDateTime",))

        output = t.peek(root, "OutputTypeEnumName") or ""
        agenda = t.find(meeting, "Agenda")
        agenda_type = t.peek(agenda, "Type")
        minutes = bool(re.search(r"minute|referat|protocol", f"{output} {agenda_type or ''}", re.I))
        kind = DocumentKind.MINUTES if minutes else DocumentKind.AGENDA
        if re.fullmatch(r"agenda|minutes", output, re.I):
            t.text(root, "OutputTypeEnumName")
        if agenda_type in ("Dagsorden", "Referat"):
            t.text(agenda, "Type")

        participants = t.all(meeting, "MeetingParticipants", "MeetingParticipant")
        externals = t.all(meeting, "MeetingParticipantExternals", "MeetingParticipantExternal")
        attendance = [self.participant(p, kind) for p in participants]
        attendance += [self.external(p, kind) for p in externals]

        elements = t.all(agenda, "AgendaElements", "AgendaElement") if agenda is not None else []
        items = [self.item(e, position) for position, e in enumerate(elements, 1)]
        items.sort(key=lambda i: item_number_key(i.number))
        forum = build(self.t.at(root), Forum, name=name, short_name=t.line(committee, "ShortName"))
        identifier = t.line(meeting, "MeetingIdentifier")
        place = t.line(meeting, "MeetingLocation")
        return build(
            self.t.at(root),
            Meeting,
            forum=forum,
            kind=kind,
            start=start,
            end=end,
            place=place,
            attendance=attendance,
            items=items,
            identifier=identifier,
            properties=t.leftovers(root, stop=[*participants, *externals, *elements]),
        )

    def participant(self, element: etree._Element, kind: DocumentKind) -> Participant:
        t = self.t
        raw = t.need(t.line(element, "Name"), element, "mødedeltageren har intet navn <Name>")
        name, party_in_name = split_party(raw)
        party = t.line(element, "PoliticalPartyList") or party_in_name
        participate = t.flag(element, "Participate")
        represent = t.line(element, "Represent")
        secretary = t.flag(element, "Secretary")
        role = t.line(element, "RoleInMeeting")
        if secretary and role is None:
            role = "protokol"
        if represent is not None:
            status, substitute_for = AttendanceStatus.SUBSTITUTE, represent
        elif participate is False:
            status, substitute_for = AttendanceStatus.APOLOGIES, None
        elif kind is DocumentKind.AGENDA:
            status, substitute_for = AttendanceStatus.INVITED, None
        else:
            status, substitute_for = AttendanceStatus.PRESENT, None
        return build(
            self.t.at(element),
            Participant,
            name=name,
            party=party,
            role=role,
            status=status,
            substitute_for=substitute_for,
            properties=t.leftovers(element),
        )

    def external(self, element: etree._Element, kind: DocumentKind) -> Participant:
        t = self.t
        name = t.need(t.line(element, "Name"), element, "gæsten har intet navn <Name>")
        status = AttendanceStatus.INVITED if kind is DocumentKind.AGENDA else AttendanceStatus.PRESENT
        return build(
            self.t.at(element),
            Participant,
            name=name,
            role="gæst",
            status=status,
            properties=t.leftovers(element),
        )

    def item(self, element: etree._Element, position: int) -> Item:
        t = self.t
        handling = t.need(
            t.find(element, "HandlingItem"), element, "dagsordenspunktet har intet <HandlingItem>"
        )
        number = t.line(handling, "SerialNo") or t.line(element, "SortOrder") or str(position)
        number = t.number(number, handling, "SerialNo")
        title = t.need(t.line(handling, "Title"), handling, "punktet har ingen titel <Title>")
        public = t.flag(element, "AccessIsPublic")
        public = True if public is None else public
        if public and t.peek(element, "AccessName") == "Offentlig publicering":
            t.text(element, "AccessName")
        neutral = t.line(handling, "NeutralTitle")

        sections: list[Section] = []
        presentations = t.all(handling, "CasePresentations", "CasePresentation")
        for presentation in presentations:
            built = self.presentation(presentation)
            if built is not None:
                sections.append(built)
        sections += self.released_decisions(handling)
        attachments = t.all(handling, "Attachments", "Attachment")
        if attachments:
            sections.append(AttachmentList([self.attachment(a) for a in attachments]))
        absences = [self.absence(a) for a in t.all(element, "Absences", "Absence")]
        return build(
            self.t.at(element),
            Item,
            number=number,
            title=title,
            public=public,
            public_title=neutral if neutral is not None and (neutral != title or not public) else None,
            journal_number=t.line(handling, "CaseNumber"),
            sections=sections,
            attendance=[a for a in absences if a is not None],
            identifier=t.line(handling, "Identifier"),
            properties=t.leftovers(element, stop=attachments),
        )

    def presentation(self, element: etree._Element) -> Section | None:
        t = self.t
        caption = t.line(element, "Title")
        decision = bool(t.flag(element, "IsDecision"))
        content = t.find(element, "Content")
        body = html_blocks(t.text(element, "Content"), t.warner(content))
        if caption is None and not body:
            return None
        return section(caption, body, self.labels, decision=decision)

    def released_decisions(self, handling: etree._Element) -> list[Section]:
        """Decisions made in other fora on the case's route, once released."""
        t = self.t
        out: list[Section] = []
        for step in t.all(handling, "HandlingPlan", "Handling"):
            text = t.peek(step, "Decision")
            placement = t.peek(step, "Placement")
            if text is None or _NOT_RELEASED.search(text) or placement == "This":
                continue
            when = t.datetime(step, "MeetingDate")
            raw = t.text(step, "Decision")
            body = html_blocks(raw, t.warner(step))
            out.append(
                Decision(
                    body,
                    forum=t.line(step, "CommitteeName"),
                    date=when.date() if when is not None else None,
                )
            )
        return out

    def attachment(self, element: etree._Element) -> Attachment:
        t = self.t
        link = t.peek(element, "Link")  # a Windows path: kept as a property unless it is the bare name
        file_name = PureWindowsPath(link).name if link else None
        title = t.need(
            t.line(element, "Title") or file_name,
            element,
            "bilaget har hverken titel <Title> eller fil <Link>",
        )
        access = t.text(element, "AccessEnumName")
        public = access is None or access.casefold() == "public"
        if link is not None and link == file_name:
            t.text(element, "Link")
        return build(
            self.t.at(element),
            Attachment,
            title=title,
            public=public,
            file_name=file_name,
            media_type=media_type(file_name),
            properties=t.leftovers(element),
        )

    def absence(self, element: etree._Element) -> ItemAttendance | None:
        t = self.t
        name = t.line(element, "Name") or clean_line(text_of(element))
        if name is None:
            return None
        t.use(element)
        return ItemAttendance(name=split_party(name)[0], event=AttendanceEvent.ABSENT)
