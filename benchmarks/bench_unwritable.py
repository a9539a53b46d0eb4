"""Benchmark render's check for what no file can hold against walking the model with paths.

Run from the repository root (REFERATKIT_SHARED defaults to ../shared)::

    python benchmarks/bench_unwritable.py [--runs 5]

Every render asks, before writing, whether the model holds a lone surrogate or a year
outside MIN_YEAR .. MAX_YEAR (``referatkit._api._refuse_unwritable``). The check makes one
pass over the model's values without their paths (``referatkit.model._validate.values``)
and walks it with paths only to name a place it found; the floor beside it is that walk
with paths, over the same meetings: the 101 FirstAgenda meetings of Greve's year when
../shared holds them, else generated meetings of the seeds' size (benchmarks/corpus.py).
Both sides run in turn in one process, so the ratio holds on a shared machine; the CPU
seconds (``time.process_time``) are printed beside it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_meeting

import referatkit
from referatkit._api import _name_unwritable, _refuse_unwritable

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("REFERATKIT_SHARED", ROOT.parent / "shared"))
GREVE = SHARED / "samples" / "firstagenda_greve"


def meetings() -> list[referatkit.Meeting]:
    files = sorted(GREVE.glob("*.json"))
    if not files:
        return [build_meeting(12, seed=n) for n in range(100)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [referatkit.read(path) for path in files]


def best(check: Callable[[referatkit.Meeting], None], corpus: list[referatkit.Meeting], runs: int) -> float:
    """The least CPU seconds of ``runs`` passes of ``check`` over ``corpus``."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        for meeting in corpus:
            check(meeting)
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    corpus = meetings()
    check = best(_refuse_unwritable, corpus, args.runs)
    walk = best(_name_unwritable, corpus, args.runs)
    print(f"{len(corpus)} meetings, best of {args.runs} (CPU seconds; load {os.getloadavg()[0]:.1f})")
    print(f"  the check (values, then a walk only to name a place): {check:.3f} s")
    print(f"  the floor it replaced (the walk with paths):          {walk:.3f} s")
    print(f"  ratio: {walk / check:.2f} times faster")


if __name__ == "__main__":
    main()
