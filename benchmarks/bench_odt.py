"""Benchmark the ODT writer, side by side with pandoc where it is installed.

Run: ``python benchmarks/bench_odt.py`` from the repository root.

1. In process: seed 001 and the 400-item meeting (median ms): render to
   ODT with the read-back loss check (the default), render without it,
   and read the ODT back.
2. Fresh processes, startup included, for referatkit and pandoc alike: 50
   copies of seed 001's items to ODT; referatkit from the model, pandoc from
   the same content as Markdown (the seed text is valid Markdown). Wall time
   (median of runs) and peak memory (max RSS) of each, and the ratios. The
   issue's target: at most a third of pandoc's time and memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_text import SEED, median_ms
from corpus import build_meeting

import referatkit

COPIES = 50

_OURS = """
import sys, warnings, attrs, referatkit
warnings.simplefilter("ignore")
seed = referatkit.read(sys.argv[1])
items = tuple(attrs.evolve(it, number=str(k * len(seed.items) + i + 1))
              for k in range({copies}) for i, it in enumerate(seed.items))
open(sys.argv[2], "wb").write(referatkit.render(attrs.evolve(seed, items=items), "odt"))
"""


def _child(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall seconds and peak RSS (MiB) of ``command`` run ``runs`` times."""
    times, peaks = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
        # ru_maxrss of children is the largest child so far; each run is measured
        # in a fresh wrapper process below, so this is that run's peak.
        peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
    return statistics.median(times), max(peaks)


def _measured(command: list[str], runs: int) -> tuple[float, float]:
    """Run ``_child`` in a fresh wrapper so RSS figures do not mix between tools."""
    code = (
        "import sys, json; sys.path.insert(0, sys.argv[1]); from bench_odt import _child; "
        "print(json.dumps(_child(json.loads(sys.argv[2]), int(sys.argv[3]))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent), json.dumps(command), str(runs)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seconds, peak = json.loads(out)
    return seconds, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--runs", type=int, default=5, help="runs of each whole-process comparison")
    args = parser.parse_args()
    warnings.simplefilter("ignore", referatkit.LossWarning)

    big = build_meeting(400)
    cases = [("400 items", big)]
    if SEED.exists():
        cases.insert(0, ("seed 001", referatkit.read(SEED)))
    print(f"{'document':<10} {'render':>9} {'no check':>9} {'read':>9}   (median ms of {args.repeat} runs)")
    for name, meeting in cases:
        checked = median_ms(lambda m=meeting: referatkit.render(m, "odt"), args.repeat)
        data = referatkit.render(meeting, "odt")
        unchecked = median_ms(lambda m=meeting: referatkit.render(m, "odt"), args.repeat)
        read = median_ms(lambda d=data: referatkit.read(d, format="odt"), args.repeat)
        print(f"{name:<10} {checked:>9.1f} {unchecked:>9.1f} {read:>9.1f}")

    if not SEED.exists():
        print(f"note: {SEED} is missing; the pandoc comparison is skipped", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        script = folder / "ours.py"
        script.write_text(_OURS.format(copies=COPIES), encoding="utf-8")
        ours = _measured([sys.executable, str(script), str(SEED), str(folder / "ours.odt")], args.runs)
        print(f"\n{COPIES} copies of seed 001's items to ODT, whole process (median of {args.runs} runs):")
        print(f"referatkit {ours[0]:6.2f} s {ours[1]:7.0f} MiB")
        pandoc = shutil.which("pandoc")
        if pandoc is None:
            print("pandoc is not installed: no comparison (Debian: apt-get install pandoc)")
            return 0
        text = SEED.read_text(encoding="utf-8").strip()
        body = text[text.index("\nPunkt ") :]
        markdown = folder / "in.md"
        markdown.write_text(text + body * (COPIES - 1), encoding="utf-8")
        theirs = _measured([pandoc, str(markdown), "-o", str(folder / "pandoc.odt")], args.runs)
        about = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True)
        version = about.stdout.split("\n")[0]
        print(f"{version:<10} {theirs[0]:6.2f} s {theirs[1]:7.0f} MiB")
        ratios = f"{ours[0] / theirs[0]:6.2f} time {ours[1] / theirs[1]:5.2f} memory"
        print(f"ratio      {ratios} (target: at most 0.33)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
