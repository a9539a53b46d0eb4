"""The command line's cache of the methods attrs writes, as Python keeps a module's bytecode.

attrs makes each class's ``__init__``, ``__eq__`` and ``__hash__`` by writing
their Python source and compiling it, every time the class is defined: for
attrs's own classes and the model's, at every start of the command line,
about a sixth of converting one referat (``benchmarks/bench_cli.py``). The
code compiled from the same source by the same Python is the same, so the
command line keeps it in ``$XDG_CACHE_HOME/referatkit/``
(``~/.cache/referatkit/``), one file per Python, as ``__pycache__`` keeps a
module's: a source seen before is loaded, not compiled; a new one (a changed
class, another attrs) is compiled as always and kept for the next start. The
one part of the source that changes from run to run, the number each class's
``__hash__`` starts from (attrs takes it from the hash of a string, which
Python seeds at random per process), is kept out of the key and put into the
loaded code, so the classes are the same with or without the cache. Nothing
is written when Python writes no bytecode (``PYTHONDONTWRITEBYTECODE``) or
the folder cannot be written; a file that cannot be read is ignored. Only
:func:`referatkit.cli.run` uses it, around the whole command: a program that
imports referatkit compiles as it always does.
"""

from __future__ import annotations

import builtins
import contextlib
import marshal
import os
import re
import sys
from collections.abc import Iterator
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


#: The file names attrs gives the code it writes (``_generate_unique_filename``).
_ATTRS = "<attrs generated "


@contextlib.contextmanager
def attrs_code_cache() -> Iterator[None]:
    """While inside, the code attrs writes for a class (attrs's own classes too, made when
    attrs is imported: enter before that) is loaded from the cache when the same source
    was compiled before; on the way out, new code is kept.

    attrs compiles with the builtin :func:`compile`, which is wrapped meanwhile: a source
    whose file name is attrs's is looked up, anything else is compiled as always."""
    path = cache_file()
    known = _load(path)
    new: dict[Key, CodeType] = {}
    real = builtins.compile

    def cached(source: Any, filename: Any, mode: str, *more: Any, **options: Any) -> Any:
        if more or options or mode != "exec" or not isinstance(source, str):
            return real(source, filename, mode, *more, **options)
        if not isinstance(filename, str) or not filename.startswith(_ATTRS):
            return real(source, filename, mode)
        kept, number = _without_type_hash(source)
        key = (kept, filename)
        code = known.get(key)
        if code is None:
            code = new[key] = real(kept, filename, mode)
        return code if number is None else _with_type_hash(code, number)

    builtins.compile = cached
    try:
        yield
    finally:
        builtins.compile = real
        if new and not sys.dont_write_bytecode:
            kept = known if len(known) + len(new) <= _MAX_ENTRIES else {}
            _save(path, {**kept, **new})
