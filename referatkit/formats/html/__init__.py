"""HTML for publication: the page a citizen reads on the municipality's website.

A standalone HTML5 page (``lang="da"``, embedded CSS, print CSS with a page
break before each item) or, with ``html_fragment=True``, the ``<article>``
alone for a CMS page. Semantic structure: one ``h1`` for the meeting, an
``h2`` per item, an ``h3`` per section, real lists, ``em``/``strong``, a
table of contents of links to the items. Ids come from the scheme every
writer shares (``#punkt-2``, ``#punkt-2-indstilling``).

The page is built as an lxml tree and serialised by lxml, so every piece of
model text is escaped; nothing from the model becomes markup. The caller's
own stylesheet, header and footer are the only HTML taken as given.

A published page shows what the public may see: a closed item (``public``
false) shows its number, its neutral title and "Lukket punkt", not its
content, unless ``html_closed="show"``. What the page does not show is
named in a :class:`~referatkit.LossWarning`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from lxml import etree, html

from ...errors import WriteError
from ...l10n import Labels, format_time
from ...model import (
    Attachment,
    AttachmentList,
    Block,
    BulletList,
    Decision,
    Emphasis,
    Heading,
    Inline,
    Item,
    ItemAttendance,
    LineBreak,
    Link,
    ListBlock,
    Meeting,
    OrderedList,
    Paragraph,
    Participant,
    Recommendation,
    Section,
    Strong,
    Text,
    TextSection,
    walk,
)
from .._common import (
    SECTION_SLUGS,
    ItemIds,
    caption_text,
    element_ids,
    event_words,
    meeting_title,
    meeting_when,
    status_headings,
    system_fields,
    uri_reference,
    warn_lost,
)

__all__ = ["UNSHOWABLE", "write_html"]

#: What an HTML page cannot hold as text: characters XML cannot carry, C1
#: controls and non-characters (parse errors in HTML). Written as U+FFFD.
UNSHOWABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}-{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)

# System data a web page does not show.
_NOT_SHOWN = {
    "identifier": "id fra kildesystemet",
    "properties": "ekstra egenskaber",
    "media_type": "medietype",
    "checksum": "kontrolsum",
    "organisation": "organisation",
    "short_name": "forummets forkortelse",
}


@cache
def _css() -> str:
    return files(__package__).joinpath("referat.css").read_text(encoding="utf-8")


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


def _inlines(parent: etree._Element, content: tuple[Inline, ...]) -> etree._Element:
    for node in content:
        match node:
            case Text(text=text):
                _put(parent, text)
            case Emphasis(content=inner):
                _inlines(_el(parent, "em"), inner)
            case Strong(content=inner):
                _inlines(_el(parent, "strong"), inner)
            case Link(content=inner, target=target):
                _inlines(_el(parent, "a", href=uri_reference(_clean(target))), inner)
            case LineBreak():
                _el(parent, "br")
    return parent


def _list(parent: etree._Element, block: ListBlock) -> None:
    element = _el(parent, "ol" if isinstance(block, OrderedList) else "ul")
    if isinstance(block, OrderedList) and block.start != 1:
        element.set("start", str(block.start))
    for item in block.items:
        li = _inlines(_el(element, "li"), item.content)
        if item.sublist is not None:
            _list(li, item.sublist)


def _blocks(parent: etree._Element, body: tuple[Block, ...]) -> None:
    for block in body:
        match block:
            case Paragraph(content=content):
                _inlines(_el(parent, "p"), content)
            case Heading(content=content):
                _inlines(_el(parent, "h4"), content)
            case BulletList() | OrderedList():
                _list(parent, block)


def _attachment(parent: etree._Element, attachment: Attachment, labels: Labels, ident: str) -> None:
    li = _el(parent, "li", attachment.title, id=ident)
    extras = [labels.closed_attachment] if not attachment.public else []
    if attachment.file_name:
        extras.append(attachment.file_name)
    if extras:
        _put(li, f" ({', '.join(extras)})")


def _section(
    parent: etree._Element, section: Section, ident: str, parts: tuple[str, ...], labels: Labels
) -> None:
    element = _el(parent, "section", id=ident, class_=f"afsnit {SECTION_SLUGS[section.kind]}")
    _el(element, "h3", caption_text(section, labels))
    match section:
        case TextSection(body=body) | Decision(body=body):
            _blocks(element, body)
        case Recommendation(intro=intro, clauses=clauses, body=body):
            if intro:
                _inlines(_el(element, "p", class_="indledning"), intro)
            if clauses:
                clause_list = _el(element, "ol", class_="at-punkter")
                for clause, clause_id in zip(clauses, parts, strict=True):
                    li = _el(clause_list, "li", id=clause_id)
                    if clause.lead:
                        _put(li, clause.lead + (" " if clause.content else ""))
                    _inlines(li, clause.content)
            _blocks(element, body)
        case AttachmentList(attachments=attachments):
            listing = _el(element, "ul", class_="bilag")
            for attachment, attachment_id in zip(attachments, parts, strict=True):
                _attachment(listing, attachment, labels, attachment_id)


def _event(note: ItemAttendance, labels: Labels) -> str:
    line = f"{note.name}: {event_words(labels)[note.event]}"
    if note.time is not None:
        line += f" {labels.meeting_time} {format_time(note.time)}"
    return line + (f" ({note.note})" if note.note else "")


def public_title(item: Item, labels: Labels, *, show_closed: bool) -> str:
    """The title a page shows: a closed item's neutral title, or "Lukket punkt" when it has none."""
    if item.public or show_closed:
        return item.full_title
    return item.public_title or labels.closed_item


