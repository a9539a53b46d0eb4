"""The command line's cache of the methods attrs writes, as Python keeps a module's bytecode.

attrs makes each class's ``__init__``, ``__eq__`` and ``__hash__`` by writing
their Python source and compiling it, every time the class is defined: for
the model's classes, at every start of the command line, about a seventh of
converting one referat (``benchmarks/bench_cli.py``). The code compiled from
the same source by the same Python is the same, so the command line keeps it
in ``$XDG_CACHE_HOME/referatkit/`` (``~/.cache/referatkit/``), one file per
Python, as ``__pycache__`` keeps a module's: a source seen
before is loaded, not compiled; a new one (a changed class, another version)
is compiled as attrs does and kept for the next start. The one part of the
source that changes from run to run, the number each class's ``__hash__``
starts from (attrs takes it from the hash of a string, which Python seeds at
random per process), is kept out of the key and put into the loaded code, so
the classes are the same with or without the cache. Nothing is written when Python writes no bytecode
(``PYTHONDONTWRITEBYTECODE``) or the folder cannot be written; a file that
cannot be read is ignored. Only :func:`referatkit.cli.run` uses it: a program
that imports referatkit keeps attrs as it is.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import CodeType
from typing import Any

__all__ = ["attrs_code_cache", "cache_file"]

#: More entries than referatkit has classes many times over: a file past it is started afresh.
_MAX_ENTRIES = 2000

Key = tuple[str, str]  # (source, file name attrs gives it)

#: The number attrs's ``__hash__`` starts its tuple with: ``hash((\n        -123...,``.
_TYPE_HASH = re.compile(r"(hash\(\(\n +)(-?[0-9]+),")
#: What stands for it in the kept source and code.
_PLACEHOLDER = 0


def _without_type_hash(script: str) -> tuple[str, int | None]:
    """``script`` with its ``__hash__``'s starting number as ``_PLACEHOLDER``, and the number."""
    found = _TYPE_HASH.search(script)
    if found is None:
        return script, None
    return script[: found.start(2)] + str(_PLACEHOLDER) + script[found.end(2) :], int(found[2])


def _with_type_hash(code: CodeType, number: int) -> CodeType:
    """``code`` (a script's) with the placeholder in its ``__hash__`` replaced by ``number``."""
    consts = tuple(
        const.replace(
            co_consts=tuple(number if c == _PLACEHOLDER and type(c) is int else c for c in const.co_consts)
        )
        if isinstance(const, CodeType) and const.co_name == "__hash__"
        else const
        for const in code.co_consts
    )
    return code.replace(co_consts=consts)


def cache_file() -> Path:
    """Where this Python's code is kept. Not by attrs's version: its version is slow to ask
    (package metadata), and the key is the whole source, which is what a version changes."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "referatkit" / f"attrs-{sys.implementation.cache_tag}.marshal"


def _load(path: Path) -> dict[Key, CodeType]:
    try:
        found = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {
        key: code
        for key, code in found.items()
        if isinstance(key, tuple) and len(key) == 2 and isinstance(code, CodeType)
    }


def _save(path: Path, codes: dict[Key, CodeType]) -> None:
    with contextlib.suppress(OSError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_bytes(marshal.dumps(codes))
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)


@contextlib.contextmanager
def attrs_code_cache() -> Iterator[None]:
    """While inside, attrs loads the code of a class's methods from the cache when it
    has compiled the same source before; on the way out, new code is kept."""
    try:
        from attr import _make  # noqa: PLC0415
    except ImportError:  # pragma: no cover - attrs is a dependency
        yield
        return
    compile_and_eval = getattr(_make, "_compile_and_eval", None)
    if compile_and_eval is None:  # another attrs: it compiles as it always did
        yield
        return
    path = cache_file()
    known = _load(path)
    new: dict[Key, CodeType] = {}

    def cached(
        script: str,
        globs: dict[str, Any] | None,
        locs: Mapping[str, object] | None = None,
        filename: str = "",
    ) -> None:
        source, number = _without_type_hash(script)
        key = (source, filename)
        code = known.get(key)
        if code is None:
            code = new[key] = compile(source, filename, "exec")
        if number is not None:
            code = _with_type_hash(code, number)
        eval(code, globs, locs)  # the code attrs wrote for the class, as attrs runs it

    _make._compile_and_eval = cached
    try:
        yield
    finally:
        _make._compile_and_eval = compile_and_eval
        if new and not sys.dont_write_bytecode:
            kept = known if len(known) + len(new) <= _MAX_ENTRIES else {}
            _save(path, {**kept, **new})
