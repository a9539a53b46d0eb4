"""Writing the arkiveringsversion: documents in parallel, then tables and indices.

The package is built in a hidden work folder beside the target
(``.AVID.SA.18005.1.delvis``) and renamed when it is complete, so a
finished name never holds a half-written package. The work folder keeps a
state file with a fingerprint of every document written; a second run with
the same input reuses those documents (resume) and renders only the rest.

Documents are rendered in batches by :func:`render_batch`, a plain function
of plain data (meetings and bytes in, TIFF bytes out): any
:class:`concurrent.futures.Executor` runs it, a ``ProcessPoolExecutor`` on one
machine or a Dask client's ``get_executor()`` on a cluster. Each batch
starts one LibreOffice for all its ODT and office files.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal

from attrs import frozen
from lxml import etree

from .._api import atomic_write, read, render
from .._filelock import exclusive
from .._repr import fields_repr
from ..errors import ConfigurationError, WriteError
from ..formats._libreoffice import convert_each
from ..formats._pdfwrite import PdfEngine
from ..formats._reports import Reports
from ..l10n import format_short_date
from ..l10n.oserror import os_problem
from ..model import Meeting
from ..schemas import schema_path
from ._config import ArchiveConfig, load_config
from ._tables import TABLES, DocumentRow, Row, build_rows, illegal_characters, sql_type, table_xml, table_xsd

__all__ = [
    "DIARK",
    "STANDARD_SCHEMAS",
    "ArchiveReport",
    "MissingAttachment",
    "RenderJob",
    "RenderResult",
    "archive",
    "render_batch",
]

DIARK = "http://www.sa.dk/xmlns/diark/1.0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: The standard schemas every package carries in Schemas/standard.
STANDARD_SCHEMAS = (
    "archiveIndex.xsd",
    "contextDocumentationIndex.xsd",
    "docIndex.xsd",
    "fileIndex.xsd",
    "tableIndex.xsd",
    "XMLSchema.xsd",
)
#: At most this many documents in one docCollection (the bekendtgørelse's limit).
COLLECTION_SIZE = 10_000
OFFICE_SUFFIXES = frozenset(
    {".odt", ".ott", ".docx", ".doc", ".rtf", ".ods", ".xlsx", ".xls", ".odp", ".pptx"}
)
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff"})
Kind = Literal["meeting", "odt", "office", "pdf", "image", "context"]
Progress = Callable[[int, int], None]


@frozen
class RenderJob:
    """One document to render: a meeting (printed as its ODT) or a file's bytes."""

    __repr__ = fields_repr

    did: int
    kind: Kind
    payload: Meeting | bytes
    suffix: str = ".odt"
    #: How a meeting is printed: typeset by Typst, or its ODT printed by LibreOffice.
    engine: PdfEngine = "typst"


@frozen
class RenderResult:
    """A rendered document: the TIFF and its pages, or a Danish error message."""

    __repr__ = fields_repr

    did: int
    tiff: bytes | None
    pages: int
    error: str | None
    soffice_seconds: float


@frozen
class MissingAttachment:
    """An attachment whose file was not archived: not found, or not convertible."""

    __repr__ = fields_repr

    meeting: str
    item: str
    title: str
    file_name: str | None
    reason: str

    def __str__(self) -> str:
        name = f" ({self.file_name})" if self.file_name else ""
        return f"{self.meeting}, punkt {self.item}: bilaget «{self.title}»{name} {self.reason}"


@frozen
class ArchiveReport:
    """What :func:`archive` wrote."""

    __repr__ = fields_repr

    path: Path
    meetings: int
    documents: int
    pages: int
    missing: tuple[MissingAttachment, ...]
    reused: int
    warnings: tuple[str, ...]
    seconds: float
    soffice_seconds: float

    def summary(self) -> str:
        """One Danish line for a person."""

        def count(n: int, one: str, many: str) -> str:
            return f"{n} {one if n == 1 else many}"

        return (
            f"{self.path.name}: {count(self.meetings, 'møde', 'møder')}, "
            f"{count(self.documents, 'dokument', 'dokumenter')}, {count(self.pages, 'side', 'sider')}, "
            f"{len(self.missing)} bilag ikke afleveret, "
            f"{count(self.reused, 'dokument', 'dokumenter')} genbrugt; "
            f"{self.seconds:.1f} s (heraf LibreOffice {self.soffice_seconds:.1f} s)"
        )


# --- rendering (runs in workers) ---------------------------------------------------


