"""Benchmark the PDF engines side by side: Typst (the default) against LibreOffice.

Run: ``REFERATKIT_SHARED=../shared python benchmarks/bench_typst.py [--meetings 200]`` from
the repository root. In one run, for each engine:

1. one ``referatkit convert`` of seed 001 to PDF (a new process, as a user runs it);
2. ``--meetings`` copies of seed 001 to PDF in one ``referatkit convert`` call;
3. an arkiveringsversion of ``--meetings`` meetings (``pdfEngine`` in its configuration),
   when the standard schemas are found (``$REFERATKIT_SCHEMAS``).

The single conversion is the median of 5 runs. Prints wall seconds, CPU seconds
(user + system of the process and every process it started: LibreOffice, the
workers) and the ratio Typst / LibreOffice of each; the CPU ratio is the one to
quote on a shared machine. Targets: at most 0.15, 0.5 and 0.6. ``--only archive``
runs the third alone; ``--archive-runs N`` makes N archives of each engine, in turn, and
prints their medians (the ratio of one pair varies by about 0.02 on a quiet machine).
"""

from __future__ import annotations

import argparse
import os
import resource
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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _convert(args: list[str], repeat: int = 1) -> tuple[float, float]:
    """The median wall and CPU time of ``repeat`` runs of ``referatkit convert``."""
    times, cpu = [], []
    for _ in range(repeat):
        start, used = time.perf_counter(), _children_cpu()
        subprocess.run([sys.executable, "-m", "referatkit", "convert", "-q", *args], check=True)
        times.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - used)
    return statistics.median(times), statistics.median(cpu)


def _archive(folder: Path, meetings: Path, engine: str, run: int = 0) -> tuple[float, float] | None:
    if not ARCHIVE_CONFIG.exists():
        return None
    config = folder / f"archive-{engine}.toml"
    # A top-level key: before the file's first table.
    config.write_text(
        f'pdfEngine = "{engine}"\n' + ARCHIVE_CONFIG.read_text(encoding="utf-8"), encoding="utf-8"
    )
    target = folder / f"arkiv-{engine}-{run}"
    start, used = time.perf_counter(), _children_cpu()
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
    return time.perf_counter() - start, _children_cpu() - used


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--meetings", type=int, default=200)
    parser.add_argument("--only", choices=["archive"], help="only the arkiveringsversion")
    parser.add_argument(
        "--archive-runs", type=int, default=1, help="archives of each engine, in turn (medians)"
    )
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
        rows: list[tuple[str, tuple[float, float], tuple[float, float]]] = []
        conversions = (
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
        )
        for label, typst_args, lo_args, repeat in conversions if options.only is None else ():
            rows.append((label, _convert(typst_args, repeat), _convert(lo_args, repeat)))
        # The engines in turn, so that a change in the machine's load falls on both alike.
        archives: dict[str, list[tuple[float, float]]] = {"typst": [], "libreoffice": []}
        for run in range(options.archive_runs):
            for engine, found in archives.items():
                measured = _archive(folder, many, engine, run)
                if measured is not None:
                    found.append(measured)
        if all(len(found) == options.archive_runs for found in archives.values()):
            typst_archive, lo_archive = (
                (statistics.median(t for t, _ in found), statistics.median(c for _, c in found))
                for found in archives.values()
            )
            label = f"archive of {options.meetings} meetings"
            if options.archive_runs > 1:
                label += f" (median of {options.archive_runs})"
            rows.append((label, typst_archive, lo_archive))
    heads = [("typst s", 9), ("libreoffice s", 14), ("ratio", 6)]
    heads += [("typst cpu", 10), ("lo cpu", 8), ("ratio", 6)]
    print(f"{'':34}" + "".join(f" {head:>{width}}" for head, width in heads))
    for label, (typst, typst_cpu), (libreoffice, lo_cpu) in rows:
        print(
            f"{label:34} {typst:9.2f} {libreoffice:14.2f} {typst / libreoffice:6.2f}"
            f" {typst_cpu:10.2f} {lo_cpu:8.2f} {typst_cpu / lo_cpu:6.2f}"
        )
    print(f"load average: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
