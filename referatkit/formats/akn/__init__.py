"""Akoma Ntoso 3.0 (OASIS LegalDocML): the minutes as a ``debate`` document.

The profile, element by element, is in docs/akn.md. In short: FRBR
metadata (country ``dk``, language ``dan``, the meeting date), the forum
and the people as TLC references, attendance as a ``rollCall``, an item as
a ``debateSection`` holding a ``debateSection`` per section, the
recommendation's clauses as a ``blockList``, a closed item marked with
``refersTo`` a TLCConcept, the journal number as ``docketNumber``. What
Akoma Ntoso has no place for (source identifiers, properties, attachment
checksums, per-item attendance details, the original pages) is kept in
``proprietary`` metadata as referatkit XML, so the document loses nothing.
"""

from __future__ import annotations

import re
import unicodedata
from typing import assert_never

from lxml import etree

from ...l10n import Labels, format_short_date
from ...model import (
    XML_ILLEGAL,
    Alignment,
    Attachment,
    AttachmentList,
    AttendanceStatus,
    Decision,
    DocumentKind,
    Item,
    Link,
    Meeting,
    Recommendation,
    Section,
    SectionKind,
    TextSection,
)
from .._common import SECTION_SLUGS, ItemIds, caption_text, uri_reference
from .._contract import NoOptions, WriteContext
from .._richxml import ALIGN_CLASSES, RichText, TableSpelling
from ..xml import meeting_element

__all__ = ["AKN_NAMESPACE", "write_akn"]

AKN_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_A = f"{{{AKN_NAMESPACE}}}"
_SOURCE = "#referatkit"


