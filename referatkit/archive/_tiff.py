"""Renditions as archival TIFF: 300 dpi, bilevel, CCITT Group 4, one file of many pages.

PDF pages are rendered by pdfium (pypdfium2) in grey, thresholded to black
and white at half grey, packed into bits by numpy and encoded by libtiff as
CCITT T.6 (Group 4), see :mod:`._g4` (Pillow writes them where libtiff does
not load: the same pixels, more slowly). The files carry no date: only the
tags TIFF 6.0 needs for a bilevel image (size, compression, photometric
interpretation, strips, resolution, page), so the same pages give the same bytes.
"""

from __future__ import annotations

import ctypes
import io
import threading
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pypdfium2
from PIL import Image, ImageSequence, UnidentifiedImageError
from pypdfium2.internal import BitmapTypeToNChannels

from . import _g4

__all__ = ["DPI", "RenditionError", "image_to_tiff", "pdf_page_count", "pdf_to_tiff", "tiff_pages"]

#: The resolution of every rendition.
DPI = 300
#: Pillow guards against decompression bombs; a scanned attachment may be big, but not this big.
MAX_PIXELS = 400_000_000


class RenditionError(Exception):
    """A source that cannot be rendered (a damaged PDF or image); the message is Danish."""


def _bilevel(image: Image.Image) -> Image.Image:
    """Black and white at a threshold of half grey, without dithering (one pass)."""
    grey = image if image.mode == "L" else image.convert("L")
    return grey.convert("1", dither=Image.Dither.NONE)


def _grey_pages_to_tiff(pages: list[Image.Image] | list[np.ndarray]) -> bytes:
    """Grey pages (Pillow images or arrays of rows) as one Group 4 TIFF: libtiff if it loads, else Pillow."""
    if not pages:
        raise RenditionError("dokumentet har ingen sider")
    if _g4.AVAILABLE:
        packed = []
        for page in pages:
            grey = np.asarray(page, dtype=np.uint8)
            packed.append((_g4.pack(grey), int(grey.shape[1])))
        return _g4.write_group4(packed, DPI)
    return _save([_bilevel(Image.fromarray(p) if isinstance(p, np.ndarray) else p) for p in pages])


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


#: Each thread's page buffers, kept from document to document (a fresh 9 MB
#: buffer costs its page faults on every page): pdfium's bitmap and the mask.
_buffers = threading.local()


def _buffer(name: str, size: int) -> ctypes.Array[ctypes.c_ubyte]:
    found: ctypes.Array[ctypes.c_ubyte] | None = getattr(_buffers, name, None)
    if found is None or len(found) != size:
        found = (ctypes.c_ubyte * size)()
        setattr(_buffers, name, found)
    return found


def _bitmap(width: int, height: int, format: int, rev_byteorder: bool) -> pypdfium2.PdfBitmap:
    """pdfium's bitmap for a page, in this thread's buffer (pypdfium2 would allocate and zero one a page)."""
    buffer = _buffer("bitmap", width * height * BitmapTypeToNChannels[format])  # rows packed
    return pypdfium2.PdfBitmap.new_native(width, height, format, rev_byteorder, buffer=buffer)


def _mask(shape: tuple[int, ...]) -> npt.NDArray[np.bool_]:
    found: npt.NDArray[np.bool_] | None = getattr(_buffers, "mask", None)
    if found is None or found.shape != shape:
        found = np.empty(shape, dtype=np.bool_)
        _buffers.mask = found
    return found


def _open_pdf(pdf: bytes) -> pypdfium2.PdfDocument:
    try:
        return pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as exc:
        raise RenditionError(f"PDF'en kan ikke læses: {exc}") from None


def _pdf_pages(document: pypdfium2.PdfDocument) -> Iterator[np.ndarray]:
    """Each page in grey at 300 dpi, as a view valid until the next page is asked for.

    Anti-aliasing is off: the page becomes black and white anyway, crisper so,
    and pdfium renders it in two thirds of the time."""
    for index in range(len(document)):
        page = document[index]
        try:
            rendered = page.render(
                scale=DPI / 72,
                grayscale=True,
                no_smoothtext=True,
                no_smoothimage=True,
                no_smoothpath=True,
                bitmap_maker=_bitmap,
            )
            grey = rendered.to_numpy()
            yield grey[:, :, 0] if grey.ndim == 3 else grey
        finally:
            page.close()


def pdf_to_tiff(pdf: bytes) -> tuple[bytes, int]:
    """Every page of ``pdf`` as one Group 4 TIFF; and the number of pages."""
    document = _open_pdf(pdf)
    try:
        count = len(document)
        if count == 0:
            raise RenditionError("dokumentet har ingen sider")
        if _g4.AVAILABLE:  # each page handed to libtiff as bits as soon as it is rendered
            packed = (
                (_g4.pack(grey, mask=_mask(grey.shape)), int(grey.shape[1])) for grey in _pdf_pages(document)
            )
            return _g4.write_group4(packed, DPI, count=count), count
        pages = [_bilevel(Image.fromarray(np.array(grey, dtype=np.uint8))) for grey in _pdf_pages(document)]
        return _grey_pages_to_tiff(pages), count
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
