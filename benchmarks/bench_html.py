"""Benchmark the HTML writer, side by side with pandoc's standalone HTML.

Run: ``python benchmarks/bench_html.py`` from the repository root.

1. In process (median ms): seed 001 (when ../shared is there) and the
   generated 400-item meeting to HTML.
2. Whole processes, startup included: the 400-item meeting to a standalone
   HTML page, referatkit from the model and pandoc (``-s``) from the same
   content as Markdown (its text layout is valid Markdown). Median wall time
   of the runs and the ratio; the issue's target is at most a fifth of
   pandoc's time.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_odt import _measured
from bench_text import SEED, median_ms
from corpus import build_meeting

import referatkit

_OURS = """
import sys, warnings, referatkit
warnings.simplefilter("ignore")
meeting = referatkit.read(sys.argv[1], format="xml")
open(sys.argv[2], "w", encoding="utf-8").write(referatkit.render(meeting, "html"))
"""


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
    print(f"{'document':<10} {'html':>9}   (median ms of {args.repeat} runs, in process)")
    for name, meeting in cases:
        ms = median_ms(lambda m=meeting: referatkit.render(m, "html"), args.repeat)
        print(f"{name:<10} {ms:>9.1f}")

    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        source = folder / "meeting.xml"
        source.write_bytes(referatkit.render(big, "xml"))  # type: ignore[arg-type]
        script = folder / "ours.py"
        script.write_text(_OURS, encoding="utf-8")
        ours, _ = _measured([sys.executable, str(script), str(source), str(folder / "ours.html")], args.runs)
        print(f"\n400 items to a standalone HTML page, whole process (median of {args.runs} runs):")
        print(f"referatkit {ours:6.2f} s")
        pandoc = shutil.which("pandoc")
        if pandoc is None:
            print("pandoc is not installed: no comparison (Debian: apt-get install pandoc)")
            return 0
        markdown = folder / "in.md"
        markdown.write_text(referatkit.render(big, "text"), encoding="utf-8")  # type: ignore[arg-type]
        command = [pandoc, "-s", "--metadata", "title=Referat", str(markdown), "-o", str(folder / "p.html")]
        theirs, _ = _measured(command, args.runs)
        version = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True).stdout
        print(f"{version.splitlines()[0]:<10} {theirs:6.2f} s")
        print(f"ratio      {ours / theirs:6.2f} time (target: at most 0.20)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
