"""Many documents at once: the batch conversion the command line is a thin layer over.

:func:`convert_many` takes files and folders (searched recursively for every
suffix a reader claims), an output folder and the formats to write, and
returns a :class:`BatchReport` with one :class:`OutputResult` per input and
format: converted, skipped (``skip_existing`` and the file is there) or
failed, with the failure's one-line Danish message. One bad input never stops
the others.

The work runs on any :class:`concurrent.futures.Executor`: none (in this
process, one after the other), a ``ProcessPoolExecutor``, or a Dask cluster
through ``distributed.Client(...).get_executor()``. Every task is a top-level
function over plain, picklable data (paths as strings, the frozen options and
labels), and the workers read their inputs and write their outputs
themselves, so on a cluster the input and output folders must be shared
storage. PDFs are typeset by Typst in the worker, one at a time; with the
LibreOffice engine, one LibreOffice per task prints all the PDFs of the task
(:func:`referatkit.formats.pdf.odt_to_pdf_many`).

    >>> import tempfile
    >>> from referatkit.batch import convert_many
    >>> with tempfile.TemporaryDirectory() as out:
    ...     report = convert_many(["examples/referat-byudvalget.txt"], out, ["xml", "html"])
    ...     print(report.counts())
    2 konverteret, 0 sprunget over, 0 fejlet
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future, as_completed
from pathlib import Path
from typing import Any, Literal

from attrs import frozen

from ._repr import fields_repr
from ._summary import closed_content_notice, meeting_summary
from .editions import Edition, apply
from .errors import FormatError, ReferatkitError
from .formats import FormatOptions, HtmlOptions, OdtOptions, PdfOptions, by_name, formats
from .l10n import DANISH, Labels
from .l10n.oserror import os_problem

__all__ = [
    "BatchReport",
    "OutputResult",
    "Status",
    "convert_many",
    "find_inputs",
    "folder_suffixes",
    "output_name",
    "process_pool",
]

Status = Literal["converted", "skipped", "failed"]


@frozen(kw_only=True)
class OutputResult:
    """One output of a batch: ``input`` converted to ``format`` at ``output``.

    ``message`` is the failure's one-line reason (or the reason for a skip);
    ``warnings`` what the reader kept only approximately and the writer lost;
    ``summary`` one line about the meeting when it was read.
    """

    __repr__ = fields_repr

    input: str
    output: str
    format: str
    status: Status
    message: str | None = None
    warnings: tuple[str, ...] = ()
    summary: str | None = None


@frozen(kw_only=True)
class BatchReport:
    """Every output of a :func:`convert_many` call, in input order."""

    __repr__ = fields_repr

    results: tuple[OutputResult, ...]

    def _with(self, status: Status) -> tuple[OutputResult, ...]:
        return tuple(r for r in self.results if r.status == status)

    @property
    def converted(self) -> tuple[OutputResult, ...]:
        return self._with("converted")

    @property
    def skipped(self) -> tuple[OutputResult, ...]:
        return self._with("skipped")

    @property
    def failed(self) -> tuple[OutputResult, ...]:
        return self._with("failed")

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failed

    def counts(self) -> str:
        """ "12 konverteret, 3 sprunget over, 1 fejlet"."""
        return (
            f"{len(self.converted)} konverteret, {len(self.skipped)} sprunget over, {len(self.failed)} fejlet"
        )


# --- what to convert ----------------------------------------------------------------------


#: Suffixes a folder is not searched for unless the format is named (``from_format``):
#: an ``.ott`` is a template, in a folder of minutes a PDF or Word file is far more
#: often an attachment than a printed referat, and a web page more often what the HTML
#: writer made than a portal's page (``firstagenda-html``).
NOT_FROM_FOLDERS = frozenset({".ott", ".pdf", ".docx", ".html", ".htm"})


def folder_suffixes(from_format: str | None = None, *, extra: Iterable[str] = ()) -> frozenset[str]:
    """The suffixes a folder is searched for: ``from_format``'s when named, else every
    suffix a reader claims but :data:`NOT_FROM_FOLDERS`; ``extra`` adds more (``.akn``)."""
    if from_format is not None:
        return frozenset(by_name(from_format).suffixes) | frozenset(extra)
    readable = frozenset(s for f in formats() if f.can_read for s in f.suffixes)
    return (readable - NOT_FROM_FOLDERS) | frozenset(extra)


def find_inputs(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    from_format: str | None = None,
    extra_suffixes: Iterable[str] = (),
) -> list[tuple[Path, Path]]:
    """``(file, name relative to the output folder)`` for every input.

    A file is itself (its name alone); a folder is every file below it with one
    of :func:`folder_suffixes` (so PDF and Word files only with ``from_format``),
    hidden files and folders left out, in sorted order, named by its path inside
    the folder. A missing input is a ``ReadError``.
    """
    from .errors import ReadError

    suffixes = folder_suffixes(from_format, extra=extra_suffixes)
    found: list[tuple[Path, Path]] = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                relative = file.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                if file.is_file() and file.suffix.lower() in suffixes:
                    found.append((file, relative))
        elif path.exists():
            found.append((path, Path(path.name)))
        else:
            raise ReadError("filen eller mappen findes ikke", source=str(path))
    return found


def process_pool(jobs: int, *, freeze: bool = False) -> Executor:
    """A process pool of ``jobs`` workers, forked where the platform can (no second start-up).

    ``freeze``: the workers share the objects made so far instead of copying them (the
    garbage collector would touch them); for a short-lived command's process.
    """
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if freeze:
        gc.freeze()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context)


def output_name(relative: Path, format: str) -> Path:
    """The output's path inside the output folder: the input's, with the format's suffix."""
    return relative.with_suffix(by_name(format).suffixes[0])


