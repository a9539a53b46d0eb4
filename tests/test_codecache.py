"""The command line's cache of the code attrs writes: the same classes, compiled once."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from referatkit._codecache import attrs_code_cache, cache_file

from .conftest import EXAMPLES


def _define() -> type:
    @attrs.frozen
    class Point:
        x: int = attrs.field(validator=attrs.validators.instance_of(int))
        label: str = "p"

    return Point


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = builtins.compile

    def counting(source: Any, filename: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(str(filename))
        return real(source, filename, *args, **kwargs)

    monkeypatch.setattr(builtins, "compile", counting)
    return seen


def test_a_class_is_compiled_once_and_is_the_same_class(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    seen = _compiles(monkeypatch)
    with attrs_code_cache():
        first = _define()
    assert cache_file().is_file() and cache_file().parent == tmp_path / "referatkit"
    compiled = len(seen)
    assert any("attrs generated" in name for name in seen)
    with attrs_code_cache():
        again = _define()
    assert len(seen) == compiled  # loaded, not compiled
    # The number attrs starts __hash__ with is this process's (attrs takes it from a string's
    # hash, seeded per process), as attrs itself puts it in.
    name = f"<attrs generated hash {again.__module__}.{again.__qualname__}>"
    assert hash(name) in again.__hash__.__code__.co_consts
    a, b = first(1, "a"), again(1, "a")
    assert (a.x, a.label) == (b.x, b.label) and hash(again(1, "a")) == hash(b)
    assert again(2) == again(2) and again(2) != again(3)
    with pytest.raises(TypeError, match="'x' must be <class 'int'>"):
        again("2")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        b.x = 3  # type: ignore[misc]


def test_nothing_is_written_without_bytecode_and_a_spoilt_file_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    with attrs_code_cache():
        _define()
    assert not cache_file().exists()
    cache_file().parent.mkdir(parents=True)
    cache_file().write_bytes(b"\x00not marshal")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    with attrs_code_cache():
        point = _define()
    assert point(1) == point(1)
    assert cache_file().read_bytes() != b"\x00not marshal"  # made afresh


def test_the_command_line_writes_the_same_files_with_the_cache(tmp_path: Path) -> None:
    """A conversion that fills the cache and one that uses it give the same bytes."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    outputs = []
    for run in range(2):
        out = tmp_path / f"r{run}.odt"
        subprocess.run(
            [sys.executable, "-c", "from referatkit.cli import run; run()", "convert", "-q",
             str(EXAMPLES / "referat-byudvalget.txt"), str(out)],
            check=True, env=env,
        )  # fmt: skip
        outputs.append(out.read_bytes())
        assert list((tmp_path / "cache" / "referatkit").iterdir())
    assert outputs[0] == outputs[1]
