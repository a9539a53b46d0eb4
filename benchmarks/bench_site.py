"""The publication site: the 101 Greve meetings and N generated ones, side by side with
writing the same meetings' HTML pages alone (the floor), then a rebuild after one new meeting.

    python benchmarks/bench_site.py               # Greve, and 1,000 generated meetings
    python benchmarks/bench_site.py -n 10000      # the issue's 10,000

Per collection, on one process: the floor (each meeting read from the store and its page
written by the HTML writer), the site without its search index, the whole site (pages,
calendars, feeds, OParl, Pagefind), each in ms per meeting and as a ratio to the floor;
then the same store built again (nothing written), and after adding one meeting: what was
written again. The generated meetings are bench_store.py's (15 items, cases across fora).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import attrs

import referatkit
from referatkit.site import SiteOptions, build_site
from referatkit.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from bench_store import generated_meeting

GREVE = (
    Path(os.environ.get("REFERATKIT_SHARED", Path(__file__).parents[2] / "shared"))
    / "samples"
    / "firstagenda_greve"
)


def _floor(store: Store, out: Path) -> float:
    """Read every meeting from the store and write its HTML page: what the site cannot beat."""
    out.mkdir()
    start = time.perf_counter()
    for stored in store.meetings():
        with warnings.catch_warnings():  # what a page does not show, as the site's pages
            warnings.simplefilter("ignore", referatkit.LossWarning)
            page = referatkit.render(stored.meeting, "html")
        (out / f"{stored.key}.html").write_text(page, encoding="utf-8")
    return time.perf_counter() - start


def _timed(store: Path, out: Path, search: bool) -> tuple[float, object]:
    start = time.perf_counter()
    report = build_site(store, out, SiteOptions(search=search))
    return time.perf_counter() - start, report


def _measure(name: str, store_path: Path, work: Path) -> None:
    with Store.open(store_path) as store:
        count = len(store)
        floor = _floor(store, work / f"{name}-floor")
    bare, _ = _timed(store_path, work / f"{name}-bare", search=False)
    full, report = _timed(store_path, work / f"{name}-site", search=True)
    again, unchanged = _timed(store_path, work / f"{name}-site", search=True)
    files = len(report.written)  # type: ignore[attr-defined]
    print(f"\n{name}: {count} meetings, {files} files")
    print(f"  {'':34} {'seconds':>9} {'ms/meeting':>11} {'x floor':>8}")
    for label, seconds in (
        ("floor: HTML pages alone", floor),
        ("site without search index", bare),
        ("site with Pagefind", full),
        ("same store again", again),
    ):
        print(f"  {label:34} {seconds:9.2f} {1000 * seconds / count:11.2f} {seconds / floor:8.2f}")
    print(f"  again: {len(unchanged.written)} files written, {unchanged.rendered} pages rendered")  # type: ignore[attr-defined]


def _greve(work: Path) -> Path:
    target = work / "greve.sqlite"
    with Store.open(target, create=True) as store:
        store.index([GREVE], jobs=2)
    return target


def _generated(work: Path, count: int) -> Path:
    target = work / "generated.sqlite"
    with Store.open(target, create=True) as store:
        for n in range(count):
            store.add(generated_meeting(n), source=f"generated/{n:06d}.xml")
    return target


def _one_more(store_path: Path, work: Path) -> None:
    with Store.open(store_path) as store:
        last = max(store.meetings(), key=lambda s: s.meeting.start)
        later = attrs.evolve(last.meeting, start=last.meeting.start + dt.timedelta(days=7))
        store.add(later, source="generated/one-more.xml")
        key = store.key_of("generated/one-more.xml")
    start = time.perf_counter()
    report = build_site(store_path, work / "generated-site", SiteOptions())
    seconds = time.perf_counter() - start
    pages = [p for p in report.written if not p.startswith("pagefind/")]
    print(f"\nafter one new meeting ({later.forum.name}): {seconds:.2f} s, {report.rendered} page rendered")
    outside = f"{len(pages)} outside the search index"
    print(f"  {len(report.written)} files written ({outside}), {len(report.kept)} kept")
    shown = [p for p in pages if p.endswith((".html", ".ics", ".xml"))]
    print("  pages, calendars and feeds written: " + ", ".join(shown))
    assert report.rendered == 1 and any(key in p for p in pages)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--meetings", type=int, default=1000, help="generated meetings")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if GREVE.is_dir():
            _measure("Greve", _greve(work), work)
        start = time.perf_counter()
        generated = _generated(work, args.meetings)
        stored = time.perf_counter() - start
        print(f"\n(storing {args.meetings} generated meetings: {stored:.1f} s, not counted)")
        _measure("generated", generated, work)
        _one_more(generated, work)


if __name__ == "__main__":
    main()
