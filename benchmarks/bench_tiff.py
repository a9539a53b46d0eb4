"""Benchmark the TIFF step of the arkiveringsversion against poppler's pdftoppm.

Run from the repository root::

    python benchmarks/bench_tiff.py [--meetings 10] [--runs 5]

The PDFs are LibreOffice's printing of generated meetings (benchmarks/corpus.py),
what the archive renders. Each page becomes a bilevel 300 dpi page of a CCITT
Group 4 TIFF:

1. referatkit: ``pdf_to_tiff`` (pdfium in bands, numpy, referatkit's Group 4
   encoder, libtiff's file), and its stages measured apart: pdfium rendering a
   page whole or band by band, thresholding and packing, and the Group 4 TIFF
   with each encoder side by side: referatkit's (``archive/_g4encode.c``) and
   libtiff's, which write the same bytes;
2. what a user would run by hand: ``pdftoppm -r 300 -mono`` (poppler, one
   PBM file a page) and the pages saved as one Group 4 TIFF by Pillow.

Times are CPU milliseconds a page (this process and its children), the
median of ``--runs``; the machine may be shared, so the fastest run is
printed too.
"""

from __future__ import annotations

import argparse
import importlib
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
import pypdfium2
from corpus import build_meeting
from PIL import Image

import referatkit
from referatkit.formats.pdf import convert_many

tiff = importlib.import_module("referatkit.archive._tiff")
g4 = importlib.import_module("referatkit.archive._g4")


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(work: Callable[[], int], runs: int) -> tuple[float, float]:
    """Median and fastest CPU milliseconds a page of ``work`` (which returns its pages)."""
    times = []
    for _ in range(runs):
        before = cpu()
        pages = work()
        times.append((cpu() - before) / pages * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        odts = [
            referatkit.render(build_meeting(8, seed=n), "odt", edition="full") for n in range(args.meetings)
        ]
    pdfs = convert_many(odts, "pdf")
    documents = [pypdfium2.PdfDocument(pdf) for pdf in pdfs]
    total = sum(len(d) for d in documents)
    print(
        f"{args.meetings} meetings printed by LibreOffice: {total} pages; "
        f"CPU ms a page, median of {args.runs}"
    )

    def whole() -> int:
        for document in documents:
            for index in range(len(document)):
                page = document[index]
                page.render(
                    scale=tiff.DPI / 72,
                    force_bitmap_format=pypdfium2.raw.FPDFBitmap_Gray,
                    extra_flags=tiff._FLAGS,
                )
                page.close()
        return total

    packed: list[tuple[np.ndarray, int]] = []

    def banded() -> int:
        packed.clear()
        for document in documents:
            for index in range(len(document)):
                page = document[index]
                width, height = tiff._page_size(page, index + 1)
                packed.append((tiff._page_bits(page, width, height).copy(), width))
                page.close()
        return total

    def threshold_and_pack() -> int:
        grey = np.full((3508, 2481), 255, dtype=np.uint8)
        for _ in range(total):
            g4.pack(grey)
        return total

    def encode_with(encoder: str) -> Callable[[], int]:
        def encode() -> int:
            g4.write_group4(packed, tiff.DPI, encoder=encoder)
            return total

        return encode

    def referatkit_tiff() -> int:
        return sum(tiff.pdf_to_tiff(pdf)[1] for pdf in pdfs)

    rows = [
        ("pdfium, a page at once (grey)", whole),
        ("pdfium in bands, thresholded and packed", banded),
        ("numpy threshold and pack of a whole page", threshold_and_pack),
        ("Group 4 TIFF, libtiff's encoder", encode_with("libtiff")),
        ("Group 4 TIFF, referatkit's encoder", encode_with("referatkit")),
        ("referatkit pdf_to_tiff, all of it", referatkit_tiff),
    ]
    results = {}
    for label, work in rows:
        results[label] = measure(work, args.runs)
        print(f"  {label}: {results[label][0]:.2f} (fastest {results[label][1]:.2f})")
    ours_g4, libtiff_g4 = (results[f"Group 4 TIFF, {e} encoder"][0] for e in ("referatkit's", "libtiff's"))
    print(f"  Group 4, referatkit / libtiff: {ours_g4 / libtiff_g4:.2f}")
    if shutil.which("pdftoppm") is None:
        print("  pdftoppm: not installed (poppler-utils)")
        return
    with tempfile.TemporaryDirectory(prefix="bench-tiff-") as folder:
        files = []
        for number, pdf in enumerate(pdfs):
            path = Path(folder) / f"m{number}.pdf"
            path.write_bytes(pdf)
            files.append(path)

        def poppler() -> int:
            pages = 0
            for path in files:
                prefix = path.with_suffix("")
                subprocess.run(["pdftoppm", "-r", str(tiff.DPI), "-mono", str(path), str(prefix)], check=True)
                images = [Image.open(p) for p in sorted(Path(folder).glob(f"{prefix.name}-*.pbm"))]
                tiff._save(images)  # Pillow's Group 4, as referatkit's fallback writes it
                pages += len(images)
                for image in images:
                    image.close()
                for p in Path(folder).glob(f"{prefix.name}-*.pbm"):
                    p.unlink()
            return pages

        started = time.perf_counter()
        median, fastest = measure(poppler, max(1, args.runs // 2))
        ours = results["referatkit pdf_to_tiff, all of it"][0]
        print(f"  pdftoppm -r 300 -mono, then Pillow Group 4: {median:.2f} (fastest {fastest:.2f})")
        print(
            f"  referatkit / pdftoppm: {ours / median:.2f} "
            f"({time.perf_counter() - started:.0f} s for poppler)"
        )


if __name__ == "__main__":
    main()
