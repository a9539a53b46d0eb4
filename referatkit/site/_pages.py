"""The site's own pages: front, committee, case, search; and the frame around a meeting's page.

A meeting's page is the HTML writer's (:mod:`referatkit.formats.html`), given the site's
navigation as its header and footer and the site's stylesheet; this module writes only
the pages that list meetings and cases, as lxml trees (every text escaped).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

from lxml import etree

from ..formats.html import UNSHOWABLE
from ..l10n import format_date, format_long_date, format_time
from ..model import DocumentKind
from ..store import CaseHistory, Treatment
from . import _addresses as addresses
from ._summary import MeetingInfo

__all__ = [
    "SITE_CSS",
    "SITE_EXTRA",
    "case_page",
    "committee_page",
    "front_page",
    "kind_label",
    "meeting_footer",
    "meeting_header",
    "search_page",
    "withdrawn_page",
]

SITE_EXTRA = """
.websted { max-width: 46rem; margin: 0 auto; padding: 0.75rem 1.25rem 0; }
.websted ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; padding: 0; margin: 0; }
.sti { color: #454545; margin: 0.5rem 0 0; }
.abonner { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; padding: 0; list-style: none; }
ol.forloeb > li { margin: 0 0 1.5rem; padding-left: 0.25rem; }
ol.forloeb h2 { font-size: 1.15rem; margin: 0 0 0.25rem; padding: 0; border: 0; }
ul.moeder { padding-left: 1.25rem; }
ul.moeder li { margin: 0.2rem 0; }
main { overflow-wrap: break-word; }
@media (max-width: 40rem) {
  /* A phone: a table of amounts fits the screen, its cells breaking long words. */
  table { font-size: 0.85rem; }
  th, td { padding: 0.15rem 0.3rem; overflow-wrap: anywhere; hyphens: auto; }
}
"""


@cache
def writer_css() -> str:
    """The HTML writer's own stylesheet (which it embeds in a meeting's page)."""
    return resources.files("referatkit.formats.html").joinpath("referat.css").read_text(encoding="utf-8")


def site_css() -> str:
    """The writer's stylesheet and the site's additions: one file, ``stil.css``."""
    return writer_css() + SITE_EXTRA


SITE_CSS = "stil.css"


def kind_label(kind: DocumentKind) -> str:
    return "Dagsorden" if kind is DocumentKind.AGENDA else "Referat"


def _clean(text: str) -> str:
    return UNSHOWABLE.sub("\ufffd", text)


def _el(parent: etree._Element, tag: str, text: str | None = None, /, **attributes: str) -> etree._Element:
    element = etree.SubElement(
        parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attributes.items()}
    )
    if text is not None:
        element.text = _clean(text)
    return element


def _tail(element: etree._Element, text: str) -> None:
    element.tail = (element.tail or "") + _clean(text)


def _nav(parent: etree._Element, here: str, trail: Sequence[tuple[str, str]] = ()) -> None:
    """The site's navigation (front, search, open data) and the trail to ``here``."""
    nav = _el(parent, "nav", class_="websted", aria_label="Webstedet")
    listing = _el(nav, "ul")
    for target, text in (("index.html", "Forside"), ("soeg.html", "Søg"), ("oparl/system.json", "Åbne data")):
        _el(_el(listing, "li"), "a", text, href=addresses.relative(here, target))
    if trail:
        sti = _el(nav, "p", class_="sti")
        for index, (target, text) in enumerate(trail):
            if index:
                _tail(sti[-1], " › ")
            _el(sti, "a", text, href=addresses.relative(here, target))


