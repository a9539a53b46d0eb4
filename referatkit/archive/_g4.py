"""CCITT Group 4 TIFF written by libtiff itself, through ctypes.

Pillow can write Group 4, but spends most of its time packing its one-byte
pixels into bits; numpy packs them in a fraction of that, and libtiff's own
encoder then takes a few milliseconds a page. The library is the system's
``libtiff`` (or the copy bundled with Pillow's wheels); where neither loads,
:data:`AVAILABLE` is false and the caller uses Pillow.

The pages are coded by referatkit's own encoder where it is built
(``_g4encode``, C, compiled when referatkit is installed): the same bytes as
libtiff's encoder in a third of the time; libtiff then writes them as they are
(``TIFFWriteRawStrip``). Where it is not built, libtiff codes them.

Each page is one strip, bilevel, WhiteIsZero (a set bit is black, as in a
fax), 300 dpi; no date, software or host tag is written.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from ..errors import WriteError
from ..l10n.oserror import os_problem

try:
    from . import _g4encode
except ImportError:  # pragma: no cover - built with referatkit; libtiff codes the pages without it
    _g4encode = None  # type: ignore[assignment]

__all__ = ["AVAILABLE", "ENCODER", "write_group4"]

Encoder = Literal["referatkit", "libtiff"]
#: Which encoder codes the pages: referatkit's (``_g4encode``) where it is built, else libtiff's.
ENCODER: Encoder = "referatkit" if _g4encode is not None else "libtiff"

_TAGS = {
    "NEWSUBFILETYPE": 254,
    "IMAGEWIDTH": 256,
    "IMAGELENGTH": 257,
    "BITSPERSAMPLE": 258,
    "COMPRESSION": 259,
    "PHOTOMETRIC": 262,
    "SAMPLESPERPIXEL": 277,
    "ROWSPERSTRIP": 278,
    "XRESOLUTION": 282,
    "YRESOLUTION": 283,
    "PLANARCONFIG": 284,
    "RESOLUTIONUNIT": 296,
    "PAGENUMBER": 297,
}
_COMPRESSION_CCITTFAX4 = 4
_PHOTOMETRIC_MINISWHITE = 0
_RESUNIT_INCH = 2
_FILETYPE_PAGE = 2


def _candidates() -> list[str]:
    found = []
    system = ctypes.util.find_library("tiff")
    if system:
        found.append(system)
    try:
        import PIL  # noqa: PLC0415 - only to find the libtiff its wheel bundles

        base = Path(PIL.__file__).resolve().parent
        for folder in (base.parent / "pillow.libs", base / ".dylibs"):
            found.extend(str(p) for p in sorted(folder.glob("libtiff*")))
    except ImportError:  # pragma: no cover - Pillow is a dependency
        pass
    return found


def _load() -> ctypes.CDLL | None:
    if sys.platform == "win32":  # pragma: no cover - the variadic calls below assume the SysV ABI
        return None
    for name in _candidates():
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        try:
            lib.TIFFOpen.restype = ctypes.c_void_p
            lib.TIFFOpen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
            for write in (lib.TIFFWriteEncodedStrip, lib.TIFFWriteRawStrip):
                write.restype = ctypes.c_ssize_t
                write.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_ssize_t]
            lib.TIFFWriteDirectory.argtypes = [ctypes.c_void_p]
            lib.TIFFClose.argtypes = [ctypes.c_void_p]
            lib.TIFFSetField.restype = ctypes.c_int
            lib.TIFFSetErrorHandler.restype = ctypes.c_void_p
            lib.TIFFSetErrorHandler.argtypes = [ctypes.c_void_p]
            lib.TIFFSetWarningHandler.restype = ctypes.c_void_p
            lib.TIFFSetWarningHandler.argtypes = [ctypes.c_void_p]
        except AttributeError:
            continue
        # libtiff prints its messages to stderr by default; failures are seen in return codes.
        lib.TIFFSetErrorHandler(None)
        lib.TIFFSetWarningHandler(None)
        return lib
    return None


_LIB = _load()
#: Whether libtiff could be loaded.
AVAILABLE = _LIB is not None


def pack(grey: npt.NDArray[np.uint8], threshold: int = 128) -> npt.NDArray[np.uint8]:
    """A grey page (rows of bytes) as rows of bits: 1 where darker than ``threshold``."""
    return np.packbits(grey < threshold, axis=1)


def write_group4(
    pages: Iterable[tuple[npt.NDArray[np.uint8], int]],
    dpi: int,
    *,
    count: int | None = None,
    encoder: Encoder | None = None,
) -> bytes:
    """One multi-page Group 4 TIFF of ``(packed rows, width in pixels)`` pages.

    With ``count``, the number of pages, each page is encoded as it comes and
    may be dropped then (a long document is never all in memory at once);
    without it, the pages are gathered first to count them. A different
    number of pages than ``count`` is a ValueError. ``encoder`` codes the
    pages (default :data:`ENCODER`); both give the same bytes.
    """
    lib = _LIB
    if lib is None:
        raise RuntimeError("libtiff is not available")
    chosen = ENCODER if encoder is None else encoder
    if chosen == "referatkit" and _g4encode is None:
        raise RuntimeError("referatkit's Group 4 encoder is not built")
    items: Iterable[tuple[npt.NDArray[np.uint8], int]] = pages
    if count is None:
        items = list(pages)
        count = len(items)
    try:
        with tempfile.TemporaryDirectory(prefix="referatkit-tiff-") as folder:
            path = os.path.join(folder, "1.tif")
            tif = lib.TIFFOpen(path.encode(), b"w")
            if not tif:
                raise OSError("libtiff could not open a file for writing")
            written_pages = 0
            try:
                for number, (rows, width) in enumerate(items):
                    if number >= count:
                        raise ValueError(f"more than the {count} pages announced")
                    _write_page(
                        lib, tif, np.ascontiguousarray(rows), width=width, number=number, count=count,
                        dpi=dpi, encoder=chosen,
                    )  # fmt: skip
                    written_pages += 1
            finally:
                lib.TIFFClose(tif)
            if written_pages != count:
                raise ValueError(f"{written_pages} pages, not the {count} announced")
            return Path(path).read_bytes()
    except OSError as exc:
        # libtiff writes the pages to a file of the temporary folder: a full disk there (or
        # one that cannot be written) is a WriteError in Danish, not libtiff's words.
        why = os_problem(exc) if exc.errno is not None else "libtiff kunne ikke skrive siden; er disken fuld?"
        raise WriteError(
            f"{tempfile.gettempdir()}: TIFF-filen kan ikke skrives i den midlertidige mappe: {why}"
        ) from None


def _write_page(
    lib: ctypes.CDLL,
    tif: int,
    data: npt.NDArray[np.uint8],
    *,
    width: int,
    number: int,
    count: int,
    dpi: int,
    encoder: Encoder,
) -> None:
    def field(tag: str, *values: int | float) -> None:
        args = [ctypes.c_double(v) if isinstance(v, float) else ctypes.c_int(v) for v in values]
        if not lib.TIFFSetField(ctypes.c_void_p(tif), ctypes.c_uint32(_TAGS[tag]), *args):
            raise OSError(f"libtiff refused the tag {tag}")

    height = int(data.shape[0])
    field("NEWSUBFILETYPE", _FILETYPE_PAGE)
    field("IMAGEWIDTH", width)
    field("IMAGELENGTH", height)
    field("BITSPERSAMPLE", 1)
    field("SAMPLESPERPIXEL", 1)
    field("COMPRESSION", _COMPRESSION_CCITTFAX4)
    field("PHOTOMETRIC", _PHOTOMETRIC_MINISWHITE)
    field("PLANARCONFIG", 1)
    field("ROWSPERSTRIP", height)
    field("XRESOLUTION", float(dpi))
    field("YRESOLUTION", float(dpi))
    field("RESOLUTIONUNIT", _RESUNIT_INCH)
    field("PAGENUMBER", number, count)
    if encoder == "referatkit":
        coded = _g4encode.encode(data, width, height)
        if lib.TIFFWriteRawStrip(tif, 0, coded, len(coded)) < 0:
            raise OSError("libtiff could not write a page")
    elif lib.TIFFWriteEncodedStrip(tif, 0, data.ctypes.data, data.nbytes) < 0:
        raise OSError("libtiff could not encode a page")
    if not lib.TIFFWriteDirectory(tif):
        raise OSError("libtiff could not write a page")
