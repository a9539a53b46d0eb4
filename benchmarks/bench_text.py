"""Benchmark the text layout: read and render seed 001 and a 400-item meeting.

Run: ``python benchmarks/bench_text.py`` (from the repository root; the seed
is read from ../shared/seeds and skipped with a note when it is missing).
Prints the median of repeated runs, in milliseconds.

``--against DIR`` also reads the same documents with the referatkit of another
checkout (``git worktree add --detach /tmp/base main``), the two taking turns
in one run, and prints the ratio of the reads' processor time (this checkout
over the other): how a change to the reader costs, under the same load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_meeting

import referatkit

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("REFERATKIT_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seeds" / "001_3c39089436e77a24.txt"


def median_ms(action: Callable[[], object], repeat: int) -> float:
    action()  # warm up caches (babel locale data, compiled patterns)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


# Reads ``paths`` (text files) ``repeat`` times each in a fresh interpreter; prints the
# processor seconds of each read, as JSON.
_READS = """
import json, os, sys, time
import referatkit
assert referatkit.__file__.startswith(os.getcwd()), referatkit.__file__  # the checkout's own
out = {}
for path in sys.argv[2:]:
    data = open(path, "rb").read()
    referatkit.read(data, format="text")
    times = []
    for _ in range(int(sys.argv[1])):
        start = time.process_time()
        referatkit.read(data, format="text")
        times.append(time.process_time() - start)
    out[path] = times
print(json.dumps(out))
"""


def in_checkout(checkout: Path, script: str, *args: str) -> Any:
    """What ``script`` prints (JSON) when run by a fresh interpreter in ``checkout``: its
    referatkit comes first on the path ("" is the working folder), whatever is installed."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)


def _reads(checkout: Path, paths: list[Path], repeat: int) -> dict[str, list[float]]:
    return in_checkout(checkout, _READS, str(repeat), *map(str, paths))  # type: ignore[no-any-return]


def against(other: Path, repeat: int, rounds: int = 5) -> None:
    """This checkout's text reader against ``other``'s, in turns, on the same documents."""
    import tempfile  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        if SEED.exists():
            paths.append(SEED)
        big = Path(tmp) / "400-items.txt"
        big.write_text(referatkit.render(build_meeting(400), "text"), encoding="utf-8")
        paths.append(big)
        ours: dict[str, list[float]] = {str(p): [] for p in paths}
        theirs: dict[str, list[float]] = {str(p): [] for p in paths}
        for _ in range(rounds):
            for side, checkout in ((ours, ROOT), (theirs, other)):
                for path, times in _reads(checkout, paths, repeat).items():
                    side[path].extend(times)
        header = f"{'document':<14} {'this ms':>9} {'other ms':>9} {'ratio':>7}"
        print(f"{header}   (median CPU of {rounds}×{repeat} reads)")
        for path in paths:
            a = statistics.median(ours[str(path)]) * 1000
            b = statistics.median(theirs[str(path)]) * 1000
            print(f"{path.name[:14]:<14} {a:>9.2f} {b:>9.2f} {a / b:>7.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--against", type=Path, metavar="DIR", help="another checkout to compare reads with")
    args = parser.parse_args()
    if args.against is not None:
        against(args.against, args.repeat)
        return 0

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
