"""The HTML writer (the package's docstring says what the page is)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import assert_never

from attrs import evolve, frozen
from lxml import etree

from ..._repr import fields_repr
from ...errors import WriteError
from ...l10n import Labels, format_time
from ...model import (
    Alignment,
    Attachment,
    AttachmentList,
    Decision,
    Item,
    ItemAttendance,
    Link,
    Meeting,
    Participant,
    Recommendation,
    Section,
    TextSection,
    plain_text,
    walk,
)
from .._common import (
    SECTION_SLUGS,
    ItemIds,
    caption_text,
    event_words,
    meeting_title,
    meeting_when,
    status_headings,
    system_fields,
    uri_reference,
)
from .._contract import Loss, WriteContext
from .._richxml import ALIGN_CLASSES, RichText, TableSpelling
from ._options import HtmlOptions

__all__ = ["RICH", "UNSHOWABLE", "write_html"]

#: What an HTML page cannot hold as text: characters XML cannot carry, C1
#: controls and non-characters (parse errors in HTML). Written as U+FFFD.
UNSHOWABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}-{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)


@cache
def _css() -> str:
    return Path(__file__).with_name("referat.css").read_text(encoding="utf-8")


def _clean(text: str) -> str:
    return UNSHOWABLE.sub("\ufffd", text) if UNSHOWABLE.search(text) else text


def _el(parent: etree._Element, tag: str, text: str | None = None, /, **attributes: str) -> etree._Element:
    """A child element; ``class_`` stands for ``class``. ``text`` is escaped when serialised."""
    element = etree.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attributes.items()})
    if text is not None:
        _put(element, text)
    return element


def _put(element: etree._Element, text: str) -> None:
    text = _clean(text)
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _make(parent: etree._Element, name: str, attributes: dict[str, str]) -> etree._Element:
    return etree.SubElement(parent, name, attributes)


def _link(parent: etree._Element, link: Link) -> etree._Element:
    target = uri_reference(_clean(link.target))
    element = _el(parent, "a", href=target)
    if not _discernible(plain_text(link.content)):
        # A link of white space alone (an ideographic space, U+2028, ...) has
        # no name a screen reader can say (WCAG 2.4.4): its target names it.
        element.set("aria-label", _clean(link.target))
    return element


def _discernible(text: str) -> bool:
    """Whether ``text`` shows a character: not only spaces, separators, controls or format marks."""
    return any(unicodedata.category(c)[0] not in "ZC" for c in text)


def _cell_attributes(header: bool, alignment: Alignment) -> dict[str, str]:
    attributes = {"scope": "col"} if header else {}
    name = ALIGN_CLASSES[alignment]
    if name is not None:
        attributes["class"] = name
    return attributes


#: Rich text as the page writes it, with sub-headings as ``h4`` (under an ``h1`` page);
#: tables with ``thead``/``tbody``, ``th scope="col"`` and a class for a column's alignment.
RICH = RichText(
    make=_make,
    put=_put,
    link=_link,
    tables=TableSpelling(row_groups=True, cell=_cell_attributes, empty_header="td"),
)


@frozen
class _Page:
    """One page being written: the context, and the rich-text builder at its heading levels."""

    __repr__ = fields_repr

    ctx: WriteContext[HtmlOptions]
    rich: RichText

    @property
    def labels(self) -> Labels:
        return self.ctx.labels

    def heading(self, below: int) -> str:
        """The heading element ``below`` levels under the meeting's own."""
        return f"h{self.ctx.options.top_heading + below}"


def _attachment(parent: etree._Element, attachment: Attachment, page: _Page, ident: str) -> None:
    li = _el(parent, "li", id=ident)
    base = page.ctx.options.attachment_base_url
    extras = [page.labels.closed_attachment] if not attachment.public else []
    if base is not None and attachment.file_name:
        _el(li, "a", attachment.title, href=uri_reference(_clean(base + attachment.file_name)))
    else:
        _put(li, attachment.title)
        if attachment.file_name:
            extras.append(attachment.file_name)
    if extras:
        _put(li, f" ({', '.join(extras)})")


def _section(
    parent: etree._Element, section: Section, ident: str, parts: tuple[str, ...], page: _Page
) -> None:
    element = _el(parent, "section", id=ident, class_=f"afsnit {SECTION_SLUGS[section.kind]}")
    _el(element, page.heading(2), caption_text(section, page.labels))
    match section:
        case TextSection(body=body) | Decision(body=body):
            page.rich.blocks(element, body)
        case Recommendation(intro=intro, clauses=clauses, body=body):
            if intro:
                page.rich.inlines(_el(element, "p", class_="indledning"), intro)
            if clauses:
                clause_list = _el(element, "ol", class_="at-punkter")
                for clause, clause_id in zip(clauses, parts, strict=True):
                    li = _el(clause_list, "li", id=clause_id)
                    if clause.lead:
                        _put(li, clause.lead + (" " if clause.content else ""))
                    page.rich.inlines(li, clause.content)
            page.rich.blocks(element, body)
        case AttachmentList(attachments=attachments):
            listing = _el(element, "ul", class_="bilag")
            for attachment, attachment_id in zip(attachments, parts, strict=True):
                _attachment(listing, attachment, page, attachment_id)
        case _:
            assert_never(section)


def _event(note: ItemAttendance, labels: Labels) -> str:
    line = f"{note.name}: {event_words(labels)[note.event]}"
    if note.time is not None:
        line += f" {labels.meeting_time} {format_time(note.time)}"
    return line + (f" ({note.note})" if note.note else "")


