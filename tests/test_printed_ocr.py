"""Scanned prints: a PDF page without a text layer is recognised with Tesseract
(docs/printed.md, "Scanned prints").

The scan is made here as a scanner would: referatkit's referat printed to PDF by
LibreOffice, each page rasterised at 300 dpi (pypdfium2) and wrapped, as a picture
only, in a PDF (Pillow).
"""

from __future__ import annotations

import io
import time
import warnings
from pathlib import Path

import attrs
import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

import referatkit
from referatkit.formats.printed import _ocr, read_with_layout
from referatkit.model import Meeting
from tests.conftest import ROOT
from tests.support import words as _words

pytestmark = [pytest.mark.tesseract, pytest.mark.libreoffice, pytest.mark.slow]

EXAMPLE = ROOT / "examples" / "referat-byudvalget.txt"


def _meeting() -> Meeting:
    """The example referat; item 3's route "BU/ØU/KB" is shortened to "BU" (Tesseract reads
    the slashes of a run of capitals as I or J, see docs/printed.md)."""
    meeting = referatkit.read(EXAMPLE)
    items = tuple(attrs.evolve(item, route=item.route[:1]) for item in meeting.items)
    return attrs.evolve(meeting, items=items)


def _scan(pdf: bytes) -> tuple[bytes, list[Image.Image]]:
    document = pdfium.PdfDocument(pdf)
    pages = [
        document[i].render(scale=300 / 72, grayscale=True).to_pil().convert("L") for i in range(len(document))
    ]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=300)
    return out.getvalue(), pages


@pytest.fixture(scope="module")
def prints(soffice: str, tesseract: str) -> tuple[Meeting, bytes, bytes]:
    meeting = _meeting()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", referatkit.LossWarning)
        # LibreOffice's print: its first page is the FirstAgenda-like title page the layout reads.
        text_pdf = referatkit.render(meeting, "pdf", options=referatkit.PdfOptions(engine="libreoffice"))
    scanned, _ = _scan(text_pdf)
    return meeting, text_pdf, scanned


def _share(original: object, read: object) -> float:
    want, have = _words(original), _words(read)
    return sum(min(n, have[w]) for w, n in want.items()) / max(sum(want.values()), 1)


def test_a_scanned_referat_reads_with_its_items_and_words(prints: tuple[Meeting, bytes, bytes]) -> None:
    meeting, _, scanned = prints
    started = time.perf_counter()
    reading = read_with_layout(scanned)
    print(f"{len(reading.recognised)} sider tekstgenkendt på {time.perf_counter() - started:.1f} s")
    assert reading.recognised == tuple(range(1, 8))
    assert reading.layout == "firstagenda"
    read = reading.meeting
    assert [(i.number, i.full_title) for i in read.items] == [(i.number, i.full_title) for i in meeting.items]
    assert read.start == meeting.start and read.forum.name == meeting.forum.name
    for original, item in zip(meeting.items, read.items, strict=True):
        share = _share(original, item)
        print(f"punkt {original.number}: {share:.1%} af ordene")
        assert share >= 0.95
    whole = _share(meeting.items, read.items)
    print(f"hele referatet: {whole:.1%} af ordene")
    assert whole >= 0.95


def test_a_mixed_pdf_recognises_only_its_scanned_pages(
    prints: tuple[Meeting, bytes, bytes], tmp_path: Path
) -> None:
    meeting, text_pdf, scanned = prints
    mixed = pikepdf.new()
    with pikepdf.open(io.BytesIO(text_pdf)) as text, pikepdf.open(io.BytesIO(scanned)) as scan:
        for index in range(len(text.pages)):
            mixed.pages.append((scan if index in (1, 3) else text).pages[index])
        path = tmp_path / "blandet.pdf"
        mixed.save(path)
    notes: list[str] = []  # what `referatkit info` prints
    read = referatkit.read(path, jobs=2, notes=notes)
    assert notes == ["layout: firstagenda", "tekstgenkendt (OCR): side 2, 4"]
    assert [(i.number, i.full_title) for i in read.items] == [(i.number, i.full_title) for i in meeting.items]
    assert _share(meeting.items, read.items) >= 0.95


def test_without_tesseract_the_page_and_the_install_are_named(
    prints: tuple[Meeting, bytes, bytes], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, _, scanned = prints
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH where no tesseract is
    _ocr._tesseract.cache_clear()
    try:
        with pytest.raises(referatkit.ReadError) as info:
            referatkit.read(scanned)
    finally:
        _ocr._tesseract.cache_clear()
    assert info.value.message == (
        "side 1: siden er et billede uden tekst og skal tekstgenkendes, men Tesseract findes ikke; "
        "installér Tesseract med dansk: apt-get install tesseract-ocr tesseract-ocr-dan"
    )


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_huge_page_image_is_refused_before_recognition(jobs: int) -> None:
    # A page of 200 by 200 inches (the PDF's largest) holding a picture: 60,000 pixels square at 300 dpi.
    out = io.BytesIO()
    Image.new("L", (100, 100), 255).save(out, format="PDF", resolution=0.5)
    started = time.perf_counter()
    with pytest.raises(referatkit.ReadError) as info:
        referatkit.read(out.getvalue(), jobs=jobs)
    assert time.perf_counter() - started < 5
    assert info.value.message.startswith(
        "side 1: siden har ingen tekst og skal tekstgenkendes, men dens billede ved 300 dpi "
        "er 60000×60000 punkter"
    )
    assert "(grænsen MAX_OCR_PIXELS)" in info.value.message
