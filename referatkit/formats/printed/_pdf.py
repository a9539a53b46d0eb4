"""The lines of a PDF, with their font weight, slant, size and position (pypdfium2)."""

from __future__ import annotations

import ctypes
import re
from functools import cache
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ...errors import ReadError
from .._contract import Note, ReadContext
from .._limits import COST_PDF_CHAR, COST_PDF_CONTENT_KIB, COST_PDF_OBJECTS_KIB, charge
from ._lines import Line, Run
from ._ocr import PageImage

# Bounds: a printed referat has tens of pages; a file far beyond that is refused.
MAX_PAGES = 2000
#: Characters on one page (a dense A4 page of small print holds about 10,000) and in the
#: whole file: each costs a few microseconds, so these bound the time a file can take.
MAX_PAGE_CHARS = 30_000
MAX_CHARS = 3_000_000
#: The decoded content of one page (its drawing operators): a page of text is tens of KiB,
#: one with a vector chart some hundreds; pdfium's text record costs ~200 bytes a character.
MAX_PAGE_CONTENT_BYTES = 1024 * 1024

_BOLD_WEIGHT = 600
_FORCE_BOLD = 0x40000  # FPDF_FONT_FORCEBOLD in the font flags
_ITALIC = 0x40  # FPDF_FONT_ITALIC
_NEW_LINE = 4.0  # points down from a line's baseline that start another line


@cache
def _quiet_pikepdf() -> None:
    """pikepdf logs what qpdf repairs in a damaged file ("Pages tree includes non-dictionary
    object; ignoring") and a damaged XMP, with a traceback, to its logger; where no logging
    is set up, Python prints them on the terminal (its last-resort handler), in English, under
    the Danish message (found by the fuzzer). A NullHandler keeps them off the terminal; a
    program that sets up logging still gets them, as before."""
    import logging  # noqa: PLC0415

    logging.getLogger("pikepdf").addHandler(logging.NullHandler())


