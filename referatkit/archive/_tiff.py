"""Renditions as archival TIFF: 300 dpi, bilevel, CCITT Group 4, one file of many pages.

PDF pages are rendered by pdfium (pypdfium2) in grey, a band of rows at a
time where the page allows it (and only the rows its objects reach),
thresholded to black and white at half grey, packed into bits by numpy and encoded by libtiff as
CCITT T.6 (Group 4), see :mod:`._g4` (Pillow writes them where libtiff does
not load: the same pixels, more slowly). The files carry no date: only the
tags TIFF 6.0 needs for a bilevel image (size, compression, photometric
interpretation, strips, resolution, page), so the same pages give the same bytes.
"""

from __future__ import annotations

import ctypes
import io
import math
import threading
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pypdfium2
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageSequence, UnidentifiedImageError

from . import _g4

__all__ = ["DPI", "RenditionError", "image_to_tiff", "pdf_page_count", "pdf_to_tiff", "tiff_pages"]

#: The resolution of every rendition.
DPI = 300
#: The most pixels a page or an image may have at 300 dpi (Pillow's guard against decompression
#: bombs, and pdfium's pages): a scanned attachment may be big, but not this big (A0 is 140 million).
MAX_PIXELS = 400_000_000


class RenditionError(Exception):
    """A source that cannot be rendered (a damaged PDF or image); the message is Danish."""


def _bilevel(image: Image.Image) -> Image.Image:
    """Black and white at a threshold of half grey, without dithering (one pass)."""
    grey = image if image.mode == "L" else image.convert("L")
    return grey.convert("1", dither=Image.Dither.NONE)


def _grey_pages_to_tiff(pages: list[Image.Image]) -> bytes:
    """Grey pages (an image's frames) as one Group 4 TIFF: libtiff if it loads, else Pillow."""
    if not pages:
        raise RenditionError("dokumentet har ingen sider")
    if _g4.AVAILABLE:
        packed = []
        for page in pages:
            grey = np.asarray(page, dtype=np.uint8)
            packed.append((_g4.pack(grey), int(grey.shape[1])))
        return _g4.write_group4(packed, DPI)
    return _save([_bilevel(page) for page in pages])


def _save(pages: list[Image.Image]) -> bytes:
    out = io.BytesIO()
    pages[0].save(
        out,
        format="TIFF",
        compression="group4",
        save_all=True,
        append_images=pages[1:],
        dpi=(DPI, DPI),
    )
    return out.getvalue()


#: Rows of a page rendered at a time. pdfium renders a band, numpy thresholds and
#: packs it while it is still in the processor's cache (an A4 band is 0.6 MB, a
#: whole page 9 MB): 15% less time than rendering the page at once. Pages of
#: text and lines go band by band, and come out as the page rendered at once:
#: text and level lines to the pixel, a sloped line or a curve but for pixels on
#: its edge (pdfium's rasteriser clips it to the band; so may a glyph's anti-aliased
#: edge that falls on half grey). Rows no object reaches are not rendered at all. An image is resampled to
#: where a band cuts it, so a page with one (a scan, a logo), or with an
#: annotation that draws, is rendered at once.
BAND = 256
_BANDABLE = frozenset({pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH})
#: What pdfium is asked for: grey, annotations drawn, lines and images without
#: anti-aliasing (the page becomes black and white anyway, crisper so). Text
#: keeps it: thresholded at half grey, an anti-aliased glyph is the mono one
#: within a pixel at its edge, and pdfium composites it 6% faster a page.
_FLAGS = (
    pdfium_c.FPDF_GRAYSCALE
    | pdfium_c.FPDF_ANNOT
    | pdfium_c.FPDF_RENDER_NO_SMOOTHIMAGE
    | pdfium_c.FPDF_RENDER_NO_SMOOTHPATH
)
_WHITE = (255, 255, 255, 255)

#: Each thread's buffers, kept from page to page and document to document (a
#: fresh buffer costs its page faults every time): pdfium's band, the mask of
#: dark pixels and the packed page.
_buffers = threading.local()


def _array(name: str, shape: tuple[int, ...], dtype: type[np.generic]) -> npt.NDArray[Any]:
    found: npt.NDArray[Any] | None = getattr(_buffers, name, None)
    if found is None or found.shape != shape:
        found = np.empty(shape, dtype=dtype)
        setattr(_buffers, name, found)
    return found


def _open_pdf(pdf: bytes) -> pypdfium2.PdfDocument:
    try:
        return pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as exc:
        raise RenditionError(f"PDF'en kan ikke læses: {exc}") from None


def _page_size(page: pypdfium2.PdfPage, number: int) -> tuple[int, int]:
    """The page's width and height in pixels at 300 dpi (as pypdfium2 reckons them); not too many.

    (pdfium gives a page without a size, or a negative one, a default size.)"""
    width = math.ceil(page.get_width() * DPI / 72)
    height = math.ceil(page.get_height() * DPI / 72)
    if width * height > MAX_PIXELS:
        raise RenditionError(f"side {number} bliver for stor ved {DPI} dpi ({width} x {height} punkter)")
    return width, height


