"""Benchmark the importers of the case systems' exports.

Run: ``python benchmarks/bench_esdh.py`` from the repository root. Reads
every export in ../shared/samples/esdh_meeting_exports (when it is there;
``REFERATKIT_SHARED`` when ../shared is elsewhere)
and every synthetic fixture in tests/esdh 100 times each, through
``referatkit.read(path)`` with the format detected, as a user calls it;
prints the median, the fastest and the slowest read in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

import referatkit

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("REFERATKIT_SHARED", ROOT.parent / "shared"))
SAMPLES = SHARED / "samples" / "esdh_meeting_exports"
FIXTURES = ROOT / "tests" / "esdh"


def exports() -> list[Path]:
    found = sorted(
        p for p in SAMPLES.rglob("*") if p.suffix.lower() == ".xml" and "schemas" not in p.parent.name
    )
    return found + sorted(FIXTURES.glob("*.[xX][mM][lL]"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    warnings.simplefilter("ignore", referatkit.ReadWarning)
    paths = exports()
    if not any(p.is_relative_to(SAMPLES) for p in paths):
        print(f"({SAMPLES} is missing: only the fixtures are read)", file=sys.stderr)
    print(f"{'export':<48} {'format':<15} {'size':>8} {'items':>5} {'median':>8} {'min':>8} {'max':>8}")
    for path in paths:
        meeting = referatkit.read(path)
        fmt = referatkit._api._detect(path, path.read_bytes()[:4096])  # for the report
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            referatkit.read(path)
            times.append((time.perf_counter() - start) * 1000)
        name = str(path.relative_to(SAMPLES if path.is_relative_to(SAMPLES) else ROOT))
        print(
            f"{name[-48:]:<48} {fmt.name if fmt else '?':<15} {path.stat().st_size / 1024:>5.0f} KiB "
            f"{len(meeting.items):>5} {statistics.median(times):>8.2f} {min(times):>8.2f} {max(times):>8.2f}"
        )
    print(f"(ms per read, {args.repeat} reads of each file)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