#: The most documents one task gives one LibreOffice to print.
PDF_TASK = 50


# --- the tasks (top-level and plain data: they travel to other processes and machines) ----


@frozen(kw_only=True)
class _Job:
    """One input and the outputs still to write for it."""

    __repr__ = fields_repr

    input: str
    outputs: tuple[tuple[str, str], ...]  # (format, output path)


@frozen(kw_only=True)
class _Task:
    __repr__ = fields_repr

    jobs: tuple[_Job, ...]
    from_format: str | None
    edition: Edition | None
    labels: Labels
    read_labels: Labels
    options: tuple[tuple[str, FormatOptions], ...]  # (format, its options): those given
    read_options: tuple[tuple[str, Any], ...]  # (name, value): the readers' options given
    strict: bool


def _options(task: _Task, format: str) -> FormatOptions:
    given = dict(task.options).get(format)
    return given if given is not None else by_name(format).options()


def _run(task: _Task) -> list[OutputResult]:
    """Convert every job of ``task``; PDFs LibreOffice prints, in one LibreOffice at the end."""
    results: list[OutputResult] = []
    pdfs: list[tuple[_Job, str, bytes, tuple[str, ...], str]] = []
    for job in task.jobs:
        results.extend(_convert_job(task, job, pdfs))
    if pdfs:
        from .formats.pdf import odt_to_pdf_each  # here: pikepdf takes a while to import

        # A PDF, or why LibreOffice made none (one document it cannot print fails alone).
        printed = odt_to_pdf_each([document for _, _, document, _, _ in pdfs])
        for (job, output, _, notes, summary), pdf in zip(pdfs, printed, strict=True):
            if isinstance(pdf, ReferatkitError):
                message = _danish_error(pdf)
                results.append(_failed(job.input, output, "pdf", message, losses=notes, summary=summary))
            else:
                results.append(_written(job.input, output, "pdf", pdf, losses=notes, summary=summary))
    return results


def _danish_error(exc: BaseException) -> str:
    from .l10n.messages import say

    return say(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _failed(
    input: str,
    output: str,
    format: str,
    message: str,
    *,
    losses: tuple[str, ...] = (),
    summary: str | None = None,
) -> OutputResult:
    return OutputResult(
        input=input,
        output=output,
        format=format,
        status="failed",
        message=message,
        warnings=losses,
        summary=summary,
    )


def _written(
    input: str, output: str, format: str, data: str | bytes, *, losses: tuple[str, ...], summary: str | None
) -> OutputResult:
    from ._api import atomic_write

    target = Path(output)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, data)
    except OSError as exc:
        return _failed(
            input,
            output,
            format,
            f"{output}: kan ikke skrives: {os_problem(exc)}",
            losses=losses,
            summary=summary,
        )
    except ReferatkitError as exc:
        return _failed(input, output, format, _danish_error(exc), losses=losses, summary=summary)
    return OutputResult(
        input=input, output=output, format=format, status="converted", warnings=losses, summary=summary
    )


