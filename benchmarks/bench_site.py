"""The publication site: the 101 Greve meetings and N generated ones, side by side with
writing the same meetings' HTML pages alone (the floor), then a rebuild after one new meeting.

    python benchmarks/bench_site.py               # Greve, and 1,000 generated meetings
    python benchmarks/bench_site.py -n 10000      # the issue's 10,000

Per collection, on one process: the floor (each meeting read from the store and its page
written by the HTML writer), the site without its search index, the whole site (pages,
calendars, feeds, OParl, Pagefind), each in ms per meeting and as a ratio to the floor, as
elapsed time and as CPU time (this process and its children: Pagefind indexes in its own,
one for each year's index); the peak memory of the process after each step and the largest
of Pagefind's; then the same store built again (nothing written), and after adding one
meeting: what was read from the store and written again.
The generated meetings are bench_store.py's (15 items, cases across fora).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import attrs

import referatkit
from referatkit.site import SiteOptions, _search, build_site
from referatkit.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from bench_store import _write_one

GREVE = (
    Path(os.environ.get("REFERATKIT_SHARED", Path(__file__).parents[2] / "shared"))
    / "samples"
    / "firstagenda_greve"
)


def _cpu() -> float:
    """CPU seconds of this process and of its children (Pagefind) so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak() -> float:
    """The peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


#: The largest peak memory (VmHWM, MB) of a Pagefind process, read just before it is ended.
_PAGEFIND_PEAK = [0.0]
_close = _search.SearchIndex.close


def _close_measured(self: _search.SearchIndex) -> None:
    try:
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    _PAGEFIND_PEAK[0] = max(_PAGEFIND_PEAK[0], int(line.split()[1]) / 1024)
    except OSError:
        pass  # ended already (closed twice)
    _close(self)


_search.SearchIndex.close = _close_measured  # type: ignore[method-assign]


def _children_cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def _floor(store: Store, out: Path) -> tuple[float, float]:
    """Read every meeting from the store and write its HTML page: what the site cannot beat."""
    out.mkdir()
    start, cpu = time.perf_counter(), _cpu()
    for stored in store.meetings():
        with warnings.catch_warnings():  # what a page does not show, as the site's pages
            warnings.simplefilter("ignore", referatkit.LossWarning)
            page = referatkit.render(stored.meeting, "html")
        (out / f"{stored.key}.html").write_text(page, encoding="utf-8")
    return time.perf_counter() - start, _cpu() - cpu


def _timed(store: object, out: Path, search: bool) -> tuple[float, float, object]:
    start, cpu, children = time.perf_counter(), _cpu(), _children_cpu()
    report = build_site(store, out, SiteOptions(search=search))  # type: ignore[arg-type]
    if search:
        print(f"  (Pagefind's CPU: {_children_cpu() - children:.2f} s)")
    return time.perf_counter() - start, _cpu() - cpu, report


def _measure(name: str, store_path: Path, work: Path) -> None:
    with Store.open(store_path) as store:
        count = len(store)
        floor, floor_cpu = _floor(store, work / f"{name}-floor")
    peaks = [("floor", _peak())]
    bare, bare_cpu, _ = _timed(store_path, work / f"{name}-bare", search=False)
    peaks.append(("site without search", _peak()))
    full, full_cpu, report = _timed(store_path, work / f"{name}-site", search=True)
    peaks.append(("site with Pagefind", _peak()))
    again, again_cpu, unchanged = _timed(store_path, work / f"{name}-site", search=True)
    files = len(report.written)  # type: ignore[attr-defined]
    print(f"\n{name}: {count} meetings, {files} files (load {os.getloadavg()[0]:.1f})")
    head = f"{'seconds':>8} {'ms/meeting':>11} {'x floor':>8}"
    print(f"  {'':30} {head} {'CPU s':>8} {'CPU ms/m':>9} {'x floor':>8}")
    for label, seconds, cpu in (
        ("floor: HTML pages alone", floor, floor_cpu),
        ("site without search index", bare, bare_cpu),
        ("site with Pagefind", full, full_cpu),
        ("same store again", again, again_cpu),
    ):
        print(
            f"  {label:30} {seconds:8.2f} {1000 * seconds / count:11.2f} {seconds / floor:8.2f}"
            f" {cpu:8.2f} {1000 * cpu / count:9.2f} {cpu / floor_cpu:8.2f}"
        )
    print(f"  again: {len(unchanged.written)} files written, {unchanged.rendered} pages rendered")  # type: ignore[attr-defined]
    print("  peak memory of the process after: " + ", ".join(f"{label} {mb:.0f} MB" for label, mb in peaks))
    print(f"  peak memory of the largest Pagefind process: {_PAGEFIND_PEAK[0]:.0f} MB")
    _PAGEFIND_PEAK[0] = 0.0


class _Counting:
    """The store as the site's collection, counting what the site reads of it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.meetings_read = 0
        self.cases_read = 0
        self.everything: list[str] = []

    @property
    def edition(self) -> str:
        return self.store.edition

    def stamps(self):  # type: ignore[no-untyped-def]
        return self.store.stamps()

    def meetings(self):  # type: ignore[no-untyped-def]
        self.everything.append("meetings")
        return self.store.meetings()

    def meeting(self, key: str):  # type: ignore[no-untyped-def]
        self.meetings_read += 1
        return self.store.meeting(key)

    def cases(self):  # type: ignore[no-untyped-def]
        self.everything.append("cases")
        return self.store.cases()

    def case(self, number: str):  # type: ignore[no-untyped-def]
        self.cases_read += 1
        return self.store.case(number)


def _greve(work: Path) -> Path:
    target = work / "greve.sqlite"
    with Store.open(target, create=True) as store:
        store.index([GREVE], jobs=2)
    return target


def _generated(work: Path, count: int) -> Path:
    """The store of ``count`` generated meetings: written as files, indexed on two processes
    (a few meetings a transaction, as ``referatkit index`` does)."""
    sources = work / "generated"
    sources.mkdir()
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_write_one, [(n, str(sources)) for n in range(count)], chunksize=64))
    target = work / "generated.sqlite"
    with Store.open(target, create=True) as store:
        store.index([sources], jobs=2)
    return target


def _one_more(store_path: Path, work: Path) -> None:
    with Store.open(store_path) as store:
        last = max(store.meetings(), key=lambda s: s.meeting.start)
        later = attrs.evolve(last.meeting, start=last.meeting.start + dt.timedelta(days=7))
        store.add(later, source="generated/one-more.xml")
        key = store.key_of("generated/one-more.xml")
        counting = _Counting(store)
        start, cpu = time.perf_counter(), _cpu()
        report = build_site(counting, work / "generated-site", SiteOptions())  # type: ignore[arg-type]
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    pages = [p for p in report.written if not p.startswith("pagefind/")]
    print(
        f"\nafter one new meeting ({later.forum.name}): {seconds:.2f} s, {cpu:.2f} s CPU, "
        f"{report.rendered} page rendered (load {os.getloadavg()[0]:.1f})"
    )
    print(
        f"  read from the store: {counting.meetings_read} meeting, {counting.cases_read} cases"
        + (f", and everything by {', '.join(counting.everything)}" if counting.everything else "")
    )
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