def render_batch(jobs: Sequence[RenderJob]) -> list[RenderResult]:
    """Render ``jobs`` to TIFF: meetings typeset by Typst (or printed as their ODT), the ODT and
    office files in one LibreOffice, then page by page."""
    # pdfium, numpy and Pillow load here, in the workers, not when referatkit is imported.
    from ._devicecolour import device_colours  # noqa: PLC0415
    from ._tiff import RenditionError, image_to_tiff, pdf_to_tiff  # noqa: PLC0415

    typeset = [job for job in jobs if job.kind == "meeting" and job.engine == "typst"]
    printed = {job.did for job in typeset}
    office = [job for job in jobs if job.kind in ("meeting", "odt", "office") and job.did not in printed]
    pdfs: dict[int, bytes] = {}
    errors: dict[int, str] = {}
    seconds = 0.0
    for job in jobs:
        if job.kind == "context":
            from ._context import context_pdf  # noqa: PLC0415

            assert isinstance(job.payload, bytes)
            pdfs[job.did] = device_colours(context_pdf(json.loads(job.payload)))
    for job in typeset:
        assert isinstance(job.payload, Meeting)
        try:  # its losses were told when the meeting was read: the archive keeps the full edition
            pdfs[job.did] = device_colours(render(job.payload, "pdf", edition="full", reports=Reports()))
        except WriteError as exc:
            errors[job.did] = f"Typst kunne ikke sætte mødet: {exc}"
    if office:
        sources: list[bytes] = []
        for job in office:
            if job.kind == "meeting":
                assert isinstance(job.payload, Meeting)
                sources.append(render(job.payload, "odt", edition="full", reports=Reports()))
            else:
                assert isinstance(job.payload, bytes)
                sources.append(job.payload)
        started = time.perf_counter()
        suffixes = [job.suffix for job in office]
        for job, converted in zip(office, convert_each(sources, "pdf", suffixes=suffixes), strict=True):
            if isinstance(converted, WriteError):  # this file alone: the others are converted
                errors[job.did] = f"LibreOffice kunne ikke konvertere filen: {converted}"
            else:
                pdfs[job.did] = converted
        seconds = time.perf_counter() - started
    results = []
    for job in jobs:
        tiff: bytes | None = None
        pages = 0
        error = errors.get(job.did)
        if error is None:
            try:
                if job.kind == "image":
                    assert isinstance(job.payload, bytes)
                    tiff, pages = image_to_tiff(job.payload)
                else:
                    pdf = pdfs.get(job.did)
                    if pdf is None:
                        assert isinstance(job.payload, bytes)
                        pdf = job.payload
                    tiff, pages = pdf_to_tiff(pdf)
            except RenditionError as exc:
                error = str(exc)
        results.append(RenderResult(job.did, tiff, pages, error, seconds if job is jobs[0] else 0.0))
    return results


# --- planning -------------------------------------------------------------------------


@frozen
class _Doc:
    __repr__ = fields_repr

    did: int
    collection: int
    meeting: int
    attachment: tuple[int, int] | None  # (item index, attachment index in the item)
    original: str
    kind: Kind
    source: Path | None  # the file, for attachments
    suffix: str
    fingerprint: str

    @property
    def folder(self) -> str:
        return f"Documents/docCollection{self.collection}/{self.did}"


def _meeting_label(meeting: Meeting) -> str:
    return f"{meeting.forum.name} {format_short_date(meeting.start.date())}"


def _kind_of(path: Path) -> tuple[Kind, str] | None:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return "pdf", suffix
    if suffix in OFFICE_SUFFIXES:
        return "office", suffix
    if suffix in IMAGE_SUFFIXES:
        return "image", suffix
    return None


def _find(file_name: str, folders: Sequence[Path]) -> Path | None:
    relative = Path(file_name.replace("\\", "/"))
    candidates = []
    if not relative.is_absolute() and ".." not in relative.parts:
        candidates.append(relative)
    candidates.append(Path(relative.name))
    for folder in folders:
        for candidate in candidates:
            path = folder / candidate
            if path.is_file():
                return path
    return None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- the public function -----------------------------------------------------------


