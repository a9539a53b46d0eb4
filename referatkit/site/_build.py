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
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from attrs import evolve, field, frozen

from .. import __version__
from .._api import render
from .._repr import fields_repr
from ..editions import public
from ..errors import ReferatkitError
from ..formats._reports import Reports
from ..formats.html import HtmlOptions
from ..l10n import DANISH, plural
from ..l10n.oserror import os_problem
from ..model import COPENHAGEN, DocumentKind, Meeting
from ..store import CaseHistory, MeetingStamp, StoredMeeting, Treatment
from ..store._text import body_key
from . import _addresses as addresses
from . import _calendar, _feeds, _pages, _search, _state
from ._collection import Collection, SiteError, listing, open_collection
from ._oparl import Api, Json, dump
from ._summary import MeetingInfo, summarise

__all__ = ["SiteOptions", "SiteReport", "build_site"]

MANIFEST = ".referatkit-site.json"
#: Changes when what the site writes changes: every page is then rendered again.
SITE_VERSION = "4"
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
            f"{self.output}: {plural(self.meetings, 'møde', 'møder')}, {plural(self.cases, 'sag', 'sager')}; "
            f"{plural(len(self.written), 'fil', 'filer')} skrevet, {len(self.kept)} uændrede, "
            f"{len(self.removed)} fjernet"
        )


