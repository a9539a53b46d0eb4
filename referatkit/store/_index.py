"""Keeping a store current: read sources in parallel, write them in one process.

The sources are read where the executor runs them (this process, a process pool, a
Dask cluster through ``client.get_executor()``): each task reads a few files, takes
the store's edition, renders the referatkit XML and makes the rows
(:mod:`referatkit.store._rows`); a source whose checksum the store already has is
not read at all. This process writes the meetings of a few tasks in one transaction,
so an interrupted run leaves whole meetings only and the next run finishes the rest.
Only a bounded number of tasks is in flight: memory does not grow with the
number of sources.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import frozen

from .._repr import fields_repr
from ..errors import ReferatkitError
from ..l10n.messages import say
from ._records import StoreEdition
from ._rows import MeetingRows, edition_of, prepare, sha256

if TYPE_CHECKING:
    from ._store import Store

__all__ = ["IndexReport", "index_sources"]


@frozen(kw_only=True)
class IndexReport:
    """What an index run did, source by source (sources as stored: absolute paths)."""

    __repr__ = fields_repr

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()
    #: (source, the one-line Danish reason)
    failed: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        """True when no source failed."""
        return not self.failed

    def counts(self) -> str:
        """ "3 tilføjet, 1 opdateret, 96 uændret, 0 trukket tilbage, 1 fejlet"."""
        return (
            f"{len(self.added)} tilføjet, {len(self.updated)} opdateret, {len(self.unchanged)} uændret, "
            f"{len(self.withdrawn)} trukket tilbage, {len(self.failed)} fejlet"
        )


# --- the tasks (top-level, plain data: they travel to other processes and machines) ---------


@frozen(kw_only=True)
class _Task:
    __repr__ = fields_repr
    sources: tuple[str, ...]
    known: tuple[str | None, ...]  # the store's checksum of each source, if any
    edition: StoreEdition


@frozen(kw_only=True)
class _Outcome:
    __repr__ = fields_repr
    source: str
    rows: MeetingRows | None = None  # read and prepared
    checksum: str | None = None  # unchanged: the checksum the store has
    error: str | None = None


def _read_task(task: _Task) -> list[_Outcome]:
    return [
        _read_one(source, known, task.edition) for source, known in zip(task.sources, task.known, strict=True)
    ]


def _read_one(source: str, known: str | None, edition: StoreEdition) -> _Outcome:
    from .._api import _load, read  # noqa: PLC0415 - loaded in the worker
    from ..formats import by_name  # noqa: PLC0415
    from ..formats._reports import Reports  # noqa: PLC0415

    try:
        data, _, _ = _load(source)
        checksum = sha256(data)
        if checksum == known:
            return _Outcome(source=source, checksum=checksum)
        # What the reader kept only approximately is not the store's to say: taken, not warned.
        reports = Reports()
        xml = by_name("xml")
        own_xml = source.lower().endswith(".xml") and xml.sniffer is not None and xml.sniffer(data[:4096])
        if own_xml:
            given = io.BytesIO(data)
            given.name = source  # the bytes read once, the file named in a ReadError
            meeting = read(given, "xml", reports=reports)
        else:
            meeting = read(source, reports=reports)
        stored = edition_of(meeting, edition)
        # A referatkit XML source that is already the store's edition is kept as it is:
        # reading it gives this very meeting back, so it is the lossless document. One with
        # comments or processing instructions (no part of the meeting) is written anew: what
        # the store keeps is the meeting, not what else its file held.
        plain = b"<!--" not in data and data.count(b"<?") <= 1  # an XML declaration at most
        document = data.decode("utf-8") if own_xml and plain and stored == meeting else None
        rows = prepare(stored, source=source, checksum=checksum, xml=document)
        return _Outcome(source=source, rows=rows)
    except ReferatkitError as exc:
        return _Outcome(source=source, error=_one_line(str(exc), source))
    except (ValueError, TypeError, UnicodeError, RecursionError, MemoryError) as exc:
        return _Outcome(
            source=source, error=f"{source}: uventet fejl ({type(exc).__name__}): {_one_line(say(exc), '')}"
        )


def _one_line(text: str, source: str) -> str:
    line = text.splitlines()[0] if text.strip() else "ukendt fejl"
    return line if not source or line.startswith(source) else f"{source}: {line}"


# --- the run -----------------------------------------------------------------------------------

#: Sources read by one task: enough to make a task's overhead small, few enough to spread.
TASK_SIZE = 8
#: How many times more sources one task checks when the store has them (most are unchanged).
KNOWN_TASK = 8
#: Meetings written in one transaction (at least): the rows of a few tasks, a few MB.
WRITE_BATCH = 32


def _sources(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[tuple[str, str]], list[Path]]:
    """The files to index (absolute), the paths that are missing, and the roots given."""
    from ..batch import find_inputs  # noqa: PLC0415

    files: list[str] = []
    missing: list[tuple[str, str]] = []
    roots: list[Path] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            missing.append((str(path.absolute()), f"{path}: filen eller mappen findes ikke"))
            continue
        roots.append(path.resolve() if path.is_dir() else _located(path))
        files += [str(_located(file)) for file, _ in find_inputs([path])]
    return list(dict.fromkeys(files)), missing, roots


def _located(file: Path) -> Path:
    """Where ``file`` stands, absolute: its folder resolved, its own name kept. A source that
    is a symbolic link is the link, not what it points to, so that removing the link (a
    folder of links that publishes a selection of an archive) withdraws it with ``--prune``."""
    return file.parent.resolve() / file.name


def _outcomes(
    tasks: list[_Task], executor: Executor | None, workers: int
) -> Iterator[tuple[_Task, list[_Outcome] | BaseException]]:
    if executor is None:
        for task in tasks:
            yield task, _read_task(task)
        return
    limit = max(2, workers * 3)
    queue = iter(tasks)
    pending: dict[Future[list[_Outcome]], _Task] = {}

    def fill() -> None:
        while len(pending) < limit:
            task = next(queue, None)
            if task is None:
                return
            pending[executor.submit(_read_task, task)] = task

    fill()
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            task = pending.pop(future)
            try:
                yield task, future.result()
            except Exception as exc:  # a worker died: its sources failed, the rest go on
                yield task, exc
        fill()


def index_sources(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int = 1,
    prune: bool = False,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IndexReport:
    """Add the meetings of ``paths`` to ``store``: a new source is added, a changed one
    replaces its meeting, an unchanged one costs only its checksum. With ``prune`` a
    source under ``paths`` that is gone is marked withdrawn (kept, with its date). A
    source that fails to read is reported and the rest are indexed. ``jobs`` > 1 reads
    in that many processes; ``executor`` (a Dask client's ``get_executor()``) reads
    there instead."""
    files, missing, roots = _sources(paths)
    known = store.known()
    workers = max(1, jobs)
    if executor is not None:
        size = getattr(executor, "_max_workers", None)
        workers = size if isinstance(size, int) and size > 0 else (os.cpu_count() or 1)
    per_task = max(1, min(TASK_SIZE, math.ceil(len(files) / max(1, workers * 4))))
    # A source the store has costs only its checksum, most likely: many go in one task.
    checked = [s for s in files if s in known and not known[s][1]]
    unknown = [s for s in files if s not in known or known[s][1]]
    per_known = max(1, min(TASK_SIZE * KNOWN_TASK, math.ceil(len(checked) / max(1, workers * 4))))
    tasks = [
        _Task(
            sources=tuple(chunk),
            known=tuple(known[s][0] if s in known and not known[s][1] else None for s in chunk),
            edition=store.edition,
        )
        for group, size in ((unknown, per_task), (checked, per_known))
        for chunk in (group[i : i + size] for i in range(0, len(group), size))
    ]
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    failed: list[tuple[str, str]] = list(missing)
    done = 0
    own = executor is None and workers > 1 and len(tasks) > 1
    from ..batch import process_pool  # noqa: PLC0415

    # A small run still goes in several transactions: its progress is seen, and a run
    # that is killed loses little.
    batch = max(1, min(WRITE_BATCH, len(files) // 8))
    ready: list[MeetingRows] = []
    waiting = 0  # sources read but not yet counted as done

    def flush() -> None:
        nonlocal done, waiting
        # Whole meetings in one transaction, all or none of them; a few tasks' worth at a
        # time, as the full-text index grows far faster by many meetings a commit.
        for rows, written in zip(ready, store.write_many(ready) if ready else [], strict=True):
            {"added": added, "updated": updated, "unchanged": unchanged}[written].append(rows.source)
        ready.clear()
        done, waiting = done + waiting, 0
        if progress is not None:
            progress(done, len(files))

    with process_pool(min(workers, len(tasks))) if own else contextlib.nullcontext() as pool:
        for task, outcome in _outcomes(tasks, pool if own else executor, workers):
            waiting += len(task.sources)
            if isinstance(outcome, BaseException):
                reason = f"arbejdsprocessen fejlede ({type(outcome).__name__})"
                failed += [(s, f"{s}: {reason}") for s in task.sources]
                continue
            ready += [result.rows for result in outcome if result.rows is not None]
            for result in outcome:
                if result.error is not None:
                    failed.append((result.source, result.error))
                elif result.rows is None:
                    unchanged.append(result.source)
            if len(ready) >= batch:
                flush()
        flush()
    if added or updated:
        store.settle()
    withdrawn: list[str] = []
    if prune:
        present = set(files)
        for source, (_, gone) in known.items():
            if gone or source in present or not _under(source, roots):
                continue
            if store.withdraw(source):
                withdrawn.append(source)
    return IndexReport(
        added=tuple(added),
        updated=tuple(updated),
        unchanged=tuple(unchanged),
        withdrawn=tuple(withdrawn),
        failed=tuple(failed),
    )


def _under(source: str, roots: list[Path]) -> bool:
    path = Path(source)
    return any(path == root or root in path.parents for root in roots)
