"""FirstAgenda's portal page of one meeting (format ``firstagenda-html``).

The page the portal serves for a meeting (``/vis?id=…``): the meeting's facts
in ``table.dagsordeninfo`` (``span.udvalg``, ``span.dato``, ``span.sted``,
``td.deltagere``), its kind in the heading ("Referat 1. oktober 2025 kl.
15.45"), and one ``tr.punktrow`` per item in ``table#dagsordenDetaljer``: the
number (``span.label``), the title (``h2.overskrift``), the case number
(``span.sagsnummer``), the item's text (``div.punkt``, the same HTML as the
JSON's ``Felter``) and its attachments (``h3`` "Bilag" and a list of
``a.bilag-link``). What the page shows is read as the JSON is
(``docs/firstagenda.md``); the rest of the page (menus, scripts, dialogs) is
the portal's, not the meeting's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import NoReturn

import lxml.html
from lxml import etree

from ...errors import ReadError
from ...l10n import localize, month_number
from ...model import (
    Attachment,
    AttachmentList,
    AttendanceStatus,
    DocumentKind,
    Forum,
    Item,
    Meeting,
    Participant,
    Section,
    Variant,
)
from .._build import unique_properties
from .._contract import Note, ReadContext
from .._htmlcontent import clean_line, over_limits
from .._limits import COST_HTML_TAG, COST_NAME, MAX_TEXT_BYTES, MAX_YEAR, MIN_YEAR, charge, over
from ._fields import item_sections, portal_labels
from ._options import PortalOptions
from ._portal import CLOSED_PREFIX, attachment_url, is_minutes

__all__ = ["read_firstagenda_html"]

SYSTEM = "firstagenda"
_NUMBER = re.compile(r"[0-9A-Za-zÆØÅæøå]+(?:[.\-][0-9A-Za-zÆØÅæøå]+)*")
_WHEN = re.compile(
    r"(?P<day>\d{1,2})\.? (?P<month>[A-Za-zæøåÆØÅ]+) (?P<year>\d{4})"
    r"(?: kl\.? (?P<hour>\d{1,2})[.:](?P<minute>\d\d))?"
)
_UUID = re.compile(r"[0-9a-fA-F-]{8,}")
_END = re.compile(r"</html\s*>\Z", re.I)
#: HTML's white space.
_SPACE = " \t\n\r\f"


def _whole(text: str) -> bool:
    """Whether the page ends as a whole page does: ``</html>``, then at most white space and
    comments. The portal sends it, and a browser saves it; a page without it was cut off (a
    broken download), and HTML's forgiving parsing would read it as a meeting of fewer items."""
    end = len(text.rstrip(_SPACE))
    while text.endswith("-->", 0, end):  # the comments from the end: each character looked at once
        end = text.rfind("<!--", 0, end - 3)
        if end < 0:
            return False
        while end and text[end - 1] in _SPACE:
            end -= 1
    return _END.search(text, max(0, end - 64), end) is not None


_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>")


def read_firstagenda_html(data: bytes, ctx: ReadContext) -> Meeting:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError(
            f"er ikke UTF-8 (byte {error.start}); portalens sider er UTF-8", source=ctx.source
        ) from None
    if len(text) > MAX_TEXT_BYTES:
        # Reading HTML takes up to a second per MiB of dense markup.
        raise over("MAX_TEXT_BYTES", f"siden på {len(text)} tegn", MAX_TEXT_BYTES, source=ctx.source)
    if "\x00" in text:
        raise ReadError("indeholder NUL-tegn; det er ikke en webside", source=ctx.source)
    too_much = over_limits(text)
    if too_much is not None:
        # libxml2's HTML parser takes time quadratic in a tag's attributes.
        raise ReadError(f"siden {too_much}", source=ctx.source)
    # Every tag becomes a node of lxml's tree and, in an item's fields, of the model's walk:
    # charged before parsing, as an export's HTML field is (200,000 tags of nested lists and
    # bold in 1.6 MB took 1.3 s; the fuzzer's seed 39, firstagenda-html input 1030).
    charge(text.count("<") * COST_HTML_TAG, "HTML på siden")
    # An XHTML page's XML declaration names the bytes' encoding: the text is decoded already
    # (lxml refuses a text that has one).
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        root = lxml.html.document_fromstring(text)
    except etree.ParserError:  # lxml's "Document is empty": no element at all
        raise ReadError("siden er tom: den har ingen HTML-elementer", source=ctx.source) from None
    except ValueError:
        raise ReadError("kan ikke læses som HTML", source=ctx.source) from None
    options = ctx.options if isinstance(ctx.options, PortalOptions) else PortalOptions()
    meeting = _Page(ctx, options).meeting(root)
    if not _whole(text):
        raise ReadError(
            f"siden slutter for tidligt (er den afkortet?): den mangler sin afslutning </html>, "
            f"og kun {len(meeting.items)} punkter er med",
            source=ctx.source,
            line=text.count("\n") + 1,
        )
    return meeting


