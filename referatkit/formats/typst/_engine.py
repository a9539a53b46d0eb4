"""Typst's compiler: in this process, or in a helper process in a fork of one that has used it.

Typst lays out in parallel on rayon's global thread pool, which starts with
the first compilation and never ends. A fork copies the pool's bookkeeping
but none of its threads: the child's first compilation hands its work (the
PDF's deferred chunks) to threads that do not exist and waits forever.
Nothing resets the pool, so a process forked from one that has used Typst
compiles in a helper: a fresh Python, started on first need, that reads
requests on its standard input and ends when that closes, that is, when the
child ends, however it ends (``os._exit`` included). No pool to shut down,
nothing that the child's exit waits for.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess

from ...errors import WriteError

__all__ = ["compile_pdf", "forked_after_use"]

#: The PDF, or Typst's (message, diagnostic).
Compiled = bytes | tuple[str, str]

_lock = threading.Lock()
#: The process whose Typst started its thread pool (None: Typst not used yet).
_owner: list[int] = []


def forked_after_use() -> bool:
    """True in a process forked from one that has compiled with Typst: its Typst cannot run here."""
    return bool(_owner) and _owner[0] != os.getpid()


def compile_pdf(
    source: bytes,
    *,
    root: str,
    font_paths: tuple[str, ...],
    package_path: str,
    inputs: dict[str, str],
    standards: tuple[str, ...],
    timestamp: dt.datetime,
) -> Compiled:
    """Typst's PDF of ``source``; here, or in the helper if this process is such a fork."""
    request = (root, font_paths, package_path, source, inputs, standards, timestamp)
    if forked_after_use():
        return _helper().compile(request)
    if not _owner:
        _owner.append(os.getpid())
    return _compile_here(request)


def _compile_here(request: tuple[Any, ...]) -> Compiled:
    root, font_paths, package_path, source, inputs, standards, timestamp = request
    compiler = _compiler(root, font_paths, package_path)
    try:
        with _lock:
            pdf = compiler.compile(
                source, format="pdf", sys_inputs=inputs, pdf_standards=list(standards), timestamp=timestamp
            )
    except Exception as error:  # typst.TypstError: the binding's one error type; it does not pickle
        return str(getattr(error, "message", error)).strip(), str(getattr(error, "diagnostic", ""))
    assert isinstance(pdf, bytes)
    return pdf


@cache
def _compiler(root: str, font_paths: tuple[str, ...], package_path: str) -> Any:
    """One compiler per folder and fonts: Typst memoises between compilations."""
    import typst  # noqa: PLC0415 (the Typst engine loads with the first PDF)

    return typst.Compiler(
        root=root, font_paths=list(font_paths), ignore_system_fonts=True, package_path=package_path
    )


class _Helper:
    """A Python of its own that compiles what it is sent (see the module's docstring)."""

    def __init__(self) -> None:
        import subprocess  # noqa: PLC0415 (the helper only: one PDF from the command line needs none)
        from multiprocessing import spawn  # noqa: PLC0415 (the interpreter multiprocessing would start)

        self._lock = threading.Lock()
        path = os.pathsep.join(entry for entry in sys.path if entry)  # where this process found referatkit
        self._process: subprocess.Popen[bytes] = subprocess.Popen(
            [spawn.get_executable(), "-c", "from referatkit.formats.typst._engine import serve; serve()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path},
        )

    def _send(self, message: object) -> None:
        import pickle  # noqa: PLC0415 (the helper only)

        stdin = self._process.stdin
        assert stdin is not None
        pickle.dump(message, stdin, protocol=pickle.HIGHEST_PROTOCOL)
        stdin.flush()

    def compile(self, request: tuple[Any, ...]) -> Compiled:
        import pickle  # noqa: PLC0415 (the helper only)

        with self._lock:
            try:
                self._send(request)
                assert self._process.stdout is not None
                answer: Compiled = pickle.load(self._process.stdout)
            except (OSError, EOFError, pickle.UnpicklingError):
                _helpers.clear()
                self._process.kill()
                code = self._process.wait()
                raise WriteError(f"Typsts hjælpeproces stoppede uventet (afslutningskode {code})") from None
        return answer

    def forget(self) -> None:
        """Close this process's ends of the pipes (in a fork: the helper is its parent's)."""
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                pipe.close()
        self._process.returncode = 0  # not ours to wait for


_helpers: list[_Helper] = []
_helpers_lock = threading.Lock()


def _helper() -> _Helper:
    with _helpers_lock:
        if not _helpers:
            _helpers.append(_Helper())
        return _helpers[0]


def _after_fork_in_child() -> None:
    global _helpers_lock  # noqa: PLW0603 (a lock another thread held at the fork stays held)
    _helpers_lock = threading.Lock()
    for helper in _helpers:
        helper.forget()
    _helpers.clear()


os.register_at_fork(after_in_child=_after_fork_in_child)


def serve() -> None:
    """The helper's loop: requests from standard input, answers on standard output, until EOF."""
    import pickle  # noqa: PLC0415 (the helper only)

    requests = sys.stdin.buffer
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever else writes to standard output goes to standard error
    _owner.append(os.getpid())
    while True:
        try:
            request = pickle.load(requests)
        except EOFError:
            return
        pickle.dump(_compile_here(request), answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()