def _item(parent: etree._Element, item: Item, ids: ItemIds, labels: Labels, *, show_closed: bool) -> None:
    classes = "punkt" if item.public else "punkt lukket"
    element = _el(parent, "section", id=ids.item, class_=classes)
    if item.page is not None:
        element.set("data-original-side", str(item.page))  # the page in an earlier printing
    shown_title = public_title(item, labels, show_closed=show_closed)
    heading = _el(element, "h2")
    _el(heading, "span", f"{labels.item} {item.number}:", class_="nummer")
    _put(heading, f" {shown_title}")
    if not item.public:
        note = labels.closed_item
        if item.public_title and show_closed:
            note += f" – {labels.public_title}: {item.public_title}"
        _el(element, "p", note, class_="lukket-note")
        if not show_closed:
            return
    elif item.public_title:
        _el(element, "p", f"{labels.public_title}: {item.public_title}", class_="offentlig-titel")
    if item.journal_number is not None:
        journal = _el(element, "p", class_="sagsnummer")
        _el(journal, "span", f"{labels.journal_number}:", class_="etiket")
        _put(journal, f" {item.journal_number.raw}")
    for event in item.attendance:
        _el(element, "p", _event(event, labels), class_="punktfremmoede")
    for section, ident, parts in zip(item.sections, ids.sections, ids.parts, strict=True):
        _section(element, section, ident, parts, labels)


def _participant(p: Participant, labels: Labels) -> str:
    text = p.name + (f" ({p.party})" if p.party else "")
    extras = [x for x in (p.role, p.note) if x]
    if p.substitute_for:
        extras.insert(0, f"{labels.substitute.lower()} {labels.substitute_for} {p.substitute_for}")
    return text + (f", {', '.join(extras)}" if extras else "")


def _front(article: etree._Element, meeting: Meeting, labels: Labels, title: str) -> None:
    header = _el(article, "header", class_="forside")
    _el(header, "h1", title)
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


