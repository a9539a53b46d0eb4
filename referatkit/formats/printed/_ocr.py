"""Pages without a text layer (a scanned print) recognised with Tesseract.

The ``tesseract`` command is run once per page, its page image (grey, 300 dpi)
in a PGM file and its lines and words with their boxes (hOCR) on
standard output, pages in parallel with ``jobs``. The command, not a binding: the Python
bindings (pytesseract) run the same command through temporary files, and
tesserocr needs the C++ library's headers to build; the command is what Debian's
``tesseract-ocr`` installs and what CI checks. Tesseract says nothing of fonts,
so a word's weight is measured on the image: a word whose strokes are clearly wider
than the page's typical word's is bold. A line's size is Tesseract's estimate of its text height.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

from attrs import frozen

from ..._repr import fields_repr
from ...errors import ReadError
from ...l10n.oserror import os_problem
from .._xmlparse import parse_xml
from ._lines import Line, Run

DPI = 300
#: The largest page image recognised: an A3 page at 300 dpi is 17 megapixel; a page
#: beyond this is refused before it is rendered (a PDF can declare a page of 200 inches).
MAX_OCR_PIXELS = 40_000_000
#: Seconds one page may take (Tesseract takes 2-10 s for a page of text).
PAGE_TIMEOUT = 300
LANGUAGE = "dan"
#: How much wider a bold word's strokes are than the page's typical (measured: regular text
#: 0.085 of the font size, bold 0.145).
_BOLD_STROKE = 1.4
_TEXT_HEIGHT = 0.92  # Tesseract's x_size of a line, of the font size (measured on Liberation Sans)
_INSTALL = "installér Tesseract med dansk: apt-get install tesseract-ocr tesseract-ocr-dan"


@frozen
class PageImage:
    """A page to recognise: its number, its grey pixels (row by row) and size."""

    __repr__ = fields_repr

    page: int
    width: int
    height: int
    pixels: bytes


def check_size(page: int, width_pt: float, height_pt: float, source: str) -> None:
    """Refuse a page whose image at 300 dpi would pass MAX_OCR_PIXELS, before rendering it."""
    width, height = round(width_pt * DPI / 72), round(height_pt * DPI / 72)
    if width * height > MAX_OCR_PIXELS:
        raise ReadError(
            f"side {page}: siden har ingen tekst og skal tekstgenkendes, men dens billede ved {DPI} dpi "
            f"er {width}×{height} punkter ({width * height / 1e6:.0f} megapixel); højst "
            f"{MAX_OCR_PIXELS / 1e6:.0f} megapixel (grænsen MAX_OCR_PIXELS)",
            source=source,
        )


@cache
def _tesseract() -> str | None:
    return shutil.which("tesseract")


@cache
def _languages(program: str) -> frozenset[str]:
    try:
        done = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:])


def program(page: int, source: str) -> str:
    """The ``tesseract`` command, with Danish; else an error naming the page and what to install."""
    found = _tesseract()
    if found is None:
        raise ReadError(
            f"side {page}: siden er et billede uden tekst og skal tekstgenkendes, men Tesseract findes "
            f"ikke; {_INSTALL}",
            source=source,
        )
    if LANGUAGE not in _languages(found):
        raise ReadError(
            f"side {page}: siden skal tekstgenkendes, men Tesseract har ikke dansk; "
            "installér tesseract-ocr-dan",
            source=source,
        )
    return found


def recognise(images: Sequence[PageImage], source: str, jobs: int = 1) -> dict[int, list[Line]]:
    """Each page's lines, the pages recognised ``jobs`` at a time."""
    if not images:
        return {}
    command = program(images[0].page, source)
    jobs = max(1, min(jobs, len(images)))
    env = dict(os.environ)
    # Tesseract's own threads cost more than they give on a page of text (measured: a page
    # took 3 s with one thread and up to 10 s with two on two cores): one thread a page,
    # and the pages are the parallel work.
    env.setdefault("OMP_THREAD_LIMIT", "1")

    def one(image: PageImage) -> tuple[PageImage, list[_Raw]]:
        return image, _page(command, image, env, source)

    if jobs == 1:
        pages = [one(image) for image in images]
    else:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            pages = list(pool.map(one, images))
    # Bold is wider strokes than the document's typical word (most of a referat is regular).
    every = [stroke for _, raws in pages for raw in raws for _, _, stroke in raw.words if stroke > 0]
    typical = statistics.median(every) if every else 0.0
    return {image.page: _lines(image, raws, typical) for image, raws in pages}


def pgm(image: PageImage) -> bytes:
    """The page image as a binary PGM."""
    return b"P5\n%d %d\n255\n" % (image.width, image.height) + image.pixels