def _bitmap(width: int, height: int) -> tuple[pypdfium2.PdfBitmap, npt.NDArray[np.uint8]]:
    """pdfium's grey bitmap of a whole page and a numpy view of its pixels."""
    buffer = (ctypes.c_ubyte * (width * height))()
    bitmap = pypdfium2.PdfBitmap.new_native(width, height, pdfium_c.FPDFBitmap_Gray, False, buffer=buffer)
    return bitmap, np.ctypeslib.as_array(buffer).reshape(height, width)  # rows packed


def _band_rows(height: int) -> int:
    """The rows of a band of a page ``height`` rows tall: a band is never taller than its page
    (a page 17 million pixels wide and 5 tall, under MAX_PIXELS, would get a band of 4.4 GB)."""
    return min(BAND, height)


def _band(width: int, height: int) -> tuple[ctypes.Array[ctypes.c_ubyte], npt.NDArray[np.uint8]]:
    """This thread's buffer for a band of a page of ``width`` x ``height`` pixels (kept) and a
    numpy view of its rows."""
    shape = (_band_rows(height), width)
    found: tuple[ctypes.Array[ctypes.c_ubyte], npt.NDArray[np.uint8]] | None = getattr(_buffers, "band", None)
    if found is not None and found[1].shape == shape:
        return found
    buffer = (ctypes.c_ubyte * (shape[0] * width))()
    made = buffer, np.ctypeslib.as_array(buffer).reshape(shape)
    _buffers.band = made
    return made


def _drawn_annotations(page: pypdfium2.PdfPage) -> bool:
    """Whether the page has an annotation that draws (a link with no appearance draws nothing)."""
    raw = page.raw
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(raw)):
        annotation = pdfium_c.FPDFPage_GetAnnot(raw, index)
        if not annotation:
            return True
        try:
            link = pdfium_c.FPDFAnnot_GetSubtype(annotation) == pdfium_c.FPDF_ANNOT_LINK
            if not link or pdfium_c.FPDFAnnot_HasKey(annotation, b"AP"):
                return True
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annotation)
    return False


def _bandable(page: pypdfium2.PdfPage) -> bool:
    """Whether the page holds only text and paths, no transparency group, no annotation that draws."""
    return _reached_rows(page, 1, 1) is not None


#: Rows a page object's bounds are widened by, each way: a glyph's anti-aliased or stroked edge,
#: pdfium's rounding (a pixel is black only when more than half of it is covered).
_REACH_MARGIN = 8
#: Rows between two objects' reach rendered with them rather than as a call of their own.
_REACH_GAP = 32


def _reached_rows(page: pypdfium2.PdfPage, width: int, height: int) -> list[tuple[int, int]] | None:
    """The runs of rows (start, end) of the page rendered at ``width`` x ``height`` that its
    objects reach, in order; None when the page is not to go in bands (see :func:`_bandable`).

    Rows no object's bounds reach stay white, so they are neither rendered nor thresholded:
    on a page of text, the margins and the space between paragraphs (three fifths of its rows)."""
    raw = page.raw
    if pdfium_c.FPDFPage_HasTransparency(raw) or _drawn_annotations(page):
        return None
    # Page space to the rows of the rendered page: an affine map, found from three points (in
    # pixels rounded by pdfium, so the points are far apart), the page's rotation included.
    x, y = ctypes.c_int(), ctypes.c_int()
    rows_at = []
    for point in ((0.0, 0.0), (1000.0, 0.0), (0.0, 1000.0)):
        pdfium_c.FPDF_PageToDevice(raw, 0, 0, width, height, 0, *point, x, y)
        rows_at.append(y.value)
    origin, per_x, per_y = rows_at[0], (rows_at[1] - rows_at[0]) / 1000, (rows_at[2] - rows_at[0]) / 1000
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    reached: list[tuple[int, int]] = []
    for index in range(pdfium_c.FPDFPage_CountObjects(raw)):
        handle = pdfium_c.FPDFPage_GetObject(raw, index)
        if pdfium_c.FPDFPageObj_GetType(handle) not in _BANDABLE:
            return None
        if not pdfium_c.FPDFPageObj_GetBounds(handle, left, bottom, right, top):
            return None
        ends = [
            origin + per_x * px + per_y * py
            for px in (left.value, right.value)
            for py in (bottom.value, top.value)
        ]
        start, end = (
            max(0, math.floor(min(ends)) - _REACH_MARGIN),
            min(height, math.ceil(max(ends)) + _REACH_MARGIN),
        )
        if start < end:
            reached.append((start, end))
    reached.sort()
    runs: list[tuple[int, int]] = []
    for start, end in reached:
        if runs and start <= runs[-1][1] + _REACH_GAP:
            runs[-1] = (runs[-1][0], max(runs[-1][1], end))
        else:
            runs.append((start, end))
    return runs


