"""SBSYS "Publication" XML (format ``sbsys``).

Root ``Publication``; the meeting is ``Agendas/Agenda``. The mapping is in
``docs/model.md``; what has no typed field is kept as ``sbsys:`` properties.
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
    Block,
    Decision,
    DocumentKind,
    Forum,
    Item,
    ItemAttendance,
    Meeting,
    Participant,
    Section,
    Variant,
)
from .._build import build
from .._contract import ReadContext
from .._htmlcontent import html_blocks, item_number_key, section, text_blocks
from ._prepare import media_type, parse
from ._tree import Tree, order, split_party

__all__ = ["read_sbsys"]


def read_sbsys(data: bytes, ctx: ReadContext) -> Meeting:
    source, labels = ctx.source, ctx.labels
    root = parse(data, source, ctx)
    tree = Tree(root, source, "sbsys", ctx=ctx)
    if tree.key(root) != "Publication":
        raise tree.error(root, "er ikke en SBSYS-publikation (roden skal være <Publication>)")
    agendas = tree.all(root, "Agendas", "Agenda")
    if not agendas:
        raise tree.error(root, "publikationen har intet <Agendas/Agenda>")
    if len(agendas) > 1:
        raise tree.error(
            agendas[1], f"publikationen har {len(agendas)} dagsordener; referatkit læser én ad gangen"
        )
    return _Reader(tree, labels).meeting(agendas[0])


class _Reader:
    def __init__(self, tree: Tree, labels: Labels) -> None:
        self.t = tree
        self.labels = labels
        # What the agenda's flat list of enclosures says about an item's enclosure beyond
        # what the item says: properties of that enclosure (or of its closed item).
        self.item_extra: dict[etree._Element, list[tuple[str, str]]] = {}
        self.enclosure_extra: dict[etree._Element, list[tuple[str, str]]] = {}
        self.closed_enclosures: set[etree._Element] = set()

    def meeting(self, agenda: etree._Element) -> Meeting:
        t = self.t
        meeting = t.need(t.find(agenda, "Meeting"), agenda, "mangler <Meeting> (mødets tid og sted)")
        committee = t.find(agenda, "Committee")
        forum_name = t.line(committee, "Name")
        if forum_name is None:
            raise t.error(
                committee if committee is not None else agenda, "mangler udvalgets navn <Committee/Name>"
            )
        start, end = t.period(meeting, ("When",), ("Until",))

        type_value = t.text(t.root, "PublicationTypeAsValue") or t.text(agenda, "PublicationTypeAsValue")
        t.text(t.root, "PublicationTypeAsEnum")
        draft = type_value == "0"
        name = t.line(agenda, "Name")
        variant = Variant.ORDINARY
        if t.flag(agenda, "IsExtendedAgenda"):
            variant = Variant.ADDENDUM
        elif name and re.match(r"ekstraordinær", name, re.I):
            variant = Variant.EXTRAORDINARY

        item_elements = t.all(agenda, "Items", "Item")
        self.flat_enclosures(agenda, item_elements)  # before the items, which take what it finds
        items = [self.item(e) for e in item_elements]
        items.sort(key=lambda i: item_number_key(i.number))
        minutes = type_value == "2" or any(
            d.body for i in items for d in i.sections if isinstance(d, Decision)
        )
        kind = DocumentKind.MINUTES if minutes else DocumentKind.AGENDA

        attendance = [self.member(m, kind, draft) for m in t.all(meeting, "Members", "MeetingMember")]
        organisation = t.line(committee, "CommitteeGroup", "Name") or t.line(agenda, "Organisation")

        identifier = t.attribute(meeting, "ID") or t.attribute(agenda, "ID")
        place = t.line(meeting, "Where")
        stops = [*item_elements, *t.all(meeting, "Members", "MeetingMember")]
        properties = t.leftovers(t.root, stop=stops)
        return build(
            self.t.at(agenda),
            Meeting,
            forum=build(self.t.at(agenda), Forum, name=forum_name, organisation=organisation),
            kind=kind,
            start=start,
            end=end,
            variant=variant,
            draft=draft,
            place=place,
            attendance=attendance,
            items=items,
            name=name,
            identifier=identifier,
            properties=properties,
        )

    def flat_enclosures(self, agenda: etree._Element, item_elements: list[etree._Element]) -> None:
        """The agenda's flat list of enclosures repeats the items' own: a repeat is read.

        An entry that says more or other is kept, and told, as properties of the enclosure
        it names (by id, name or file), or of its item when that is closed, so that the
        public edition leaves it out with a closed item or enclosure; an entry that names
        an item's enclosure and says it is not public makes it closed. Only an entry that
        names no item's enclosure stays a property of the meeting, and only when it does
        not say it is closed: a closed one is left out, and told.
        """
        t = self.t
        own = [(i, e) for i in item_elements for e in t.all(i, "Enclosures", "Enclosure")]
        for entry in t.all(agenda, "Enclosures", "Enclosure"):
            said = (entry.findtext("Name"), entry.findtext("InstantiationFileName"))
            if any(
                (e.findtext("Name"), e.findtext("InstantiationFileName")) == said and _says_no_more(entry, e)
                for _, e in own
            ):
                t.use(entry)  # the name and file of an item's enclosure again, and nothing else
                continue
            keys = _enclosure_keys(entry)
            named = [(i, e) for i, e in own if keys & _enclosure_keys(e)]
            properties = [
                (f"sbsys:Enclosures.Enclosure.{name.removeprefix('sbsys:')}", value)
                for name, value in t.leftovers(entry)
            ]
            closed_items = [i for i, _ in named if _is_false(i.findtext("IsPublic"))]
            if closed_items:
                t.warn(entry, "bilagslisten siger noget andet om bilaget end punktet selv")
                self.item_extra.setdefault(closed_items[0], []).extend(properties)
            elif named:
                closed = [e for _, e in named if _is_false(e.findtext("IsPublic"))]
                enclosure = (closed or [named[0][1]])[0]
                if _is_false(entry.findtext("IsPublic")) and not closed:
                    t.warn(
                        entry,
                        "bilagslisten siger, at bilaget ikke er offentligt, men punktet siger, at det er; "
                        "det er læst som lukket",
                    )
                    self.closed_enclosures.add(enclosure)
                else:
                    t.warn(entry, "bilagslisten siger noget andet om bilaget end punktet selv")
                self.enclosure_extra.setdefault(enclosure, []).extend(properties)
            elif _is_false(entry.findtext("IsPublic")):
                t.warn(entry, "bilagslisten nævner et lukket bilag, som intet punkt har; det er udeladt")
            else:
                continue  # an open enclosure of no item: a property of the meeting
            t.use(entry)

    def member(self, element: etree._Element, kind: DocumentKind, draft: bool) -> Participant:
        t = self.t
        raw = t.need(t.line(element, "Name"), element, "mødedeltageren har intet navn <Name>")
        member = t.find(element, "Member")
        if member is not None and t.peek(member, "Name") == raw:
            t.text(member, "Name")  # the same name again; a different one stays a property
        name, party = split_party(raw)
        note = t.line(element, "ParticipationNote")
        status_value = t.text(element, "ParticipationStatusAsValue")
        t.text(element, "ParticipationStatusAsText")
        participate = t.text(element, "Participate")
        if status_value is not None:
            # Per the OS2dagsorden importer: 0 not decided, 1 and 4 present (4 with a note), others away.
            if status_value == "0":
                undecided = kind is DocumentKind.AGENDA or draft
                status = AttendanceStatus.INVITED if undecided else AttendanceStatus.PRESENT
            elif status_value in ("1", "4"):
                status = AttendanceStatus.PRESENT
            else:
                status = AttendanceStatus.APOLOGIES
        elif participate is not None:
            if participate.casefold() in ("1", "true"):
                status = AttendanceStatus.PRESENT
            else:
                # 0 is "not registered" as often as "away": the minutes do not say which.
                status = AttendanceStatus.INVITED
        else:
            status = AttendanceStatus.INVITED if kind is DocumentKind.AGENDA else AttendanceStatus.PRESENT
        return build(
            self.t.at(element),
            Participant,
            name=name,
            party=party,
            role=t.line(element, "MeetingMemberRolesList"),
            status=status,
            note=note,
            properties=t.leftovers(element),
        )

    def item(self, element: etree._Element) -> Item:
        t = self.t
        number = t.number(t.line(element, "Number"), element, "Number")
        title = t.need(t.line(element, "Caption"), element, "punktet har ingen titel <Caption>")
        public = t.flag(element, "IsPublic")
        journal = t.line(element, "Case", "Number")
        case_title = t.find(element, "Case", "NumberAndTitle")
        if case_title is not None and (case_title.text or "").strip() in ("-", ""):
            t.use(case_title)

        sections: list[Section] = []
        fields = t.all(element, "Fields", "ItemField")
        fields.sort(key=lambda f: order(f.findtext("Index")))
        for field in fields:
            built = self.field(field, title)
            if built is not None:
                sections.append(built)
        enclosures = t.all(element, "Enclosures", "Enclosure")
        if enclosures:
            sections.append(AttachmentList([self.enclosure(e) for e in enclosures]))

        attendance = self.item_members(element)
        return build(
            self.t.at(element),
            Item,
            number=number,
            title=title,
            journal_number=journal,
            public=True if public is None else public,
            sections=sections,
            attendance=attendance,
            identifier=t.attribute(element, "ID"),
            properties=(*t.leftovers(element, stop=enclosures), *self.item_extra.get(element, ())),
        )

    def field(self, element: etree._Element, item_title: str) -> Section | None:
        t = self.t
        caption = t.line(element, "Caption")
        content = t.text(element, "Content")
        field_type = t.text(element, "FieldTypeAsEnum")
        t.text(element, "Index")
        feedback = bool(t.flag(element, "IsFeedback"))
        t.text(element, "HasContent")
        body: tuple[Block, ...]
        if field_type is not None and field_type != "Html":
            body = text_blocks(content)
        else:
            body = html_blocks(content, lambda message: t.warn(t.find(element, "Content"), message))
        images = t.all(element, "Images", "Image")
        if images:
            t.warn(
                element,
                f"feltet har {len(images)} billede(r); modellen har ikke billeder, "
                "kun deres data bevares som egenskaber",
            )
        if not body and (caption is None or (caption == item_title and not feedback)):
            return None  # an empty field under the item's own title (Aarhus) or without caption
        return section(caption, body, self.labels, decision=feedback)

    def enclosure(self, element: etree._Element) -> Attachment:
        t = self.t
        title = t.line(element, "Name")
        published = t.line(element, "InstantiationFileName")
        # The original Windows path (P:\\...\\x.pdf) is not marked used: it stays a property.
        original = t.peek(element, "FileName")
        original_name = PureWindowsPath(original).name if original else None
        file_name = published or original_name
        if original is not None and original == file_name:
            t.text(element, "FileName")  # a bare file name, not a path: nothing more to keep
        if title is None:
            title = t.need(file_name, element, "bilaget har hverken navn <Name> eller filnavn")
        public = t.flag(element, "IsPublic")
        case = t.find(element, "Case", "NumberAndTitle")
        if case is not None and (case.text or "").strip() in ("-", ""):
            t.use(case)
        if element in self.closed_enclosures:
            public = False  # the agenda's flat list says it is not public: told there
        return build(
            self.t.at(element),
            Attachment,
            title=title,
            public=True if public is None else public,
            file_name=file_name,
            media_type=media_type(file_name),
            properties=(*t.leftovers(element), *self.enclosure_extra.get(element, ())),
        )

    def item_members(self, element: etree._Element) -> list[ItemAttendance]:
        """The exceptions in the item's member list: who was not at the item.

        A member invited with status 0 or 1 is at the item, as the meeting's
        list says; those entries are accounted for. One not invited, or with
        any other status, is absent from the item (with the note, if any).
        Status 4, "present with a note" in the meeting's list, means "took no
        part in this item" here, as in the OS2dagsorden portal's importer.
        """
        t = self.t
        out: list[ItemAttendance] = []
        for member in t.all(element, "Members", "ItemMember"):
            raw = t.line(member, "Name")
            invited = t.flag(member, "IsInvited")
            status = t.text(member, "ParticipationStatusAsValue")
            t.text(member, "ParticipationStatusAsText")
            t.text(member, "MeetingMemberRolesList")
            if raw is None:
                continue
            away = status is not None and status not in ("0", "1")
            if invited is False or away:
                name, _ = split_party(raw)
                note = t.line(member, "ParticipationNote")
                disqualified = note is not None and re.search(r"\binhabil", note, re.I)
                event = AttendanceEvent.DISQUALIFIED if disqualified else AttendanceEvent.ABSENT
                out.append(ItemAttendance(name=name, event=event, note=note))
        return out


def _is_false(text: str | None) -> bool:
    """A flag that says no ("False", "false", "0"): an item or enclosure that is closed."""
    return (text or "").strip().casefold() in ("false", "0", "nej", "no")


def _enclosure_keys(element: etree._Element) -> set[tuple[str, str]]:
    """What names an enclosure: its id, name and files."""
    pairs = [("ID", element.get("ID"))]
    pairs += [(n, element.findtext(n)) for n in ("Name", "InstantiationFileName", "FileName")]
    return {(n, v.strip()) for n, v in pairs if v is not None and v.strip()}


def _says_no_more(entry: etree._Element, enclosure: etree._Element) -> bool:
    """Whether every attribute and child of ``entry`` is one of ``enclosure``'s too."""

    def signature(element: etree._Element) -> tuple[object, ...]:
        attributes = tuple(sorted((str(k), str(v)) for k, v in element.attrib.items()))
        children = tuple(signature(c) for c in element if isinstance(c.tag, str))
        return (element.tag, attributes, (element.text or "").strip(), children)

    theirs = {signature(c) for c in enclosure if isinstance(c.tag, str)}
    return (
        set(entry.attrib.items()) <= set(enclosure.attrib.items())
        and not (entry.text or "").strip()
        and all(signature(c) in theirs for c in entry if isinstance(c.tag, str))
    )
