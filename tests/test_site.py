"""The publication site built from a collection in memory (tests/site_fake.py): structure,
links, calendars, feeds, the OParl API, nothing closed, determinism, rebuilding, bad input.

The acceptance tests on the 101 Greve meetings in a real store are in test_site_greve.py.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import sqlite3
import subprocess
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import attrs
import feedparser
import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html

import referatkit
from referatkit.cli import main
from referatkit.l10n import localize
from referatkit.model import COPENHAGEN, DocumentKind, Forum, JournalNumber, Meeting, Participant
from referatkit.site import SiteError, SiteOptions, build_site
from referatkit.site._addresses import slug
from referatkit.site._collection import listing
from referatkit.store import MeetingStamp, Store, StoredMeeting

from .conftest import EXAMPLES, BrowserTools
from .site_checks import Links, feed_problems, files, oparl_problems, text_of
from .site_fake import FakeCollection, stored
from .strategies import closed_marked_meetings, meetings

BASE = "https://moeder.example.dk/"
OPTIONS = SiteOptions(base_url=BASE, title="Testkommunens møder")
CASE = "00.01.00-A00-1-25"  # the journal number of item 1 of examples/referat-byudvalget.txt


def _routed(meeting: Meeting, forum: str, day: dt.date, hour: int) -> Meeting:
    """``meeting`` as held by ``forum`` on ``day`` at ``hour`` o'clock."""
    start = localize(dt.datetime.combine(day, dt.time(hour, 0)))
    members = (Participant(name="Anna Testesen", party="A"), Participant(name="Bo Prøvesen", role="Formand"))
    return attrs.evolve(meeting, forum=Forum(name=forum), start=start, end=None, attendance=members)


def _collection() -> list[Meeting]:
    example = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    # One case through three fora, and meetings either side of the change to summer time
    # (27 March 2022): 17:00 in Copenhagen is 16:00 UTC before and 15:00 UTC after.
    routed = [
        _routed(example, "Byudvalget", dt.date(2022, 3, 24), 17),
        _routed(example, "Økonomiudvalget", dt.date(2022, 3, 31), 17),
        _routed(example, "Byrådet / Kommunalbestyrelsen", dt.date(2022, 4, 7), 19),
    ]
    agenda = attrs.evolve(
        _routed(example, "Byudvalget", dt.date(2022, 5, 3), 16),
        kind=DocumentKind.AGENDA,
        items=[attrs.evolve(i, sections=()) for i in example.items],
    )
    return [example, *routed, agenda]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FakeCollection]:
    collection = FakeCollection.of(_collection())
    site = tmp_path_factory.mktemp("site") / "site"
    build_site(collection, site, OPTIONS)
    return site, collection


def test_the_site_has_its_pages_calendars_feeds_and_api(built: tuple[Path, FakeCollection]) -> None:
    site, collection = built
    names = {p.relative_to(site).as_posix() for p in files(site)}
    assert {
        "index.html",
        "soeg.html",
        "stil.css",
        "kalender/alle.ics",
        "feed/alle.xml",
        "oparl/system.json",
    } <= names
    for stored_meeting in collection.meetings():
        assert f"moede/{slug(stored_meeting.key)}.html" in names
    assert "udvalg/" + slug("Økonomiudvalget") + ".html" in names
    front = html.fromstring((site / "index.html").read_bytes())
    assert front.get("lang") == "da"
    assert front.xpath("//h1/text()") == ["Testkommunens møder"]
    # The agenda without minutes is a coming meeting; the minutes are the latest, newest first.
    coming, latest = front.xpath("//main/ul[@class='moeder']")[:2]
    shown = [a.text for a in coming.xpath(".//a")]
    assert "Dagsorden: Byudvalget" in shown
    assert all(text.startswith("Dagsorden: ") for text in shown)
    assert latest.xpath(".//a")[0].text.startswith("Referat:")


