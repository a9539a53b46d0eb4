"""referatkit's Group 4 encoder (referatkit/archive/_g4encode.c) against libtiff's.

T.6 leaves an encoder no choice, so the two must write the same bytes for every
page: generated pages (runs of every length, lines that repeat the one before
with their edges moved, so that every mode is coded), and a real page of a
referat. The pages read back, by Pillow, as the pixels that went in.
"""

from __future__ import annotations

import io
import tempfile
import warnings
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from PIL import Image, ImageSequence

from referatkit import LossWarning, WriteError, read, render
from referatkit.archive import _g4
from referatkit.archive._tiff import pdf_to_tiff

from .conftest import missing
from .support import wide_page_pdf


@pytest.fixture(autouse=True)
def _both_encoders() -> None:
    """Both encoders are here; under CI, a missing one fails the tests (missing())."""
    if not _g4.AVAILABLE:
        missing("libtiff (the system's or Pillow's)", "install libtiff6 or Pillow's wheel")
    if _g4.ENCODER != "referatkit":
        missing("referatkit's Group 4 encoder (archive/_g4encode.c)", "pip install -e . with a C compiler")


Page = npt.NDArray[np.bool_]


@st.composite
def pages(draw: st.DrawFn) -> Page:
    """A bilevel page (True is black): a few lines, each made of runs of drawn lengths (short
    ones, and long ones for the make-up codes, 2560 and beyond), or the line before with its
    edges moved a pixel or a few and some pixels flipped (the vertical and pass modes)."""
    width = draw(st.integers(1, 5300))
    lines: list[Page] = []
    for _ in range(draw(st.integers(1, 6))):
        if lines and draw(st.booleans()):
            line = np.roll(lines[-1], draw(st.integers(-4, 4)))
            line[draw(st.lists(st.integers(0, width - 1), max_size=6))] ^= True
        else:
            line = np.zeros(width, dtype=np.bool_)
            start, colour = 0, draw(st.booleans())
            for run in draw(st.lists(st.integers(0, 6) | st.integers(0, 5300), max_size=30)):
                line[start : start + run] = colour
                start, colour = start + run, not colour
        lines.append(line)
    return np.array(lines)


def _packed(page: Page) -> npt.NDArray[np.uint8]:
    return np.packbits(page, axis=1)


def _both(pages: list[Page]) -> bytes:
    items = [(_packed(page), int(page.shape[1])) for page in pages]
    ours = _g4.write_group4(items, 300, encoder="referatkit")
    assert ours == _g4.write_group4(items, 300, encoder="libtiff")
    return ours


def _read_back(tiff: bytes) -> list[Page]:
    with Image.open(io.BytesIO(tiff)) as image:
        # Pillow's "1": 255 is white; the TIFF says a set bit is black (WhiteIsZero).
        return [np.asarray(frame.convert("L")) == 0 for frame in ImageSequence.Iterator(image)]


@given(pages())
@example(np.ones((1, 2624), dtype=np.bool_))  # one black run: 2560 and 64 make-up, 0 terminating
@example(np.zeros((2, 1), dtype=np.bool_))
def test_the_encoders_write_the_same_bytes_and_they_read_back_as_the_page(page: Page) -> None:
    tiff = _both([page])
    (read,) = _read_back(tiff)
    assert read.shape == page.shape
    assert (read == page).all()


def test_every_run_length_of_both_colours() -> None:
    """Runs of each length 1 to 2700 of both colours, each on a line under a white one, so that it
    is coded in horizontal mode: every terminating code, every make-up code, the extended ones."""
    width = 2720
    lines = []
    for length in range(1, 2701):
        black = np.zeros(width, dtype=np.bool_)
        black[5 : 5 + length] = True  # a white run of 5, then this black one
        white = np.ones(width, dtype=np.bool_)
        white[3 : 3 + length] = False  # a white run of 0, a black one of 3, then this white one
        lines += [np.zeros(width, dtype=np.bool_), black, np.zeros(width, dtype=np.bool_), white]
    page = np.array(lines)
    (read,) = _read_back(_both([page]))
    assert (read == page).all()


def test_the_bits_past_the_width_are_not_read() -> None:
    page = np.zeros((3, 13), dtype=np.bool_)
    page[1, 4:9] = True
    packed = _packed(page)
    spoiled = packed.copy()
    spoiled[:, -1] |= 0b0000_0111  # the three bits after the 13th pixel
    assert _g4._g4encode.encode(spoiled, 13, 3) == _g4._g4encode.encode(packed, 13, 3)


def test_rows_that_do_not_fit_the_width_are_a_value_error() -> None:
    with pytest.raises(ValueError, match="do not fit the width and height"):
        _g4._g4encode.encode(b"\x00" * 5, 13, 3)
    with pytest.raises(ValueError, match="do not fit the width and height"):
        _g4._g4encode.encode(b"", 0, 0)


def test_a_page_millions_of_pixels_wide_is_coded_as_libtiff_codes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF may say its page is 4.1 million points wide and one tall (17 million pixels by 5,
    under the archive's cap on pixels): the encoder's lists of changes grow with a line."""
    pdf = wide_page_pdf(b"0 0 1000000 1 re f 3000000 0 5 1 re f")
    ours, pages = pdf_to_tiff(pdf)
    monkeypatch.setattr(_g4, "ENCODER", "libtiff")
    assert pdf_to_tiff(pdf) == (ours, pages) and pages == 1
    (read,) = _read_back(ours)
    assert read.shape == (5, 17_083_334)
    assert read[:, :4_000_000].all() and not read[:, 4_200_000:12_000_000].any()


def test_a_referat_is_the_same_tiff_with_either_encoder(
    seed_001: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with warnings.catch_warnings():  # what a PDF cannot hold is told; here only its pages count
        warnings.simplefilter("ignore", LossWarning)
        pdf = render(read(seed_001), "pdf", edition="full")
    ours, pages = pdf_to_tiff(pdf)
    monkeypatch.setattr(_g4, "ENCODER", "libtiff")
    assert pdf_to_tiff(pdf) == (ours, pages)
    assert pages > 10


def test_a_temporary_folder_that_cannot_be_written_is_one_danish_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # libtiff writes each TIFF to a file of the temporary folder: a full disk there ended an
    # archive with libtiff's English OSError and a traceback.
    blocker = tmp_path / "fil"
    blocker.write_text("x")
    monkeypatch.setattr(tempfile, "tempdir", str(blocker))  # a folder below a file
    page = np.zeros((8, 1), dtype=np.uint8)
    with pytest.raises(WriteError, match=r"TIFF-filen kan ikke skrives i den midlertidige mappe: "):
        _g4.write_group4([(page, 8)], 300)
