"""Benchmark the text layout: read and render seed 001 and a 400-item meeting.

Run: ``python benchmarks/bench_text.py`` (from the repository root; the seed
is read from ../shared/seeds and skipped with a note when it is missing).
Prints the median of repeated runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_meeting

import referatkit

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "001_3c39089436e77a24.txt"


def median_ms(action: Callable[[], object], repeat: int) -> float:
    action()  # warm up caches (babel locale data, compiled patterns)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()

    cases: list[tuple[str, str, referatkit.Meeting]] = []
    if SEED.exists():
        text = SEED.read_text(encoding="utf-8")
        cases.append(("seed 001", text, referatkit.read(SEED)))
    else:
        print(f"note: {SEED} is missing; seed 001 is skipped", file=sys.stderr)
    big = build_meeting(400)
    cases.append(("400 items", referatkit.render(big, "text"), big))

    header = f"{'document':<10} {'size':>11} {'read':>9} {'render':>9} {'render+check':>13}"
    print(f"{header}   (median ms of {args.repeat} runs)")
    for name, text, meeting in cases:
        data = text.encode("utf-8")
        read = median_ms(lambda d=data: referatkit.read(d, format="text"), args.repeat)
        render = median_ms(lambda m=meeting: referatkit.render(m, "text"), args.repeat)
        checked = median_ms(lambda m=meeting: referatkit.render(m, "text"), args.repeat)
        print(f"{name:<10} {len(data) / 1024:>7.0f} KiB {read:>9.2f} {render:>9.2f} {checked:>13.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
