"""Reading time grows linearly with the number of attributes: every case-system reader.

Run: ``python benchmarks/bench_attributes.py`` from the repository root.
Each fixture in tests/esdh gets 100,000 extra attributes (on its root
element), then 1,000,000 (100,000 on each of its first ten elements: libxml2
refuses a start tag over 10 MB); each is read through ``referatkit.read``
(the extra attributes become properties) and, side by side, only parsed
(lxml, the exports' quirks repaired), the floor any reader stands on.
Prints the median CPU time in seconds and the ratio of the two sizes' times (10 for
linear time; reading was quadratic before the readers stopped calling
lxml's ``attrib.items()``: 100,000 attributes took 45 s).
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import referatkit
from referatkit.formats.esdh._prepare import parse

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "esdh"
PER_ELEMENT = 100_000
_START_TAG = re.compile(rb"<([A-Za-z][\w:.-]*)")


def with_attributes(data: bytes, total: int) -> bytes:
    """``data`` with ``total`` extra attributes, PER_ELEMENT on each of its first elements."""
    out, position, counter = [], 0, 0
    for match in _START_TAG.finditer(data):
        if counter >= total:
            break
        count = min(PER_ELEMENT, total - counter)
        out.append(data[position : match.end()])
        out.append(b"".join(b' x%d="v%d"' % (counter + i, counter + i) for i in range(count)))
        position, counter = match.end(), counter + count
    out.append(data[position:])
    return b"".join(out)


def median_s(action: Callable[[], object], repeat: int) -> float:
    """The median CPU time of ``action``: on a shared machine, wall-clock time measures the others."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore", referatkit.ReadWarning)
    print(
        f"{'fixture':<28} {'attributes':>10} {'size':>9} {'referatkit':>11} {'parse only':>11} {'ratio':>6}"
    )
    for path in sorted(FIXTURES.glob("*.[xX][mM][lL]")):
        base = path.read_bytes()
        if path.name == "acadre-manifest.xml":  # read from a path only (it names its agenda files)
            continue
        detected = referatkit._api._detect(path, base[:4096])
        fmt = detected.name if detected else None
        previous = None
        for total in (100_000, 1_000_000):
            data = with_attributes(base, total)
            ours = median_s(lambda data=data, fmt=fmt: referatkit.read(data, fmt), args.repeat)  # type: ignore[misc]
            floor = median_s(lambda data=data: parse(data, "<data>"), args.repeat)  # type: ignore[misc]
            ratio = f"{ours / previous:>6.1f}" if previous else ""
            size = f"{len(data) / 2**20:>5.1f} MiB"
            print(f"{path.name:<28} {total:>10,} {size} {ours:>9.2f} s {floor:>9.2f} s {ratio}")
            previous = ours
    print(f"(median CPU time of {args.repeat} reads; ratio: 1,000,000 attributes' time over 100,000's)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
