"""Benchmark the arkiveringsversion against LibreOffice's own batch conversion.

Run from the repository root (REFERATKIT_SCHEMAS defaults to ../shared/schemas)::

    python benchmarks/bench_archive.py [--meetings 200] [--jobs 2] [--runs 3]

The meetings are the two seeds (when ../shared is there) and generated
meetings of similar size (benchmarks/corpus.py). The script measures

1. the bare tool: ``soffice --headless --convert-to pdf`` over the ODT files
   of the same meetings, in one LibreOffice process (what a user would run
   by hand before rasterising);
2. the whole package with ``referatkit.archive`` on ``--jobs`` processes:
   total wall time, and the time spent inside LibreOffice (summed over the
   workers, and as a share of the workers' time).

The issue's target: the whole package in at most 1.5 times the bare time.
The machine may be shared, so the CPU seconds of each (processes and their
children, LibreOffice included) are printed too: on an idle machine the
package's wall time is about its CPU time divided by the workers.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import os
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

from corpus import build_meeting

import referatkit
from referatkit.archive import archive, load_config
from referatkit.formats.pdf import find_soffice

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))


def meetings(count: int) -> list[referatkit.Meeting]:
    """The seeds and generated meetings of about the seeds' size, ``count`` in all."""
    found = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = [referatkit.read(path) for path in SEEDS[:count]]
    sizes = [len(m.items) for m in found] or [8]
    size = max(1, sum(sizes) // len(sizes))
    found += [build_meeting(size, seed=n) for n in range(count - len(found))]
    return found


def cpu_seconds() -> float:
    """User and system CPU seconds of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bare_libreoffice(odts: list[Path], out: Path) -> float:
    """Seconds for one ``soffice --convert-to pdf`` over every file (a fresh profile, as a first run)."""
    profile = out / "profile"
    command = [
        find_soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out / "pdf"),
        *map(str, odts),
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--batch-size", type=int, default=None, help="documents per LibreOffice run (default: the library's)"
    )
    parser.add_argument("--runs", type=int, default=1, help="runs of each, interleaved; medians printed")
    args = parser.parse_args()
    os.environ.setdefault("REFERATKIT_SCHEMAS", str(SHARED / "schemas"))
    chosen = meetings(args.meetings)
    config = load_config(ROOT / "examples" / "archive.toml")
    options = {} if args.batch_size is None else {"batch_size": args.batch_size}
    bare_runs: list[tuple[float, float]] = []
    package_runs: list[tuple[float, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-archive-") as work:
        folder = Path(work)
        odt_folder = folder / "odt"
        odt_folder.mkdir()
        odts = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for index, meeting in enumerate(chosen):
                path = odt_folder / f"m{index:04d}.odt"
                path.write_bytes(referatkit.render(meeting, "odt", edition="full"))
                odts.append(path)
        for run in range(args.runs):
            before = cpu_seconds()
            bare = bare_libreoffice(odts, folder / f"bare-{run}")
            bare_runs.append((bare, cpu_seconds() - before))
            pdf_count = sum(1 for _ in (folder / f"bare-{run}" / "pdf").glob("*.pdf"))
            shutil.rmtree(folder / f"bare-{run}", ignore_errors=True)

            before = cpu_seconds()
            executor = cf.ProcessPoolExecutor(args.jobs) if args.jobs > 1 else None
            try:
                report = archive(chosen, folder / f"package-{run}", config, executor=executor, **options)
            finally:
                if executor is not None:
                    executor.shutdown()
            package_runs.append((report.seconds, cpu_seconds() - before, report.soffice_seconds))
            shutil.rmtree(folder / f"package-{run}", ignore_errors=True)
    bare = statistics.median(w for w, _ in bare_runs)
    bare_cpu = statistics.median(c for _, c in bare_runs)
    seconds = statistics.median(w for w, _, _ in package_runs)
    package_cpu = statistics.median(c for _, c, _ in package_runs)
    soffice = statistics.median(s for _, _, s in package_runs)
    share = soffice / (seconds * args.jobs)
    each = f"median of {args.runs}" if args.runs > 1 else "one run"
    print(f"meetings: {report.meetings}, documents: {report.documents}, TIFF pages: {report.pages}")
    print(f"bare LibreOffice, one process, {pdf_count} PDFs: {bare:.1f} s (CPU {bare_cpu:.1f} s); {each}")
    print(
        f"referatkit archive, {args.jobs} processes: {seconds:.1f} s "
        f"({seconds / bare:.2f} x the bare LibreOffice time; target at most 1.5 x); {each}"
    )
    if args.runs > 1:
        print(
            "  runs (bare, package): "
            + ", ".join(f"{b:.1f}/{p:.1f}" for (b, _), (p, _, _) in zip(bare_runs, package_runs, strict=True))
        )
    print(
        f"  CPU {package_cpu:.1f} s; CPU / {args.jobs} workers = {package_cpu / args.jobs:.1f} s "
        f"({package_cpu / args.jobs / bare_cpu:.2f} x the bare LibreOffice CPU time)"
    )
    print(f"  load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"  inside LibreOffice: {soffice:.1f} s summed over workers "
        f"({share:.0%} of {args.jobs} workers' time)"
    )


if __name__ == "__main__":
    main()