def archive(
    meetings_or_paths: Iterable[Meeting | str | os.PathLike[str]],
    target: str | os.PathLike[str],
    config: ArchiveConfig | str | os.PathLike[str],
    *,
    attachments_dir: str | os.PathLike[str] | None = None,
    strict: bool = False,
    executor: cf.Executor | None = None,
    progress: Progress | None = None,
    resume: bool = True,
    schemas: str | os.PathLike[str] | None = None,
    batch_size: int = 100,
) -> ArchiveReport:
    """Write the arkiveringsversion of ``meetings_or_paths`` as ``target/AVID.<ORG>.<n>.1``.

    ``config`` is an :class:`ArchiveConfig` or the path of its TOML file.
    Paths are read with :func:`referatkit.read`; each meeting's attachments
    are looked for by file name beside its file and in ``attachments_dir``.
    An attachment not found is listed in the report and the ``bilag`` table
    as missing; ``strict=True`` makes it a :class:`WriteError` before
    anything is written. ``executor`` renders the documents (default: in
    this process); ``progress(done, total)`` is called as documents finish.
    An interrupted run resumes where it stopped unless ``resume=False``.
    ``schemas`` is the folder of the standard schemas (default: the
    configuration's ``schemas``, else ``rigsarkivet/Schemas_standard`` in
    ``$REFERATKIT_SCHEMAS``). A batch of at most ``batch_size`` documents
    goes to one LibreOffice run (a start costs about 0.8 s of CPU); smaller
    batches mean a finer progress count and less work redone after an
    interruption, at that price.
    """
    started = time.perf_counter()
    if not isinstance(config, ArchiveConfig):
        config = load_config(config)
    standard = _standard_schemas(schemas if schemas is not None else config.schemas)
    extra = Path(attachments_dir) if attachments_dir is not None else None
    if extra is not None and not extra.is_dir():
        raise ConfigurationError(f"bilagsmappen {extra} findes ikke eller er ikke en mappe")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")

    loaded, read_warnings = _load(meetings_or_paths)
    if not loaded:
        raise WriteError("der er ingen møder at aflevere")
    loaded.sort(key=lambda pair: (pair[0].start.astimezone(dt.UTC), pair[0].forum.name, pair[1] or ""))
    meetings = [meeting for meeting, _ in loaded]
    sources = [path for _, path in loaded]

    docs, missing, status = _plan(meetings, sources, extra)
    if strict and missing:
        raise WriteError(
            f"{len(missing)} bilag kan ikke afleveres (--strict): " + "; ".join(str(m) for m in missing)
        )

    base = Path(target)
    final = base / config.folder_name
    if final.exists():
        raise _finished(final)
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{base}: kan ikke skrives: {os_problem(exc)}") from None
    # One run at a time: a second one would remove documents the first has made, and could
    # let it rename a package that lacks them.
    busy = f"{final}: en anden kørsel af referatkit archive skriver allerede her; vent, til den er færdig"
    with exclusive(base / f".{config.folder_name}.laas", busy):
        return _write_package(
            base, final, config=config, standard=standard, meetings=meetings, sources=sources,
            docs=docs, missing=missing, status=status, read_warnings=read_warnings, executor=executor,
            progress=progress, resume=resume, strict=strict, batch_size=batch_size, started=started,
        )  # fmt: skip


def _finished(final: Path) -> WriteError:
    """The error for a package that is there already: never overwritten."""
    return WriteError(f"{final} findes allerede; vælg en anden mappe eller flyt den eksisterende")