class _Writer:
    """Writes the new site's files, linking those whose bytes the old site already has."""

    def __init__(self, staging: Path, old: Path | None, manifest: dict[str, str]) -> None:
        self.staging = staging
        self.old = old
        self.before = manifest
        self.files: dict[str, str] = {}
        self.written: list[str] = []
        self.kept: dict[str, None] = {}
        self.order: list[str] = []  # every path put or kept, in turn (what one step made)
        self._folders: set[Path] = set()

    def _target(self, path: str) -> Path:
        target = self.staging / path
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        return target

    def put(self, path: str, data: bytes) -> None:
        if path in self.files:
            raise SiteError(f"to ting i samlingen får samme adresse: {path}")
        sha = hashlib.sha256(data).hexdigest()
        if not self.keep(path, sha):
            handle = os.open(self._target(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(handle, view) :]
            finally:
                os.close(handle)
            self.written.append(path)
            self.files[path] = sha
            self.order.append(path)

    def keep(self, path: str, sha: str | None = None) -> bool:
        """Link ``path`` from the old site when it holds the same bytes (any, for ``sha=None``)."""
        known = self.before.get(path)
        if self.old is None or known is None or (sha is not None and known != sha) or path in self.files:
            return False
        target = self._target(path)
        try:
            os.link(self.old / path, target)
        except FileNotFoundError:
            return False
        except OSError:
            try:
                shutil.copy2(self.old / path, target)
            except OSError:
                return False
        self.files[path] = known
        self.kept[path] = None
        self.order.append(path)
        return True

    def keep_all(self, paths: Sequence[str]) -> bool:
        """Keep every one of ``paths`` from the old site, or none (False)."""
        if self.old is None or any(p not in self.before or p in self.files for p in paths):
            return False
        done: list[str] = []
        for path in paths:
            if not self.keep(path):
                for undo in done:
                    del self.files[undo], self.kept[undo]
                    self.order.remove(undo)
                    (self.staging / undo).unlink()
                return False
            done.append(path)
        return True

    def old_bytes(self, path: str) -> bytes | None:
        """The bytes of ``path`` in the old site, if the manifest knows it."""
        if self.old is None or path not in self.before:
            return None
        try:
            return (self.old / path).read_bytes()
        except OSError:
            return None


@frozen(kw_only=True)
class _Previous:
    """The site in ``output`` as its manifest describes it (empty for a new site)."""

    __repr__ = fields_repr

    old: Path | None = None
    files: dict[str, str] = field(factory=dict)
    setup: str | None = None
    meetings: dict[str, dict[str, str]] = field(factory=dict)
    cases: dict[str, dict[str, Any]] = field(factory=dict)
    committees: dict[str, dict[str, Any]] = field(factory=dict)
    search: dict[str, str] = field(factory=dict)  # year -> what its index was made of


def _check_output(output: Path) -> _Previous:
    """The old site (its files' digests and what the next build may reuse); a SiteError
    when ``output`` holds something that is not a site of referatkit's."""
    if not output.exists():
        return _Previous()
    if not output.is_dir():
        raise SiteError(f"{output}: findes og er ikke en mappe; vælg en ny eller tom mappe til webstedet")
    manifest = output / MANIFEST
    if not manifest.is_file():
        if any(output.iterdir()):
            raise SiteError(
                f"{output}: mappen indeholder andet end et websted bygget af referatkit "
                f"(den har ingen {MANIFEST}); vælg en ny eller tom mappe, intet er ændret"
            )
        return _Previous()
    try:
        data = json.loads(manifest.read_bytes())
        files = {str(k): str(v) for k, v in data["files"].items()}
    except (ValueError, KeyError, TypeError, AttributeError, OSError):
        raise SiteError(f"{manifest}: kan ikke læses; slet mappen og byg webstedet igen") from None
    if data.get("referatkit-site") != SITE_VERSION:
        return _Previous(old=output, files=files)  # an older build's: its files only
    kept = [data.get(name) for name in ("meetings", "cases", "committees")]
    if not all(isinstance(part, dict) for part in kept):
        return _Previous(old=output, files=files)  # what it would reuse is not there: build anew
    return _Previous(
        old=output,
        files=files,
        setup=data.get("setup"),
        meetings=kept[0],
        cases=kept[1],
        committees=kept[2],
        search=data["search"] if isinstance(data.get("search"), dict) else {},
    )


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
    previous = _check_output(out)
    staging = _staging(out, "ny")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
    except OSError as exc:  # a read-only disk, a file where a folder should be
        raise SiteError(f"{out}: webstedet kan ikke skrives her: {os_problem(exc)}") from None
    build = _Build(collection, staging, out=out, previous=previous, options=options)
    try:
        report = build.run()
        _swap(staging, out, previous.old)
    except OSError as exc:  # the disk full, the folder taken away: the old site stays
        shutil.rmtree(staging, ignore_errors=True)
        raise SiteError(f"{out}: webstedet kan ikke skrives: {os_problem(exc)}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if build.search is not None:
            build.search.close()
    return report


#: A rebuild that finds more meetings changed than this reads every case again rather than
#: only those of the changed meetings (which it holds in memory until their turn).
_FEW = 200


def _stamp(stamp: MeetingStamp) -> str:
    return _digest(stamp.key, stamp.checksum, stamp.indexed, stamp.modified, stamp.withdrawn)


def _slot_of(forum: str, day: dt.date) -> tuple[str, str]:
    """A forum's body and a day: where a case's stated treatment says it was treated."""
    return (body_key(forum), day.isoformat())


def _slot(info: MeetingInfo) -> tuple[str, str]:
    return _slot_of(info.forum, info.start.date())


class _Build:
    """One build: what to read (the meetings and cases that changed), then every file."""

    def __init__(
        self,
        collection: Collection,
        staging: Path,
        *,
        out: Path,
        previous: _Previous,
        options: SiteOptions,
    ) -> None:
        self.collection = collection
        self.out = out
        self.options = options
        self.search: _search.SearchIndex | None = None  # Pagefind, while it makes a year's index
        self.base = options.base_url
        self.writer = _Writer(staging, previous.old, previous.files)
        self.previous = previous
        self.setup = _digest(
            SITE_VERSION,
            __version__,
            _pages.writer_css(),
            self.base,
            options.title,
            options.body,
            options.attachment_base_url,
        )
        usable = previous.setup == self.setup and previous.old is not None
        self.cached_meetings = previous.meetings if usable else {}
        self.cached_cases = previous.cases if usable else {}
        self.cached_committees = previous.committees if usable else {}
        self.new_committees: dict[str, dict[str, Any]] = {}

    # --- what changed -------------------------------------------------------------------------

    def _cached_blob(self, key: str) -> dict[str, Any] | None:
        data = self.writer.old_bytes(_state.cache_path(key))
        if data is None:
            return None
        try:
            blob: dict[str, Any] = json.loads(data)
        except ValueError:
            return None
        return blob

    def _read(self, key: str, given: StoredMeeting | None) -> tuple[StoredMeeting, Meeting, MeetingInfo]:
        try:
            stored = given if given is not None else self.collection.meeting(key)
        except KeyError:  # listed by the store, yet not found by its key: a damaged index
            raise SiteError(
                f"mødet {key!r} står i lagerets oversigt, men kan ikke hentes; lageret er beskadiget "
                "(byg det igen med referatkit index)"
            ) from None
        shown = public(stored.meeting)
        return stored, shown, summarise(stored, shown)

    def _changed_cases(
        self, listed: dict[str, StoredMeeting | None], changed: set[str]
    ) -> tuple[set[str], dict[str, tuple[StoredMeeting, Meeting, MeetingInfo]]] | None:
        """The cases the changed meetings touch (their own, before and after; those whose
        stated treatments name the body and day of one), and those meetings as read; None
        when the last build's summary of one cannot be read."""
        touched: set[str] = set()
        slots: set[tuple[str, str]] = set()
        early: dict[str, tuple[StoredMeeting, Meeting, MeetingInfo]] = {}
        for key in sorted(changed):
            shown_infos: list[MeetingInfo] = []
            if key in self.cached_meetings:
                blob = self._cached_blob(key)
                if blob is None:
                    return None
                shown_infos.append(_state.info_from_json(blob["info"]))
            if key in listed:
                early[key] = self._read(key, listed[key])
                shown_infos.append(early[key][2])
            for info in shown_infos:
                touched.update(i.case for i in info.items if i.case is not None)
                slots.add(_slot(info))
        for number, entry in self.cached_cases.items():
            if changed.intersection(entry["meetings"]) or any(tuple(s) in slots for s in entry["stated"]):
                touched.add(number)
        return touched, early

    # --- the build -------------------------------------------------------------------------------

    def run(self) -> SiteReport:
        collection, writer = self.collection, self.writer
        listed_pairs = listing(collection)
        listed = {stamp.key: given for stamp, given in listed_pairs}
        stamps = {stamp.key: _stamp(stamp) for stamp, _ in listed_pairs}
        changed = {k for k, d in stamps.items() if self.cached_meetings.get(k, {}).get("stamp") != d}
        changed |= set(self.cached_meetings) - set(stamps)  # gone from the collection
        early: dict[str, tuple[StoredMeeting, Meeting, MeetingInfo]] = {}
        histories: dict[str, CaseHistory] = {}
        few = self.cached_meetings and len(changed) <= _FEW
        found = self._changed_cases(listed, changed) if few else None
        if found is None:  # a new site, many changes: every case read again
            histories = {c.number: c for c in collection.cases()}
            dirty_cases = set(histories) | set(self.cached_cases)
        else:
            dirty_cases, early = found
            for number in sorted(dirty_cases):
                history = collection.case(number)
                if history is not None:
                    histories[number] = history
        numbers = sorted((set(self.cached_cases) - dirty_cases) | set(histories))
        case_pages = {number: addresses.case_page(number) for number in numbers}
        if len(set(case_pages.values())) < len(case_pages):
            seen: set[str] = set()
            for number, page in case_pages.items():
                if page in seen:
                    raise SiteError(f"sagsnummeret {number!r} giver samme adresse som en anden sag: {page}")
                seen.add(page)
        consultation_of: dict[str, dict[str, str]] = {}  # meeting key -> item number -> path
        for number in numbers:
            for key, item, path in self._consultations(number, histories):
                consultation_of.setdefault(key, {}).setdefault(item, path)

        # --- every meeting: its page, its API objects and its search records, one at a time ----
        infos: list[MeetingInfo] = []
        search_years: dict[str, list[tuple[str, str]]] = {}  # year -> its meetings with records
        organisations: Counter[str] = Counter()
        self.new_meetings: dict[str, dict[str, str]] = {}
        self.rendered = 0
        seen_pages: set[str] = set()
        for stamp, given in listed_pairs:
            key = stamp.key
            links = consultation_of.get(key, {})
            wanted = _digest(stamps[key], sorted(links.items()))
            entry = self.cached_meetings.get(key)
            blob = None
            if key not in changed and entry is not None and entry.get("input") == wanted:
                blob = self._reuse(key)
            if blob is None:
                made = early.pop(key, None) or self._read(key, given)
                blob = self._meeting(made, links, case_pages, stamps[key], entry)
            info = _state.info_from_json(blob["info"])
            self.new_meetings[key] = {"stamp": stamps[key], "input": wanted, "page": blob["page"]}
            if info.page in seen_pages:
                raise SiteError(f"mødenøglen {key!r} giver samme adresse som et andet møde: {info.page}")
            seen_pages.add(info.page)
            infos.append(info)
            if blob["organisation"]:
                organisations[blob["organisation"]] += 1
            year = _search.search_year(info)
            if year is not None and self.options.search:
                search_years.setdefault(year, []).append((key, stamps[key]))

        open_items = {(i.key, item.number) for i in infos for item in i.items if item.public}
        item_objects = {
            (i.key, item.number): Api.item_path(i.key, item.anchor)
            for i in infos
            if i.withdrawn is None
            for item in i.items
        }
        body_name = self.options.body or (
            organisations.most_common(1)[0][0] if organisations else self.options.title
        )
        api = Api(self.base, body_name, self.options.attachment_base_url)
        live = [i for i in infos if i.withdrawn is None]
        committees: dict[str, list[MeetingInfo]] = {}
        for info in sorted(live, key=lambda m: m.order):
            committees.setdefault(info.forum, []).append(info)
        _check_unique("udvalget", committees, addresses.committee_page)
        self._lists(infos, live, committees, body_name, sorted(search_years))

        # --- cases -------------------------------------------------------------------------------
        by_key = {i.key: i for i in infos}
        case_input = _digest(body_name, sorted(committees))
        papers: list[Json] = []
        self.new_cases: dict[str, dict[str, Any]] = {}
        for number in numbers:
            entry = self.cached_cases.get(number)
            if number not in histories and entry is not None and entry["input"] == case_input:
                paper = self._reuse_case(entry)
                if paper is not None:
                    papers.extend(paper)
                    self.new_cases[number] = entry
                    continue
            history = histories.get(number) or collection.case(number)
            if history is None:
                continue
            start = len(writer.order)
            paper_made = self._case(history, api, by_key, open_items, item_objects, committees, body_name)
            if paper_made is not None:
                papers.append(paper_made)
            self.new_cases[number] = {
                "input": case_input,
                "files": writer.order[start:],
                "paper": api.paper_path(number) if paper_made is not None else None,
                "consultations": self._consultations(number, {number: history}),
                "meetings": sorted({t.meeting_key for t in history.treatments if t.meeting_key is not None}),
                "stated": sorted(
                    {_slot_of(t.forum, t.date) for t in history.treatments if t.origin == "stated"}
                ),
            }

        # --- the API's lists and its entry points -------------------------------------------------
        last = max((i.modified for i in infos), default=_EPOCH)
        first = min((i.indexed for i in infos), default=_EPOCH)
        _write_api(
            writer, api, infos=infos, committees=committees, papers=papers, modified=last, created=first
        )

        search_inputs = self._search(search_years)

        digests = dict(sorted(writer.files.items()))
        manifest = {
            "referatkit-site": SITE_VERSION,
            "setup": self.setup,
            "files": digests,
            "meetings": dict(sorted(self.new_meetings.items())),
            "cases": dict(sorted(self.new_cases.items())),
            "search": search_inputs,
            "committees": dict(sorted(self.new_committees.items())),
        }
        (writer.staging / MANIFEST).write_bytes(_state.dump_compact(manifest))
        return SiteReport(
            output=self.out,
            meetings=len(infos),
            cases=sum(1 for e in self.new_cases.values() if e["paper"] is not None),
            written=tuple(sorted(writer.written)),
            kept=tuple(sorted(writer.kept)),
            removed=tuple(sorted(set(self.previous.files) - set(digests))),
            rendered=self.rendered,
        )

    def _consultations(self, number: str, histories: dict[str, CaseHistory]) -> list[list[str]]:
        """(meeting key, item number, path of its Consultation) of each treatment of a case."""
        history = histories.get(number)
        if history is None:
            return list(self.cached_cases[number]["consultations"])
        return [
            [t.meeting_key, t.item_number, Api.consultation_path(number, t)]
            for t in history.treatments
            if t.meeting_key is not None and t.item_number is not None
        ]

    def _reuse(self, key: str) -> dict[str, Any] | None:
        """The last build's summary of an unchanged meeting, its files (its search records
        among them) kept; None when they are not all there."""
        blob = self._cached_blob(key)
        if blob is None or not self.writer.keep_all([_state.cache_path(key), *blob["files"]]):
            return None
        return blob

    def _search(self, years: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
        """Each year's search index, ``pagefind/<year>/``: kept when its meetings are those
        it was made of, else made again by Pagefind from their records (the files just put or
        kept beside their pages); what each was made of."""
        writer, made = self.writer, {}
        for year, members in sorted(years.items()):
            made[year] = wanted = _digest(year, members)
            folder = f"pagefind/{year}/"
            if (
                self.previous.search.get(year) == wanted
                and self.previous.setup == self.setup
                and writer.keep_all([p for p in self.previous.files if p.startswith(folder)])
            ):
                continue
            self.search = _search.SearchIndex()
            for key, _ in members:
                data = (writer.staging / _state.records_path(key)).read_bytes()
                for record in _state.records_from_json(json.loads(data)):
                    self.search.add(record)
            for path, content in self.search.files():
                writer.put(folder + path, content)
            self.search = None
        return made

    def _meeting(
        self,
        made: tuple[StoredMeeting, Meeting, MeetingInfo],
        links: dict[str, str],
        case_pages: dict[str, str],
        stamp: str,
        entry: dict[str, str] | None,
    ) -> dict[str, Any]:
        """Write a meeting's page, API objects, search records and summary; return the summary."""
        _, shown, info = made
        writer, base = self.writer, self.base
        start = len(writer.order)
        linked = {c: case_pages[c] for c in (i.case for i in info.items) if c is not None and c in case_pages}
        html_options = _html_options(info, linked, self.options)
        # What the page is made of: the meeting as stored, the writer's options (the site's
        # header, footer and stylesheet), the writer's own stylesheet and referatkit's version.
        page_input = _digest(stamp, html_options)
        if info.withdrawn is not None:
            writer.put(info.page, _pages.withdrawn_page(info))
        elif not (entry is not None and entry.get("page") == page_input and writer.keep(info.page)):
            self.rendered += 1
            writer.put(info.page, _meeting_page(info, shown, html_options))
        api = Api(base, "", self.options.attachment_base_url)
        items = []
        for item_json, files in api.items(info, shown, {(info.key, n): p for n, p in links.items()}):
            writer.put(item_json["id"][len(base) :], dump(item_json))
            for file_json in files:
                writer.put(file_json["id"][len(base) :], dump(file_json))
            items.append(item_json)
        writer.put(api.meeting_path(info.key), dump(api.meeting(info, items)))
        records = list(_search.records(info, shown))
        writer.put(_state.records_path(info.key), _state.dump_compact(_state.records_to_json(records)))
        blob = {
            "info": _state.info_to_json(info),
            "organisation": shown.forum.organisation,
            "page": page_input,
            "files": writer.order[start:],
        }
        writer.put(_state.cache_path(info.key), _state.dump_compact(blob))
        return blob

    def _lists(
        self,
        infos: list[MeetingInfo],
        live: list[MeetingInfo],
        committees: dict[str, list[MeetingInfo]],
        body_name: str,
        search_years: list[str],
    ) -> None:
        """The pages that list meetings: front page, committees, calendars, feeds, search."""
        writer, base, options = self.writer, self.base, self.options
        writer.put(_pages.SITE_CSS, _pages.site_css().encode("utf-8"))
        minutes_of = {(i.forum, i.start) for i in live if i.kind is DocumentKind.MINUTES}
        # Coming meetings: the latest agendas whose minutes are not in the collection (by the
        # store, not by the clock: the same store gives the same front page on any day).
        coming = sorted(
            (i for i in live if i.kind is DocumentKind.AGENDA and (i.forum, i.start) not in minutes_of),
            key=lambda m: m.order,
        )
        latest = sorted(
            (i for i in live if i.kind is DocumentKind.MINUTES), key=lambda m: m.order, reverse=True
        )[:20]
        writer.put(
            "index.html",
            _pages.front_page(
                options.title, coming[-20:], latest, [(n, len(m)) for n, m in sorted(committees.items())]
            ),
        )
        writer.put("soeg.html", _pages.search_page(options.title, search_years))
        for name, meetings in committees.items():
            # A committee none of whose meetings changed: its page, calendar and feed as they were.
            wanted = _digest(name, body_name, [self.new_meetings[m.key]["stamp"] for m in meetings])
            entry = self.cached_committees.get(name)
            if entry is not None and entry["input"] == wanted and writer.keep_all(entry["files"]):
                self.new_committees[name] = entry
                continue
            start = len(writer.order)
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
            self.new_committees[name] = {"input": wanted, "files": writer.order[start:]}
        writer.put("kalender/alle.ics", _calendar.calendar(options.title, live, base))
        writer.put(
            "feed/alle.xml",
            _meeting_feed(
                base, options.title, page="index.html", path="feed/alle.xml", meetings=live, author=body_name
            ),
        )

    def _reuse_case(self, entry: dict[str, Any]) -> list[Json] | None:
        """Keep an unchanged case's files; its Paper (empty when it shows none), or None."""
        paper: list[Json] = []
        if entry["paper"] is not None:
            data = self.writer.old_bytes(entry["paper"])
            if data is None:
                return None
            paper.append(json.loads(data))
        return paper if self.writer.keep_all(entry["files"]) else None

    def _case(  # noqa: PLR0917 (one step of run(), given what run() has gathered)
        self,
        listed_case: CaseHistory,
        api: Api,
        by_key: dict[str, MeetingInfo],
        open_items: set[tuple[str, str]],
        item_objects: dict[tuple[str, str], str],
        committees: dict[str, list[MeetingInfo]],
        body_name: str,
    ) -> Json | None:
        """Write a case's page, feed, Consultations and Paper; return the Paper (None if it shows nothing)."""
        writer, base = self.writer, self.base
        case = _open_treatments(listed_case, open_items, by_key)
        if not case.treatments:
            return None
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
        return paper


def _check_unique(what: str, names: Iterable[str], page: Callable[[str], str]) -> None:
    seen: dict[str, str] = {}
    for name in names:
        path = page(name)
        if path in seen:
            raise SiteError(f"{what} {name!r} og {seen[path]!r} får samme adresse: {path}")
        seen[path] = name


def _day(value: dt.date) -> dt.datetime:
    return dt.datetime.combine(value, dt.time(0), tzinfo=COPENHAGEN)


def _anchor(info: MeetingInfo, number: str | None) -> str:
    return next((i.anchor for i in info.items if i.number == number), "")


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
