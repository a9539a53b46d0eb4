"""One run at a time in a folder: an exclusive lock on a file, which the system releases when
the process ends, however it ends (a ``kill -9`` leaves no stale lock)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import WriteError
from .l10n.oserror import os_problem

__all__ = ["exclusive"]


@contextmanager
def exclusive(path: Path, busy: str) -> Iterator[None]:
    """Hold the lock of ``path`` (made if missing, removed when the block ends) while the
    block runs; a :class:`~referatkit.errors.WriteError` saying ``busy`` when another
    process holds it.

    A lock taken on a file another process has just removed (it had opened the file
    before that process ended) is no lock: the path must still name the locked file.
    """
    try:
        handle = path.open("a+b")
    except OSError as exc:
        raise WriteError(f"{path.parent}: kan ikke skrives: {os_problem(exc)}") from None
    with handle:
        try:
            _lock(handle.fileno())
            if os.stat(path).st_ino != os.fstat(handle.fileno()).st_ino:
                raise FileNotFoundError(path)
        except OSError:
            raise WriteError(busy) from None
        try:
            yield
        finally:
            with contextlib.suppress(OSError):  # removed while held: the next run makes it anew
                path.unlink()


if sys.platform == "win32":
    import msvcrt

    def _lock(descriptor: int) -> None:
        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
