"""The report channel's cost: writers and readers of two checkouts side by side, as ratios.

    python benchmarks/bench_edge.py --before ../main [--rounds 5] [--repeat 7]

Each round runs one child process per checkout (``PYTHONPATH=<checkout>``), in
turn, so both sides share the machine's load; a child times, in CPU seconds
(``time.process_time``, median of ``--repeat``), ``render`` of the 400-item
meeting (``corpus.build_meeting``) and of seed 001 to text, ODT, XML and HTML,
and ``read`` of seed 001 and of the SBSYS fixture, which reports a
``ReadWarning``. The table gives the median over the rounds of each side and
after/before: the report channel replaced the warnings machinery inside the
library and the batch's reading lock, and should cost nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CHILD = r"""
import json, statistics, sys, time, warnings
sys.path.insert(0, {bench!r})
from corpus import build_meeting
import referatkit

warnings.simplefilter("ignore")
seed = {seed!r}
sbsys = {sbsys!r}
cases = {{"400 items": build_meeting(400), "seed 001": referatkit.read(seed)}}

def cpu(action, repeat):
    action()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000

out = {{}}
for name, meeting in cases.items():
    for fmt in ("text", "odt", "xml", "html"):
        out[f"render {{fmt:5}} {{name}}"] = cpu(lambda: referatkit.render(meeting, fmt), {repeat})
out["read   text  seed 001"] = cpu(lambda: referatkit.read(seed), {repeat})
out["read   sbsys fixture"] = cpu(lambda: referatkit.read(sbsys, "sbsys"), {repeat})
print(json.dumps(out))
"""


def run(checkout: Path, seed: Path, repeat: int) -> dict[str, float]:
    code = CHILD.format(
        bench=str(HERE),
        seed=str(seed),
        sbsys=str(ROOT / "tests" / "esdh" / "sbsys-publication.xml"),
        repeat=repeat,
    )
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", type=Path, required=True, help="the checkout to compare with")
    parser.add_argument("--after", type=Path, default=ROOT)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--seed",
        type=Path,
        default=Path(os.environ.get("REFERATKIT_SHARED", ROOT.parent / "shared"))
        / "seeds"
        / "001_3c39089436e77a24.txt",
    )
    args = parser.parse_args()
    sides: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for _ in range(args.rounds):
        sides["before"].append(run(args.before.resolve(), args.seed, args.repeat))
        sides["after"].append(run(args.after.resolve(), args.seed, args.repeat))
    header = f"{'':28} {'before ms':>10} {'after ms':>10} {'after/before':>13}"
    print(f"{header}   (CPU, median of {args.rounds} rounds)")
    for key in sides["after"][0]:
        before = statistics.median(r[key] for r in sides["before"])
        after = statistics.median(r[key] for r in sides["after"])
        print(f"{key:28} {before:10.2f} {after:10.2f} {after / before:13.2f}")
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
