"""SBSYS "Dagsorden" XML (format ``sbsys-dagsorden``).

SBSYS's second export dialect, with Danish element names: root
``<Dagsorden Dagsordentype="Referat">``, the meeting in the attributes of
``<Møde>``, the members in ``<Indkaldelse>``, the items in
``<Dagsordenpunkter>``, each with its fields in ``<Indhold>`` (one element
per field, its caption in ``Navn``, its content HTML in CDATA), its
attachments in ``<Bilagsliste>`` and its absent members in ``<Fravaer>``.
Most facts are attributes. The mapping is in ``docs/esdh.md``; what has no
typed field is kept as ``sbsys-dagsorden:`` properties.

Every value is checked before it reaches the model, and what is wrong is a
ReadError naming the element or attribute and its line, so this reader
needs no net for the model's own errors.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath, PureWindowsPath

import attrs
from lxml import etree

from ...errors import ReadError
from ...l10n import Labels, localize
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
    Paragraph,
    Participant,
    Section,
    Strong,
    Text,
    Variant,
    plain_text,
)
from .._build import unique_properties
from .._contract import ReadContext
from .._htmlcontent import html_blocks, html_line, item_number_key, section
from .._limits import COST_ELEMENT, COST_PARTICIPANT, charge
from ._prepare import media_type, parse
from ._tree import Tree, clean_line, localname, order, parse_date, source_line, split_party

__all__ = ["read_sbsys_dagsorden"]

SYSTEM = "sbsys-dagsorden"
_NUMBER = re.compile(r"[0-9A-Za-zÆØÅæøå]+(?:[.\-][0-9A-Za-zÆØÅæøå]+)*")
_TIME = re.compile(r"(?P<hour>\d{1,2})[:.](?P<minute>\d\d)(?:[:.](?P<second>\d\d))?")
_CLOSED_PREFIX = re.compile(r"lukket(?: punkt)?\s*[:\-–]\s*(?=\S)", re.I)
_DECIDED_BY = re.compile(r"(?P<forum>\S+(?: \S+){0,7}?) den (?P<date>\d{1,2}\.? \S+ \d{4}|[\d.\-/]+)")


def read_sbsys_dagsorden(data: bytes, ctx: ReadContext) -> Meeting:
    root = parse(data, ctx.source, ctx)
    tree = Tree(root, ctx.source, SYSTEM, ctx=ctx)
    if localname(root) != "Dagsorden" or "}" in str(root.tag):
        raise tree.error(root, "er ikke en SBSYS-dagsorden (roden skal være <Dagsorden>)")
    return _Reader(tree, ctx.labels).meeting(root)


class _Reader:
    def __init__(self, tree: Tree, labels: Labels) -> None:
        self.t = tree
        self.labels = labels
        # What the table of contents and the flat list of attachments say about an item
        # or attachment beyond what it says itself: properties of that item or attachment.
        self.item_extra: dict[etree._Element, list[tuple[str, str]]] = {}
        self.enclosure_extra: dict[etree._Element, list[tuple[str, str]]] = {}
        self.closed_enclosures: set[etree._Element] = set()

    # --- attributes -----------------------------------------------------------

    def error(self, element: etree._Element, attribute: str, message: str) -> ReadError:
        """A ReadError at an attribute: ``<Dagsorden/Møde/@Mødedato>: …``."""
        return ReadError(
            f"<{self.t.where(element)}/@{attribute}>: {message}",
            source=self.t.source,
            line=source_line(element),
        )

    def warn(self, element: etree._Element, message: str) -> None:
        self.t.warn(element, message)

    def attr(self, element: etree._Element | None, name: str) -> str | None:
        """An attribute as one line (``None`` when absent or empty), marked used."""
        if element is None:
            return None
        return clean_line(self.t.attribute(element, name))

    def need(self, element: etree._Element, name: str, what: str) -> str:
        value = self.attr(element, name)
        if value is None:
            raise self.error(element, name, f"mangler {what}")
        return value

    def flag(self, element: etree._Element, name: str) -> bool | None:
        """A boolean attribute ("true", "True", "false"; ``None`` when absent)."""
        value = self.attr(element, name)
        if value is None:
            return None
        folded = value.casefold()
        if folded in ("true", "1", "ja"):
            return True
        if folded in ("false", "0", "nej"):
            return False
        raise self.error(element, name, f"{value!r} er hverken sand eller falsk (true/false)")

    def same_text(self, element: etree._Element, expected: str | None) -> None:
        """Mark ``element`` read when its text says ``expected`` again."""
        if expected is not None and clean_line(element.text) == expected and not len(element):
            self.t.text(element)

    # --- the meeting ----------------------------------------------------------

    def meeting(self, root: etree._Element) -> Meeting:
        t = self.t
        meeting = t.find(root, "Møde")
        if meeting is None:
            raise t.error(root, "mangler <Møde> (mødets tid, sted og udvalg)")
        forum = self.need(meeting, "Udvalg", "udvalgets navn")
        start = self.moment(meeting, "Mødedato", "Mødetid", None)
        if start is None:
            raise self.error(meeting, "Mødedato", "mangler mødets dato")
        end = self.moment(meeting, "Mødeslutdato", "Mødesluttid", meeting.get("Mødedato"))
        if end is not None and end < start:
            raise self.error(meeting, "Mødesluttid", "mødet slutter før det begynder")
        place = self.attr(meeting, "Mødested")
        self.rendering(meeting, place)

        kind_text = root.get("Dagsordentype") or ""
        item_elements = t.all(root, "Dagsordenpunkter", "Dagsordenpunkt")
        members = t.all(root, "Indkaldelse", "Medlem")
        charge(len(members) * COST_PARTICIPANT, "deltagere i dagsordenen")
        ids = {m.get("PersonID"): clean_line(m.get("Navn")) for m in members if m.get("PersonID")}
        self.repeats(root, members, item_elements)  # before the items, which take what it finds
        items = [self.item(e, ids) for e in item_elements]
        items.sort(key=lambda i: item_number_key(i.number))
        if re.search(r"referat|protokol", kind_text, re.I):
            kind = DocumentKind.MINUTES
        elif re.search(r"dagsorden", kind_text, re.I):
            kind = DocumentKind.AGENDA
        else:  # none or another word: the content decides, and the word stays a property
            decided = any(d.body for i in items for d in i.decisions)
            kind = DocumentKind.MINUTES if decided else DocumentKind.AGENDA
        if kind_text.strip() in ("Referat", "Dagsorden"):
            t.attribute(root, "Dagsordentype")

        name = root.get("DagsordenNavn") or ""
        variant = Variant.ORDINARY
        if self.flag(root, "Tillægsdagsorden"):
            variant = Variant.ADDENDUM
        elif re.match(r"ekstraordinær", name.strip(), re.I):
            variant = Variant.EXTRAORDINARY

        absent_everywhere = self.absent_from_every_item(items)
        attendance = [self.member(m, kind, absent_everywhere) for m in members]
        identifier = self.attr(meeting, "MødeID")
        properties = t.leftovers(root, stop=[*item_elements, *members])
        return Meeting(
            forum=Forum(name=forum),
            kind=kind,
            start=start,
            end=end,
            variant=variant,
            place=place,
            attendance=attendance,
            items=items,
            identifier=identifier,
            properties=properties,
        )

    def moment(
        self, element: etree._Element, date_name: str, time_name: str, default_date: str | None
    ) -> dt.datetime | None:
        """A date attribute ("31. marts 2016", "31-03-2016") with its time attribute ("08:15")."""
        raw_date = self.attr(element, date_name)
        raw_time = self.attr(element, time_name)
        if raw_date is None and raw_time is None:
            return None
        if raw_date is None:
            raw_date = clean_line(default_date)
            if raw_date is None:
                raise self.error(element, date_name, "mangler datoen til klokkeslættet")
        day = parse_date(raw_date)
        if day is None:
            raise self.error(element, date_name, f"{raw_date!r} er ikke en dato (fx 31. marts 2016)")
        if raw_time is None:
            raise self.error(element, time_name, "mangler mødets klokkeslæt")
        match = _TIME.fullmatch(raw_time)
        try:
            if match is None:
                raise ValueError(raw_time)
            time = dt.time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
        except ValueError:
            raise self.error(element, time_name, f"{raw_time!r} er ikke et klokkeslæt (fx 16:00)") from None
        try:
            return localize(dt.datetime.combine(day, time))
        except ValueError:
            raise self.error(
                element, time_name, f"{raw_date} {raw_time} findes ikke i dansk tid (skiftet til sommertid)"
            ) from None

    def rendering(self, meeting: etree._Element, place: str | None) -> None:
        """``<Møde>``'s own text, "31. marts 2016 kl. 08:15 (Udvalgsværelse 1)", is the
        date, time and place written out: read when it says just that, else a property."""
        text = clean_line(meeting.text)
        if text is None:
            return
        written = f"{clean_line(meeting.get('Mødedato'))} kl. {clean_line(meeting.get('Mødetid'))}"
        if text in (written, f"{written} ({place})"):
            meeting.text = None  # read: what is left of <Møde> becomes properties

    def absent_from_every_item(self, items: list[Item]) -> set[str]:
        """The members the minutes list as absent from every item: absent from the meeting."""
        if not items:
            return set()
        sets = [{a.name for a in i.attendance if a.event is AttendanceEvent.ABSENT} for i in items]
        return set.intersection(*sets)

    def member(self, element: etree._Element, kind: DocumentKind, absent: set[str]) -> Participant:
        raw = self.need(element, "Navn", "medlemmets navn")
        name, party = split_party(raw)
        if self.flag(element, "Suppleant"):
            status = AttendanceStatus.SUBSTITUTE
        elif kind is DocumentKind.AGENDA:
            status = AttendanceStatus.INVITED
        elif name in absent:
            status = AttendanceStatus.ABSENT
        else:
            status = AttendanceStatus.PRESENT
        return Participant(name=name, party=party, status=status, properties=self.t.leftovers(element))

    def repeats(
        self,
        root: etree._Element,
        members: list[etree._Element],
        item_elements: list[etree._Element],
    ) -> None:
        """The export's repetitions of what is read elsewhere are accounted for: the
        signature sheet (the members again), the table of contents (the items' numbers and
        titles again) and the agenda's flat list of attachments (the items' again).

        An entry that says anything else is kept, and told, as properties of the item or
        attachment it is about, so that the public edition leaves it out with a closed
        item or attachment. An entry that names an item (or attachment) by one key and
        another by the next is about the closed one of them, if any. Only an entry that
        names nothing the document holds stays a property of the meeting, and only when
        nothing says it is closed: a closed one is left out, and told.
        """
        t = self.t
        for sheet in t.all(root, "Underskriftsark"):
            signers = t.children(sheet)
            # Each compared, and kept as a property when the sheet is not the members' list.
            charge(len(signers) * COST_PARTICIPANT, "underskriftsarkets medlemmer", line=source_line(sheet))
            if [_signature(m) for m in signers] == [_signature(m) for m in members]:
                t.use(sheet)
        for ref in t.all(root, "Indholdsfortegnelse", "DagsordenpunktReference"):
            self.contents_entry(ref, item_elements)
        own = [(e, b) for e in item_elements for b in t.all(e, "Bilagsliste", "Bilag")]
        fingerprints = [_fingerprint(b) for _, b in own]
        for enclosure in t.all(root, "Bilagsliste", "Bilag"):
            if _fingerprint(enclosure) in fingerprints:
                t.use(enclosure)
            else:
                self.enclosure_entry(enclosure, item_elements, own)

    def contents_entry(self, ref: etree._Element, item_elements: list[etree._Element]) -> None:
        """One ``<DagsordenpunktReference>`` of the table of contents."""
        text = clean_line(ref.text)
        candidates = [
            *(e for e in item_elements if e.get("DagsordenpunktID") == ref.get("DagsordenpunktID")),
            *(e for e in item_elements if e.get("Nummer") == ref.get("Punktnummer")),
            *(e for e in item_elements if text is not None and clean_line(e.findtext("Overskrift")) == text),
        ]
        closed = [e for e in candidates if not _item_is_open(e)]
        if not candidates:
            if text is not None and _CLOSED_PREFIX.match(text):
                self.warn(
                    ref,
                    "indholdsfortegnelsen nævner et lukket punkt, som dagsordenen ikke har; det er udeladt",
                )
                self.t.use(ref)
            else:
                self.warn(ref, "indholdsfortegnelsen nævner et punkt, som dagsordenen ikke har")
            return
        target = (closed or candidates)[0]
        same = (
            ref.get("DagsordenpunktID") == target.get("DagsordenpunktID")
            and ref.get("Punktnummer") == target.get("Nummer")
            and text == clean_line(target.findtext("Overskrift"))
            and ref.get("ErBesluttendeUdvalg") in (None, target.get("ErBesluttendeUdvalg"))
            and not len(ref)
        )
        if not same:
            self.warn(ref, "indholdsfortegnelsen siger noget andet om punktet end punktet selv")
            self.item_extra.setdefault(target, []).extend(
                self.entry_properties(ref, "Indholdsfortegnelse.DagsordenpunktReference")
            )
        self.t.use(ref)

    def enclosure_entry(
        self,
        entry: etree._Element,
        item_elements: list[etree._Element],
        own: list[tuple[etree._Element, etree._Element]],
    ) -> None:
        """One ``<Bilag>`` of the agenda's flat list that is not an item's own again."""
        keys = _enclosure_keys(entry)
        attachments = [(e, b) for e, b in own if keys & _enclosure_keys(b)]
        candidates = [e for e, _ in attachments]
        candidates += [e for e in item_elements if e.get("Nummer") == clean_line(entry.get("Punktnr"))]
        entry_public = _is_true(entry.get("MaaPubliceres"))
        path = "Bilagsliste.Bilag"
        closed_items = [e for e in candidates if not _item_is_open(e)]
        if closed_items:
            self.warn(entry, "bilagslisten siger noget andet om bilaget end punktet selv")
            self.item_extra.setdefault(closed_items[0], []).extend(self.entry_properties(entry, path))
        elif attachments:
            closed = [b for _, b in attachments if not _is_true(b.get("MaaPubliceres"))]
            enclosure = (closed or [attachments[0][1]])[0]
            if not entry_public and _is_true(enclosure.get("MaaPubliceres")):
                self.warn(
                    entry,
                    "bilagslisten siger, at bilaget ikke må publiceres, men punktet siger, at det må; "
                    "det er læst som lukket",
                )
                self.closed_enclosures.add(enclosure)
            else:
                self.warn(entry, "bilagslisten siger noget andet om bilaget end punktet selv")
            self.enclosure_extra.setdefault(enclosure, []).extend(self.entry_properties(entry, path))
        elif not entry_public:
            self.warn(entry, "bilagslisten nævner et lukket bilag, som intet punkt har; det er udeladt")
        elif candidates:
            self.warn(entry, "bilagslisten nævner et bilag, som punktet ikke har")
            self.item_extra.setdefault(candidates[0], []).extend(self.entry_properties(entry, path))
        else:
            return  # an open attachment of no item: a property of the meeting
        self.t.use(entry)

    def entry_properties(self, entry: etree._Element, path: str) -> list[tuple[str, str]]:
        """All an entry holds, named as it would be as a property of the meeting."""
        out: list[tuple[str, str]] = []
        for name, value in self.t.leftovers(entry):
            out.append((f"{SYSTEM}:{path}.{name.removeprefix(SYSTEM + ':')}", value))
        text = clean_line(entry.text)
        if text is not None and not len(entry):
            out.append((f"{SYSTEM}:{path}", text))
        return out

    # --- items ------------------------------------------------------------------

    def item(self, element: etree._Element, members: dict[str | None, str | None]) -> Item:
        t = self.t
        number = self.need(element, "Nummer", "punktets nummer")
        if not _NUMBER.fullmatch(number):
            raise self.error(element, "Nummer", f"{number!r} er ikke et punktnummer (fx 1, 1.1 eller 12a)")
        raw_title = html_line(t.text(element, "Overskrift"), t.warner(element))
        if raw_title is None:
            raise t.error(element, "punktet har ingen titel <Overskrift>")
        public = self.flag(element, "Åbent")
        prefix = _CLOSED_PREFIX.match(raw_title)
        if public is None:
            self.warn(element, "punktet siger ikke, om det er åbent (Åbent); det er læst som lukket")
            public = False
        elif public and prefix:
            self.warn(element, "punktet er markeret åbent, men titlen siger lukket; det er læst som lukket")
            public = False
        title = raw_title
        extra: list[tuple[str, str]] = []
        if prefix and not public:
            # "Lukket punkt: …" is SBSYS's mark of a closed item, which Item.public holds;
            # the title as written stays a property.
            title = raw_title[prefix.end() :]
            extra.append((f"{SYSTEM}:Overskrift", raw_title))

        sections: list[Section] = []
        for content in t.all(element, "Indhold"):
            for field in t.children(content):
                sections.append(self.field(field))
        enclosures = sorted(t.all(element, "Bilagsliste", "Bilag"), key=lambda b: order(b.get("Sortering")))
        if enclosures:
            sections.append(AttachmentList([self.enclosure(b) for b in enclosures]))
        attendance = [self.absent(p, members) for p in t.all(element, "Fravaer", "Person")]
        journal = self.attr(element, "Sagsnr")
        identifier = self.attr(element, "DagsordenpunktID")
        properties = (*extra, *t.leftovers(element, stop=enclosures), *self.item_extra.get(element, ()))
        return Item(
            number=number,
            title=title,
            journal_number=journal,
            public=public,
            sections=sections,
            attendance=attendance,
            identifier=identifier,
            properties=unique_properties(properties),
        )

    def field(self, element: etree._Element) -> Section:
        """One field of ``<Indhold>``: captioned by ``Navn`` (else its element name),
        its text HTML. A child ``<…Overskrift>`` that repeats the caption is read; any
        other child stays a property of the item."""
        caption = self.attr(element, "Navn") or localname(element)
        markup = (element.text or "") + "".join(c.tail or "" for c in element)
        body = html_blocks(markup, self.t.warner(element))
        # The text is read: clear it, so that only the children are left for the properties.
        element.text = None
        for child in element:
            child.tail = None
            if localname(child).endswith("Overskrift") and clean_line(child.text) == caption:
                self.attr(child, "Navn")
                self.t.use(child)
        built = section(caption, body, self.labels)
        if isinstance(built, Decision):
            built = _decided_by(built, caption)
        return built

    def enclosure(self, element: etree._Element) -> Attachment:
        t = self.t
        document = t.find(element, "Dokument")
        title = (
            self.attr(element, "Linktekst")
            or (clean_line(document.text) if document is not None else None)
            or self.attr(element, "Navn")
            or self.attr(element, "Filnavn")
        )
        if title is None:
            raise t.error(element, "bilaget har hverken linktekst, dokumenttitel, navn eller filnavn")
        if element.get("Navn") is not None and clean_line(element.get("Navn")) == title:
            self.attr(element, "Navn")
        if document is not None:
            self.same_text(document, title)
        url = clean_line(element.get("BilagUrl"))
        file_name = PurePosixPath(PureWindowsPath(url).as_posix()).name if url else None
        if url is not None and url == file_name:
            self.attr(element, "BilagUrl")  # a bare file name: nothing more to keep
        extension = clean_line(element.get("FileExtension"))
        if file_name is None and extension is not None and element.get("Filnavn"):
            file_name = f"{clean_line(element.get('Filnavn'))}{extension}"
        same_suffix = (
            file_name is not None
            and PurePosixPath(file_name).suffix.casefold() == (extension or "").casefold()
        )
        if extension is not None and same_suffix:
            self.attr(element, "FileExtension")
            if document is not None and clean_line(document.get("FileExtension")) == extension:
                self.attr(document, "FileExtension")
        public = self.flag(element, "MaaPubliceres")
        if public is None:
            self.warn(element, "bilaget siger ikke, om det må publiceres (MaaPubliceres); læst som lukket")
            public = False
        if element in self.closed_enclosures:
            public = False  # the flat list says it may not be published: told in repeats()
        return Attachment(
            title=title,
            public=public,
            file_name=file_name or None,
            media_type=media_type(file_name),
            properties=unique_properties((*t.leftovers(element), *self.enclosure_extra.get(element, ()))),
        )

    def absent(self, element: etree._Element, members: dict[str | None, str | None]) -> ItemAttendance:
        """A member of ``<Fravaer>``: absent from the item (named by ``Navn``, or by the
        member ``PersonId`` points to)."""
        person = element.get("PersonId", element.get("PersonID"))
        id_name = "PersonId" if element.get("PersonId") is not None else "PersonID"
        raw = self.attr(element, "Navn") or (members.get(person) if person else None)
        if raw is None:
            raise self.t.error(element, "den fraværende har intet navn (Navn) og intet kendt PersonId")
        if person is not None and members.get(person) == raw:
            self.attr(element, id_name)
        return ItemAttendance(name=split_party(raw)[0], event=AttendanceEvent.ABSENT)


# --- helpers ----------------------------------------------------------------------


def _decided_by(decision: Decision, caption: str) -> Decision:
    """A decision whose first paragraph is just "<forum> den <date>" (SBSYS prints
    "Økonomiudvalget den 31. marts 2016" in bold above the decision) gets that forum
    and date. The line stays in the body, and the caption is kept as written, so the
    printed text is unchanged."""
    if not decision.body or decision.forum or decision.date:
        return decision
    first = decision.body[0]
    if not isinstance(first, Paragraph) or not all(isinstance(x, Text | Strong) for x in first.content):
        return decision
    match = _DECIDED_BY.fullmatch(clean_line(plain_text(first.content)) or "")
    if match is None:
        return decision
    date = parse_date(match["date"])
    if date is None:
        return decision
    return attrs.evolve(decision, forum=match["forum"].strip(), date=date, caption=caption)


def _unsaid(message: str) -> None:
    """A warning left unsaid: it is said where the same thing is read again."""


def _is_true(value: str | None) -> bool:
    return (value or "").strip().casefold() in ("true", "1", "ja")


def _item_is_open(element: etree._Element) -> bool:
    """Whether the item will be read as open (see ``_Reader.item``): ``Åbent`` true and
    no "Lukket punkt:" before its title. Anything else, even a value the item then
    rejects, counts as closed."""
    # What the title's HTML says is said once, when the item is read (``_Reader.item``).
    title = html_line(element.findtext("Overskrift"), _unsaid) or ""
    return _is_true(element.get("Åbent")) and not _CLOSED_PREFIX.match(title)


def _enclosure_keys(element: etree._Element) -> set[tuple[str, str]]:
    """What names an attachment: its id, link text, name, file name, address, document."""
    pairs = [(n, element.get(n)) for n in ("BilagID", "Linktekst", "Navn", "Filnavn", "BilagUrl")]
    for document in element.iterchildren("Dokument"):
        pairs += [("DokumentID", document.get("DokumentID")), ("Dokument", document.text)]
    return {(n, line) for n, v in pairs if (line := clean_line(v)) is not None}


def _signature(element: etree._Element) -> tuple[str, tuple[tuple[str, str], ...], str]:
    return (
        localname(element),
        tuple(sorted((str(k), str(v)) for k, v in element.attrib.items())),
        (element.text or "").strip(),
    )


def _fingerprint(element: etree._Element) -> tuple[object, ...]:
    """An element with everything below it, for comparing repeats (each element charged: the
    fingerprint of an entry of 100,000 documents took 0.3 s before any of them was)."""
    charge(COST_ELEMENT, "bilag sammenlignet med bilagslisten", line=source_line(element))
    return (_signature(element), tuple(_fingerprint(c) for c in element if isinstance(c.tag, str)))