def _item(parent: etree._Element, item: Item, ids: ItemIds, page: _Page) -> None:
    labels = page.labels
    element = _el(parent, "section", id=ids.item, class_="punkt" if item.public else "punkt lukket")
    if item.page is not None:
        element.set("data-original-side", str(item.page))  # the page in an earlier printing
    heading = _el(element, page.heading(1))
    _el(heading, "span", f"{labels.item} {item.number}:", class_="nummer")
    _put(heading, f" {item.full_title}")
    if not item.public:
        note = labels.closed_item
        if item.public_title and item.public_title != item.title:
            note += f" – {labels.public_title}: {item.public_title}"
        _el(element, "p", note, class_="lukket-note")
    elif item.public_title:
        _el(element, "p", f"{labels.public_title}: {item.public_title}", class_="offentlig-titel")
    if item.journal_number is not None:
        journal = _el(element, "p", class_="sagsnummer")
        _el(journal, "span", f"{labels.journal_number}:", class_="etiket")
        _put(journal, f" {item.journal_number.raw}")
    for event in item.attendance:
        _el(element, "p", _event(event, labels), class_="punktfremmoede")
    for section, ident, parts in zip(item.sections, ids.sections, ids.parts, strict=True):
        _section(element, section, ident, parts, page)


def _participant(p: Participant, labels: Labels) -> str:
    text = p.name + (f" ({p.party})" if p.party else "")
    extras = [x for x in (p.role, p.note) if x]
    if p.substitute_for:
        extras.insert(0, f"{labels.substitute.lower()} {labels.substitute_for} {p.substitute_for}")
    return text + (f", {', '.join(extras)}" if extras else "")


def _front(article: etree._Element, meeting: Meeting, page: _Page, title: str) -> None:
    labels = page.labels
    header = _el(article, "header", class_="forside")
    _el(header, page.heading(0), title)
    if meeting.draft:
        _el(header, "p", labels.draft, class_="kladde")
    facts = _el(header, "dl", class_="moedeoplysninger")
    _el(facts, "dt", labels.meeting_date)
    _el(facts, "dd", meeting_when(meeting, labels))
    if meeting.place is not None:
        _el(facts, "dt", labels.meeting_place)
        _el(facts, "dd", meeting.place)
    if meeting.name is not None:
        _el(header, "p", meeting.name, class_="moedenavn")
    for status, heading in status_headings(labels).items():
        people = [p for p in meeting.attendance if p.status is status]
        if people:
            group = _el(header, "div", class_=f"fremmoede {status.value}")
            _el(group, "p", f"{heading}:", class_="fremmoede-gruppe")
            listing = _el(group, "ul")
            for person in people:
                _el(listing, "li", _participant(person, labels))


def _toc(article: etree._Element, meeting: Meeting, labels: Labels, ids: tuple[ItemIds, ...]) -> None:
    if not meeting.items:
        return
    nav = _el(article, "nav", class_="indhold", **{"aria-labelledby": "indholdsfortegnelse"})
    _el(nav, "p", labels.contents, id="indholdsfortegnelse", class_="indhold-titel")
    listing = _el(nav, "ol")
    for item, item_ids in zip(meeting.items, ids, strict=True):
        _el(
            _el(listing, "li"),
            "a",
            f"{labels.item} {item.number}: {item.full_title}",
            href=f"#{item_ids.item}",
        )


def _report_unshown(meeting: Meeting, out: str, ctx: WriteContext[HtmlOptions]) -> None:
    for path, _ in system_fields(meeting):
        ctx.lost(path)
    if "\ufffd" in out:  # only then can a character have been replaced: find where
        for path, value in walk(meeting):
            if isinstance(value, str) and UNSHOWABLE.search(value):
                ctx.lost(path, Loss.CHARACTERS)


def _fragment(parent: etree._Element, tag: str, source: str | None, what: str) -> None:
    """The caller's own HTML (header, footer), taken as given, in a ``tag`` of ``parent``."""
    if not source:
        return
    try:
        from lxml import html  # noqa: PLC0415 (only for the caller's own header and footer)

        holder = html.fragment_fromstring(source, create_parent="div")
    except (etree.ParserError, ValueError) as error:
        raise WriteError(f"{what} er ikke et gyldigt HTML-fragment: {error}") from None
    element = _el(parent, tag, class_="sidehoved" if tag == "header" else "sidefod")
    element.text = holder.text
    element.extend(list(holder))


def write_html(meeting: Meeting, ctx: WriteContext[HtmlOptions]) -> str:
    """The meeting as an HTML5 page (or, with ``fragment``, its ``<article>`` alone)."""
    options, labels = ctx.options, ctx.labels
    page = _Page(ctx, evolve(RICH, heading=(f"h{options.top_heading + 3}", {})))
    title = meeting_title(meeting, labels)
    article = etree.Element("article", {"class": "referat", "lang": "da"})
    _front(article, meeting, page, title)
    _toc(article, meeting, labels, ctx.ids)
    for item, item_ids in zip(meeting.items, ctx.ids, strict=True):
        _item(article, item, item_ids, page)
    if options.fragment:
        out = etree.tostring(article, method="html", encoding="unicode") + "\n"
    else:
        root = etree.Element("html", lang="da")
        head = _el(root, "head")
        _el(head, "meta", charset="utf-8")
        _el(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
        _el(head, "meta", name="generator", content="referatkit")
        _el(head, "title", title)
        _el(head, "style", _css())
        if options.stylesheet:
            _el(head, "style", options.stylesheet, class_="egen")
        if options.stylesheet_url:
            _el(head, "link", rel="stylesheet", href=options.stylesheet_url)
        body = _el(root, "body")
        _fragment(body, "header", options.header, "sidehovedet")
        _el(body, "main").append(article)
        _fragment(body, "footer", options.footer, "sidefoden")
        out = "<!DOCTYPE html>\n" + etree.tostring(root, method="html", encoding="unicode") + "\n"
    _report_unshown(meeting, out, ctx)
    return out