def _toc(article: etree._Element, meeting: Meeting, ids: tuple[ItemIds, ...], labels: Labels, *,
         show_closed: bool) -> None:  # fmt: skip
    if not meeting.items:
        return
    nav = _el(article, "nav", class_="indhold", **{"aria-labelledby": "indholdsfortegnelse"})
    _el(nav, "p", labels.contents, id="indholdsfortegnelse", class_="indhold-titel")
    listing = _el(nav, "ol")
    for item, item_ids in zip(meeting.items, ids, strict=True):
        shown = public_title(item, labels, show_closed=show_closed)
        _el(_el(listing, "li"), "a", f"{labels.item} {item.number}: {shown}", href=f"#{item_ids.item}")


def _warn_unshown(meeting: Meeting, page: str, *, show_closed: bool) -> None:
    groups: dict[str, list[str]] = {}
    for path, _ in system_fields(meeting):
        what = _NOT_SHOWN.get(path.rsplit(".", 1)[-1])
        if what is None:  # a decision's forum and date, under a caption of its own
            what = "beslutningens forum og dato (afsnittet har sin egen overskrift)"
        groups.setdefault(f"{what} vises ikke på en webside", []).append(path)
    if "\ufffd" in page:  # only then can a character have been replaced: find where
        paths = [p for p, v in walk(meeting) if isinstance(v, str) and UNSHOWABLE.search(v)]
        if paths:
            groups["tegn, som HTML ikke kan vise, er erstattet med U+FFFD"] = paths
    closed = [f"items[{i}]" for i, item in enumerate(meeting.items) if not item.public and not show_closed]
    if closed:
        what = (
            "lukket punkt: titel og indhold er udeladt af den offentlige side (html_closed='show' viser dem)"
        )
        groups[what] = closed
    for what, paths in groups.items():
        warn_lost("html", paths, what, stacklevel=5)


def _fragment(parent: etree._Element, tag: str, source: str | None, what: str) -> None:
    """The caller's own HTML (header, footer), taken as given, in a ``tag`` of ``parent``."""
    if not source:
        return
    try:
        holder = html.fragment_fromstring(source, create_parent="div")
    except (etree.ParserError, ValueError) as error:
        raise WriteError(f"{what} er ikke et gyldigt HTML-fragment: {error}") from None
    element = _el(parent, tag, class_="sidehoved" if tag == "header" else "sidefod")
    element.text = holder.text
    element.extend(list(holder))


def write_html(
    meeting: Meeting,
    labels: Labels,
    *,
    fragment: bool = False,
    stylesheet: str | None = None,
    header: str | None = None,
    footer: str | None = None,
    closed: str = "omit",
    check_loss: bool = True,
) -> str:
    """The meeting as an HTML5 page (or, with ``fragment``, its ``<article>`` alone)."""
    if closed not in ("omit", "show"):
        raise WriteError(f"html_closed skal være 'omit' eller 'show', ikke {closed!r}")
    show_closed = closed == "show"
    title = meeting_title(meeting, labels)
    article = etree.Element("article", {"class": "referat", "lang": "da"})
    _front(article, meeting, labels, title)
    ids = element_ids(meeting)
    _toc(article, meeting, ids, labels, show_closed=show_closed)
    for item, item_ids in zip(meeting.items, ids, strict=True):
        _item(article, item, item_ids, labels, show_closed=show_closed)
    if fragment:
        out = etree.tostring(article, method="html", encoding="unicode") + "\n"
        if check_loss:
            _warn_unshown(meeting, out, show_closed=show_closed)
        return out

    page = etree.Element("html", lang="da")
    head = _el(page, "head")
    _el(head, "meta", charset="utf-8")
    _el(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    _el(head, "meta", name="generator", content="referatkit")
    _el(head, "title", title)
    _el(head, "style", _css())
    if stylesheet:
        _el(head, "style", stylesheet, class_="egen")
    body = _el(page, "body")
    _fragment(body, "header", header, "sidehovedet")
    _el(body, "main").append(article)
    _fragment(body, "footer", footer, "sidefoden")
    out = "<!DOCTYPE html>\n" + etree.tostring(page, method="html", encoding="unicode") + "\n"
    if check_loss:
        _warn_unshown(meeting, out, show_closed=show_closed)
    return out