def _page(
    here: str, title: str, trail: Sequence[tuple[str, str]] = ()
) -> tuple[etree._Element, etree._Element]:
    """An empty page (``html``, and its ``main`` to fill)."""
    root = etree.Element("html", lang="da")
    head = _el(root, "head")
    _el(head, "meta", charset="utf-8")
    _el(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    _el(head, "meta", name="generator", content="referatkit")
    _el(head, "title", title)
    _el(head, "link", rel="stylesheet", href=addresses.relative(here, SITE_CSS))
    body = _el(root, "body")
    _nav(_el(body, "header"), here, trail)
    main = _el(body, "main")
    _el(main, "h1", title)
    return root, main


def _serialise(root: etree._Element) -> bytes:
    return b"<!DOCTYPE html>\n" + etree.tostring(root, method="html", encoding="utf-8") + b"\n"


def _time(parent: etree._Element, when: dt.datetime) -> None:
    _el(parent, "time", f"{format_long_date(when)} kl. {format_time(when)}", datetime=when.isoformat())


def _meeting_list(parent: etree._Element, here: str, meetings: Iterable[MeetingInfo], forum: bool) -> None:
    listing = _el(parent, "ul", class_="moeder")
    for info in meetings:
        li = _el(listing, "li")
        text = f"{kind_label(info.kind)}: {info.forum}" if forum else kind_label(info.kind)
        _el(li, "a", text, href=addresses.relative(here, info.page))
        _tail(li[-1], ", ")
        _time(li, info.start)


def _subscribe(parent: etree._Element, here: str, calendar: str, feed: str) -> None:
    listing = _el(parent, "ul", class_="abonner")
    _el(_el(listing, "li"), "a", "Kalender (iCalendar)", href=addresses.relative(here, calendar))
    _el(
        _el(listing, "li"),
        "a",
        "Nyhedsfeed (Atom)",
        href=addresses.relative(here, feed),
        type="application/atom+xml",
    )


def front_page(
    title: str,
    coming: Sequence[MeetingInfo],
    latest: Sequence[MeetingInfo],
    committees: Sequence[tuple[str, int]],
) -> bytes:
    """``index.html``: coming meetings, the latest minutes, every committee."""
    here = "index.html"
    root, main = _page(here, title)
    _subscribe(main, here, "kalender/alle.ics", "feed/alle.xml")
    _el(main, "h2", "Kommende møder")
    if coming:
        _meeting_list(main, here, coming, forum=True)
    else:
        _el(main, "p", "Der er ingen dagsordener uden referat.")
    _el(main, "h2", "Seneste referater")
    if latest:
        _meeting_list(main, here, latest, forum=True)
    else:
        _el(main, "p", "Der er ingen referater endnu.")
    _el(main, "h2", "Udvalg")
    listing = _el(main, "ul", class_="moeder")
    for name, count in committees:
        li = _el(listing, "li")
        _el(li, "a", name, href=addresses.relative(here, addresses.committee_page(name)))
        _tail(li[-1], f" ({count} {'møde' if count == 1 else 'møder'})")
    return _serialise(root)


def committee_page(name: str, meetings: Sequence[MeetingInfo]) -> bytes:
    """``udvalg/<navn>.html``: the committee's meetings by year, newest first."""
    here = addresses.committee_page(name)
    root, main = _page(here, name, [("index.html", "Forside")])
    _subscribe(main, here, addresses.committee_calendar(name), addresses.committee_feed(name))
    years: dict[int, list[MeetingInfo]] = {}
    for info in sorted(meetings, key=lambda m: m.order, reverse=True):
        years.setdefault(info.start.year, []).append(info)
    for year, infos in years.items():
        _el(main, "h2", str(year))
        _meeting_list(main, here, infos, forum=False)
    return _serialise(root)


def _treatment(parent: etree._Element, here: str, treatment: Treatment, link: str | None) -> None:
    li = _el(parent, "li", id=addresses.treatment_anchor(treatment))
    _el(li, "h2", f"{treatment.forum}, {format_date(treatment.date)}")
    line = _el(li, "p")
    if link is not None:
        label = (
            f"Punkt {treatment.item_number}: {treatment.title}" if treatment.item_number else treatment.title
        )
        _el(line, "a", label, href=addresses.relative(here, link))
    else:
        line.text = _clean(f"{treatment.title} (kendt fra sagens forløb i et senere møde)")
    for caption, text in (("Indstilling", treatment.recommendation), ("Beslutning", treatment.decision)):
        if text.strip():
            _el(li, "h3", caption)
            for paragraph in text.split("\n\n"):
                if paragraph.strip():
                    _el(li, "p", paragraph.strip())


def case_page(case: CaseHistory, links: Sequence[str | None]) -> bytes:
    """``sag/<nummer>.html``: the case's treatments in order, each linking to its item."""
    here = addresses.case_page(case.number)
    title = f"Sag {case.number}: {case.title}" if case.title else f"Sag {case.number}"
    root, main = _page(here, title, [("index.html", "Forside")])
    feed = _el(_el(main, "p"), "a", "Nyhedsfeed for sagen (Atom)", type="application/atom+xml")
    feed.set("href", addresses.relative(here, addresses.case_feed(case.number)))
    _el(
        main,
        "p",
        f"Sagen er behandlet {len(case.treatments)} {'gang' if len(case.treatments) == 1 else 'gange'}:",
    )
    listing = _el(main, "ol", class_="forloeb")
    for treatment, link in zip(case.treatments, links, strict=True):
        _treatment(listing, here, treatment, link)
    if case.discrepancies:
        _el(main, "h2", "Uoverensstemmelser i sagens forløb")
        notes = _el(main, "ul")
        for note in case.discrepancies:
            _el(notes, "li", f"{note.forum}, {format_date(note.date)}: {note.what}")
    return _serialise(root)


def withdrawn_page(info: MeetingInfo) -> bytes:
    """The page left at a withdrawn meeting's address: it says so, and links on."""
    root, main = _page(info.page, info.title, [("index.html", "Forside")])
    _el(main, "p", f"Mødet er trukket tilbage den {format_date(info.withdrawn or info.modified)}.")
    link = _el(_el(main, "p"), "a", f"Se {info.forum}s øvrige møder")
    link.set("href", addresses.relative(info.page, addresses.committee_page(info.forum)))
    return _serialise(root)


def search_page(title: str, years: Sequence[str]) -> bytes:
    """``soeg.html``: Pagefind's search box with the filters committee, year and kind, over
    the index of each year (``pagefind/<year>/``, the newest first, the others merged)."""
    here = "soeg.html"
    root, main = _page(here, f"Søg i {title}", [("index.html", "Forside")])
    if not years:
        _el(main, "p", "Der er ikke bygget et søgeindeks til dette websted.")
        return _serialise(root)
    # The newest index is the search box's own (found beside its script); Pagefind finds the
    # others from there.
    newest, *others = sorted(years, reverse=True)
    head = root[0]
    _el(head, "link", rel="stylesheet", href=f"pagefind/{newest}/pagefind-ui.css")
    _el(head, "script", src=f"pagefind/{newest}/pagefind-ui.js")
    _el(main, "div", id="soeg")
    script = _el(main, "script")
    # A merged index's results are addressed from the site's root, this page's folder (where
    # the site is served: a sub-path too); Pagefind would take the server's root, as its bundle
    # path holds no "/pagefind/" to tell it (the primary index's does).
    merged = ", ".join(f"{{ bundlePath: {json.dumps(f'../{year}/')}, baseUrl: site }}" for year in others)
    script.text = (
        'window.addEventListener("DOMContentLoaded", () => { '
        'const site = new URL(".", location.href).pathname; new PagefindUI({ element: "#soeg", '
        f"mergeIndex: [{merged}], "
        "showImages: false, showSubResults: false, resetStyles: false, "
        'openFilters: ["udvalg"], translations: { placeholder: "Søg i dagsordener og referater" } }); });'
    )
    noscript = _el(main, "noscript")
    _el(noscript, "p", "Søgningen kræver JavaScript. Se møderne under hvert udvalg på forsiden.")
    return _serialise(root)


def meeting_header(here: str, info: MeetingInfo) -> str:
    """The site's navigation as the HTML writer's ``header`` of a meeting's page."""
    holder = etree.Element("div")
    _nav(holder, here, [("index.html", "Forside"), (addresses.committee_page(info.forum), info.forum)])
    return etree.tostring(holder[0], method="html", encoding="unicode")


def meeting_footer(here: str, info: MeetingInfo, cases: dict[str, str]) -> str:
    """The writer's ``footer``: each item's case history, and the meeting as open data."""
    holder = etree.Element("div")
    linked = [(item, cases[item.case]) for item in info.items if item.case is not None and item.case in cases]
    if linked:
        _el(holder, "p", "Sagernes forløb:", class_="fremmoede-gruppe")
        listing = _el(holder, "ul")
        for item, page in linked:
            li = _el(listing, "li")
            _el(li, "a", f"Punkt {item.number}: sag {item.case}", href=addresses.relative(here, page))
    line = _el(holder, "p")
    _el(
        line,
        "a",
        "Mødet som åbne data (OParl)",
        href=addresses.relative(here, f"oparl/meeting/{addresses.slug(info.key)}.json"),
    )
    return "".join(etree.tostring(child, method="html", encoding="unicode") for child in holder)
