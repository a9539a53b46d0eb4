"""Benchmark the command line's start-up and batch conversion, side by side with pandoc.

Run: ``python benchmarks/bench_cli.py`` from the repository root (pandoc on
PATH for the comparison; ``--dask`` adds a run on a Dask LocalCluster).

referatkit is measured as a user has it after ``pip install referatkit``:
the package is copied into a fresh virtual environment and compiled to
bytecode (an editable install adds an import hook to every start-up, and
``PYTHONDONTWRITEBYTECODE`` would make every run compile the sources); the
dependencies come from the running interpreter's environment.

1. ``import referatkit``: ``python -X importtime`` (cumulative µs, median).
2. Seed 001 (``../shared/seeds``, ``REFERATKIT_SHARED`` when ../shared is
   elsewhere) converted by one ``referatkit convert``
   call, to ODT and to HTML, against pandoc converting the same text (the
   seed text is valid Markdown) to ODT and to a standalone HTML page; wall
   time of the whole process, median of the runs, interleaved.
3. 200 small files (150 text meetings made from ``examples/`` by varying
   the forum and the date, 50 SBSYS exports made from ``tests/esdh/`` the
   same way) to referatkit XML: one ``referatkit convert DIR -o OUT --to xml``
   (start-up, process pool and all) against the Python API loop
   (``write(read(f))``) timed in process, start-up excluded.

The issue's targets: the import at most 60 ms; the convert of seed 001 no
slower than pandoc; the 200 files at most 1.5 times the API loop.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import warnings
from pathlib import Path

import attrs

import referatkit
from referatkit.batch import convert_many
from referatkit.model import COPENHAGEN

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("REFERATKIT_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seeds" / "001_3c39089436e77a24.txt"
EXAMPLE = ROOT / "examples" / "referat-byudvalget.txt"
SBSYS = ROOT / "tests" / "esdh" / "sbsys-publication.xml"
FORUMS = ("Byudvalget", "Økonomiudvalget", "Kultur- og Fritidsudvalget", "Børne- og Skoleudvalget")


def installed(work: Path) -> Path:
    """A virtual environment with referatkit installed as a user has it; its python."""
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The dependencies from this environment (a plain path: its .pth files, the
    # editable install's import hook among them, are not run).
    (purelib / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    shutil.copytree(ROOT / "referatkit", purelib / "referatkit", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([str(python), "-m", "compileall", "-q", str(purelib / "referatkit")], check=True)
    return python


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPATH", None)
    return env


def wall(command: list[str], cwd: Path) -> float:
    return timed(command, cwd)[0]


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the process and its children) of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=cwd, env=environment())
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def import_time(python: Path, runs: int) -> float:
    """Median cumulative ``import referatkit`` in ms, by ``-X importtime``."""
    found = []
    for _ in range(runs):
        result = subprocess.run(
            [str(python), "-X", "importtime", "-c", "import referatkit"],
            check=True,
            capture_output=True,
            text=True,
            env=environment(),
        )
        last = [line for line in result.stderr.splitlines() if line.rstrip().endswith("| referatkit")][-1]
        found.append(int(last.split("|")[1]) / 1000)
    return statistics.median(found)


def side_by_side(commands: dict[str, list[str]], cwd: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of each command, run interleaved so that load falls on all alike."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for command in commands.values():
        wall(command, cwd)  # warm the file cache
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(timed(command, cwd))
    return {
        name: (statistics.median(w for w, _ in found), statistics.median(c for _, c in found))
        for name, found in times.items()
    }


def make_inputs(folder: Path) -> list[Path]:
    """150 text meetings and 50 SBSYS exports, varied by forum and date."""
    folder.mkdir(parents=True)
    base = referatkit.read(EXAMPLE)
    files = []
    first = dt.datetime(2024, 1, 8, 16, 0, tzinfo=COPENHAGEN)
    for i in range(150):
        start = first + dt.timedelta(days=2 * i)
        meeting = attrs.evolve(
            base,
            forum=attrs.evolve(base.forum, name=FORUMS[i % len(FORUMS)]),
            start=start,
            end=start + dt.timedelta(hours=2),
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            files.append(referatkit.write(meeting, folder / f"referat-{i:03d}.txt"))
    template = SBSYS.read_text(encoding="utf-8")
    for i in range(50):
        day = (dt.date(2025, 3, 12) + dt.timedelta(days=7 * i)).strftime("%d-%m-%Y")
        forum = FORUMS[i % len(FORUMS)]
        text = re.sub(r"12-03-2025", day, template).replace("Teknik- og Miljøudvalget", forum)
        path = folder / f"sbsys-{i:03d}.xml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def api_loop(files: list[Path], out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``write(read(f))`` for every file, in this (warm) process."""
    out.mkdir()
    start, cpu = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for file in files:
            referatkit.write(referatkit.read(file), out / f"{file.stem}.xml")
    return time.perf_counter() - start, time.process_time() - cpu


