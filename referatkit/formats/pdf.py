"""PDF through headless LibreOffice: the ODT writer's document, printed.

LibreOffice runs through the one service of :mod:`._libreoffice` (found
through ``REFERATKIT_SOFFICE`` or on PATH, a profile per process, many
documents in one LibreOffice process: :func:`odt_to_pdf_many`).

The PDF is meant for publication (docs/pdf.md): LibreOffice writes it tagged,
as PDF/UA-1 and PDF/A-2b (:data:`PDF_TARGET`), and :func:`publish` then makes
it deterministic with pikepdf: every date is the meeting's start (from the
model when the PDF writer prints a meeting, else from the ODT's meta.xml, or
:data:`EPOCH`), the ICC profile's creation date too, and ``/ID`` is a digest
of the written file, so the same ODT gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import uuid
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pikepdf
from attrs import frozen

from .._repr import fields_repr
from ..errors import ReadError, WriteError
from ..l10n import Labels
from ..model import Meeting
from ._contract import WriteContext
from ._libreoffice import convert_many, find_soffice, one_by_one_on_failure
from ._odfns import DC as _DC
from ._odfns import META as _META
from ._odfns import OFFICE as _OFFICE
from ._pdfwrite import PdfOptions, write_pdf
from ._xmlparse import parse_xml
from .odt import LANGUAGE, OdtOptions, document_title, write_odt

__all__ = [
    "EPOCH",
    "PDF_TARGET",
    "convert_many",
    "find_soffice",
    "odt_to_pdf",
    "odt_to_pdf_each",
    "odt_to_pdf_many",
    "print_odt",
    "publish",
    "write_pdf",
]

#: writer_pdf_Export's options: tagged (structure tree, /Lang, alt texts), PDF/A-2b
#: (SelectPdfVersion 2: every font embedded, an sRGB output intent, XMP) and
#: PDF/UA-1 (/DisplayDocTitle, pdfuaid in the XMP). LibreOffice reads JSON filter
#: options on the command line from 7.4 on.
PDF_EXPORT_OPTIONS: dict[str, tuple[str, str]] = {
    "UseTaggedPDF": ("boolean", "true"),
    "SelectPdfVersion": ("long", "2"),
    "PDFUACompliance": ("boolean", "true"),
}
PDF_TARGET = "pdf:writer_pdf_Export:" + json.dumps(
    {name: {"type": kind, "value": value} for name, (kind, value) in PDF_EXPORT_OPTIONS.items()},
    separators=(",", ":"),
)

#: The dates of a document whose meta.xml has no readable meeting start.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
#: meta.xml's user-defined field with the meeting's start (ISO 8601), as the ODT writer writes it.
MEETING_START = "Mødedato"
_LOCAL = ZoneInfo("Europe/Copenhagen")
_XMP_DATES = ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate")


def odt_to_pdf_many(documents: Sequence[bytes]) -> list[bytes]:
    """Convert ODT documents to tagged, deterministic PDF/A-2b + PDF/UA-1 in one LibreOffice process."""
    pdfs = convert_many(documents, PDF_TARGET)
    return [publish(pdf, document) for pdf, document in zip(pdfs, documents, strict=True)]


def odt_to_pdf_each(documents: Sequence[bytes]) -> list[bytes | WriteError]:
    """:func:`odt_to_pdf_many`, but a document LibreOffice cannot print fails alone: each
    document gets its PDF or its error."""
    return one_by_one_on_failure(odt_to_pdf_many, documents)


def print_odt(meeting: Meeting, ctx: WriteContext[PdfOptions]) -> bytes:
    """The ODT writer's document printed by LibreOffice (``PdfOptions(engine="libreoffice")``);
    it loses (and reports) what the ODT does."""
    options = ctx.options
    if options.template is not None or options.font_paths:
        raise WriteError("en Typst-skabelon og skrifttypemapper bruges kun med PDF-motoren typst")
    document = write_odt(meeting, odt_context(ctx))
    (pdf,) = convert_many([document], PDF_TARGET)
    return _published(pdf, document, _meeting_meta(meeting, ctx.labels))


def odt_context(ctx: WriteContext[PdfOptions]) -> WriteContext[OdtOptions]:
    """The ODT writer's context for a PDF printed by LibreOffice: the same labels, ids and report channel."""
    return WriteContext(
        format=ctx.format,
        options=OdtOptions(reference_doc=ctx.options.reference_doc),
        labels=ctx.labels,
        edition=ctx.edition,
        ids=ctx.ids,
        reports=ctx.reports,
    )


def odt_to_pdf(document: bytes) -> bytes:
    """Convert one ODT document to PDF (see :func:`odt_to_pdf_many`)."""
    return odt_to_pdf_many([document])[0]


# --- making LibreOffice's PDF deterministic ----------------------------------------------


@frozen(kw_only=True)
class _OdtMeta:
    __repr__ = fields_repr

    title: str | None = None
    language: str | None = None
    date: datetime = EPOCH


def _meeting_meta(meeting: Meeting, labels: Labels) -> _OdtMeta:
    """What :func:`_odt_meta` reads from the meta.xml the ODT writer writes for ``meeting``,
    from the model itself."""
    return _OdtMeta(
        title=document_title(meeting, labels).strip() or None,
        language=LANGUAGE,
        date=_moment(meeting.start),
    )


