"""Acceptance of issue 28 on a real year of one municipality: the site of the 101 Greve
meetings (FirstAgenda JSON), built from a real store (SQLite).

Every page of a sample of each kind is valid (Nu HTML Checker) and has no axe-core
violation (REFERATKIT_SITE_ALL=1 checks every page); every link resolves; in Chromium the
search finds a decision by a phrase of it, the committee filter narrows the results, a
case page lists its treatments in order with working links; the calendars, feeds and API
read back; the same store gives the same bytes; an unchanged store rewrites nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import re
import subprocess
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest

from referatkit.archive import blocks_text
from referatkit.model import COPENHAGEN
from referatkit.site import SiteOptions, build_site
from referatkit.site._addresses import case_page, committee_calendar, meeting_page
from referatkit.store import Store

from .conftest import ROOT, BrowserTools, built_once, missing
from .site_checks import Links, feed_problems, files, oparl_problems

BROWSER = ROOT / "tests" / "browser"

# On one worker: the site is built once, and no other worker waits for it (conftest.built_once).
pytestmark = pytest.mark.xdist_group("greve-site")

BASE = "http://127.0.0.1:8000/"  # what the site is told; the tests serve it on another port


@pytest.fixture(scope="module")
def store_path(greve_sqlite: Path) -> Path:
    return greve_sqlite


def _build(folder: Path, store_path: Path) -> None:
    report = build_site(store_path, folder / "site", SiteOptions(base_url=BASE, title="Greve Kommunes møder"))
    assert report.meetings == 101


@pytest.fixture(scope="module")
def site(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once for the run: the xdist workers share it."""
    build = functools.partial(_build, store_path=store_path)
    return built_once(tmp_path_factory, "greve-site", build) / "site"


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _sample(site: Path) -> list[str]:
    """A few pages of each kind (every page with REFERATKIT_SITE_ALL=1)."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    if os.environ.get("REFERATKIT_SITE_ALL"):
        return pages
    out = ["index.html", "soeg.html"]
    for folder, count in (("udvalg/", 2), ("moede/", 4), ("sag/", 4)):
        kind = [p for p in pages if p.startswith(folder)]
        out.extend(kind[:: max(1, len(kind) // count)][:count])
    return out


def test_every_link_resolves(site: Path) -> None:
    links = Links(site, BASE).walk()
    assert links.broken == []
    assert links.checked > 10_000


def test_the_pages_are_valid_html(site: Path, vnu: list[str]) -> None:
    done = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *_sample(site)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=site,
    )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    assert [m for m in messages if m.get("type") == "error"] == []


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _phrase(store_path: Path) -> tuple[str, str, str]:
    """A phrase of a decision found in that item alone: (phrase, its item's address, forum)."""
    texts: dict[str, set[str]] = {}
    decisions: list[tuple[str, str, str]] = []
    with Store.open(store_path) as store:
        for stored in store.meetings():
            meeting = stored.meeting
            for item in meeting.items:
                if not item.public:
                    continue
                address = f"{meeting_page(stored.key)}#punkt-{re.sub(r'[^0-9A-Za-z]+', '-', item.number)}"
                body = " ".join(blocks_text(getattr(s, "body", ())) for s in item.sections)
                texts[address] = set(_words(f"{item.full_title} {body}"))
                for decision in item.decisions:
                    decisions.append((blocks_text(decision.body), address, meeting.forum.name))
    for text, address, forum in decisions:
        words = [w for w in _words(text) if len(w) > 3 and not w.isdigit()]
        for start in range(len(words) - 4):
            phrase = words[start : start + 4]
            if [a for a, found in texts.items() if set(phrase) <= found] == [address]:
                return " ".join(phrase), address, forum
    raise AssertionError("no distinctive phrase in the corpus")


@pytest.mark.browser
def test_in_chromium_search_finds_filters_and_a_case_page_links_its_treatments(
    site: Path, store_path: Path, served: str, tmp_path: Path, chromium_tools: BrowserTools
) -> None:
    if not (chromium_tools.folder / "node_modules" / "playwright-core").exists():
        missing("playwright-core", "cd tests/browser && npm ci")
    phrase, address, _ = _phrase(store_path)
    with Store.open(store_path) as store:
        fora = Counter(s.meeting.forum.name for s in store.meetings())
        forum_of = {meeting_page(s.key): s.meeting.forum.name for s in store.meetings()}
        # The case with the most treatments: through a committee, Økonomiudvalget and the Byråd.
        case = max(store.cases(), key=lambda c: (len(c.treatments), c.number))
    committee = min(fora, key=lambda f: (fora[f], f))  # a committee with few meetings
    job = tmp_path / "job.json"
    job.write_text(
        json.dumps(
            {
                "pages": _sample(site),
                "phrase": phrase,
                "committee": committee,
                "broad": "godkendt",
                "case": case_page(case.number),
            }
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        ["node", str(BROWSER / "site.mjs"), served, str(job)],
        capture_output=True, text=True, timeout=600, cwd=BROWSER, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    for search in ("search", "filtered", "unfiltered"):  # the results' addresses, in the site
        result[search]["links"] = [link.removeprefix(served) for link in result[search]["links"]]
    for page in result["pages"]:
        assert page["axe"] == [], page["path"]  # no WCAG 2.1 A/AA violation
        assert not page["wide"], page["path"]  # nothing wider than a phone's screen
    # The phrase finds its meeting first (the item's anchor in that meeting's page).
    assert result["search"]["links"][0] == address, (phrase, result["search"])
    # The committee filter narrows the results to that committee's meetings.
    filtered, everything = (
        int(re.search(r"\d+", result[k]["message"])[0]) for k in ("filtered", "unfiltered")
    )
    assert 0 < filtered < everything
    assert {forum_of[link.split("#")[0]] for link in result["filtered"]["links"]} == {committee}
    # The case page lists the treatments in order, and each link lands on its item.
    shown = result["case"]
    assert len(shown) == len(case.treatments) >= 3
    for treatment, entry in zip(case.treatments, shown, strict=True):
        assert entry["heading"].startswith(treatment.forum)
        if entry["href"] is not None:
            assert entry["target"] is not None and entry["target"].startswith(
                f"Punkt {treatment.item_number}:"
            )
    assert sum(e["href"] is not None for e in shown) >= 3


def test_calendars_hold_every_meeting_at_its_local_time(site: Path, store_path: Path) -> None:
    with Store.open(store_path) as store:
        meetings = {s.key: s.meeting for s in store.meetings()}
    calendar = icalendar.Calendar.from_ical((site / "kalender" / "alle.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(meetings) == 101
    by_url = {str(e["URL"]): e for e in events}
    offsets = set()
    for key, meeting in meetings.items():
        event = by_url[BASE + meeting_page(key)]
        start = event.decoded("DTSTART")
        assert start == meeting.start
        local = start.astimezone(COPENHAGEN)
        assert (local.hour, local.minute) == (meeting.start.hour, meeting.start.minute)
        offsets.add(local.utcoffset())
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}  # winter and summer meetings
    forum = next(iter(meetings.values())).forum.name
    committee = icalendar.Calendar.from_ical((site / committee_calendar(forum)).read_bytes())
    assert len(committee.walk("VEVENT")) == sum(m.forum.name == forum for m in meetings.values())


def test_feeds_parse_and_the_api_is_valid(site: Path) -> None:
    assert feed_problems(site) == []
    _, problems, kinds = oparl_problems(site)
    assert problems == []
    assert kinds["Meeting"] >= 101 and kinds["Paper"] > 400 and kinds["Person"] > 10


def test_the_same_store_gives_the_same_bytes_and_an_unchanged_rebuild_writes_nothing(
    site: Path, store_path: Path, tmp_path: Path
) -> None:
    again = tmp_path / "igen"
    build_site(store_path, again, SiteOptions(base_url=BASE, title="Greve Kommunes møder"))
    first = {p.relative_to(site): p.read_bytes() for p in files(site)}
    second = {p.relative_to(again): p.read_bytes() for p in files(again)}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    report = build_site(store_path, again, SiteOptions(base_url=BASE, title="Greve Kommunes møder"))
    assert (report.written, report.rendered) == ((), 0)
