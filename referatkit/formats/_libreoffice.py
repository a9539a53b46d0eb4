"""LibreOffice as a service: found once, a profile of its own per process, many documents
converted in one run, and the documents of a failed run converted again one by one.

LibreOffice is found through ``REFERATKIT_SOFFICE`` or as ``soffice`` /
``libreoffice`` on PATH. The PDF engine (:mod:`referatkit.formats.pdf`), the
batch and the archive convert through here.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from ..errors import WriteError
from ..l10n.oserror import os_problem

__all__ = ["ENVIRONMENT", "TIMEOUT", "convert_each", "convert_many", "find_soffice", "one_by_one_on_failure"]

ENVIRONMENT = "REFERATKIT_SOFFICE"
TIMEOUT = 600

T = TypeVar("T")
R = TypeVar("R")


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
            raise WriteError(f"LibreOffice kunne ikke startes ({soffice}): {os_problem(exc)}") from None
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


def one_by_one_on_failure(
    convert: Callable[[Sequence[T]], list[R]], items: Sequence[T]
) -> list[R | WriteError]:
    """``convert(items)`` in one run; when that run fails, each item converted alone, so that
    one a LibreOffice cannot convert fails alone: each gets its result or its error."""
    try:
        return list(convert(items))
    except WriteError as error:
        if len(items) == 1:
            return [error]
    done: list[R | WriteError] = []
    for item in items:
        try:
            done.extend(convert([item]))
        except WriteError as error:
            done.append(error)
    return done


def convert_each(
    documents: Sequence[bytes], target: str, *, suffixes: Sequence[str] | None = None
) -> list[bytes | WriteError]:
    """:func:`convert_many`, but a document LibreOffice cannot convert fails alone
    (:func:`one_by_one_on_failure`)."""

    def convert(pairs: Sequence[tuple[bytes, str]]) -> list[bytes]:
        return convert_many([d for d, _ in pairs], target, suffixes=[s for _, s in pairs])

    return one_by_one_on_failure(
        convert, list(zip(documents, suffixes or [".odt"] * len(documents), strict=True))
    )
