"""Where the arkiveringsversion's TIFF time goes, stage by stage, for each PDF engine.

Run from the repository root::

    REFERATKIT_SHARED=../shared python benchmarks/bench_tiff_stages.py [--runs 7] [--meetings 3]

The meetings are seed 001 and ``--meetings`` - 1 generated ones of its size
(benchmarks/corpus.py); each is printed by both engines, Typst (the default)
and LibreOffice (the ODT writer's document), as the archive prints it. For
each engine, ``pdf_to_tiff`` is run on those PDFs and its CPU time split up
(the stages are timed by wrapping the calls they make, so their sum is a
little below the whole):

1. page load: pdfium parsing a page (``FPDF_LoadPage``);
2. pdfium render: the rows a page's objects reach, rendered in grey;
3. threshold + pack: numpy's half-grey threshold and packing into bits;
4. Group 4 TIFF: the encoding (referatkit's encoder where it is built, else libtiff's) and
   libtiff's file (``write_group4`` less the pages it pulls);
5. all of ``pdf_to_tiff``.

Prints CPU milliseconds a meeting (the median of ``--runs``; the machine may
be shared, so CPU, not wall time), the pages of each engine's PDFs, and the
load average.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
import pypdfium2
import pypdfium2.raw as pdfium_c
from corpus import build_meeting

import referatkit
from referatkit.formats.pdf import convert_many

tiff = importlib.import_module("referatkit.archive._tiff")
g4 = importlib.import_module("referatkit.archive._g4")

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("REFERATKIT_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seeds" / "001_3c39089436e77a24.txt"

#: Seconds of CPU spent in each wrapped stage since the last reset.
spent: dict[str, float] = defaultdict(float)


def timed(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] += time.process_time() - started

    return wrapper


def instrument() -> None:
    """Wrap the calls each stage makes (pdfium's through the module ``_tiff`` reads them from)."""
    pdfium_c.FPDF_LoadPage = timed("page load", pdfium_c.FPDF_LoadPage)
    for name in ("FPDF_RenderPageBitmap", "FPDFBitmap_FillRect"):
        setattr(pdfium_c, name, timed("pdfium render", getattr(pdfium_c, name)))
    if hasattr(tiff, "_threshold"):
        tiff._threshold = timed("threshold + pack", tiff._threshold)
    else:  # before it was a function of its own: numpy's calls, as _tiff makes them
        wrapped = {name: timed("threshold + pack", getattr(np, name)) for name in ("less", "packbits")}

        class Numpy:
            def __getattr__(self, name: str) -> Any:
                return wrapped.get(name) or getattr(np, name)

        tiff.np = Numpy()
    write = g4.write_group4

    def encode(*args: Any, **kwargs: Any) -> Any:
        before = sum(spent.values())
        started = time.process_time()
        try:
            return write(*args, **kwargs)
        finally:  # less the stages of the pages it pulled from the generator
            spent["Group 4 TIFF"] += time.process_time() - started - (sum(spent.values()) - before)

    g4.write_group4 = encode


def meetings(count: int) -> list[referatkit.Meeting]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = [referatkit.read(SEED)] if SEED.exists() else []
        return found + [build_meeting(9, seed=n) for n in range(count - len(found))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=3)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    chosen = meetings(args.meetings)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pdfs = {
            "typst": [referatkit.render(m, "pdf", edition="full") for m in chosen],
            "libreoffice": convert_many([referatkit.render(m, "odt", edition="full") for m in chosen], "pdf"),
        }
    instrument()
    stages = ("page load", "pdfium render", "threshold + pack", "Group 4 TIFF", "all of pdf_to_tiff")
    results: dict[str, dict[str, list[float]]] = {engine: defaultdict(list) for engine in pdfs}
    for _ in range(args.runs):
        for engine, documents in pdfs.items():  # the engines interleaved, under the same load
            spent.clear()
            started = time.process_time()
            for pdf in documents:
                tiff.pdf_to_tiff(pdf)
            spent["all of pdf_to_tiff"] = time.process_time() - started
            for stage in stages:
                results[engine][stage].append(spent[stage] * 1000 / len(documents))
    pages = {e: [len(pypdfium2.PdfDocument(pdf)) for pdf in documents] for e, documents in pdfs.items()}
    print(f"{len(chosen)} meetings (seed 001 first); CPU ms a meeting, median of {args.runs}")
    print(f"{'':22}" + "".join(f"{engine:>14}" for engine in pdfs))
    print(f"{'pages':22}" + "".join(f"{'/'.join(map(str, pages[e])):>14}" for e in pdfs))
    for stage in stages:
        print(f"{stage:22}" + "".join(f"{statistics.median(results[e][stage]):14.1f}" for e in pdfs))
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