def _convert_job(
    task: _Task, job: _Job, pdfs: list[tuple[_Job, str, bytes, tuple[str, ...], str]]
) -> list[OutputResult]:
    from ._api import read, render
    from .formats._reports import Reports

    read_reports = Reports()  # this input's own: threads reading side by side share nothing
    try:
        meeting = read(
            job.input,
            format=task.from_format,
            labels=task.read_labels,
            reports=read_reports,
            **dict(task.read_options),
        )
    except Exception as exc:  # one broken input must not stop the batch
        message = _danish_error(exc) if isinstance(exc, ReferatkitError) else _unexpected(exc)
        return [_failed(job.input, output, fmt, message) for fmt, output in job.outputs]
    approximate = tuple(f"advarsel: {w}" for w in read_reports.warnings())
    summaries: dict[Edition, str] = {}  # of the meeting as each edition written shows it
    results = []
    for fmt, output in job.outputs:
        target = by_name(fmt)
        printed, options = fmt, _options(task, fmt)
        via = target.printed_from(options) if target.printed_from is not None else None
        if via is not None:  # another format's document, printed with the others at the end
            printed, options = via
            if options == by_name(printed).options():  # nothing of its own: the format's options
                options = _options(task, printed)
        by_libreoffice = via is not None
        edition: Edition = task.edition or by_name(fmt).edition
        summary = summaries.get(edition)
        if summary is None:
            summary = summaries[edition] = meeting_summary(apply(meeting, edition, task.labels))
        written = Reports()
        try:
            data = render(
                meeting, printed, edition=edition, labels=task.labels, options=options, reports=written
            )
        except Exception as exc:
            message = _danish_error(exc) if isinstance(exc, ReferatkitError) else _unexpected(exc)
            results.append(_failed(job.input, output, fmt, message, losses=approximate, summary=summary))
            continue
        # The PDF loses what its ODT does.
        losses = [str(w) for w in written.warnings(file=str(output), format=fmt)]
        notes = approximate + tuple(f"advarsel: {m}" for m in losses)
        notice = closed_content_notice(output, fmt, edition, meeting)
        if notice is not None:
            notes += (notice,)
        if task.strict and (losses or approximate):
            results.append(
                _failed(
                    job.input,
                    output,
                    fmt,
                    f"{output} er ikke skrevet (--strict)",
                    losses=notes,
                    summary=summary,
                )
            )
        elif by_libreoffice:
            assert isinstance(data, bytes)
            pdfs.append((job, output, data, notes, summary))
        else:
            results.append(_written(job.input, output, fmt, data, losses=notes, summary=summary))
    return results


def _unexpected(exc: BaseException) -> str:
    from .l10n.messages import say

    first = say(exc).splitlines()[0] if str(exc) else ""
    return f"uventet fejl ({type(exc).__name__}): {first}"


# --- the batch ----------------------------------------------------------------------------


def _workers(executor: Executor | None, workers: int | None) -> int:
    if workers is not None:
        return max(1, workers)
    known = getattr(executor, "_max_workers", None)
    return known if isinstance(known, int) and known > 0 else (os.cpu_count() or 1)


def _chunks(jobs: Sequence[_Job], workers: int, pdf: bool) -> list[tuple[_Job, ...]]:
    """Jobs in tasks: small ones for an even spread and a live progress bar, but one task
    per worker when printing PDFs, so that each worker starts one LibreOffice (for at most
    :data:`PDF_TASK` documents, which it prints well within LibreOffice's time limit)."""
    if not jobs:
        return []
    count = workers if pdf else workers * 8
    size = max(1, math.ceil(len(jobs) / count))
    size = min(size, PDF_TASK if pdf else 16)
    return [tuple(jobs[i : i + size]) for i in range(0, len(jobs), size)]