def _odt_meta(document: bytes) -> _OdtMeta:
    """Title, language and meeting start from the ODT's meta.xml; defaults where unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(document)) as package:
            root = parse_xml(package.read("meta.xml"), "meta.xml")
    except (zipfile.BadZipFile, KeyError, ReadError):
        return _OdtMeta()
    meta = root.find(f"{{{_OFFICE}}}meta")
    if meta is None:
        return _OdtMeta()

    def text(tag: str) -> str | None:
        value = meta.findtext(tag)
        return (value.strip() or None) if value is not None else None

    date = EPOCH
    for field in meta.iterfind(f"{{{_META}}}user-defined"):
        if field.get(f"{{{_META}}}name") == MEETING_START:
            date = _parse_date((field.text or "").strip()) or EPOCH
            break
    return _OdtMeta(title=text(f"{{{_DC}}}title"), language=text(f"{{{_DC}}}language"), date=date)


def _parse_date(value: str) -> datetime | None:
    """An ISO 8601 date or datetime, a local time taken as Danish; None when it is neither."""
    try:
        return _moment(datetime.fromisoformat(value))
    except ValueError:
        return None


def _moment(value: datetime) -> datetime:
    """The moment the PDF is dated: a local time taken as Danish, whole seconds."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=_LOCAL)
    return value.replace(microsecond=0)


def _pdf_date(moment: datetime) -> str:
    """``D:YYYYMMDDHHmmSS+HH'mm'`` (ISO 32000-1 7.9.4), ``Z`` for UTC."""
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds()) // 60 if offset is not None else 0
    if minutes == 0:
        return moment.strftime("D:%Y%m%d%H%M%SZ")
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{sign}{hours:02d}'{rest:02d}'"


def _xmp_date(moment: datetime) -> str:
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _document_uuid(document: bytes, part: str) -> str:
    """A name-based UUID from the ODT's digest, for xmpMM:DocumentID / InstanceID."""
    digest = hashlib.sha256(document).hexdigest()
    return f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'urn:sha256:{digest}#{part}')}"


def _stamp_icc_profile(profile: pikepdf.Stream, moment: datetime) -> None:
    """Set the ICC profile's creation date (header bytes 24-35); LibreOffice writes "now" there."""
    data = bytearray(profile.read_bytes())
    if len(data) < 128 or data[36:40] != b"acsp":
        return
    utc = moment.astimezone(UTC)
    data[24:36] = struct.pack(">6H", utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
    if any(data[84:100]):  # a profile ID: MD5 with flags, intent and the ID itself zeroed
        zeroed = bytearray(data)
        zeroed[44:48] = zeroed[64:68] = b"\0" * 4
        zeroed[84:100] = b"\0" * 16
        data[84:100] = hashlib.md5(zeroed).digest()  # the ICC spec's checksum, not security
    profile.write(bytes(data))  # always, so publishing twice is the same; compressed on save


def _has_xmp(xmp: pikepdf.models.PdfMetadata, key: str, value: str) -> bool:
    return key in xmp and str(xmp[key]) == value


def publish(pdf: bytes, document: bytes) -> bytes:
    """LibreOffice's PDF of ``document`` (an ODT), with everything that varies from run to run fixed.

    The dates in the document information, the XMP and the ICC profile become
    the meeting's start (``Mødedato`` in meta.xml, else :data:`EPOCH`);
    LibreOffice's ``/DocChecksum`` goes, and ``/ID`` is two copies of an MD5
    of the written file (qpdf's deterministic ID). The PDF must be LibreOffice's
    tagged PDF/A-2b + PDF/UA-1; anything else is a :class:`WriteError`.
    """
    return _published(pdf, document, _odt_meta(document))


def _published(pdf: bytes, document: bytes, meta: _OdtMeta) -> bytes:
    try:
        with pikepdf.open(io.BytesIO(pdf)) as out:
            return _publish(out, meta, document)
    except pikepdf.PdfError as exc:
        first = str(exc).strip().splitlines()
        raise WriteError(
            "LibreOffices PDF kunne ikke efterbehandles" + (f": {first[0]}" if first else "")
        ) from None


def _publish(out: pikepdf.Pdf, meta: _OdtMeta, document: bytes) -> bytes:
    root = out.Root
    if "/StructTreeRoot" not in root:
        raise WriteError("LibreOffice lavede ikke en tagget PDF (kræver LibreOffice 7.4 eller nyere)")
    if meta.language and "/Lang" not in root:
        root.Lang = pikepdf.String(meta.language)
    for intent in root.get("/OutputIntents", pikepdf.Array()):
        profile = intent.get("/DestOutputProfile")
        if isinstance(profile, pikepdf.Stream):
            _stamp_icc_profile(profile, meta.date)

    xmp_date = _xmp_date(meta.date)
    with out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        if not (
            _has_xmp(xmp, "pdfaid:part", "2")
            and _has_xmp(xmp, "pdfaid:conformance", "B")
            and _has_xmp(xmp, "pdfuaid:part", "1")
        ):
            raise WriteError(
                "LibreOffice lavede ikke en PDF/A-2b og PDF/UA-1 (kræver LibreOffice 7.4 eller nyere)"
            )
        for key in _XMP_DATES:
            xmp[key] = xmp_date
        for key, part in (("xmpMM:DocumentID", "document"), ("xmpMM:InstanceID", "pdf")):
            if key in xmp:
                xmp[key] = _document_uuid(document, part)
        if meta.title and "dc:title" not in xmp:
            xmp["dc:title"] = meta.title

    info = out.docinfo
    info.CreationDate = info.ModDate = pikepdf.String(_pdf_date(meta.date))
    if meta.title and "/Title" not in info:
        info.Title = pikepdf.String(meta.title)
    for key in ("/DocChecksum", "/ID"):
        if key in out.trailer:
            del out.trailer[key]

    written = io.BytesIO()
    out.save(written, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return written.getvalue()
