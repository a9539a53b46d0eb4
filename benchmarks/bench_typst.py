"""Benchmark the PDF engines side by side: Typst (the default) against LibreOffice.

Run: ``REFERATKIT_SHARED=../shared python benchmarks/bench_typst.py [--meetings 200]`` from
the repository root. In one run, for each engine:

1. one ``referatkit convert`` of seed 001 to PDF (a new process, as a user runs it);
2. ``--meetings`` copies of seed 001 to PDF in one ``referatkit convert`` call;
3. an arkiveringsversion of ``--meetings`` meetings (``pdfEngine`` in its configuration),
   when the standard schemas are found (``$REFERATKIT_SCHEMAS``).

The single conversion is the median of 5 runs. Prints seconds and the ratio
Typst / LibreOffice for each. Targets: at most 0.15, 0.5 and 0.6.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("REFERATKIT_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seeds" / "001_3c39089436e77a24.txt"
ARCHIVE_CONFIG = ROOT / "examples" / "archive.toml"


def _convert(args: list[str], repeat: int = 1) -> float:
    """The median wall time of ``repeat`` runs of ``referatkit convert``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "referatkit", "convert", "-q", *args], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _archive(folder: Path, meetings: Path, engine: str) -> float | None:
    if not ARCHIVE_CONFIG.exists():
        return None
    config = folder / f"archive-{engine}.toml"
    # A top-level key: before the file's first table.
    config.write_text(
        f'pdfEngine = "{engine}"\n' + ARCHIVE_CONFIG.read_text(encoding="utf-8"), encoding="utf-8"
    )
    target = folder / f"arkiv-{engine}"
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "referatkit",
            "archive",
            str(meetings),
            "-o",
            str(target),
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(f"archive ({engine}) failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--meetings", type=int, default=200)
    options = parser.parse_args()
    if shutil.which("soffice") is None:
        print("LibreOffice (soffice) is needed for the comparison", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        many = folder / "meetings"
        many.mkdir()
        for n in range(options.meetings):
            shutil.copy(SEED, many / f"m{n:04d}.txt")
        rows = []
        for label, typst_args, lo_args, repeat in (
            (
                "one convert of seed 001",
                [str(SEED), str(folder / "t.pdf")],
                [str(SEED), str(folder / "l.pdf"), "--pdf-engine", "libreoffice"],
                5,
            ),
            (
                f"{options.meetings} meetings, one call",
                [str(many), "-o", str(folder / "t"), "--to", "pdf"],
                [str(many), "-o", str(folder / "l"), "--to", "pdf", "--pdf-engine", "libreoffice"],
                1,
            ),
        ):
            typst = _convert(typst_args, repeat)
            libreoffice = _convert(lo_args, repeat)
            rows.append((label, typst, libreoffice))
        typst_archive = _archive(folder, many, "typst")
        lo_archive = _archive(folder, many, "libreoffice")
        if typst_archive is not None and lo_archive is not None:
            rows.append((f"archive of {options.meetings} meetings", typst_archive, lo_archive))
    print(f"{'':34} {'typst s':>9} {'libreoffice s':>14} {'ratio':>7}")
    for label, typst, libreoffice in rows:
        print(f"{label:34} {typst:9.2f} {libreoffice:14.2f} {typst / libreoffice:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