def _page(command: str, image: PageImage, env: dict[str, str], source: str) -> list[_Raw]:
    # The image goes to Tesseract as a file: read from standard input it costs 15% more
    # (measured: 1.75 s against 1.5 s for a page).
    with tempfile.TemporaryDirectory(prefix="referatkit-ocr-") as folder:
        path = Path(folder) / f"side-{image.page}.pgm"
        path.write_bytes(pgm(image))
        try:
            done = subprocess.run(
                [command, str(path), "stdout", "-l", LANGUAGE, "--dpi", str(DPI), "hocr"],
                capture_output=True,
                timeout=PAGE_TIMEOUT,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ReadError(
                f"side {image.page}: tekstgenkendelsen tog over {PAGE_TIMEOUT} s", source=source
            ) from None
        except OSError as exc:
            raise ReadError(
                f"side {image.page}: Tesseract kan ikke startes: {os_problem(exc)}", source=source
            ) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReadError(
            f"side {image.page}: Tesseract fejlede: {said[-1] if said else done.returncode}", source=source
        )
    return lines_from_hocr(done.stdout, image, source)


_MARKS = {"+": "•", "«+": "•", "«": "•", "»": "•", "*": "•", "°": "•", "e": "•", "—": "–", "—.": "–"}
_LINE_CLASSES = {"ocr_line", "ocr_caption", "ocr_header", "ocr_textfloat"}
_BBOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_X_SIZE = re.compile(r"x_size ([\d.]+)")
_BASELINE = re.compile(r"baseline (-?[\d.]+) (-?[\d.]+)")


@frozen
class _Raw:
    """A line as Tesseract gives it: its box (left, top, width, height in pixels), text
    height, baseline, and words with their boxes and stroke width (of the text height)."""

    __repr__ = fields_repr

    box: tuple[int, int, int, int]
    height: float
    baseline: float
    words: tuple[tuple[tuple[int, int, int, int], str, float], ...]


def lines_from_hocr(hocr: bytes, image: PageImage, source: str) -> list[_Raw]:
    """Tesseract's lines and words (hOCR), each word's strokes measured on the image."""
    import numpy as np  # noqa: PLC0415 (with Pillow, a dependency; loads when a scan is read)

    pixels = np.frombuffer(image.pixels, dtype=np.uint8).reshape(image.height, image.width)
    # Tesseract names the XHTML DTD, which the hardened parser would not fetch: drop it.
    hocr = re.sub(rb"<!DOCTYPE[^>]*>", b"", hocr, count=1)
    root = parse_xml(hocr, f"{source} (side {image.page}, Tesseracts hOCR)")
    out: list[_Raw] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.get("class") not in _LINE_CLASSES:
            continue
        title = element.get("title", "")
        box = _box(title)
        if box is None:
            continue
        size = _X_SIZE.search(title)
        base = _BASELINE.search(title)
        height = float(size.group(1)) if size else float(box[3])
        words = []
        for word in element.iter():
            if isinstance(word.tag, str) and word.get("class") == "ocrx_word":
                text = " ".join("".join(str(t) for t in word.itertext()).split())
                if text and (wbox := _box(word.get("title", ""))) is not None:
                    words.append((wbox, text, _stroke(pixels, *wbox) / max(height, 1.0)))
        if words:
            # The baseline's offset is from the box's bottom.
            baseline = box[1] + box[3] + (float(base.group(2)) if base else 0.0)
            out.append(_Raw(box, height, baseline, tuple(words)))
    return out


def _lines(image: PageImage, raws: list[_Raw], typical: float) -> list[Line]:
    """A page's lines in points, the bold words marked, sizes near the page's most common
    size snapped to it (Tesseract's estimate wavers by a few per cent)."""
    scale = 72 / DPI
    sizes = [raw.height * scale / _TEXT_HEIGHT for raw in raws]
    common = statistics.mode(round(size * 2) / 2 for size in sizes) if sizes else 0.0
    out: list[Line] = []
    for raw, size in zip(raws, sizes, strict=True):
        runs: list[Run] = []
        for index, (_, word, stroke) in enumerate(raw.words):
            # A bullet comes out as "+", "«" or "e", a dash as an em dash: the print's marks.
            text = _MARKS.get(word, word) if index == 0 and len(raw.words) > 1 else word
            bold = typical > 0 and stroke > typical * _BOLD_STROKE
            if runs and runs[-1].bold == bold:
                runs[-1] = Run(runs[-1].text + " " + text, bold=bold)
            else:
                if runs:
                    runs[-1] = Run(runs[-1].text + " ", bold=runs[-1].bold)
                runs.append(Run(text, bold=bold))
        snapped = common if abs(size - common) < 0.1 * common else round(size * 2) / 2
        left, _top, width, _height = raw.box
        out.append(
            Line(
                tuple(runs),
                page=image.page,
                x=left * scale,
                y=raw.baseline * scale,
                size=snapped,
                right=(left + width) * scale,
                recognised=True,
            )
        )
    return _merged(sorted(out, key=lambda line: (line.y, line.x)))


def _box(title: str) -> tuple[int, int, int, int] | None:
    m = _BBOX.search(title)
    return (int(m[1]), int(m[2]), int(m[3]) - int(m[1]), int(m[4]) - int(m[2])) if m else None


def _stroke(pixels: Any, left: int, top: int, width: int, height: int) -> float:
    """The median width of the dark runs across the rows of a word's box (pixels)."""
    import numpy as np  # noqa: PLC0415

    box = (pixels[max(top, 0) : top + height, max(left, 0) : left + width] < 128).astype(np.int8)
    if not box.size:
        return 0.0
    edges = np.diff(np.pad(box, ((0, 0), (1, 1))), axis=1)
    starts = np.nonzero(edges == 1)[1]
    ends = np.nonzero(edges == -1)[1]
    return float(np.median(ends - starts)) if starts.size else 0.0


def _merged(lines: list[Line]) -> list[Line]:
    """Lines at one height joined left to right (Tesseract puts a label and its value in
    different blocks when a wide space parts them; a PDF's text has them on one line)."""
    out: list[Line] = []
    for line in lines:
        last = out[-1] if out else None
        if last is not None and abs(line.y - last.y) < 0.4 * max(line.size, last.size, 1.0):
            first, second = (last, line) if last.x <= line.x else (line, last)
            runs = (*first.runs[:-1], Run(first.runs[-1].text + "\t", bold=first.runs[-1].bold), *second.runs)
            out[-1] = Line(
                runs,
                page=line.page,
                x=first.x,
                y=max(line.y, last.y),
                size=max(line.size, last.size),
                right=max(line.right, last.right),
                recognised=True,
            )
        else:
            out.append(line)
    return out