def _slug(text: str) -> str:
    """ "Byudvalget" → "byudvalget", "Økonomiudvalget" → "oekonomiudvalget": a URI segment."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "forum"


def _el(parent: etree._Element, tag: str, text: str | None = None, /, **attributes: str) -> etree._Element:
    """A child element; ``class_`` stands for the attribute ``class``."""
    element = etree.SubElement(parent, _A + tag, {k.rstrip("_"): v for k, v in attributes.items()})
    if text is not None:
        _put(element, text)
    return element


def _put(element: etree._Element, text: str) -> None:
    # Characters XML cannot carry are left out here; the proprietary
    # referatkit XML keeps them (as <c/>), so the document still holds them.
    text = XML_ILLEGAL.sub("\ufffd", text)
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _make(parent: etree._Element, name: str, attributes: dict[str, str]) -> etree._Element:
    return etree.SubElement(parent, _A + name, attributes)


def _link(parent: etree._Element, link: Link) -> etree._Element:
    return _el(parent, "a", href=uri_reference(XML_ILLEGAL.sub("\ufffd", link.target)))


def _cell_attributes(header: bool, alignment: Alignment) -> dict[str, str]:
    name = ALIGN_CLASSES[alignment]
    return {"class": name} if name is not None else {}


# Akoma Ntoso's ol has no start: a continued list numbers its items with value.
# Its table is HTML's: caption, tr, th for the header rows, td, colspan, rowspan.
_RICH = RichText(
    make=_make,
    put=_put,
    link=_link,
    emphasis="i",
    strong="b",
    line_break="eol",
    heading=("p", {"class": "underoverskrift"}),
    numbering="value",
    tables=TableSpelling(cell=_cell_attributes),
)


def _attachment_line(parent: etree._Element, attachment: Attachment, labels: Labels) -> None:
    p = _el(parent, "p")
    target = attachment.file_name
    if target:
        _el(p, "a", attachment.title, href=uri_reference(XML_ILLEGAL.sub("\ufffd", target)))
    else:
        _put(p, attachment.title)
    if not attachment.public:
        _put(p, f" ({labels.closed_attachment})")


def _section(
    parent: etree._Element, section: Section, eid: str, parts: tuple[str, ...], labels: Labels
) -> None:
    element = _el(parent, "debateSection", eId=eid, name=SECTION_SLUGS[section.kind])
    _el(element, "heading", caption_text(section, labels))
    match section:
        case TextSection(body=body):
            if not body:
                _el(element, "p")
            _RICH.blocks(element, body)
        case Recommendation(intro=intro, clauses=clauses, body=body):
            if intro or not (clauses or body):
                _RICH.inlines(_el(element, "p"), intro)
            if clauses:
                block_list = _el(element, "blockList", eId=f"{eid}-at")
                for number, (clause, clause_id) in enumerate(zip(clauses, parts, strict=True), 1):
                    entry = _el(block_list, "item", eId=clause_id)
                    _el(entry, "num", f"{number}.")
                    p = _el(entry, "p")
                    if clause.lead:
                        _put(p, clause.lead + (" " if clause.content else ""))
                    _RICH.inlines(p, clause.content)
            _RICH.blocks(element, body)
        case Decision(body=body, forum=forum, date=date):
            element.set("refersTo", "#beslutning")
            if forum or date:
                p = _el(element, "p", class_="beslutningstager")
                if forum:
                    _el(p, "organization", forum, refersTo=f"#{_slug(forum)}")
                if date:
                    _put(p, " ")
                    _el(p, "date", format_short_date(date), date=date.isoformat())
            if not body and not (forum or date):
                _el(element, "p")
            _RICH.blocks(element, body)
        case AttachmentList(attachments=attachments):
            if not attachments:
                _el(element, "p")
            for attachment in attachments:
                _attachment_line(element, attachment, labels)
        case _:
            assert_never(section)


def _item(parent: etree._Element, item: Item, ids: ItemIds, labels: Labels) -> None:
    element = _el(parent, "debateSection", eId=ids.item, name="punkt")
    if not item.public:
        element.set("refersTo", "#lukket-punkt")
    _el(element, "num", item.number)
    _el(element, "heading", item.full_title)
    if item.public_title:
        _el(element, "subheading", item.public_title)
    if item.journal_number is not None:
        _el(_el(element, "p", class_="sagsnummer"), "docketNumber", item.journal_number.raw)
    for section, eid, parts in zip(item.sections, ids.sections, ids.parts, strict=True):
        _section(element, section, eid, parts, labels)
    if not item.sections and item.journal_number is None:
        _el(element, "p")


def _frbr(
    parent: etree._Element, level: str, *, this: str, uri: str, date: str, author: str
) -> etree._Element:
    element = _el(parent, level)
    _el(element, "FRBRthis", value=this)
    _el(element, "FRBRuri", value=uri)
    _el(element, "FRBRdate", date=date, name="møde")
    _el(element, "FRBRauthor", href=author)
    return element


def _people(meeting: Meeting) -> dict[str, str]:
    """An eId per distinct person named in the attendance, in order."""
    out: dict[str, str] = {}
    for person in meeting.attendance:
        out.setdefault(person.name, f"person-{len(out) + 1}")
    return out


def write_akn(meeting: Meeting, ctx: WriteContext[NoOptions]) -> bytes:
    """The meeting as an Akoma Ntoso 3.0 ``debate`` document (UTF-8, deterministic).

    Nothing is lost: ``proprietary`` holds the meeting (of the edition
    written) as referatkit XML, so nothing is reported.
    """
    labels = ctx.labels
    root = etree.Element(_A + "akomaNtoso", nsmap={None: AKN_NAMESPACE})
    kind = "referat" if meeting.kind is DocumentKind.MINUTES else "dagsorden"
    debate = _el(root, "debate", name=kind)
    day = meeting.start.date().isoformat()
    forum = _slug(meeting.forum.name)
    work = f"/akn/dk/debate/{forum}/{day}"
    expression = f"{work}/dan@"
    meta = _el(debate, "meta")
    identification = _el(meta, "identification", source=_SOURCE)
    frbr_work = _frbr(identification, "FRBRWork", this=f"{work}/main", uri=work, date=day, author=f"#{forum}")
    _el(frbr_work, "FRBRcountry", value="dk")
    frbr_expression = _frbr(
        identification,
        "FRBRExpression",
        this=f"{expression}/main",
        uri=expression,
        date=day,
        author=f"#{forum}",
    )
    _el(frbr_expression, "FRBRlanguage", language="dan")
    _frbr(
        identification,
        "FRBRManifestation",
        this=f"{expression}/main.xml",
        uri=f"{expression}.akn",
        date=day,
        author=_SOURCE,
    )
    references = _el(meta, "references", source=_SOURCE)
    _el(references, "TLCOrganization", eId=forum, href=f"/akn/ontology/organizations/dk/{forum}",
        showAs=XML_ILLEGAL.sub("\ufffd", meeting.forum.name))  # fmt: skip
    deciders = sorted(
        {s.forum for i in meeting.items for s in i.sections if isinstance(s, Decision) and s.forum}
        - {meeting.forum.name}
    )
    emitted = {forum}
    for name in deciders:
        slug = _slug(name)
        if slug not in emitted:  # "Byudvalget" and "BYUDVALGET" are one organization
            emitted.add(slug)
            _el(references, "TLCOrganization", eId=slug, href=f"/akn/ontology/organizations/dk/{slug}",
                showAs=XML_ILLEGAL.sub("\ufffd", name))  # fmt: skip
    people = _people(meeting)
    for name, eid in people.items():
        _el(references, "TLCPerson", eId=eid, href=f"/akn/ontology/persons/dk/{eid}",
            showAs=XML_ILLEGAL.sub("\ufffd", name))  # fmt: skip
    _el(references, "TLCConcept", eId="lukket-punkt", href="/akn/ontology/concepts/dk/lukket-punkt",
        showAs=labels.closed_item)  # fmt: skip
    _el(references, "TLCConcept", eId="beslutning", href="/akn/ontology/concepts/dk/beslutning",
        showAs=labels.caption(SectionKind.DECISION))  # fmt: skip
    _el(references, "TLCReference", eId="referatkit", href="/akn/ontology/software/referatkit",
        name="software", showAs="referatkit")  # fmt: skip
    # Everything, losslessly: the referatkit XML of the meeting.
    proprietary = _el(meta, "proprietary", source=_SOURCE)
    proprietary.append(meeting_element(meeting, ctx))

    preface = _el(debate, "preface")
    title = _el(preface, "p", class_="titel")
    _el(title, "docType", labels.kind_title(meeting.kind, meeting.variant))
    _put(title, " ")
    _el(title, "docProponent", meeting.forum.name, refersTo=f"#{forum}")
    _put(title, f" {labels.date_prefix} ")
    _el(title, "docDate", format_short_date(meeting.start.date()), date=day)
    if meeting.draft:
        _el(preface, "p", labels.draft, class_="kladde")
    if meeting.place is not None:
        place = _el(preface, "p", f"{labels.meeting_place} ")
        _el(place, "location", meeting.place, refersTo=f"#{forum}")
    if meeting.name is not None:
        _el(preface, "p", meeting.name, class_="moedenavn")

    body = _el(debate, "debateBody")
    if meeting.attendance:
        roll = _el(body, "rollCall", eId="fremmoede")
        _el(roll, "heading", labels.participants)
        for status in AttendanceStatus:
            present = [p for p in meeting.attendance if p.status is status]
            if not present:
                continue
            group = _el(roll, "ul", class_=status.value)
            for person in present:
                li = _el(group, "li")
                _el(li, "person", person.name, refersTo=f"#{people[person.name]}")
                extras = [x for x in (person.party, person.role, person.note) if x]
                if person.substitute_for:
                    extras.insert(
                        0, f"{labels.substitute.lower()} {labels.substitute_for} {person.substitute_for}"
                    )
                if extras:
                    _put(li, " – " + ", ".join(extras))
    for item, ids in zip(meeting.items, ctx.ids, strict=True):
        _item(body, item, ids, labels)
    if not meeting.items and not meeting.attendance:
        _el(_el(body, "debateSection", eId="ingen-punkter", name="punkt"), "p")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"