def _write_package(
    base: Path,
    final: Path,
    *,
    config: ArchiveConfig,
    standard: Path,
    meetings: list[Meeting],
    sources: list[str | None],
    docs: list[_Doc],
    missing: list[MissingAttachment],
    status: dict[tuple[int, int, int], str],
    read_warnings: list[str],
    executor: cf.Executor | None,
    progress: Progress | None,
    resume: bool,
    strict: bool,
    batch_size: int,
    started: float,
) -> ArchiveReport:
    """The package of :func:`archive`, written in its work folder and renamed (the caller
    holds the run's lock)."""
    if final.exists():  # made by a run that held the lock until just now
        raise _finished(final)
    work = base / f".{config.folder_name}.delvis"
    try:
        if work.exists() and not resume:
            shutil.rmtree(work)
            (base / f".{config.folder_name}.delvis.json").unlink(missing_ok=True)
        work.mkdir(exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{base}: kan ikke skrives: {os_problem(exc)}") from None
    state_file = base / f".{config.folder_name}.delvis.json"
    context = _context_of(config, _rows(meetings, sources, docs, status, {doc.did: 0 for doc in docs}))
    state = _clean(work, docs, _read_state(state_file), context[0])

    pages: dict[int, int] = {did: pages for did, (_, pages) in state.items()}
    todo = [doc for doc in docs if doc.did not in state]
    reused = len(docs) - len(todo)
    # The context documentation (dID 0 here) rides along in the first batch.
    first = None if CONTEXT_ID in state else context[1]
    total = len(docs) + 1
    done = reused
    if progress is not None:
        progress(done, total)
    soffice = 0.0
    failed: dict[int, str] = {}
    by_id = {doc.did: doc for doc in docs}
    _write_state(state_file, state)
    with state_file.open("a", encoding="utf-8") as log:
        for results in _run(todo, meetings, executor, batch_size, first, engine=config.pdf_engine):
            for result in results:
                soffice += result.soffice_seconds
                if result.did == CONTEXT_ID:
                    if result.tiff is None:
                        raise WriteError(f"kontekstdokumentationen kunne ikke dannes: {result.error}")
                    _write_context(work, result.tiff)
                    state[CONTEXT_ID] = (context[0], result.pages)
                    log.write(f"{CONTEXT_ID} {context[0]} {result.pages}\n")
                    log.flush()
                    continue
                doc = by_id[result.did]
                if result.tiff is None:
                    failed[doc.did] = result.error or "kunne ikke konverteres"
                else:
                    folder = work / doc.folder
                    folder.mkdir(parents=True, exist_ok=True)
                    atomic_write(folder / "1.tif", result.tiff)
                    state[doc.did] = (doc.fingerprint, result.pages)
                    log.write(f"{doc.did} {doc.fingerprint} {result.pages}\n")
                    log.flush()
                    pages[doc.did] = result.pages
                done += 1
                if progress is not None:
                    progress(done, total)

    for did, error in failed.items():
        doc = by_id[did]
        if doc.attachment is None:
            raise WriteError(
                f"referatet for {_meeting_label(meetings[doc.meeting])} kunne ikke dannes: {error}"
            )
        item_index, attachment_index = doc.attachment
        item = meetings[doc.meeting].items[item_index]
        attachment = item.attachments[attachment_index]
        status[(doc.meeting, item_index, attachment_index)] = "fejl"
        missing.append(
            MissingAttachment(
                _meeting_label(meetings[doc.meeting]),
                item.number,
                attachment.title,
                attachment.file_name,
                f"kunne ikke konverteres: {error}",
            )
        )
    if strict and failed:
        raise WriteError("bilag kunne ikke konverteres (--strict): " + "; ".join(failed.values()))
    kept = [doc for doc in docs if doc.did not in failed]
    soffice += _finish(
        work, config=config, standard=standard, meetings=meetings, sources=sources, docs=kept,
        pages=pages, status=status, context=context[0], warnings=read_warnings,
    )  # fmt: skip
    if progress is not None:
        progress(total, total)
    try:
        os.replace(work, final)
        state_file.unlink(missing_ok=True)
    except OSError as exc:
        raise WriteError(f"{final}: kan ikke skrives: {os_problem(exc)}") from None
    return ArchiveReport(
        path=final,
        meetings=len(meetings),
        documents=len(kept),
        pages=sum(pages[doc.did] for doc in kept),
        missing=tuple(missing),
        reused=reused,
        warnings=tuple(read_warnings),
        seconds=time.perf_counter() - started,
        soffice_seconds=soffice,
    )


def _standard_schemas(folder: str | os.PathLike[str] | None) -> Path:
    root = Path(folder) if folder is not None else schema_path("rigsarkivet", "Schemas_standard")
    absent = [name for name in STANDARD_SCHEMAS if not (root / name).is_file()]
    if absent:
        raise ConfigurationError(f"standardskemamappen {root} mangler " + ", ".join(absent))
    return root


def _load(
    items: Iterable[Meeting | str | os.PathLike[str]],
) -> tuple[list[tuple[Meeting, str | None]], list[str]]:
    loaded: list[tuple[Meeting, str | None]] = []
    messages: list[str] = []
    for entry in items:
        if isinstance(entry, Meeting):
            loaded.append((entry, None))
            continue
        reports = Reports()
        meeting = read(Path(entry), reports=reports)
        messages.extend(str(w) for w in reports.warnings())
        loaded.append((meeting, str(entry)))
    return loaded, messages


def _plan(
    meetings: Sequence[Meeting], sources: Sequence[str | None], extra: Path | None
) -> tuple[list[_Doc], list[MissingAttachment], dict[tuple[int, int, int], str]]:
    docs: list[_Doc] = []
    missing: list[MissingAttachment] = []
    status: dict[tuple[int, int, int], str] = {}

    def add(**fields: object) -> None:
        did = len(docs) + 1
        docs.append(_Doc(did=did, collection=(did - 1) // COLLECTION_SIZE + 1, **fields))  # type: ignore[arg-type]  # add()'s fields: dict[str, object]

    for m_index, (meeting, source) in enumerate(zip(meetings, sources, strict=True)):
        label = _meeting_label(meeting)
        original = Path(source).name if source else f"{label}.odt"
        add(
            meeting=m_index, attachment=None, original=original, kind="meeting", source=None, suffix=".odt",
            fingerprint=_digest(repr(meeting).encode("utf-8")),
        )  # fmt: skip
        folders = [f for f in (Path(source).parent if source else None, extra) if f is not None]
        for i_index, item in enumerate(meeting.items):
            for a_index, attachment in enumerate(item.attachments):
                key = (m_index, i_index, a_index)
                found = _find(attachment.file_name, folders) if attachment.file_name else None
                kind = _kind_of(found) if found else None
                if found is None or kind is None:
                    reason = (
                        "har intet filnavn"
                        if not attachment.file_name
                        else "findes ikke ved inputfilen eller i bilagsmappen"
                        if found is None
                        else f"har en filtype, der ikke kan konverteres ({found.suffix})"
                    )
                    status[key] = "mangler" if found is None else "fejl"
                    missing.append(
                        MissingAttachment(label, item.number, attachment.title, attachment.file_name, reason)
                    )
                    continue
                status[key] = "arkiveret"
                add(
                    meeting=m_index, attachment=(i_index, a_index), original=found.name, kind=kind[0],
                    source=found, suffix=kind[1], fingerprint=_file_digest(found),
                )  # fmt: skip
    return docs, missing, status


def _read_state(file: Path) -> dict[int, tuple[str, int]]:
    """The documents an earlier run wrote: one ``dID fingerprint pages`` line each."""
    state: dict[int, tuple[str, int]] = {}
    try:
        lines = file.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return state
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit():
            state[int(parts[0])] = (parts[1], int(parts[2]))
    return state


def _write_state(file: Path, state: dict[int, tuple[str, int]]) -> None:
    atomic_write(file, "".join(f"{did} {fp} {pages}\n" for did, (fp, pages) in sorted(state.items())))


def _clean(
    work: Path, docs: Sequence[_Doc], state: dict[int, tuple[str, int]], context: str
) -> dict[int, tuple[str, int]]:
    """Keep only documents whose fingerprint still matches; remove everything else of an earlier run."""
    kept: dict[int, tuple[str, int]] = {}
    if state.get(CONTEXT_ID, ("", 0))[0] == context and (work / CONTEXT_FILE).is_file():
        kept[CONTEXT_ID] = state[CONTEXT_ID]
    for did, (fingerprint, pages) in state.items():
        doc = docs[did - 1] if 0 < did <= len(docs) else None
        if doc is not None and doc.fingerprint == fingerprint and (work / doc.folder / "1.tif").is_file():
            kept[did] = (fingerprint, pages)
    keep_folders = {work / docs[did - 1].folder for did in kept if did != CONTEXT_ID}
    for name in ("Tables", "Indices", "Schemas"):
        shutil.rmtree(work / name, ignore_errors=True)
    if CONTEXT_ID not in kept:
        shutil.rmtree(work / "ContextDocumentation", ignore_errors=True)
    documents = work / "Documents"
    if documents.is_dir():
        for collection in documents.iterdir():
            for folder in collection.iterdir() if collection.is_dir() else ():
                if folder not in keep_folders:
                    shutil.rmtree(folder, ignore_errors=True)
            if collection.is_dir() and not any(collection.iterdir()):
                collection.rmdir()
    return kept


#: The most documents of a batch that no LibreOffice prints (meetings Typst typesets, PDF files,
#: images): a few, so that the TIFFs of one batch are written while the workers render the next
#: (not a hundred at the end), and no worker waits long for the last.
LIGHT_BATCH = 4


def batch_size(documents: int, workers: int, most: int) -> int:
    """The documents of a batch: at most ``most``, and every worker gets as many batches
    of about the same size (500 documents with at most 100 a batch on two workers are
    six batches of 84, not five of 100 with one worker idle while another runs the fifth)."""
    rounds = max(1, -(-documents // (workers * most)))
    return max(1, -(-documents // (workers * rounds)))


def _batches(todo: Sequence[_Doc], size: int) -> Iterator[list[_Doc]]:
    for start in range(0, len(todo), size):
        yield list(todo[start : start + size])


def _jobs(batch: Sequence[_Doc], meetings: Sequence[Meeting], engine: PdfEngine) -> list[RenderJob]:
    jobs = []
    for doc in batch:
        if doc.kind == "meeting":
            jobs.append(RenderJob(doc.did, "meeting", meetings[doc.meeting], engine=engine))
        else:
            assert doc.source is not None
            try:
                data = doc.source.read_bytes()
            except OSError as exc:
                raise WriteError(f"{doc.source}: kan ikke læses: {os_problem(exc)}") from None
            jobs.append(RenderJob(doc.did, doc.kind, data, doc.suffix))
    return jobs


def _run(
    todo: Sequence[_Doc],
    meetings: Sequence[Meeting],
    executor: cf.Executor | None,
    size: int,
    first: RenderJob | None,
    *,
    engine: PdfEngine = "typst",
) -> Iterator[list[RenderResult]]:
    """Render in batches (``first`` goes with the first); with an executor, at most two
    batches per worker wait at a time."""
    workers = (getattr(executor, "_max_workers", None) or os.cpu_count() or 2) if executor else 1
    printed = {"odt", "office"} | ({"meeting"} if engine == "libreoffice" else set())
    if not any(doc.kind in printed for doc in todo) and (first is None or first.kind not in printed):
        size = min(size, LIGHT_BATCH)
    size = batch_size(len(todo), workers, size)
    extra = [first] if first is not None else []
    batches = _batches(todo, size)

    def jobs(batch: list[_Doc]) -> list[RenderJob]:
        nonlocal extra
        found, extra = extra + _jobs(batch, meetings, engine), []
        return found

    if executor is None:
        for batch in batches:
            yield render_batch(jobs(batch))
        if extra:
            yield render_batch(extra)
        return
    window = 2 * workers
    pending: set[cf.Future[list[RenderResult]]] = set()
    exhausted = False
    try:
        while pending or not exhausted:
            while not exhausted and len(pending) < window:
                batch = next(batches, [])
                if not batch and not extra:
                    exhausted = True
                    break
                pending.add(executor.submit(render_batch, jobs(batch)))
            if not pending:
                break
            finished, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                yield _result(future)
    finally:
        for future in pending:
            future.cancel()


#: How executors say that a worker died under a task (a process pool, a Dask cluster).
_WORKER_DIED = frozenset(
    {"BrokenProcessPool", "BrokenExecutor", "CancelledError", "KilledWorker", "CommClosedError"}
)


def _result(future: cf.Future[list[RenderResult]]) -> list[RenderResult]:
    """The batch's pages, or a one-line WriteError when the worker running it died.

    Any other exception is referatkit's own bug or error and surfaces as it is.
    """
    try:
        return future.result()
    except BaseException as error:
        if any(kind.__name__ in _WORKER_DIED for kind in type(error).__mro__):
            raise WriteError(
                f"en arbejdsproces stoppede under en portion dokumenter ({type(error).__name__}: {error}); "
                "kør samme kommando igen: det færdige genbruges"
            ) from error
        raise


# --- tables, context documentation and indices --------------------------------------

#: The context documentation's number while rendering (documents count from 1), and its file.
CONTEXT_ID = 0
CONTEXT_FILE = "ContextDocumentation/docCollection1/1/1.tif"


def _rows(
    meetings: Sequence[Meeting],
    sources: Sequence[str | None],
    docs: Sequence[_Doc],
    status: dict[tuple[int, int, int], str],
    pages: dict[int, int],
) -> dict[str, list[Row]]:
    return build_rows(
        meetings,
        [Path(s).name if s else None for s in sources],
        status,
        [DocumentRow(d.did, d.meeting, d.attachment, d.original, pages[d.did]) for d in docs],
    )


def _context_of(config: ArchiveConfig, rows: dict[str, list[Row]]) -> tuple[str, RenderJob]:
    """The context documentation for these tables, as a job to render (a Typst PDF, or an ODT
    for LibreOffice as ``pdfEngine`` says), and a fingerprint of what it says."""
    from ._context import context_odt, context_parts  # noqa: PLC0415

    types = {t.name: [sql_type(c, rows[t.name], i) for i, c in enumerate(t.columns)] for t in TABLES}
    counts = {t.name: len(rows[t.name]) for t in TABLES}
    fingerprint = _digest(repr((config, sorted(types.items()), sorted(counts.items()))).encode("utf-8"))
    parts = context_parts(config, types, counts)
    if config.pdf_engine == "libreoffice":
        return fingerprint, RenderJob(CONTEXT_ID, "odt", context_odt(parts))
    # Typeset in the worker, not here: a worker forked from a process that has used Typst typesets
    # through a helper process (formats/typst/_engine.py), one Python start more.
    return fingerprint, RenderJob(CONTEXT_ID, "context", json.dumps(parts).encode("utf-8"), ".pdf")


def _write_context(work: Path, tiff: bytes) -> None:
    path = work / CONTEXT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, tiff)


def _diark(name: str, schema: str) -> etree._Element:
    root = etree.Element(f"{{{DIARK}}}{name}", nsmap={None: DIARK, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{DIARK} ../Schemas/standard/{schema}")
    return root


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{DIARK}}}{name}")
    if text is not None:
        element.text = text
    return element


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _finish(
    work: Path,
    *,
    config: ArchiveConfig,
    standard: Path,
    meetings: Sequence[Meeting],
    sources: Sequence[str | None],
    docs: Sequence[_Doc],
    pages: dict[int, int],
    status: dict[tuple[int, int, int], str],
    context: str,
    warnings: list[str],
) -> float:
    """Write Tables, Schemas and Indices (and the context documentation again if the
    tables turned out otherwise than planned); return LibreOffice's seconds. What the
    tables could not hold as it was is added to ``warnings``."""
    rows = _rows(meetings, sources, docs, status, pages)
    replaced = illegal_characters(rows)
    if replaced:
        warnings.append(
            "tegn, som XML ikke kan rumme (kontroltegn fra fx en Word-fil), er skrevet som U+FFFD "
            f"{replaced} {'sted' if replaced == 1 else 'steder'} i tabellerne"
        )
    types: dict[str, list[str]] = {}
    index = _diark("siardDiark", "tableIndex.xsd")
    _sub(index, "version", "1.0")
    _sub(index, "dbName", "referatkit")
    _sub(index, "databaseProduct", "referatkit")
    tables = _sub(index, "tables")
    for number, table in enumerate(TABLES, start=1):
        data = rows[table.name]
        folder = work / "Tables" / f"table{number}"
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / f"table{number}.xsd", table_xsd(table, number))
        atomic_write(folder / f"table{number}.xml", table_xml(data, number))
        types[table.name] = [sql_type(column, data, i) for i, column in enumerate(table.columns)]
        element = _sub(tables, "table")
        _sub(element, "name", table.name)
        _sub(element, "folder", f"table{number}")
        _sub(element, "description", table.description)
        columns = _sub(element, "columns")
        for i, column in enumerate(table.columns):
            entry = _sub(columns, "column")
            _sub(entry, "name", column.name)
            _sub(entry, "columnID", f"c{i + 1}")
            _sub(entry, "type", types[table.name][i])
            _sub(entry, "nullable", _bool(column.nullable))
            description = column.description
            if column.codes:
                description += ". Værdier: " + "; ".join(f"{v} = {m}" for v, m in column.codes)
            _sub(entry, "description", description)
        key = _sub(element, "primaryKey")
        _sub(key, "name", f"pk_{table.name}")
        _sub(key, "column", "id")
        if table.foreign:
            foreign = _sub(element, "foreignKeys")
            for column_name, referenced in table.foreign:
                fk = _sub(foreign, "foreignKey")
                _sub(fk, "name", f"fk_{table.name}_{column_name}")
                _sub(fk, "referencedTable", referenced)
                reference = _sub(fk, "reference")
                _sub(reference, "column", column_name)
                _sub(reference, "referenced", "id")
        _sub(element, "rows", str(len(data)))
    indices = work / "Indices"
    indices.mkdir(parents=True, exist_ok=True)
    atomic_write(indices / "tableIndex.xml", _xml(index))

    seconds = 0.0
    fingerprint, job = _context_of(config, rows)
    if fingerprint != context or not (work / CONTEXT_FILE).is_file():
        started = time.perf_counter()
        result = render_batch([job])[0]
        seconds = time.perf_counter() - started
        if result.tiff is None:
            raise WriteError(f"kontekstdokumentationen kunne ikke dannes: {result.error}")
        _write_context(work, result.tiff)

    schemas = work / "Schemas" / "standard"
    schemas.mkdir(parents=True, exist_ok=True)
    for name in STANDARD_SCHEMAS:
        try:
            atomic_write(schemas / name, (standard / name).read_bytes())
        except OSError as exc:
            raise ConfigurationError(f"{standard / name}: kan ikke læses: {os_problem(exc)}") from None

    atomic_write(indices / "archiveIndex.xml", _xml(_archive_index(config, bool(docs))))
    atomic_write(indices / "contextDocumentationIndex.xml", _xml(_context_index()))
    atomic_write(indices / "docIndex.xml", _xml(_doc_index(docs)))
    atomic_write(indices / "fileIndex.xml", _xml(_file_index(work, config.folder_name)))
    return seconds


def _archive_index(config: ArchiveConfig, documents: bool) -> etree._Element:
    root = _diark("archiveIndex", "archiveIndex.xsd")
    _sub(root, "archiveInformationPackageID", config.archiveInformationPackageID)
    if config.archiveInformationPackageIDPrevious:
        _sub(root, "archiveInformationPackageIDPrevious", config.archiveInformationPackageIDPrevious)
    _sub(root, "archivePeriodStart", config.archivePeriodStart)
    _sub(root, "archivePeriodEnd", config.archivePeriodEnd)
    _sub(root, "archiveInformationPacketType", _bool(config.archiveInformationPacketType))
    creators = _sub(root, "archiveCreatorList")
    for creator in config.archiveCreatorList:
        _sub(creators, "creatorName", creator.creatorName)
        _sub(creators, "creationPeriodStart", creator.creationPeriodStart)
        _sub(creators, "creationPeriodEnd", creator.creationPeriodEnd)
    _sub(root, "archiveType", _bool(config.archiveType))
    _sub(root, "systemName", config.systemName)
    for name in config.alternativeName:
        _sub(root, "alternativeName", name)
    _sub(root, "systemPurpose", config.systemPurpose)
    _sub(root, "systemContent", config.systemContent)
    for key, flag in config.identifiers:
        _sub(root, key, _bool(flag))
    for key, values in (
        ("sourceName", config.sourceName),
        ("userName", config.userName),
        ("predecessorName", config.predecessorName),
    ):
        for value in values:
            _sub(root, key, value)
    if config.formVersion:
        form = _sub(root, "form")
        _sub(form, "formVersion", config.formVersion)
        classes = _sub(form, "classList")
        for entry in config.classList:
            _sub(classes, "formClass", entry.formClass)
            _sub(classes, "formClassText", entry.formClassText)
    flags = dict(config.flags)
    _sub(root, "containsDigitalDocuments", _bool(flags["containsDigitalDocuments"] or documents))
    _sub(root, "searchRelatedOtherRecords", _bool(flags["searchRelatedOtherRecords"]))
    for name in config.relatedRecordsName:
        _sub(root, "relatedRecordsName", name)
    for key in ("systemFileConcept", "multipleDataCollection", "personalDataRestrictedInfo",
                "otherAccessTypeRestrictions"):  # fmt: skip
        _sub(root, key, _bool(flags[key]))
    _sub(root, "archiveApproval", config.archiveApproval)
    if config.archiveRestrictions:
        _sub(root, "archiveRestrictions", config.archiveRestrictions)
    return root


def _context_index() -> etree._Element:
    root = _diark("contextDocumentationIndex", "contextDocumentationIndex.xsd")
    document = _sub(root, "document")
    _sub(document, "documentID", "1")
    _sub(document, "documentTitle", "Beskrivelse af tabeller og kolonner")
    _sub(
        document,
        "documentDescription",
        "Dannet af referatkit: tabellernes og kolonnernes betydning og kodeværdier",
    )
    author = _sub(document, "documentAuthor")
    _sub(author, "authorInstitution", "referatkit")
    category = _sub(document, "documentCategory")
    system = _sub(category, "systemInformation")
    _sub(system, "systemContent", "true")
    _sub(system, "systemPresentationStructure", "true")
    return root


def _doc_index(docs: Sequence[_Doc]) -> etree._Element:
    root = _diark("docIndex", "docIndex.xsd")
    parents: dict[int, int] = {doc.meeting: doc.did for doc in docs if doc.attachment is None}
    for doc in docs:
        entry = _sub(root, "doc")
        _sub(entry, "dID", str(doc.did))
        if doc.attachment is not None and doc.meeting in parents:
            _sub(entry, "pID", str(parents[doc.meeting]))
        _sub(entry, "mID", "1")
        _sub(entry, "dCf", f"docCollection{doc.collection}")
        _sub(entry, "oFn", " ".join(doc.original.split()))
        _sub(entry, "aFt", "tif")
    return root


def package_files(package: Path) -> list[Path]:
    """Every file of the package except fileIndex.xml, in a fixed order."""
    files = [p for p in package.rglob("*") if p.is_file()]
    index = package / "Indices" / "fileIndex.xml"
    return sorted((p for p in files if p != index), key=lambda p: p.relative_to(package).as_posix())


def md5_file(path: Path) -> str:
    digest = hashlib.md5()  # the archive index's checksum, not security
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest().upper()


def _file_index(work: Path, folder_name: str) -> etree._Element:
    root = _diark("fileIndex", "fileIndex.xsd")
    for path in package_files(work):
        relative = path.relative_to(work)
        entry = _sub(root, "f")
        _sub(entry, "foN", "\\".join((folder_name, *relative.parent.parts)))
        _sub(entry, "fiN", path.name)
        _sub(entry, "md5", md5_file(path))
    return root
