"""PDF through headless LibreOffice: the ODT writer's document, printed.

LibreOffice is found through ``REFERATKIT_SOFFICE`` or as ``soffice`` /
``libreoffice`` on PATH. Each conversion runs with a profile directory of its
own, so parallel runs do not collide, and many documents convert in one
LibreOffice process (:func:`odt_to_pdf_many`).

The PDF is meant for publication (docs/pdf.md): LibreOffice writes it tagged,
as PDF/UA-1 and PDF/A-2b (:data:`PDF_TARGET`), and :func:`publish` then makes
it deterministic with pikepdf: every date is the meeting's start from the
ODT's meta.xml (or :data:`EPOCH`), the ICC profile's creation date too, and
``/ID`` is a digest of the written file, so the same ODT gives the same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import struct
import subprocess
import tempfile
import threading
import uuid
import zipfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pikepdf
from attrs import frozen

from .._repr import fields_repr
from ..errors import ReadError, WriteError
from ..model import Meeting
from ._contract import OdtOptions, PdfOptions, WriteContext
from ._pdfwrite import write_pdf
from ._xmlparse import parse_xml
from .odt import write_odt

__all__ = [
    "EPOCH",
    "PDF_TARGET",
    "convert_many",
    "find_soffice",
    "odt_to_pdf",
    "odt_to_pdf_many",
    "print_odt",
    "publish",
    "write_pdf",
]

ENVIRONMENT = "REFERATKIT_SOFFICE"
TIMEOUT = 600

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
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
_DC = "http://purl.org/dc/elements/1.1/"
_XMP_DATES = ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate")


def find_soffice() -> str:
    """The LibreOffice executable, or a WriteError that says how to get one."""
    configured = os.environ.get(ENVIRONMENT)
    if configured:
        if shutil.which(configured) is None:
            raise WriteError(f"{ENVIRONMENT}={configured!r} er ikke et program, der kan køres")
        return configured
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise WriteError(
        "PDF kræver LibreOffice, men hverken 'soffice' eller 'libreoffice' findes på PATH; "
        f"installér fx Debians libreoffice-writer-nogui, eller sæt {ENVIRONMENT}"
    )


def odt_to_pdf_many(documents: Sequence[bytes]) -> list[bytes]:
    """Convert ODT documents to tagged, deterministic PDF/A-2b + PDF/UA-1 in one LibreOffice process."""
    pdfs = convert_many(documents, PDF_TARGET)
    return [publish(pdf, document) for pdf, document in zip(pdfs, documents, strict=True)]


#: This process's LibreOffice profile, kept between runs, by process id (a fork has its own).
_profiles: dict[int, Path] = {}
_profile_lock = threading.Lock()


@contextlib.contextmanager
def _profile_folder(work: Path) -> Iterator[tuple[Path, bool]]:
    """The user profile one LibreOffice run uses, and whether it is the process's own.

    LibreOffice makes its profile the first time it starts with a new one
    (about 0.3 s); a process that converts batch after batch (a worker of the
    batch API or of the archive) keeps one profile, made in its first run and
    removed when the process ends. While another thread of the process uses
    it, a run gets a fresh one in ``work``. A run that failed gives the
    process's profile up, so nothing a failed LibreOffice left behind is reused.
    """
    if not _profile_lock.acquire(blocking=False):
        yield work / "profile", False
        return
    try:
        folder = _profiles.get(os.getpid())
        if folder is None:
            folder = _profiles[os.getpid()] = Path(tempfile.mkdtemp(prefix="referatkit-libreoffice-"))
            _remove_at_exit(folder)
        yield folder, True
    finally:
        _profile_lock.release()


def _remove_at_exit(folder: Path) -> None:
    # multiprocessing's finalizers run when a process ends normally, a pool's
    # worker included (it leaves through os._exit, past atexit).
    from multiprocessing import util  # noqa: PLC0415

    util.Finalize(None, shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True}, exitpriority=0)


def _give_up_profile() -> None:
    folder = _profiles.pop(os.getpid(), None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def convert_many(
    documents: Sequence[bytes], target: str, *, suffixes: Sequence[str] | None = None
) -> list[bytes]:
    """Open ODT documents in one LibreOffice process and save each as ``target``.

    ``target`` is what ``soffice --convert-to`` takes: an extension ("pdf",
    "odt", "ott", ...), optionally followed by ``:filter`` and ``:options``.
    ``suffixes`` gives each document's file suffix (".docx", ...) when they
    are not all ODT.
    """
    if not documents:
        return []
    extension = target.split(":", 1)[0]
    soffice = find_soffice()
    with (
        tempfile.TemporaryDirectory(prefix="referatkit-pdf-") as work,
        _profile_folder(Path(work)) as (profile, own),
    ):
        folder = Path(work)
        sources = []
        for index, data in enumerate(documents):
            suffix = suffixes[index] if suffixes is not None else ".odt"
            source = folder / f"doc{index:05d}{suffix}"
            source.write_bytes(data)
            sources.append(source)
        out = folder / "out"
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, sources),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            if own:
                _give_up_profile()
            raise WriteError(f"LibreOffice svarede ikke inden for {TIMEOUT} sekunder") from None
        except OSError as exc:
            raise WriteError(f"LibreOffice kunne ikke startes ({soffice}): {exc.strerror}") from None
        converted_documents = []
        for source in sources:
            converted = out / f"{source.stem}.{extension}"
            if result.returncode != 0 or not converted.is_file():
                if own:
                    _give_up_profile()
                detail = (result.stderr or result.stdout).strip().splitlines()
                raise WriteError(
                    f"LibreOffice lavede ingen {extension.upper()} (afslutningskode {result.returncode})"
                    + (f": {detail[-1]}" if detail else "")
                )
            converted_documents.append(converted.read_bytes())
        return converted_documents


def print_odt(meeting: Meeting, ctx: WriteContext[PdfOptions]) -> bytes:
    """The ODT writer's document printed by LibreOffice (``PdfOptions(engine="libreoffice")``);
    it loses (and reports) what the ODT does."""
    options = ctx.options
    if options.template is not None or options.font_paths:
        raise WriteError("en Typst-skabelon og skrifttypemapper bruges kun med PDF-motoren typst")
    return odt_to_pdf(write_odt(meeting, odt_context(ctx)))


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
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_LOCAL)
    return parsed.replace(microsecond=0)


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
    meta = _odt_meta(document)
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