def _normalised(data: bytes, source: str) -> tuple[bytes, bool]:
    """The PDF rewritten by qpdf (pikepdf), and whether qpdf had to repair it: a damaged
    cross-reference table is rebuilt there, in linear time, where pdfium can take minutes
    over a crafted file of 2 MB (found by the fuzzer). It also turns a file that is no PDF
    into one error."""
    import io  # noqa: PLC0415

    import pikepdf  # noqa: PLC0415 (start-up: only when a PDF is read)

    _quiet_pikepdf()
    _charge_object_streams(data)
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                pages = len(pdf.pages)
                raise ReadError(f"PDF-filen har {pages} sider; højst {MAX_PAGES} læses", source=source)
            sizes: dict[tuple[int, int], int] = {}  # a stream's decoded size, counted once
            for index, page in enumerate(pdf.pages):
                size = _content_size(page.obj.get("/Contents"), MAX_PAGE_CONTENT_BYTES + 1, sizes)
                if size > MAX_PAGE_CONTENT_BYTES:
                    raise ReadError(
                        f"side {index + 1}: sidens indhold er over grænsen "
                        f"MAX_PAGE_CONTENT_BYTES = {MAX_PAGE_CONTENT_BYTES} bytes",
                        source=source,
                    )
                # pdfium parses a page's content each time a page draws it, shared or not:
                # charged per page, before pdfium is given the file.
                charge(COST_PDF_CONTENT_KIB * (1 + size // 1024), f"side {index + 1}: sidens indhold")
            # The XMP metadata goes: the reader takes nothing from it, and pdfium parses it when
            # it opens the file (7 MB of nested tags in it took pdfium 730 MiB; the fuzzer's
            # seed of a Typst print). Not fix_metadata_version, which parses it too.
            if "/Metadata" in pdf.Root:
                del pdf.Root["/Metadata"]
            out = io.BytesIO()
            pdf.save(out, static_id=True, fix_metadata_version=False)
            repaired = bool(pdf.get_warnings())
    except pikepdf.PasswordError:
        raise ReadError("PDF-filen er krypteret med en adgangskode", source=source) from None
    except (pikepdf.PdfError, ValueError, RuntimeError) as exc:
        raise ReadError(f"kan ikke åbne PDF-filen: {qpdf_problem(str(exc))}", source=source) from None
    return out.getvalue(), repaired


# qpdf names the stream it was given (``stream <_io.BytesIO object at 0x…>``) and where in
# it the problem lies; the ReadError names the file instead, and says what is wrong in Danish.
_QPDF_PLACE = re.compile(r"^(?:stream )?<[^<>]*>(?: \((?P<place>[^()]*)\))?: ")
_QPDF_PROBLEMS = (
    (
        re.compile(r"can't find PDF header|not a PDF file", re.I),
        "filen er ingen PDF (den begynder ikke med %PDF-)",
    ),
    (re.compile(r"trailer", re.I), "filen er beskadiget: dens trailer findes ikke"),
    (re.compile(r"/Root|catalog", re.I), "filen er beskadiget: dens katalog (/Root) findes ikke"),
    (
        re.compile(r"pages tree|page tree|any pages|/Kids|/Pages", re.I),
        "filen er beskadiget: dens sidetræ findes ikke",
    ),
    (
        re.compile(r"xref|cross.reference", re.I),
        "filen er beskadiget: dens krydsreferencetabel kan ikke læses",
    ),
    (re.compile(r"encrypt", re.I), "filens kryptering kan ikke læses"),
)


def qpdf_problem(text: str) -> str:
    """What qpdf's error ``text`` says, in Danish, with the place it names (object, byte).

    >>> qpdf_problem("stream <_io.BytesIO object at 0x7f00>: unable to find /Root dictionary")
    'filen er beskadiget: dens katalog (/Root) findes ikke'
    >>> qpdf_problem("stream <_io.BytesIO object at 0x7f00> (object 3 0, offset 81): expected endobj")
    'filen er beskadiget (objekt 3 0, byte 81)'
    """
    first = text.splitlines()[0] if text else ""
    found = _QPDF_PLACE.match(first)
    place, detail = (found["place"], first[found.end() :]) if found else (None, first)
    where = ""
    if place:
        where = " (" + place.replace("object", "objekt").replace("offset", "byte") + ")"
    for pattern, danish in _QPDF_PROBLEMS:
        if pattern.search(detail):
            return danish + where
    # What qpdf says of the rest is its own English; the place is what a person can act on.
    return f"filen er beskadiget{where}"


#: What one entry of a page's array of content streams counts, beside the stream's content
#: (pdfium keeps a record of each).
_REFERENCE_BYTES = 64
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
_STREAM = re.compile(rb"stream\r?\n")
_PIECE = 1024 * 1024


def _charge_object_streams(data: bytes) -> None:
    """Charge what qpdf will parse from the file's object streams, inflated in pieces before
    it does: a few KB of deflated object stream can hold an array of ten million references."""
    import zlib  # noqa: PLC0415

    for match in _OBJECT_STREAM.finditer(data):
        opened = _STREAM.search(data, match.end())
        if opened is None:
            return
        end = data.find(b"endstream", opened.end())
        raw = data[opened.end() : end if end >= 0 else len(data)]
        inflater = zlib.decompressobj()
        try:
            piece = inflater.decompress(raw, _PIECE)
            while piece:
                charge(COST_PDF_OBJECTS_KIB * (1 + len(piece) // 1024), "PDF-filens objektstrømme")
                piece = inflater.decompress(inflater.unconsumed_tail, _PIECE)
        except zlib.error:
            charge(COST_PDF_OBJECTS_KIB * (1 + len(raw) // 1024), "PDF-filens objektstrømme")


def _content_size(contents: object, limit: int, sizes: dict[tuple[int, int], int]) -> int:
    """The decoded size of a page's content streams, counted no further than ``limit``: a
    Flate stream is inflated in pieces, so a small stream that inflates to gigabytes costs
    nothing (pdfium would inflate it whole, and build a record of ~200 bytes per character)."""

    import pikepdf  # noqa: PLC0415

    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    total = 0
    for stream in streams:  # an array of a million references is stopped at the limit
        total += _REFERENCE_BYTES
        if not isinstance(stream, pikepdf.Stream):
            continue
        known = sizes.get(stream.objgen) if stream.is_indirect else None
        if known is not None:
            total += known
            if total >= limit:
                break
            continue
        before = total
        filters = stream.get("/Filter")
        if filters is None:
            total += len(stream.read_raw_bytes())
        elif filters == pikepdf.Name.FlateDecode or (
            isinstance(filters, pikepdf.Array) and list(filters) == [pikepdf.Name.FlateDecode]
        ):
            # pdfium keeps a stream's deflated bytes as well, each time a page draws it: a stream
            # of 3.6 MB whose deflate ends after 548 bytes cost 7 MB and 5 ms a use, 7 GB for a
            # page that drew it 1,000 times (the fuzzer, seed 29, pdf input 814).
            raw = stream.read_raw_bytes()
            total += max(min(len(raw), limit - total + 1), _inflated_size(raw, limit - total + 1))
        else:
            total += len(stream.read_raw_bytes())  # rare filters: the encoded size
        if stream.is_indirect:
            sizes[stream.objgen] = total - before
        if total >= limit:
            break
    return total


#: The deflated bytes inflated at a time: what a damaged stream inflates to before its damage
#: is counted, all but the last piece's.
_INFLATE_PIECE = 256


def _inflated_size(raw: bytes, limit: int) -> int:
    """What a Flate stream inflates to, counted no further than ``limit``, as pdfium reads it:
    without its checksum, and up to its damage. (A stream the fuzzer spoiled was counted as
    nothing, and drawn 10,000 times by one page: pdfium's text of it took 400 MiB, an abort.)"""
    import zlib  # noqa: PLC0415

    inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate: the zlib header is skipped
    size = 0
    for start in range(2, len(raw), _INFLATE_PIECE):
        piece = raw[start : start + _INFLATE_PIECE]
        before = inflater.copy()
        try:
            size += len(inflater.decompress(piece, limit - size))
            while inflater.unconsumed_tail and size < limit:
                size += len(inflater.decompress(inflater.unconsumed_tail, limit - size))
        except zlib.error:
            # pdfium may read a stream it cannot inflate as it stands: its raw bytes count too.
            return min(limit, max(len(raw), size + _before_damage(before, piece)))
        if size >= limit or inflater.eof:
            break
    return size


def _before_damage(inflater: Any, piece: bytes) -> int:
    """What ``piece`` inflates to up to the byte where inflating it fails (fed byte by byte)."""
    import zlib  # noqa: PLC0415

    size = 0
    for at in range(len(piece)):
        try:
            size += len(inflater.decompress(piece[at : at + 1]))
        except zlib.error:
            break
    return size


def pdf_lines(data: bytes, source: str) -> list[Line]:
    """Every text line of every page, top to bottom, in reading order."""
    return _document_lines(data, source, None)[0]


def pdf_pages(data: bytes, ctx: ReadContext, *, jobs: int = 1) -> tuple[list[Line], tuple[int, ...]]:
    """Every line of every page, a page without text but with an image (a scan) recognised
    with Tesseract (:mod:`._ocr`), ``jobs`` pages at a time; and the pages recognised. A file
    qpdf had to repair is read as repaired, and reported (``Note.REPAIRED``): a file cut off
    may lose a font, an image or a page's content and still read."""
    from ._ocr import recognise  # noqa: PLC0415

    source = ctx.source
    scans: list[PageImage] = []
    lines, repaired = _document_lines(data, source, scans)
    if repaired:
        ctx.report(Note.REPAIRED, detail="qpdf måtte reparere den")
    if not scans:
        return lines, ()
    recognised = recognise(scans, source, jobs)
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    by_page.update(recognised)
    merged = [line for page in sorted(by_page) for line in by_page[page]]
    return merged, tuple(image.page for image in scans)


def _document_lines(data: bytes, source: str, scans: list[PageImage] | None) -> tuple[list[Line], bool]:
    """The lines of every page (and a page that is a scan put in ``scans``); and whether qpdf
    had to repair the file."""
    data, repaired = _normalised(data, source)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        # pdfium's own words ("Failed to load document (PDFium: Success)") say nothing more.
        raise ReadError("kan ikke åbne PDF-filen: pdfium kan ikke læse den", source=source) from None
    try:
        pages = len(document)
        if pages > MAX_PAGES:
            raise ReadError(f"PDF-filen har {pages} sider; højst {MAX_PAGES} læses", source=source)
        out: list[Line] = []
        total = 0
        for index in range(pages):
            try:
                lines, count = _read_page(document, index, scans, source)
            except _TooMuchTextError as exc:
                raise ReadError(
                    f"side {index + 1}: {exc.args[0]} tegn er over grænsen MAX_PAGE_CHARS = {MAX_PAGE_CHARS}",
                    source=source,
                ) from None
            except pdfium.PdfiumError:
                # A page the file names but does not hold ("Failed to load page."), ...
                raise ReadError(
                    f"side {index + 1}: kan ikke læse siden: pdfium kan ikke indlæse den", source=source
                ) from None
            total += count
            if total > MAX_CHARS:
                raise ReadError(
                    f"PDF-filen har mere end {MAX_CHARS} tegn tekst (grænsen MAX_CHARS)", source=source
                )
            out.extend(lines)
        if repaired and not scans and not any(line.text.strip() for line in out):
            # Not "a scan without a text layer": a file cut off loses its pages' content.
            raise ReadError(
                "side 1: dokumentet har ingen tekst, og filen er beskadiget: qpdf måtte reparere den "
                "(er den afkortet?)",
                source=source,
            )
        return out, repaired
    finally:
        document.close()


class _TooMuchTextError(Exception):
    """A page with more characters than MAX_PAGE_CHARS."""


def _read_page(
    document: pdfium.PdfDocument, index: int, scans: list[PageImage] | None, source: str
) -> tuple[list[Line], int]:
    page = document[index]
    try:
        text_page = page.get_textpage()
        try:
            count = text_page.count_chars()
            if count > MAX_PAGE_CHARS:
                raise _TooMuchTextError(count)
            charge(COST_PDF_CHAR * count, f"side {index + 1}: sidens tegn")
            if scans is not None and not text_page.get_text_range().strip() and _has_image(page):
                scans.append(_page_image(page, index + 1, source))
                return [], count
            links = _links(document, page)
            return _page_lines(text_page, index + 1, page.get_height(), links)
        finally:
            text_page.close()
    finally:
        page.close()


_IMAGE_OBJECT = 3  # FPDF_PAGEOBJ_IMAGE


def _has_image(page: pdfium.PdfPage) -> bool:
    """The page shows a picture (a scan), in any of its objects or forms."""
    return any(obj.type == _IMAGE_OBJECT for obj in page.get_objects(max_depth=2))


def _page_image(page: pdfium.PdfPage, number: int, source: str) -> PageImage:
    """The page rendered grey at 300 dpi, its size checked first."""
    from ._ocr import DPI, check_size  # noqa: PLC0415

    width, height = page.get_size()
    check_size(number, width, height, source)
    bitmap = page.render(scale=DPI / 72, grayscale=True)
    try:
        image = bitmap.to_pil().convert("L")
    finally:
        bitmap.close()
    return PageImage(number, image.width, image.height, image.tobytes())


_URI_ACTION = 3  # PDFACTION_URI
_MAX_LINKS = 10_000  # on one page


_Link = tuple[float, float, float, float, str]


def _links(document: pdfium.PdfDocument, page: pdfium.PdfPage) -> list[_Link]:
    """The web links of a page: their rectangles (left, bottom, right, top) and targets."""
    out: list[_Link] = []
    position = ctypes.c_int(0)
    link = pdfium_c.FPDF_LINK()
    rect = pdfium_c.FS_RECTF()
    while len(out) < _MAX_LINKS and pdfium_c.FPDFLink_Enumerate(
        page.raw, ctypes.byref(position), ctypes.byref(link)
    ):
        action = pdfium_c.FPDFLink_GetAction(link)
        if not action or pdfium_c.FPDFAction_GetType(action) != _URI_ACTION:
            continue
        size = pdfium_c.FPDFAction_GetURIPath(document.raw, action, None, 0)
        if size <= 1 or size > 65536 or not pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            continue
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDFAction_GetURIPath(document.raw, action, buffer, size)
        target = buffer.value.decode("utf-8", "replace")
        out.append(
            (
                min(rect.left, rect.right),
                min(rect.bottom, rect.top),
                max(rect.left, rect.right),
                max(rect.bottom, rect.top),
                target,
            )
        )
    return out


class _LinkFinder:
    """The link over a character's origin. The links across a height are picked once per
    height (the characters of a printed line share their baseline), not for each character."""

    def __init__(self, links: list[_Link]) -> None:
        self.links = links
        self.y: float | None = None
        self.row: list[_Link] = []

    def at(self, x: float, y: float) -> str | None:
        if y != self.y:
            self.y = y
            self.row = [link for link in self.links if link[1] - 0.5 <= y <= link[3] + 0.5]
        for left, _bottom, right, _top, target in self.row:
            # A character's origin is its left edge: the one at the right edge follows the link.
            if left - 0.5 <= x < right - 0.5:
                return target
        return None


@cache
def _text_object_address() -> Any:
    """pdfium's FPDFText_GetTextObject returning the object's address as an int: the character
    loop compares text objects once per character, and a ``ctypes.cast`` of each pointer was a
    third of its time."""
    function = pdfium_c.FPDFText_GetTextObject
    prototype = ctypes.CFUNCTYPE(ctypes.c_void_p, *function.argtypes)
    address = ctypes.cast(function, ctypes.c_void_p).value
    assert address is not None  # a symbol pypdfium2 has bound
    return prototype(address)


def _page_lines(
    text_page: pdfium.PdfTextPage,
    page: int,
    height: float,
    links: list[_Link],
) -> tuple[list[Line], int]:
    raw = text_page.raw
    count = text_page.count_chars()
    text = text_page.get_text_range() if count else ""
    x = ctypes.c_double()
    y = ctypes.c_double()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    text_object_at = _text_object_address()
    flags = ctypes.c_int()
    name = ctypes.create_string_buffer(128)
    lines: list[Line] = []
    runs: list[Run] = []
    chars: list[str] = []
    style: tuple[bool, bool, str | None] | None = None
    left = top = right = 0.0
    last_object: int | None = None
    bold = italic = False
    font_size = 0.0
    started = False
    sizes: dict[float, int] = {}
    finder = _LinkFinder(links)

    def flush_run() -> None:
        nonlocal chars
        if chars and style is not None:
            runs.append(Run("".join(chars), bold=style[0], italic=style[1], link=style[2]))
        chars = []

    def flush_line() -> None:
        nonlocal runs, started, sizes
        flush_run()
        if runs and "".join(r.text for r in runs).strip():
            main = max(sizes.items(), key=lambda kv: kv[1])[0] if sizes else 0.0
            lines.append(Line(tuple(runs), page=page, x=left, y=height - top, size=main, right=right))
        runs, started, sizes = [], False, {}

    # get_text_range gives one UTF-16 unit per character index, except that a
    # character outside the BMP takes two.
    position = 0
    for index in range(count):
        char = text[position] if position < len(text) else ""
        if char and 0xD800 <= ord(char) <= 0xDBFF:
            char = text[position : position + 2]
        position += len(char) or 1
        if char in ("\r", "\n"):
            if char == "\n":
                flush_line()
            continue
        if char in ("\ufffe", "\x02"):
            # A hyphen at the line end: pdfium joins the lines; they are two. Between
            # lower-case letters it broke a word (a soft hyphen, dropped when the lines
            # are joined); after a capital or a digit it is the word's ("KB-beslutning").
            before = text[position - 2] if position >= 2 else ""
            after = text[position] if position < len(text) else ""
            chars.append("\u00ad" if before.islower() and after.islower() else "-")
            flush_line()
            continue
        if not char.strip():
            # A space shows no weight or slant: it belongs to the run it is in.
            if started:
                chars.append("\t" if char == "\t" else " ")
            continue
        # Characters of one text object share its font: ask once per object.
        text_object = text_object_at(raw, index)
        if text_object is None or text_object != last_object:
            last_object = text_object
            weight = pdfium_c.FPDFText_GetFontWeight(raw, index)
            pdfium_c.FPDFText_GetFontInfo(raw, index, name, len(name), ctypes.byref(flags))
            font = name.value.decode("latin-1", "replace").lower()
            bold = weight >= _BOLD_WEIGHT or bool(flags.value & _FORCE_BOLD) or "bold" in font
            italic = bool(flags.value & _ITALIC) or "italic" in font or "oblique" in font
            font_size = round(pdfium_c.FPDFText_GetFontSize(raw, index), 1)
        pdfium_c.FPDFText_GetCharOrigin(raw, index, x_ref, y_ref)
        if started and y.value < top - _NEW_LINE and x.value < right:
            flush_line()  # further down and back to the left: a line pdfium did not break
        link = finder.at(x.value, y.value) if links else None
        if (bold, italic, link) != style:
            flush_run()
            style = (bold, italic, link)
        chars.append(char)
        sizes[font_size] = sizes.get(font_size, 0) + 1
        if not started:
            left, top, started = x.value, y.value, True
        # The right edge: the origin of the last character and an average advance.
        right = x.value + font_size * 0.5
    flush_line()
    return lines, count