def _page_bits(page: pypdfium2.PdfPage, width: int, height: int) -> npt.NDArray[np.uint8]:
    """The page as rows of bits (1 where darker than half grey), band by band where it may be.

    The array is this thread's buffer: valid until the thread renders its next page."""
    rows = _array("rows", (height, (width + 7) // 8), np.uint8)
    runs = _reached_rows(page, width, height)
    if runs is None:  # the page at once
        bitmap, grey = _bitmap(width, height)
        bitmap.fill_rect(_WHITE, 0, 0, width, height)
        pdfium_c.FPDF_RenderPageBitmap(bitmap.raw, page.raw, 0, 0, width, height, 0, _FLAGS)
        _threshold(grey, rows, 0, height)
        return rows
    buffer, grey = _band(width, height)
    done = 0
    for start, end in runs:
        rows[done:start] = 0
        for top in range(start, end, BAND):
            count = min(BAND, end - top)
            # A bitmap of the band's rows over this thread's buffer, the whole page placed ``top``
            # rows higher: pdfium draws only what falls in the bitmap.
            bitmap = pdfium_c.FPDFBitmap_CreateEx(width, count, pdfium_c.FPDFBitmap_Gray, buffer, width)
            try:
                pdfium_c.FPDFBitmap_FillRect(bitmap, 0, 0, width, count, 0xFFFFFFFF)
                pdfium_c.FPDF_RenderPageBitmap(bitmap, page.raw, 0, -top, width, height, 0, _FLAGS)
            finally:
                pdfium_c.FPDFBitmap_Destroy(bitmap)
            _threshold(grey[:count], rows, top, top + count)
        done = end
    rows[done:] = 0
    return rows


def _threshold(grey: npt.NDArray[np.uint8], rows: npt.NDArray[np.uint8], start: int, end: int) -> None:
    """``grey`` (the page's rows ``start`` to ``end``) thresholded at half grey and packed into
    ``rows``, a band at a time (while it is in the processor's cache)."""
    mask = _array("mask", (_band_rows(rows.shape[0]), grey.shape[1]), np.bool_)
    for first in range(0, end - start, BAND):
        count = min(BAND, end - start - first)
        np.less(grey[first : first + count], 128, out=mask[:count])
        rows[start + first : start + first + count] = np.packbits(mask[:count], axis=1)


def _pdf_page_bits(document: pypdfium2.PdfDocument) -> Iterator[tuple[npt.NDArray[np.uint8], int]]:
    """Each page as ``(rows of bits, width in pixels)``; the rows are valid until the next page."""
    for index in range(len(document)):
        page = document[index]
        try:
            width, height = _page_size(page, index + 1)
            yield _page_bits(page, width, height), width
        finally:
            page.close()


def pdf_to_tiff(pdf: bytes) -> tuple[bytes, int]:
    """Every page of ``pdf`` as one Group 4 TIFF; and the number of pages."""
    document = _open_pdf(pdf)
    try:
        count = len(document)
        if count == 0:
            raise RenditionError("dokumentet har ingen sider")
        if _g4.AVAILABLE:  # each page handed to libtiff as soon as it is rendered
            return _g4.write_group4(_pdf_page_bits(document), DPI, count=count), count
        pages = [
            Image.frombytes("1", (width, rows.shape[0]), rows.tobytes(), "raw", "1;I")
            for rows, width in _pdf_page_bits(document)
        ]
        return _save(pages), count
    finally:
        document.close()


def pdf_page_count(pdf: bytes) -> int:
    """How many pages ``pdf`` has."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def _at_300_dpi(frame: Image.Image, info: Mapping[Any, Any]) -> Image.Image:
    """The frame in grey, scaled to 300 dpi from the resolution it states (none stated: as it is)."""
    grey = frame.convert("RGBA").convert("RGB").convert("L") if "A" in frame.mode else frame.convert("L")
    dpi = info.get("dpi")
    if not isinstance(dpi, tuple) or len(dpi) != 2:
        return grey
    try:
        x, y = (float(value) for value in dpi)
    except (TypeError, ValueError):
        return grey
    if x <= 0 or y <= 0 or (round(x) == DPI and round(y) == DPI):
        return grey
    size = (max(1, round(grey.width * DPI / x)), max(1, round(grey.height * DPI / y)))
    if size[0] * size[1] > MAX_PIXELS:
        raise RenditionError(f"billedet bliver for stort ved {DPI} dpi ({size[0]} x {size[1]} punkter)")
    return grey.resize(size, Image.Resampling.LANCZOS)


def image_to_tiff(data: bytes) -> tuple[bytes, int]:
    """An image (PNG, JPEG, GIF, BMP, TIFF; every frame) as a bilevel Group 4 TIFF at 300 dpi."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            pages = []
            for frame in ImageSequence.Iterator(image):
                pages.append(_at_300_dpi(frame, frame.info or image.info))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise RenditionError(f"billedet kan ikke læses: {exc}") from None
    return _grey_pages_to_tiff(pages), len(pages)


def tiff_pages(data: bytes) -> int:
    """The number of pages of a TIFF."""
    with Image.open(io.BytesIO(data)) as image:
        return sum(1 for _ in ImageSequence.Iterator(image))
