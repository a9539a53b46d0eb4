"""Building the site: every file from the collection, written aside, compared, swapped in whole.

The new site is written into a folder beside the output (``.<name>.referatkit-ny``). A
file whose bytes are those the last build wrote (the manifest ``.referatkit-site.json``
holds each file's SHA-256) is not written again but linked from the old site; a meeting
whose store record, links and options are unchanged is not even rendered again. Then the
old folder is moved aside and the new one moved in, so a reader never sees half a site and
a failure leaves the old site as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from attrs import evolve, field, frozen

from .. import __version__
from .._api import render
from .._repr import fields_repr
from ..editions import public
from ..errors import ReferatkitError
from ..formats._contract import HtmlOptions
from ..formats._reports import Reports
from ..l10n import DANISH
from ..model import COPENHAGEN, DocumentKind, Meeting
from ..store import CaseHistory, Treatment
from . import _addresses as addresses
from . import _calendar, _feeds, _pages, _search
from ._collection import Collection, SiteError, open_collection
from ._oparl import Api, Json, dump
from ._summary import MeetingInfo, summarise

__all__ = ["SiteOptions", "SiteReport", "build_site"]

MANIFEST = ".referatkit-site.json"
#: Changes when what the site writes changes: every page is then rendered again.
SITE_VERSION = "1"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _base_url(instance: object, attribute: object, value: str) -> None:
    if not value.startswith(("http://", "https://")) or not value.endswith("/"):
        raise SiteError(
            f"webstedets adresse skal begynde med http:// eller https:// og slutte med /, ikke {value!r}"
        )


@frozen(kw_only=True)
class SiteOptions:
    """``base_url``: where the site will be served (calendars, feeds and the API need whole
    addresses; the default fits ``python -m http.server -d site``). ``title``: the front
    page's heading. ``body``: the municipality's name in the API (else the forums'
    organisation, else the title). ``attachment_base_url``: where the portal keeps the
    attachments (the HTML writer's option). ``search``: build the Pagefind index."""

    __repr__ = fields_repr

    base_url: str = field(default="http://localhost:8000/", validator=_base_url)
    title: str = "Dagsordener og referater"
    body: str | None = None
    attachment_base_url: str | None = None
    search: bool = True


@frozen(kw_only=True)
class SiteReport:
    """What a build did: files ``written`` (new or changed), ``kept`` (the same bytes as
    before, linked), ``removed`` (no longer in the site); ``rendered``: meetings whose page
    was rendered (the others were unchanged)."""

    __repr__ = fields_repr

    output: Path
    meetings: int
    cases: int
    written: tuple[str, ...]
    kept: tuple[str, ...]
    removed: tuple[str, ...]
    rendered: int

    def summary(self) -> str:
        return (
            f"{self.output}: {self.meetings} møder, {self.cases} sager; "
            f"{len(self.written)} filer skrevet, {len(self.kept)} uændrede, {len(self.removed)} fjernet"
        )


class _Writer:
    """Writes the new site's files, linking those whose bytes the old site already has."""

    def __init__(self, staging: Path, old: Path | None, manifest: dict[str, str]) -> None:
        self.staging = staging
        self.old = old
        self.before = manifest
        self.files: dict[str, str] = {}
        self.written: list[str] = []
        self.kept: list[str] = []

    def put(self, path: str, data: bytes) -> None:
        if path in self.files:
            raise SiteError(f"to ting i samlingen får samme adresse: {path}")
        sha = hashlib.sha256(data).hexdigest()
        if not self.keep(path, sha):
            target = self.staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            self.written.append(path)
            self.files[path] = sha

    def keep(self, path: str, sha: str | None = None) -> bool:
        """Link ``path`` from the old site when it holds the same bytes (any, for ``sha=None``)."""
        known = self.before.get(path)
        if self.old is None or known is None or (sha is not None and known != sha):
            return False
        source = self.old / path
        if not source.is_file():
            return False
        target = self.staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
        self.files[path] = known
        self.kept.append(path)
        return True


def _check_output(output: Path) -> tuple[Path | None, dict[str, str], dict[str, str]]:
    """The old site (or None), its files' digests and its meetings' inputs; a SiteError
    when ``output`` holds something that is not a site of referatkit's."""
    if not output.exists():
        return None, {}, {}
    if not output.is_dir():
        raise SiteError(f"{output}: findes og er ikke en mappe; vælg en ny eller tom mappe til webstedet")
    manifest = output / MANIFEST
    if not manifest.is_file():
        if any(output.iterdir()):
            raise SiteError(
                f"{output}: mappen indeholder andet end et websted bygget af referatkit "
                f"(den har ingen {MANIFEST}); vælg en ny eller tom mappe, intet er ændret"
            )
        return None, {}, {}
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return output, dict(data["files"]), dict(data["meetings"])
    except (ValueError, KeyError, TypeError, OSError):
        raise SiteError(f"{manifest}: kan ikke læses; slet mappen og byg webstedet igen") from None


def _staging(output: Path, suffix: str) -> Path:
    return output.parent / f".{output.name}.referatkit-{suffix}"


def _swap(staging: Path, output: Path, old: Path | None) -> None:
    if old is None and output.exists():
        output.rmdir()  # empty: checked before the build
    if old is None:
        os.replace(staging, output)
        return
    aside = _staging(output, "gammel")
    shutil.rmtree(aside, ignore_errors=True)
    os.replace(output, aside)
    os.replace(staging, output)
    shutil.rmtree(aside, ignore_errors=True)


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def build_site(
    source: Collection | str | os.PathLike[str],
    output: str | os.PathLike[str],
    options: SiteOptions | None = None,
) -> SiteReport:
    """Build the site of ``source`` (a store's path or URL, or any :class:`Collection`) in
    ``output``; return what was written. Only the public edition is published.

    >>> import tempfile, pathlib
    >>> from referatkit.site import build_site
    >>> with tempfile.TemporaryDirectory() as folder:             # doctest: +SKIP
    ...     build_site("moeder.sqlite", pathlib.Path(folder) / "site").summary()
    """
    options = options or SiteOptions()
    collection = open_collection(source)
    try:
        return _build_aside(collection, Path(output), options)
    finally:
        if collection is not source:  # opened here: closed here
            close = getattr(collection, "close", None)
            if close is not None:
                close()


def _build_aside(collection: Collection, out: Path, options: SiteOptions) -> SiteReport:
    """Build into a folder beside ``out``, then swap it in."""
    old, manifest, inputs = _check_output(out)
    staging = _staging(out, "ny")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    search: _search.SearchIndex | None = None
    try:
        search = _search.SearchIndex() if options.search else None
        report = _build(
            collection,
            staging,
            out=out,
            old=old,
            manifest=manifest,
            inputs=inputs,
            options=options,
            search=search,
        )
        _swap(staging, out, old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if search is not None:
            search.close()
    return report


def _public_cases(cases: Iterable[CaseHistory]) -> list[CaseHistory]:
    return sorted(cases, key=lambda c: c.number)


def _build(
    collection: Collection,
    staging: Path,
    *,
    out: Path,
    old: Path | None,
    manifest: dict[str, str],
    inputs: dict[str, str],
    options: SiteOptions,
    search: _search.SearchIndex | None,
) -> SiteReport:
    base = options.base_url
    writer = _Writer(staging, old, manifest)
    cases = _public_cases(collection.cases())
    case_pages: dict[str, str] = {}
    for case in cases:
        page = addresses.case_page(case.number)
        if page in case_pages.values():
            raise SiteError(f"sagsnummeret {case.number!r} giver samme adresse som en anden sag: {page}")
        case_pages[case.number] = page

    # --- every meeting: its page, its API objects and its search records, one at a time ----
    infos: list[MeetingInfo] = []
    item_objects: dict[tuple[str, str], str] = {}  # (meeting key, item number) -> AgendaItem path
    open_items: set[tuple[str, str]] = set()
    organisations: Counter[str] = Counter()
    new_inputs: dict[str, str] = {}
    rendered = 0
    api = Api(base, options.body or options.title, options.attachment_base_url)
    consultation_of = _consultations(cases)
    stored_meetings = sorted(collection.meetings(), key=lambda s: s.key)
    seen_pages: set[str] = set()
    for stored in stored_meetings:
        shown = public(stored.meeting)
        info = summarise(stored, shown)
        if info.page in seen_pages:
            raise SiteError(f"mødenøglen {stored.key!r} giver samme adresse som et andet møde: {info.page}")
        seen_pages.add(info.page)
        infos.append(info)
        if shown.forum.organisation:
            organisations[shown.forum.organisation] += 1
        for item_info in info.items:
            if item_info.public:
                open_items.add((info.key, item_info.number))
        linked = {c: case_pages[c] for c in (i.case for i in info.items) if c is not None and c in case_pages}
        html_options = _html_options(info, linked, options)
        # What the page is made of: the meeting as stored, the writer's options (the site's
        # header, footer and stylesheet), the writer's own stylesheet and referatkit's version.
        wanted = _digest(
            SITE_VERSION, __version__, _pages.writer_css(), stored.checksum, stored.modified, html_options
        )
        new_inputs[stored.key] = wanted
        if info.withdrawn is not None:
            writer.put(info.page, _pages.withdrawn_page(info))
        elif not (inputs.get(stored.key) == wanted and writer.keep(info.page)):
            rendered += 1
            writer.put(info.page, _meeting_page(info, shown, html_options))
        items = []
        for item_json, files in api.items(info, shown, consultation_of):
            path = item_json["id"][len(base) :]
            item_objects[(info.key, item_json["number"])] = path
            writer.put(path, dump(item_json))
            for file_json in files:
                writer.put(file_json["id"][len(base) :], dump(file_json))
            items.append(item_json)
        writer.put(api.meeting_path(info.key), dump(api.meeting(info, items)))
        if search is not None:
            for record in _search.records(info, shown):
                search.add(record)

    live = [i for i in infos if i.withdrawn is None]
    committees: dict[str, list[MeetingInfo]] = {}
    for info in sorted(live, key=lambda m: m.order):
        committees.setdefault(info.forum, []).append(info)
    _check_unique("udvalget", committees, addresses.committee_page)
    latest_change = max((i.modified for i in infos), default=_EPOCH)
    first = min((i.indexed for i in infos), default=_EPOCH)
    body_name = options.body or (organisations.most_common(1)[0][0] if organisations else options.title)
    api = Api(base, body_name, options.attachment_base_url)

    # --- the pages that list meetings ------------------------------------------------------
    writer.put(_pages.SITE_CSS, _pages.site_css().encode("utf-8"))
    minutes_of = {(i.forum, i.start) for i in live if i.kind is DocumentKind.MINUTES}
    # Coming meetings: the latest agendas whose minutes are not in the collection (by the
    # store, not by the clock: the same store gives the same front page on any day).
    coming = sorted(
        (i for i in live if i.kind is DocumentKind.AGENDA and (i.forum, i.start) not in minutes_of),
        key=lambda m: m.order,
    )
    latest = sorted((i for i in live if i.kind is DocumentKind.MINUTES), key=lambda m: m.order, reverse=True)[
        :20
    ]
    writer.put(
        "index.html",
        _pages.front_page(
            options.title, coming[-20:], latest, [(n, len(m)) for n, m in sorted(committees.items())]
        ),
    )
    writer.put("soeg.html", _pages.search_page(options.title))
    for name, meetings in committees.items():
        writer.put(addresses.committee_page(name), _pages.committee_page(name, meetings))
        writer.put(addresses.committee_calendar(name), _calendar.calendar(name, meetings, base))
        writer.put(
            addresses.committee_feed(name),
            _meeting_feed(
                base,
                name,
                page=addresses.committee_page(name),
                path=addresses.committee_feed(name),
                meetings=meetings,
                author=body_name,
            ),
        )
    writer.put("kalender/alle.ics", _calendar.calendar(options.title, live, base))
    writer.put(
        "feed/alle.xml",
        _meeting_feed(
            base, options.title, page="index.html", path="feed/alle.xml", meetings=live, author=body_name
        ),
    )

    # --- cases -------------------------------------------------------------------------------
    by_key = {i.key: i for i in infos}
    papers: list[Json] = []
    shown_cases = 0
    for listed_case in cases:
        case = _open_treatments(listed_case, open_items, by_key)
        if not case.treatments:
            continue
        shown_cases += 1
        links = [
            f"{by_key[t.meeting_key].page}#{_anchor(by_key[t.meeting_key], t.item_number)}"
            if t.meeting_key in by_key
            and t.item_number is not None
            and (t.meeting_key, t.item_number) in open_items
            else None
            for t in case.treatments
        ]
        writer.put(addresses.case_page(case.number), _pages.case_page(case, links))
        writer.put(addresses.case_feed(case.number), _case_feed(base, case, by_key, links, body_name))
        dates = [by_key[t.meeting_key] for t in case.treatments if t.meeting_key in by_key]
        modified = max((m.modified for m in dates), default=_day(case.treatments[-1].date))
        created = min((m.indexed for m in dates), default=_day(case.treatments[0].date))
        consultations = []
        for treatment in case.treatments:
            item = item_objects.get((treatment.meeting_key or "", treatment.item_number or ""))
            organization = treatment.forum if treatment.forum in committees else None
            made = api.consultation(
                case, treatment, item=item, organization=organization, modified=modified, created=created
            )
            writer.put(api.consultation_path(case.number, treatment), dump(made))
            consultations.append(made)
        paper = api.paper(case, consultations, modified, created)
        writer.put(api.paper_path(case.number), dump(paper))
        papers.append(paper)

    # --- the API's lists and its entry points -------------------------------------------------
    _write_api(
        writer, api, infos=infos, committees=committees, papers=papers, modified=latest_change, created=first
    )

    if search is not None:
        for path, data in search.files().items():
            writer.put(f"pagefind/{path}", data)

    digests = dict(sorted(writer.files.items()))
    manifest_bytes = (
        json.dumps(
            {"referatkit-site": SITE_VERSION, "files": digests, "meetings": dict(sorted(new_inputs.items()))},
            indent=0,
        )
        + "\n"
    ).encode("utf-8")
    (staging / MANIFEST).write_bytes(manifest_bytes)
    removed = tuple(sorted(set(manifest) - set(digests)))
    return SiteReport(
        output=out,
        meetings=len(infos),
        cases=shown_cases,
        written=tuple(sorted(writer.written)),
        kept=tuple(sorted(writer.kept)),
        removed=removed,
        rendered=rendered,
    )


def _check_unique(what: str, names: Iterable[str], page: object) -> None:
    seen: dict[str, str] = {}
    for name in names:
        path = page(name)  # type: ignore[operator]
        if path in seen:
            raise SiteError(f"{what} {name!r} og {seen[path]!r} får samme adresse: {path}")
        seen[path] = name


def _day(value: dt.date) -> dt.datetime:
    return dt.datetime.combine(value, dt.time(0), tzinfo=COPENHAGEN)


def _anchor(info: MeetingInfo, number: str | None) -> str:
    return next((i.anchor for i in info.items if i.number == number), "")


def _consultations(cases: Sequence[CaseHistory]) -> dict[tuple[str, str], str]:
    """(meeting key, item number) -> the path of its Consultation."""
    out: dict[tuple[str, str], str] = {}
    for case in cases:
        for treatment in case.treatments:
            if treatment.meeting_key is not None and treatment.item_number is not None:
                out.setdefault(
                    (treatment.meeting_key, treatment.item_number),
                    Api.consultation_path(case.number, treatment),
                )
    return out


def _open_treatments(
    case: CaseHistory, open_items: set[tuple[str, str]], by_key: dict[str, MeetingInfo]
) -> CaseHistory:
    """The case without a treatment that points at an item the public edition closes (a
    store of the public edition holds none; the site does not rely on it)."""

    def shown(t: Treatment) -> bool:
        if t.meeting_key is None or t.meeting_key not in by_key:
            return True
        return t.item_number is None or (t.meeting_key, t.item_number) in open_items

    kept = tuple(t for t in case.treatments if shown(t))
    return case if len(kept) == len(case.treatments) else evolve(case, treatments=kept)


def _html_options(info: MeetingInfo, cases: dict[str, str], options: SiteOptions) -> HtmlOptions:
    return HtmlOptions(
        stylesheet=_pages.SITE_EXTRA,  # the writer embeds its own stylesheet; the site adds its rules
        header=_pages.meeting_header(info.page, info),
        footer=_pages.meeting_footer(info.page, info, cases),
        attachment_base_url=options.attachment_base_url,
    )


def _meeting_page(info: MeetingInfo, shown: Meeting, html_options: HtmlOptions) -> bytes:
    try:
        page = render(shown, "html", edition="public", labels=DANISH, options=html_options, reports=Reports())
    except ReferatkitError as error:
        raise SiteError(f"mødet {info.key!r} kan ikke vises: {error}") from None
    assert isinstance(page, str)
    return page.encode("utf-8")


def _meeting_feed(
    base: str, name: str, *, page: str, path: str, meetings: Sequence[MeetingInfo], author: str
) -> bytes:
    entries = [
        _feeds.Entry(
            id=base + info.page,
            title=info.title,
            link=base + info.page,
            published=info.indexed,
            updated=info.modified,
            summary="; ".join(f"Punkt {i.number}: {i.title}" for i in info.items),
        )
        for info in meetings
    ]
    return _feeds.feed(
        id=base + path,
        title=f"{name}: nye dagsordener og referater",
        self_link=base + path,
        page=base + page,
        author=author,
        entries=entries,
        empty=_EPOCH,
    )


def _case_feed(
    base: str, case: CaseHistory, by_key: dict[str, MeetingInfo], links: Sequence[str | None], author: str
) -> bytes:
    page = addresses.case_page(case.number)
    entries = []
    for treatment, link in zip(case.treatments, links, strict=True):
        info = by_key.get(treatment.meeting_key or "")
        when = info.modified if info is not None else _day(treatment.date)
        entries.append(
            _feeds.Entry(
                id=f"{base}{page}#{addresses.treatment_anchor(treatment)}",
                title=f"{treatment.forum}, {treatment.date.isoformat()}: {treatment.title}",
                link=base + (link or f"{page}#{addresses.treatment_anchor(treatment)}"),
                published=info.indexed if info is not None else when,
                updated=when,
                summary=treatment.decision or treatment.recommendation or treatment.title,
            )
        )
    path = addresses.case_feed(case.number)
    return _feeds.feed(
        id=base + path,
        title=f"Sag {case.number}: nye behandlinger",
        self_link=base + path,
        page=base + page,
        author=author,
        entries=entries,
        empty=_EPOCH,
    )


def _write_api(
    writer: _Writer,
    api: Api,
    *,
    infos: Sequence[MeetingInfo],
    committees: dict[str, list[MeetingInfo]],
    papers: Sequence[Json],
    modified: dt.datetime,
    created: dt.datetime,
) -> None:
    writer.put("oparl/system.json", dump(api.system(modified, created)))
    body = api.body(modified, created)
    writer.put("oparl/body.json", dump(body))
    writer.put("oparl/bodies.json", dump(api.bodies(body)))
    organizations = []
    for name, meetings in sorted(committees.items()):
        organization = api.organization(name, meetings)
        writer.put(api.organization_path(name), dump(organization))
        organizations.append(organization)
        listed = [_meeting_ref(api, m) for m in meetings]
        for path, page in api.pages(f"organization/{addresses.slug(name)}/meeting", listed):
            writer.put(path, dump(page))
    people: dict[str, list[MeetingInfo]] = {}
    places: dict[str, list[MeetingInfo]] = {}
    for info in infos:
        if info.withdrawn is not None:
            continue
        for name in info.participants:
            people.setdefault(name, []).append(info)
        if info.place is not None:
            places.setdefault(info.place, []).append(info)
    _check_unique("personen", people, api.person_path)
    _check_unique("mødestedet", places, api.location_path)
    persons = []
    for name, meetings in sorted(people.items()):
        person = api.person(name, meetings)
        writer.put(api.person_path(name), dump(person))
        persons.append(person)
    for place, meetings in sorted(places.items()):
        writer.put(api.location_path(place), dump(api.location(place, meetings)))
    for name, objects in (
        ("organization", organizations),
        ("person", persons),
        ("meeting", [_meeting_ref(api, m) for m in sorted(infos, key=lambda m: m.order)]),
        ("paper", list(papers)),
    ):
        for path, page in api.pages(name, objects):
            writer.put(path, dump(page))


def _meeting_ref(api: Api, info: MeetingInfo) -> Json:
    """A meeting in a list: the object without its items (those are in its own file)."""
    made = api.meeting(info, [])
    made.pop("agendaItem", None)
    return made
