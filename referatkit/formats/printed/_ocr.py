"""Pages without a text layer (a scanned print) recognised with Tesseract.

The ``tesseract`` command is run once per page, its page image (grey, 300 dpi)
on standard input as a PGM and its words with their boxes (TSV) on standard
output, pages in parallel with ``jobs``. The command, not a binding: the Python
bindings (pytesseract) run the same command through temporary files, and
tesserocr needs the C++ library's headers to build; the command is what Debian's
``tesseract-ocr`` installs and what CI checks. Tesseract says nothing of fonts,
so a word's weight is measured on the image: a word whose ink covers clearly more
of its box than the page's typical word is bold. Sizes are the words' heights.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from attrs import frozen

from ...errors import ReadError
from ._lines import Line, Run

DPI = 300
#: The largest page image recognised: an A3 page at 300 dpi is 17 megapixel; a page
#: beyond this is refused before it is rendered (a PDF can declare a page of 200 inches).
MAX_OCR_PIXELS = 40_000_000
#: Seconds one page may take (Tesseract takes 2-10 s for a page of text).
PAGE_TIMEOUT = 300
LANGUAGE = "dan"
#: Ink a bold word has over the page's typical word (regular strokes cover ~12-16% of a
#: word's box, bold ~20-24%).
_BOLD_INK = 1.3
_INSTALL = "installér Tesseract med dansk: apt-get install tesseract-ocr tesseract-ocr-dan"


@frozen
class PageImage:
    """A page to recognise: its number, its grey pixels (row by row) and size."""

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
    if jobs > 1:
        env["OMP_THREAD_LIMIT"] = "1"  # one core a page: the pages are the parallel work

    def one(image: PageImage) -> tuple[int, list[Line]]:
        return image.page, _page(command, image, env, source)

    if jobs == 1:
        return dict(one(image) for image in images)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return dict(pool.map(one, images))


def pgm(image: PageImage) -> bytes:
    """The page image as a binary PGM (what Tesseract reads from standard input)."""
    return b"P5\n%d %d\n255\n" % (image.width, image.height) + image.pixels


def _page(command: str, image: PageImage, env: dict[str, str], source: str) -> list[Line]:
    try:
        done = subprocess.run(
            [command, "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(DPI), "tsv"],
            input=pgm(image),
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
            f"side {image.page}: Tesseract kan ikke startes: {exc.strerror}", source=source
        ) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReadError(
            f"side {image.page}: Tesseract fejlede: {said[-1] if said else done.returncode}", source=source
        )
    return lines_from_tsv(done.stdout.decode("utf-8", "replace"), image)


def lines_from_tsv(tsv: str, image: PageImage) -> list[Line]:
    """Tesseract's words (TSV) as the page's lines: position and size in points, a word's
    weight from its ink."""
    scale = 72 / DPI
    rows: dict[tuple[int, int, int], list[tuple[int, int, int, int, str]]] = {}
    for row in tsv.splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5" or not parts[11].strip():
            continue
        try:
            block, par, line = int(parts[2]), int(parts[3]), int(parts[4])
            left, top, width, height = (int(v) for v in parts[6:10])
        except ValueError:
            continue
        rows.setdefault((block, par, line), []).append((left, top, width, height, parts[11].strip()))
    inks = {key: [_ink(image, *word[:4]) for word in words] for key, words in rows.items()}
    every = [ink for values in inks.values() for ink in values]
    typical = statistics.median(every) if every else 0.0
    out: list[Line] = []
    for key, words in rows.items():
        runs: list[Run] = []
        for (_left, _top, _width, _height, text), ink in zip(words, inks[key], strict=True):
            bold = typical > 0 and ink > typical * _BOLD_INK
            if runs and runs[-1].bold == bold:
                runs[-1] = Run(runs[-1].text + " " + text, bold=bold)
            else:
                if runs:
                    runs[-1] = Run(runs[-1].text + " ", bold=runs[-1].bold)
                runs.append(Run(text, bold=bold))
        x = min(word[0] for word in words)
        right = max(word[0] + word[2] for word in words)
        bottom = statistics.median(word[1] + word[3] for word in words)
        height = max(word[3] for word in words)
        out.append(
            Line(
                tuple(runs),
                page=image.page,
                x=x * scale,
                y=bottom * scale,
                size=float(round(height * scale)),
                right=right * scale,
            )
        )
    return _merged(sorted(out, key=lambda line: (line.y, line.x)))


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
            )
        else:
            out.append(line)
    return out


def _ink(image: PageImage, left: int, top: int, width: int, height: int) -> float:
    """The share of a word's box that is dark."""
    import numpy as np  # noqa: PLC0415

    pixels = np.frombuffer(image.pixels, dtype=np.uint8).reshape(image.height, image.width)
    box = pixels[max(top, 0) : top + height, max(left, 0) : left + width]
    return float((box < 128).mean()) if box.size else 0.0
