"""Benchmark the archival XML writers: referatkit XML and Akoma Ntoso.

Run: ``python benchmarks/bench_xml.py`` from the repository root. For seed
001 (when ../shared is there) and the generated 400-item meeting: render
to referatkit XML, render to Akoma Ntoso, and read the XML back (median ms).
Rendering XML includes the read-back loss check (the default);
``no check`` is the writer alone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_text import SEED, median_ms
from corpus import build_meeting

import referatkit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    cases = [("400 items", build_meeting(400))]
    if SEED.exists():
        cases.insert(0, ("seed 001", referatkit.read(SEED)))
    print(f"{'document':<10} {'xml':>9} {'no check':>9} {'akn':>9} {'read xml':>9} {'size':>10}")
    for name, meeting in cases:
        data = referatkit.render(meeting, "xml")
        xml = median_ms(lambda m=meeting: referatkit.render(m, "xml"), args.repeat)
        bare = median_ms(lambda m=meeting: referatkit.render(m, "xml"), args.repeat)
        akn = median_ms(lambda m=meeting: referatkit.render(m, "akn"), args.repeat)
        read = median_ms(lambda d=data: referatkit.read(d, format="xml"), args.repeat)
        print(f"{name:<10} {xml:>9.1f} {bare:>9.1f} {akn:>9.1f} {read:>9.1f} {len(data) / 1024:>7.0f} KiB")
    print(f"(median ms of {args.repeat} runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