def convert_many(
    inputs: Iterable[str | os.PathLike[str]],
    output_dir: str | os.PathLike[str],
    formats: Sequence[str],
    *,
    from_format: str | None = None,
    edition: Edition | None = None,
    labels: Labels = DANISH,
    read_labels: Labels = DANISH,
    options: Mapping[str, FormatOptions] | None = None,
    read_options: Mapping[str, Any] | None = None,
    html: HtmlOptions | None = None,
    odt: OdtOptions | None = None,
    pdf: PdfOptions | None = None,
    strict: bool = False,
    skip_existing: bool = False,
    executor: Executor | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BatchReport:
    """Convert every input to every format in ``formats``, into ``output_dir``.

    ``inputs`` are files and folders (see :func:`find_inputs`); each output
    is named after its input (:func:`output_name`), below ``output_dir``.
    ``labels`` are the words written, ``read_labels`` the words the inputs use
    (the standard Danish ones unless given). ``edition`` defaults to each
    format's own; ``options`` are the writers' options by format
    (``{"html": HtmlOptions(fragment=True)}``; ``html``, ``odt`` and ``pdf`` say the
    same, and a PDF LibreOffice prints takes the ODT's), ``read_options`` the readers'
    by name (``{"base_url": ...}``, as ``read()`` takes them); ``strict`` fails an output
    that would lose content. ``skip_existing`` leaves an output that is there
    already alone (to resume an interrupted run). ``executor`` runs the tasks
    (``None``: here, in turn); ``workers`` is how many run at once (default:
    the executor's own count, else the number of cores), which sizes the
    tasks. ``progress(done, total)`` is called in this thread as outputs
    finish. An unknown format is a :class:`FormatError`; every problem with
    one input is a failed result, never an exception.
    """
    for name in formats:
        if not by_name(name).can_write:
            raise FormatError(f"formatet {name!r} kan ikke skrives, kun læses")
    if not formats:
        raise FormatError("ingen outputformater angivet")
    folder = Path(output_dir)
    found = find_inputs(inputs, from_format=from_format)
    results: dict[tuple[int, int], OutputResult] = {}
    jobs: list[_Job] = []
    index: dict[tuple[str, str], tuple[int, int]] = {}
    seen: dict[Path, str] = {}
    for i, (file, relative) in enumerate(found):
        outputs = []
        for j, fmt in enumerate(formats):
            target = folder / output_name(relative, fmt)
            key = (i, j)
            if target.resolve() == file.resolve():
                results[key] = _failed(str(file), str(target), fmt, f"{target}: ville overskrive inputfilen")
            elif target in seen:
                results[key] = _failed(
                    str(file), str(target), fmt, f"{target}: skrives allerede fra {seen[target]}"
                )
            elif skip_existing and target.exists():
                # What a write killed between writing and renaming left beside it (its own
                # temporary file, its process ended) goes too, as a new write of it would remove it.
                from ._api import remove_stale

                remove_stale(Path(os.path.realpath(target)))
                results[key] = OutputResult(
                    input=str(file),
                    output=str(target),
                    format=fmt,
                    status="skipped",
                    message="findes allerede",
                )
            else:
                outputs.append((fmt, str(target)))
                index[(str(file), str(target))] = key
            seen.setdefault(target, str(file))
        if outputs:
            jobs.append(_Job(input=str(file), outputs=tuple(outputs)))
    total = len(found) * len(formats)
    done = len(results)
    if progress is not None:
        progress(done, total)
    given: dict[str, FormatOptions] = {
        name: o for name, o in (("html", html), ("odt", odt), ("pdf", pdf)) if o is not None
    }
    given.update(options or {})
    for name, value in given.items():
        if not isinstance(value, by_name(name).options):
            wanted, kind = by_name(name).options.__name__, type(value).__name__
            raise FormatError(f"formatet {name!r} tager {wanted}, ikke {kind}")
    printing = False  # a format another format's printer makes: one task per worker
    for name in formats:
        entry = by_name(name)
        if entry.printed_from is not None:
            printing |= entry.printed_from(given.get(name) or entry.options()) is not None
    tasks = [
        _Task(
            jobs=chunk,
            from_format=from_format,
            edition=edition,
            labels=labels,
            read_labels=read_labels,
            options=tuple(given.items()),
            read_options=tuple((read_options or {}).items()),
            strict=strict,
        )
        for chunk in _chunks(jobs, _workers(executor, workers), printing)
    ]

    def collect(outcome: list[OutputResult]) -> None:
        nonlocal done
        for result in outcome:
            results[index[(result.input, result.output)]] = result
        done += len(outcome)
        if progress is not None:
            progress(done, total)

    if executor is None:
        for task in tasks:
            collect(_run(task))
    else:
        futures: dict[Future[list[OutputResult]], _Task] = {executor.submit(_run, t): t for t in tasks}
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except Exception as exc:  # a worker died: its outputs failed, the rest go on
                message = f"arbejdsprocessen fejlede: {_unexpected(exc)}"
                outcome = [
                    _failed(job.input, output, fmt, message)
                    for job in futures[future].jobs
                    for fmt, output in job.outputs
                ]
            collect(outcome)
    return BatchReport(results=tuple(results[key] for key in sorted(results)))