def dask_run(folder: Path, out: Path) -> float:
    from distributed import Client, LocalCluster  # noqa: PLC0415 (an optional extra)

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster,
        Client(cluster) as client,
    ):
        start = time.perf_counter()
        report = convert_many([folder], out, ["xml"], executor=client.get_executor(), workers=2)
        elapsed = time.perf_counter() - start
    assert report.ok and len(report.converted) == 200, report.counts()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15, help="runs per measurement (median)")
    parser.add_argument("--batch-runs", type=int, default=3, help="runs of the 200-file batch (median)")
    parser.add_argument("--dask", action="store_true", help="also convert the 200 files on a LocalCluster")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="referatkit-bench-") as temp:
        work = Path(temp)
        python = installed(work)
        # What the ``referatkit`` script pip writes runs (project.scripts).
        cli = [str(python), "-c", "from referatkit.cli import run; run()"]
        print(
            f"import referatkit: {import_time(python, args.runs):.1f} ms "
            f"(median of {args.runs}, -X importtime)"
        )

        if SEED.exists() and shutil.which("pandoc"):
            seed = work / "seed.txt"
            shutil.copy(SEED, seed)
            found = side_by_side(
                {
                    "referatkit odt": [*cli, "convert", "-q", "seed.txt", "r.odt"],
                    "pandoc odt": ["pandoc", "-f", "markdown", "seed.txt", "-o", "p.odt"],
                    "referatkit html": [*cli, "convert", "-q", "seed.txt", "r.html"],
                    "pandoc html": ["pandoc", "-s", "-f", "markdown", "seed.txt", "-o", "p.html"],
                },
                work,
                args.runs,
            )
            for fmt in ("odt", "html"):
                (ours, our_cpu), (theirs, their_cpu) = found[f"referatkit {fmt}"], found[f"pandoc {fmt}"]
                print(
                    f"seed 001 to {fmt}: wall referatkit {ours * 1000:.0f} ms, pandoc {theirs * 1000:.0f} ms "
                    f"(ratio {ours / theirs:.2f}); CPU referatkit {our_cpu * 1000:.0f} ms, pandoc "
                    f"{their_cpu * 1000:.0f} ms (ratio {our_cpu / their_cpu:.2f}); median of {args.runs}"
                )
        else:
            print("seed 001 against pandoc: skipped (needs ../shared and pandoc on PATH)")

        files = make_inputs(work / "in")
        loops: list[tuple[float, float]] = []
        calls: dict[str, list[tuple[float, float]]] = {"-j 1": [], f"-j {os.cpu_count()} (default)": []}
        for run in range(args.batch_runs):
            loops.append(api_loop(files, work / f"api-{run}"))
            for name, found in calls.items():
                out = f"cli-{run}-{name.split()[1]}"
                jobs = ["-j", "1"] if name == "-j 1" else []
                found.append(timed([*cli, "convert", "-q", "in", "-o", out, "--to", "xml", *jobs], work))
                assert len(list((work / out).iterdir())) == len(files)
        loop_wall = statistics.median(w for w, _ in loops)
        loop_cpu = statistics.median(c for _, c in loops)
        print(f"{len(files)} files to xml, API loop in process: wall {loop_wall:.2f} s, CPU {loop_cpu:.2f} s")
        for name, found in calls.items():
            wall_s = statistics.median(w for w, _ in found)
            cpu_s = statistics.median(c for _, c in found)
            print(
                f"  one CLI call {name}: wall {wall_s:.2f} s (ratio {wall_s / loop_wall:.2f}), "
                f"CPU {cpu_s:.2f} s (ratio {cpu_s / loop_cpu:.2f}); median of {args.batch_runs}"
            )
        if args.dask:
            print(
                f"{len(files)} files to xml on a LocalCluster (2 workers): "
                f"{dask_run(work / 'in', work / 'dask'):.2f} s"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
