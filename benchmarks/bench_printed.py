"""Benchmark the printed readers: the layouts, and OCR beside the ``tesseract`` command.

Run: ``python benchmarks/bench_printed.py`` from the repository root (``--skip-ocr``
for the first part only). Prints, in one run:

1. Reading the shared prints (../shared/samples/printed_referater): the 28-page
   Aarhus PDF (FirstAgenda's layout; the target is under 1 s), the same PDF forced
   through the general layout (the layout reader), the eDoc PDF and the Acadre Word
   file: median, fastest and slowest of ``--repeat`` runs, in milliseconds.
2. OCR: the example referat (examples/referat-byudvalget.txt) printed to PDF by
   LibreOffice, its 7 pages rasterised at 300 dpi and wrapped as an image-only PDF
   (a scan), read by ``referatkit.read`` (render, Tesseract, the layout), beside the
   ``tesseract`` command alone on the same page images (PNG files), both one page
   at a time and ``--jobs`` pages at once, both with one Tesseract thread a page.
   The target: referatkit at most 1.5 times the command.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import referatkit

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("REFERATKIT_SHARED", ROOT.parent / "shared"))
PRINTS = SHARED / "samples" / "printed_referater"
AARHUS = PRINTS / "aarhus_byraad_2025-08-27_referat.pdf"
EDOC = PRINTS / "ballerup_sundheds-og-forebyggelsesudvalget_2012-12-04_referat_edoc.pdf"
ACADRE = PRINTS / "syddjurs_puk_2013-06-20_referat_acadre.docx"


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        out.append((time.perf_counter() - start) * 1000)
    return out


def row(name: str, times: list[float]) -> None:
    print(f"{name:<44} {statistics.median(times):>9.1f} {min(times):>9.1f} {max(times):>9.1f}")


def cpu(run: Callable[[], object], repeat: int) -> float:
    """The median processor time of a run, in ms (what the read costs on a busy machine)."""
    out = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        out.append((time.process_time() - start) * 1000)
    return statistics.median(out)


def layouts(repeat: int) -> None:
    print(f"{'read (ms, wall clock)':<44} {'median':>9} {'min':>9} {'max':>9}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.ReadWarning)
        row("Aarhus, 28 pages (firstagenda)", timed(lambda: referatkit.read(AARHUS), repeat))
        took = cpu(lambda: referatkit.read(AARHUS), repeat)
        print(f"{'  processor time, median (target < 1000)':<44} {took:>9.1f}")
        row(
            "Aarhus, forced through the general layout",
            timed(lambda: referatkit.read(AARHUS, layout="general"), repeat),
        )
        row("eDoc PDF, 15 pages (edoc)", timed(lambda: referatkit.read(EDOC), repeat))
        row("Acadre Word file (acadre)", timed(lambda: referatkit.read(ACADRE), repeat))


def scan(folder: Path) -> tuple[bytes, list[Path]]:
    """The example printed and scanned at 300 dpi: an image-only PDF, and its images as PNG files."""
    import pypdfium2 as pdfium  # noqa: PLC0415

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        pdf = referatkit.render(referatkit.read(ROOT / "examples" / "referat-byudvalget.txt"), "pdf")
    document = pdfium.PdfDocument(pdf)
    images = [
        document[i].render(scale=300 / 72, grayscale=True).to_pil().convert("L") for i in range(len(document))
    ]
    files = []
    for number, image in enumerate(images, 1):
        path = folder / f"side{number}.png"
        image.save(path)
        files.append(path)
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=300)
    return out.getvalue(), files


def with_cpu(run: Callable[[], object], repeat: int) -> tuple[list[float], float]:
    """Wall-clock seconds of each run, and the median processor seconds of a run, this
    process's and its children's (Tesseract) together: on a busy machine the wall clock
    says more about the others than about the work."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        own = time.process_time()
        start = time.perf_counter()
        run()
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        children = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        cpus.append(time.process_time() - own + children)
    return walls, statistics.median(cpus)


def tesseract_alone(files: list[Path], jobs: int) -> None:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(path: Path) -> bytes:
        command = ["tesseract", str(path), "stdout", "-l", "dan", "--dpi", "300", "hocr"]
        return subprocess.run(command, capture_output=True, check=True, env=env).stdout

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, files))


def ocr(jobs: int, repeat: int) -> None:
    if shutil.which("tesseract") is None:
        print("(tesseract is not installed: tesseract-ocr tesseract-ocr-dan)", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as folder:
        scanned, files = scan(Path(folder))
        print(f"\nOCR of the example's {len(files)} pages at 300 dpi ({repeat} runs each, s)")
        print(f"{'':<44} {'median':>9} {'min':>9} {'max':>9}")
        for n in sorted({1, jobs}):
            notes: list[str] = []

            def read(n: int = n, notes: list[str] = notes) -> None:
                notes.clear()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", referatkit.ReadWarning)
                    referatkit.read(scanned, jobs=n, notes=notes)

            command, command_cpu = with_cpu(lambda n=n: tesseract_alone(files, n), repeat)
            ours, ours_cpu = with_cpu(read, repeat)
            row(f"tesseract command alone, {n} at once", command)
            row(f"referatkit.read(scan, jobs={n})", ours)
            ratio = statistics.median(ours) / statistics.median(command)
            print(f"{'  ratio, wall clock (target <= 1.5)':<44} {ratio:>9.2f}   {'; '.join(notes)}")
            print(
                f"{'  processor time, command / referatkit':<44} {command_cpu:>9.1f} {ours_cpu:>9.1f}"
                f"   ratio {ours_cpu / command_cpu:.2f}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-ocr", action="store_true")
    args = parser.parse_args()
    for path in (AARHUS, EDOC, ACADRE):
        if not path.is_file():
            print(f"{path} is missing", file=sys.stderr)
            return 1
    layouts(args.repeat)
    if not args.skip_ocr:
        ocr(args.jobs, max(1, args.repeat // 2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
