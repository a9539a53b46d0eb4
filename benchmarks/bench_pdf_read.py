"""Benchmark reading a printed referat from PDF, beside poppler's ``pdftotext``.

Run: ``python benchmarks/bench_pdf_read.py`` from the repository root. Reads
../shared/samples/printed_referater/aarhus_byraad_2025-08-27_referat.pdf
(28 pages, 21 items) ``--repeat`` times through ``referatkit.read(path)``, and
split into its stages (the PDF's lines with pypdfium2; the text layout and
the model); runs ``pdftotext`` (text only, no model) and ``pdftotext`` piped
into the text reader on the same file. Prints the median, the fastest and
the slowest run in milliseconds. The target is under 1 s for the whole read.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import referatkit
from referatkit.formats.printed._layout import read_lines
from referatkit.formats.printed._pdf import pdf_lines

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT.parent / "shared" / "samples" / "printed_referater" / "aarhus_byraad_2025-08-27_referat.pdf"


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("pdf", nargs="?", type=Path, default=PDF)
    args = parser.parse_args()
    if not args.pdf.is_file():
        print(f"{args.pdf} is missing", file=sys.stderr)
        return 1
    data = args.pdf.read_bytes()
    lines = pdf_lines(data, str(args.pdf))
    meeting = referatkit.read(args.pdf)
    print(
        f"{args.pdf.name}: {len(data) / 1024:.0f} KiB, {len({line.page for line in lines})} pages, "
        f"{len(lines)} lines, {len(meeting.items)} items"
    )
    rows: list[tuple[str, list[float]]] = [
        ("referatkit.read(path)", timed(lambda: referatkit.read(args.pdf), args.repeat)),
        ("  lines (pypdfium2)", timed(lambda: pdf_lines(data, "x"), args.repeat)),
        ("  layout + model", timed(lambda: read_lines(lines, "x", referatkit.DANISH), args.repeat)),
    ]
    if shutil.which("pdftotext"):

        def poppler() -> str:
            return subprocess.run(
                ["pdftotext", str(args.pdf), "-"], check=True, capture_output=True, text=True
            ).stdout

        rows.append(("pdftotext (text only)", timed(poppler, args.repeat)))
        rows.append(
            ("pdftotext | text reader", timed(lambda: referatkit.read(poppler(), format="text"), args.repeat))
        )
    else:
        print("(pdftotext is not installed: poppler-utils)", file=sys.stderr)
    print(f"{'':<26} {'median':>8} {'min':>8} {'max':>8}")
    for name, times in rows:
        print(f"{name:<26} {statistics.median(times):>8.1f} {min(times):>8.1f} {max(times):>8.1f}")
    print(f"(ms, {args.repeat} runs each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