def test_a_case_page_lists_its_treatments_in_order_with_working_links(
    built: tuple[Path, FakeCollection],
) -> None:
    site, _ = built
    page = html.fromstring((site / "sag" / f"{CASE}.html").read_bytes())
    treatments = page.xpath("//ol[@class='forloeb']/li")
    fora = [li.xpath("string(h2)").split(",")[0] for li in treatments]
    assert fora == [
        "Byudvalget",
        "Økonomiudvalget",
        "Byrådet / Kommunalbestyrelsen",
        "Byudvalget",
        "Byudvalget",
    ]
    for li in treatments:
        (link,) = li.xpath(".//a/@href")
        target, anchor = link.split("#")
        assert anchor in html.fromstring((site / "sag" / target).read_bytes()).xpath("//@id")


def test_every_link_resolves_to_a_file_of_the_site(built: tuple[Path, FakeCollection]) -> None:
    site, _ = built
    links = Links(site, BASE).walk()
    assert links.broken == []
    assert links.checked > 500


def test_the_calendars_hold_one_event_per_meeting_at_local_time_across_summer_time(
    built: tuple[Path, FakeCollection],
) -> None:
    site, collection = built
    everything = icalendar.Calendar.from_ical((site / "kalender" / "alle.ics").read_bytes())
    events = list(everything.walk("VEVENT"))
    assert len(events) == len(list(collection.meetings()))
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert [tz["TZID"] for tz in everything.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    committee = icalendar.Calendar.from_ical(
        (site / "kalender" / f"{slug('Økonomiudvalget')}.ics").read_bytes()
    )
    (event,) = committee.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert (start.hour, start.utcoffset()) == (17, dt.timedelta(hours=2))
    assert str(event["URL"]) in str(event["DESCRIPTION"])
    assert "Rådhuset" in str(event["LOCATION"])
    before = next(e for e in events if e.decoded("DTSTART").date() == dt.date(2022, 3, 24))
    assert before.decoded("DTSTART").astimezone(COPENHAGEN).hour == 17
    assert before.decoded("DTSTART").astimezone(dt.UTC).hour == 16
    assert start.astimezone(dt.UTC).hour == 15


def test_the_feeds_parse_without_complaint(built: tuple[Path, FakeCollection]) -> None:
    site, _ = built
    assert feed_problems(site) == []
    case = feedparser.parse((site / "feed" / "sag" / f"{CASE}.xml").read_bytes())
    assert len(case.entries) >= 3
    assert case.feed.language == "da"
    everything = feedparser.parse((site / "feed" / "alle.xml").read_bytes())
    assert {e.link for e in everything.entries} <= {BASE + f"moede/{slug(k)}.html" for k in _keys(built)}


def _keys(built: tuple[Path, FakeCollection]) -> list[str]:
    return [m.key for m in built[1].meetings()]


def test_every_oparl_object_is_valid(built: tuple[Path, FakeCollection]) -> None:
    site, _ = built
    count, problems, kinds = oparl_problems(site)
    assert problems == []
    for kind in (
        "System",
        "Body",
        "Organization",
        "Person",
        "Meeting",
        "AgendaItem",
        "Paper",
        "Consultation",
    ):
        assert kinds.get(kind), kind
    assert count > 100
    paper = json.loads((site / "oparl" / "paper" / f"{CASE}.json").read_bytes())
    assert [c["role"] for c in paper["consultation"]][:3] == [
        "Byudvalget",
        "Økonomiudvalget",
        "Byrådet / Kommunalbestyrelsen",
    ]


def test_building_twice_gives_the_same_bytes(built: tuple[Path, FakeCollection], tmp_path: Path) -> None:
    site, collection = built
    again = tmp_path / "igen"
    build_site(collection, again, OPTIONS)
    first = {p.relative_to(site): p.read_bytes() for p in files(site)}
    second = {p.relative_to(again): p.read_bytes() for p in files(again)}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_a_rebuild_after_one_new_meeting_rewrites_only_what_shows_it(tmp_path: Path) -> None:
    example = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    base = [_routed(example, "Byudvalget", dt.date(2022, 1, d), 17) for d in (3, 10)]
    other = _routed(example, "Kulturudvalget", dt.date(2021, 1, 4), 17)  # the year before
    site = tmp_path / "site"
    first = build_site(FakeCollection.of([*base, other]), site, OPTIONS)
    assert first.rendered == 3
    # One search index a year, the newest the search box's own, the other merged into it.
    assert {p.split("/")[1] for p in first.written if p.startswith("pagefind/")} == {"2021", "2022"}
    search = (site / "soeg.html").read_text(encoding="utf-8")
    assert 'src="pagefind/2022/pagefind-ui.js"' in search
    assert '{ bundlePath: "../2021/", baseUrl: site }' in search
    unchanged = build_site(FakeCollection.of([*base, other]), site, OPTIONS)
    assert (unchanged.rendered, unchanged.written, unchanged.removed) == (0, (), ())
    new = _routed(example, "Byudvalget", dt.date(2022, 1, 17), 17)
    report = build_site(FakeCollection.of([*base, other, new]), site, OPTIONS)
    assert report.rendered == 1
    written = set(report.written)
    assert "moede/m00003.html" in written
    assert {"udvalg/Byudvalget.html", "index.html", "kalender/alle.ics", "kalender/Byudvalget.ics"} <= written
    # The other committee's pages, calendar, feed and the old meetings' pages are kept as they were.
    for kept in (
        "moede/m00000.html",
        "moede/m00002.html",
        "udvalg/Kulturudvalget.html",
        "kalender/Kulturudvalget.ics",
    ):
        assert kept in report.kept
    assert not any(p.startswith("moede/") and p != "moede/m00003.html" for p in written)
    # Only the new meeting's year's search index is made again.
    assert any(p.startswith("pagefind/2022/") for p in written)
    assert not any(p.startswith("pagefind/2021/") for p in written)
    assert {p for p in first.written if p.startswith("pagefind/2021/")} <= set(report.kept)


def test_a_withdrawn_meeting_keeps_its_address_and_is_deleted_in_the_api(tmp_path: Path) -> None:
    example = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    gone = stored("m1", example, withdrawn=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    site = tmp_path / "site"
    build_site(FakeCollection([stored("m0", example), gone]), site, OPTIONS)
    page = (site / "moede" / "m1.html").read_text(encoding="utf-8")
    assert "trukket tilbage" in page
    assert json.loads((site / "oparl" / "meeting" / "m1.json").read_bytes())["deleted"] is True
    events = icalendar.Calendar.from_ical((site / "kalender" / "alle.ics").read_bytes()).walk("VEVENT")
    assert len(events) == 1
    assert Links(site, BASE).walk().broken == []


@settings(max_examples=5)
@given(st.lists(meetings(), min_size=1, max_size=4))
def test_a_site_of_any_meetings_has_valid_api_feeds_and_working_links(generated: list[Meeting]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build_site(FakeCollection.of(generated), site, OPTIONS)
        assert Links(site, BASE).walk().broken == []
        assert oparl_problems(site)[1] == []
        assert feed_problems(site) == []
        events = icalendar.Calendar.from_ical((site / "kalender" / "alle.ics").read_bytes()).walk("VEVENT")
        assert len(events) == len(generated)


@settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(closed_marked_meetings(), min_size=1, max_size=3))
def test_a_site_of_closed_content_holds_no_marker_in_any_file(
    cases: list[tuple[Meeting, tuple[str, ...]]],
) -> None:
    """The marker meetings of the editions tests, through a real store into a site: no
    marker in any file (pages, search index decompressed, calendars, feeds, API)."""
    markers = [m for _, given_markers in cases for m in given_markers]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "moeder.sqlite"
        with Store.open(target, create=True) as store:
            for index, (meeting, _) in enumerate(cases):
                store.add(meeting, source=f"kilde-{index}.xml")
        site = Path(folder) / "site"
        build_site(target, site, OPTIONS)
        leaks = {
            path.relative_to(site).as_posix(): found
            for path in files(site)
            if (found := [m for m in markers if m in text_of(path).lower()])
        }
        assert leaks == {}


# --- bad input ------------------------------------------------------------------------------


def test_an_output_folder_holding_something_else_is_refused_and_left_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "vigtigt.txt").write_text("ikke et websted")
    with pytest.raises(SiteError, match="indeholder andet end et websted"):
        build_site(FakeCollection.of([referatkit.read(EXAMPLES / "referat-byudvalget.txt")]), site, OPTIONS)
    assert [p.name for p in site.iterdir()] == ["vigtigt.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing half-written beside it
    a_file = tmp_path / "fil"
    a_file.write_text("x")
    with pytest.raises(SiteError, match="ikke en mappe"):
        build_site(FakeCollection.of([]), a_file, OPTIONS)
    with pytest.raises(SiteError, match="kan ikke skrives her: en del af stien er ikke en mappe"):
        build_site(FakeCollection.of([]), a_file / "site", OPTIONS)


def test_a_meeting_the_store_lists_but_cannot_give_is_one_danish_error(tmp_path: Path) -> None:
    # A damaged index of a store's file: the meeting is listed, its key finds nothing.
    class Damaged(FakeCollection):
        def stamps(self) -> list[MeetingStamp]:  # as a store lists its meetings
            return [stamp for stamp, _ in listing(FakeCollection(self.meetings()))]

        def meeting(self, key: str) -> StoredMeeting:
            raise KeyError(key)

    example = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    with pytest.raises(SiteError, match="står i lagerets oversigt, men kan ikke hentes"):
        build_site(Damaged([stored("m0", example)]), tmp_path / "site", OPTIONS)
    assert not (tmp_path / "site").exists()


def test_a_pagefind_that_cannot_start_is_said_in_danish_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_program = tmp_path / "pagefind"
    not_a_program.write_text("ikke et program")  # not executable: EACCES
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(not_a_program))
    site = tmp_path / "site"
    with pytest.raises(SiteError) as caught:
        build_site(FakeCollection.of([referatkit.read(EXAMPLES / "referat-byudvalget.txt")]), site, OPTIONS)
    assert str(caught.value) == f"Pagefind kan ikke startes ({not_a_program}): adgang nægtet"
    assert not site.exists()


def test_a_failed_build_leaves_the_old_site_as_it_was(tmp_path: Path) -> None:
    example = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    site = tmp_path / "site"
    built = build_site(FakeCollection.of([example]), site, OPTIONS)
    assert built.summary().startswith(f"{site}: 1 møde, ")  # one in the singular ("1 møder" before)
    before = {p: p.read_bytes() for p in files(site)}

    class Broken(FakeCollection):
        def cases(self):  # type: ignore[no-untyped-def]
            raise SiteError("afbrudt midt i")

    with pytest.raises(SiteError, match="afbrudt"):
        build_site(Broken([stored("m0", example)]), site, OPTIONS)
    assert {p: p.read_bytes() for p in files(site)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_store_that_is_missing_or_not_public_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["site", "--db", str(tmp_path / "findes-ikke.sqlite"), "-o", str(tmp_path / "site")]) == 1
    assert "lageret findes ikke" in capsys.readouterr().err
    full = FakeCollection.of([referatkit.read(EXAMPLES / "referat-byudvalget.txt")])
    full.edition = "full"
    with pytest.raises(SiteError, match="kun af den offentlige udgave"):
        build_site(full, tmp_path / "site", OPTIONS)
    assert not (tmp_path / "site").exists()
    with pytest.raises(SiteError, match="http"):
        SiteOptions(base_url="moeder.example.dk")


def test_a_store_of_the_full_edition_or_a_newer_schema_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    full = tmp_path / "fuld.sqlite"
    with Store.open(full, edition="full", create=True) as store:
        store.add(example, source="a.txt")
    assert main(["site", "--db", str(full), "-o", str(tmp_path / "site")]) == 1
    assert "edition='full'" in capsys.readouterr().err
    newer = tmp_path / "ny.sqlite"
    with Store.open(newer, create=True) as store:
        store.add(example, source="a.txt")
    with sqlite3.connect(newer) as db:
        db.execute("UPDATE store_info SET value = '999' WHERE name = 'schema_version'")
    assert main(["site", "--db", str(newer), "-o", str(tmp_path / "site")]) == 1
    assert "skemaversion 999" in capsys.readouterr().err
    assert not [p.name for p in tmp_path.iterdir() if "site" in p.name]  # nothing written


def test_names_that_are_not_paths_get_safe_distinct_addresses(tmp_path: Path) -> None:
    example = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    names = ["../../etc/passwd", "Byrådet", "Byraadet", "Udvalg/Underudvalg", "CON", " Ø "[1:2], "..."]
    collection = FakeCollection(
        stored(f"../nøgle {name}/{i}", _routed(example, name, dt.date(2022, 2, 1 + i), 17))
        for i, name in enumerate(names)
    )
    site = tmp_path / "site"
    build_site(collection, site, OPTIONS)
    pages = sorted(p.name for p in (site / "udvalg").iterdir())
    assert len(pages) == len(names)
    assert all(p.resolve().is_relative_to(site.resolve()) for p in files(site))
    assert len(list((site / "moede").iterdir())) == len(names)
    assert Links(site, BASE).walk().broken == []


# --- rebuilding from a store: only what changed is read and written ----------------------------


class _CountingStore:
    """A real store as the site's collection, recording what the site reads of it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.read: list[str] = []

    @property
    def edition(self) -> str:
        return self.store.edition

    def stamps(self):  # type: ignore[no-untyped-def]
        self.read.append("stamps")
        return self.store.stamps()

    def meetings(self):  # type: ignore[no-untyped-def]
        self.read.append("meetings")
        return self.store.meetings()

    def meeting(self, key: str):  # type: ignore[no-untyped-def]
        self.read.append(f"meeting {key}")
        return self.store.meeting(key)

    def cases(self):  # type: ignore[no-untyped-def]
        self.read.append("cases")
        return self.store.cases()

    def case(self, number: str):  # type: ignore[no-untyped-def]
        self.read.append(f"case {number}")
        return self.store.case(number)


def _tagged(meeting: Meeting, tags: dict[str, str]) -> Meeting:
    """``meeting`` with each item's journal number given the prefix its number has in ``tags``."""
    items = [
        attrs.evolve(i, journal_number=JournalNumber(f"{tags[i.number]}-{i.journal_number.raw}"))
        if i.journal_number is not None
        else i
        for i in meeting.items
    ]
    return attrs.evolve(meeting, items=items)


def test_a_rebuild_after_one_new_meeting_reads_and_writes_only_what_shows_it(tmp_path: Path) -> None:
    example = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    numbers = [i.number for i in example.items]
    own = dict.fromkeys(numbers, "x")
    first = [
        _tagged(_routed(example, "Byudvalget", dt.date(2022, 1, 3), 17), own),
        _tagged(_routed(example, "Kulturudvalget", dt.date(2022, 1, 4), 17), dict.fromkeys(numbers, "y")),
        _tagged(_routed(example, "Byudvalget", dt.date(2022, 1, 10), 17), own),
    ]
    # The new meeting treats one case of the committee's earlier meetings and four new ones.
    new = _tagged(
        _routed(example, "Byudvalget", dt.date(2022, 1, 17), 17), {**dict.fromkeys(numbers, "z"), "1": "x"}
    )
    target = tmp_path / "moeder.sqlite"
    site = tmp_path / "site"
    with Store.open(target, create=True) as store:
        for index, meeting in enumerate(first):
            store.add(meeting, source=f"kilde-{index}.xml")
        counting = _CountingStore(store)
        build_site(counting, site, OPTIONS)
        assert "meetings" not in counting.read
        assert sorted(r for r in counting.read if r.startswith("meeting ")) == sorted(
            f"meeting {s.key}" for s in store.stamps()
        )
        counting.read.clear()
        assert build_site(counting, site, OPTIONS).written == ()
        assert counting.read == ["stamps"]  # an unchanged store: nothing but the stamps read

        key = store.add(new, source="kilde-ny.xml").key
        counting.read.clear()
        report = build_site(counting, site, OPTIONS)
        new_cases = sorted(
            {
                f"{'x' if n == '1' else 'z'}-{i.journal_number.raw}"
                for n, i in zip(numbers, example.items, strict=True)
                if i.journal_number
            }
        )
        assert counting.read == ["stamps", f"meeting {key}", *(f"case {c}" for c in new_cases)]
        assert report.rendered == 1

        # Written again: the new meeting's files, its committee's page, calendar and feed,
        # the front page and the lists of every meeting, its cases; the API's lists and
        # objects whose dates it changes; the search index. Nothing else.
        slugs = {slug(c) for c in new_cases}
        shows_it = (
            f"moede/{slug(key)}.html",
            f"oparl/meeting/{slug(key)}.json",
            f".referatkit/moede/{slug(key)}.json",
            f".referatkit/soeg/{slug(key)}.json",
            "index.html",
            "kalender/alle.ics",
            "feed/alle.xml",
            "udvalg/Byudvalget.html",
            "kalender/Byudvalget.ics",
            "feed/udvalg/Byudvalget.xml",
            "oparl/system.json",
            "oparl/body.json",
            "oparl/bodies.json",
            "oparl/organization/Byudvalget.json",
        )
        for path in report.written:
            parts = path.split("/")
            assert (
                path in shows_it
                or path.startswith(("pagefind/", "oparl/list/", "oparl/person/", "oparl/location/"))
                or (parts[:2] in (["oparl", "agendaitem"], ["oparl", "file"]) and parts[2] == slug(key))
                or (parts[0] == "sag" and parts[1].removesuffix(".html") in slugs)
                or (parts[:2] == ["feed", "sag"] and parts[2].removesuffix(".xml") in slugs)
                or (parts[:2] == ["oparl", "paper"] and parts[2].removesuffix(".json") in slugs)
                or (parts[:2] == ["oparl", "consultation"] and parts[2] in slugs)
            ), path
        assert f"moede/{slug(key)}.html" in report.written
        assert f"sag/{slug('x-' + CASE)}.html" in report.written
        for kept in (
            "udvalg/Kulturudvalget.html",
            "kalender/Kulturudvalget.ics",
            f"sag/{slug('y-' + CASE)}.html",
        ):
            assert kept in report.kept
        assert all(p.startswith("pagefind/") for p in report.removed)  # the index's, renamed by content
        _assert_same_as_anew(target, site, tmp_path / "anew")

        # A meeting withdrawn: it is read (its page says so), and the cases it treated.
        gone = store.key_of("kilde-2.xml")
        assert store.withdraw("kilde-2.xml")
        counting.read.clear()
        report = build_site(counting, site, OPTIONS)
        its_cases = sorted({f"x-{i.journal_number.raw}" for i in example.items if i.journal_number})
        assert counting.read == ["stamps", f"meeting {gone}", *(f"case {c}" for c in its_cases)]
        assert "trukket tilbage" in (site / "moede" / f"{slug(gone)}.html").read_text(encoding="utf-8")
        assert not any(p.startswith(("udvalg/Kulturudvalget", f"sag/{slug('y-')}")) for p in report.written)
        _assert_same_as_anew(target, site, tmp_path / "anew-2")


def _assert_same_as_anew(store: Path, site: Path, again: Path) -> None:
    """The site rebuilt is the site built anew from the same store: every file, the search index too."""
    build_site(store, again, OPTIONS)
    rebuilt = {p.relative_to(site): p.read_bytes() for p in files(site)}
    anew = {p.relative_to(again): p.read_bytes() for p in files(again)}
    assert rebuilt.keys() == anew.keys()
    assert [name for name in rebuilt if rebuilt[name] != anew[name]] == []


def _served(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on this machine, until the generator is closed."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_in_chromium_search_finds_every_years_meetings_on_a_site_under_a_sub_path(
    tmp_path: Path, chromium_tools: BrowserTools
) -> None:
    # The newest year's index is the search box's own, the others are merged into it: their
    # results were addressed from the server's root, not the site's (404 under a sub-path).
    example = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    first = attrs.evolve(example.items[0], title="Fyrtårnsprojektet ved lystbådehavnen")
    earlier = attrs.evolve(
        example,
        start=example.start - dt.timedelta(days=364),
        end=None,
        items=(first, *example.items[1:]),
    )
    site = tmp_path / "www" / "moeder"
    collection = FakeCollection.of([earlier, example])
    key = next(s.key for s in collection.meetings() if s.meeting.start == earlier.start)
    build_site(collection, site, SiteOptions(base_url="http://127.0.0.1/moeder/"))
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == [
        str(earlier.start.year),
        str(example.start.year),
    ]
    served = _served(tmp_path / "www")
    root = next(served)
    try:
        done = subprocess.run(
            [chromium_tools.node, str(chromium_tools.folder / "search.mjs"), f"{root}moeder/soeg.html",
             "lystbådehavnen"],
            capture_output=True, text=True, timeout=300, cwd=chromium_tools.folder, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        links = json.loads(done.stdout)["links"]
        assert [link.split("#")[0] for link in links] == [f"{root}moeder/moede/{key}.html"]
        with urllib.request.urlopen(links[0]) as answer:  # the result's page is there
            assert answer.status == 200
    finally:
        served.close()