def _classes(element: etree._Element) -> set[str]:
    return set((element.get("class") or "").split())


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    return clean_line("".join(str(x) for x in element.itertext()))


def _first(root: etree._Element, tag: str, css_class: str) -> etree._Element | None:
    for element in root.iter(tag):
        if css_class in _classes(element):
            return element
    return None


class _Page:
    def __init__(self, ctx: ReadContext, options: PortalOptions) -> None:
        self.ctx = ctx
        self.source = ctx.source
        self.labels = portal_labels(ctx.labels)
        self.options = options

    def fail(self, element: etree._Element | None, message: str) -> NoReturn:
        line = element.sourceline if element is not None else None
        raise ReadError(message, source=self.source, line=line if isinstance(line, int) else None)

    def warner(self, element: etree._Element) -> Callable[[str], None]:
        line = element.sourceline if isinstance(element.sourceline, int) else None

        def warn(message: str) -> None:
            self.ctx.report(Note.APPROXIMATE, detail=message, line=line)

        return warn

    def meeting(self, root: etree._Element) -> Meeting:
        table = next((t for t in root.iter("table") if t.get("id") == "dagsordenDetaljer"), None)
        if table is None:
            self.fail(
                None,
                "er ikke en mødeside fra FirstAgendas publiceringsportal (ingen tabel id=dagsordenDetaljer)",
            )
        info = _first(root, "table", "dagsordeninfo")
        scope = info if info is not None else root
        forum = _text(_first(scope, "span", "udvalg")) or _text(_first(root, "span", "udvalg"))
        if forum is None:
            self.fail(info, "siden nævner intet udvalg (span.udvalg)")
        when_element = _first(scope, "span", "dato")
        heading = _first(root, "h1", "dato")
        if heading is None:
            heading = next(root.iter("h1"), None)
        start = self.when(when_element) or self.when(heading)
        if start is None:
            self.fail(when_element if when_element is not None else heading, "siden har intet mødetidspunkt")
        place = _text(_first(scope, "span", "sted"))
        title = _text(heading) or ""
        rows = [row for row in table.iter("tr") if "punktrow" in _classes(row)]
        items = [self.item(row) for row in rows]
        if re.match(r"referat", title, re.I):
            kind = DocumentKind.MINUTES
        elif re.match(r"(?:tillægs)?dagsorden", title, re.I) and not is_minutes(items):
            kind = DocumentKind.AGENDA
        else:
            kind = DocumentKind.MINUTES if is_minutes(items) else DocumentKind.AGENDA
        variant = Variant.ORDINARY
        if re.match(r"tillæg", title, re.I):
            variant = Variant.ADDENDUM
        elif re.match(r"ekstraordin", title, re.I):
            variant = Variant.EXTRAORDINARY
        attendance = self.members(_first(scope, "td", "deltagere"), kind)
        properties = [(f"{SYSTEM}:overskrift", title)] if title else []
        return Meeting(
            forum=Forum(name=forum),
            kind=kind,
            start=start,
            variant=variant,
            place=place,
            attendance=attendance,
            items=items,
            properties=tuple(properties),
        )

    def when(self, element: etree._Element | None) -> dt.datetime | None:
        text = _text(element)
        match = _WHEN.search(text or "")
        if match is None:
            return None
        month = month_number(match["month"])
        try:
            if month is None or not MIN_YEAR <= int(match["year"]) <= MAX_YEAR:
                raise ValueError(match["month"])
            moment = dt.datetime(
                int(match["year"]),
                month,
                int(match["day"]),
                int(match["hour"] or 0),
                int(match["minute"] or 0),
            )
            return localize(moment)
        except ValueError:
            self.fail(element, f"{text!r} er ikke et tidspunkt (fx 1. oktober 2025 kl. 15.45)")

    def members(self, cell: etree._Element | None, kind: DocumentKind) -> list[Participant]:
        """The members the page lists (one an element or a line), when the page holds them."""
        if cell is None:
            return []
        names: list[str] = []
        listed = "\n".join(str(x) for x in cell.itertext())
        charge((1 + listed.count("\n") + listed.count(",")) * COST_NAME, "mødedeltagere på siden")
        for piece in re.split(r"\n|,", listed):
            name = clean_line(piece)
            if name is not None:
                names.append(name)
        status = AttendanceStatus.PRESENT if kind is DocumentKind.MINUTES else AttendanceStatus.INVITED
        return [Participant(name=name, status=status) for name in dict.fromkeys(names)]

    def item(self, row: etree._Element) -> Item:
        cells = [c for c in row if isinstance(c.tag, str) and c.tag == "td"]
        label = _first(cells[0], "span", "label") if cells else None
        number = _text(label)
        if number is None or not _NUMBER.fullmatch(number):
            self.fail(row, f"punktet har intet gyldigt nummer ({number!r})")
        raw_title = _text(_first(row, "h2", "overskrift"))
        if raw_title is None:
            self.fail(row, f"punkt {number} har ingen titel (h2.overskrift)")
        prefix = CLOSED_PREFIX.match(raw_title)
        public = prefix is None
        title, public_title = (raw_title, None) if prefix is None else (raw_title[prefix.end() :], raw_title)
        identifier = clean_line((row.get("id") or "").removeprefix("punktrow_"))
        journal = _text(_first(row, "span", "sagsnummer"))
        details = _first(row, "div", "details")
        sections: list[Section] = []
        body = _first(details, "div", "punkt") if details is not None else None
        if body is not None:
            warn = self.warner(body)
            sections.extend(item_sections(body, self.labels, warn, uncaptioned_decision=not public))
        attachments = [self.attachment(link) for link in row.iter("a") if "bilag-link" in _classes(link)]
        if attachments:
            sections.append(AttachmentList(attachments))
        return Item(
            number=number,
            title=title,
            journal_number=journal,
            public=public,
            public_title=public_title,
            sections=sections,
            identifier=identifier,
        )

    def attachment(self, link: etree._Element) -> Attachment:
        title = _text(link)
        if title is None:
            self.fail(link, "et bilag har intet navn")
        identifier = clean_line((link.get("id") or "").removeprefix("enclosure-")) or ""
        label = link.getprevious()
        has_pdf = label is not None and "pdf-label" in _classes(label)
        if label is not None and label.get("data-id"):
            identifier = clean_line(label.get("data-id")) or identifier
        properties: list[tuple[str, str]] = []
        if identifier and _UUID.fullmatch(identifier):
            properties.append((f"{SYSTEM}:Id", identifier))
        if has_pdf:
            properties.append((f"{SYSTEM}:HarPdfVersion", "true"))
        href = clean_line(link.get("href"))
        if href is not None:
            properties.append((f"{SYSTEM}:href", href))
        url = attachment_url(self.options.base_url, identifier) if identifier else None
        if url is not None:
            properties.append((f"{SYSTEM}:url", url))
        return Attachment(title=title, properties=unique_properties(properties))
