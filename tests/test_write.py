"""write(): through symlinks, keeping permissions, synced, directly into pipes, one-line errors."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import referatkit
from referatkit._api import atomic_write
from referatkit.cli import main

from .conftest import EXAMPLES

EXAMPLE = EXAMPLES / "referat-byudvalget.txt"


@pytest.fixture(scope="module")
def meeting() -> referatkit.Meeting:
    return referatkit.read(EXAMPLE)


def test_a_symlinked_target_stays_a_link_and_its_target_is_written(
    tmp_path: Path, meeting: referatkit.Meeting
) -> None:
    real = tmp_path / "arkiv" / "referat.txt"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "seneste.txt"
    link.symlink_to(real)
    referatkit.write(meeting, link)
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == referatkit.render(meeting, "text")
    assert sorted(p.name for p in real.parent.iterdir()) == ["referat.txt"]  # no temporary file left


def test_the_target_keeps_its_permissions(tmp_path: Path, meeting: referatkit.Meeting) -> None:
    target = tmp_path / "referat.odt"
    target.write_bytes(b"old")
    target.chmod(0o600)
    referatkit.write(meeting, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes()[:2] == b"PK"


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path, meeting: referatkit.Meeting) -> None:
    target = tmp_path / "referat.txt"
    umask = os.umask(0o022)
    try:
        referatkit.write(meeting, target)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_the_file_and_its_folder_are_synced_before_and_after_the_rename(
    tmp_path: Path, meeting: referatkit.Meeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "referat.txt"
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    referatkit.write(meeting, target)
    assert events == ["fsync file", "rename", "fsync folder"]


def test_a_pipe_is_written_directly(tmp_path: Path, meeting: referatkit.Meeting) -> None:
    fifo = tmp_path / "rør.txt"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    referatkit.write(meeting, fifo, "text")
    reader.join(10)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received == [referatkit.render(meeting, "text").encode("utf-8")]


def test_dev_stdout_is_written_not_replaced(tmp_path: Path) -> None:
    """``convert … /dev/stdout`` prints the document; /dev/stdout is left as it was."""
    before = os.lstat("/dev/stdout")
    script = "import sys; from referatkit.cli import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run(
        [sys.executable, "-c", script, "convert", str(EXAMPLE), "/dev/stdout", "--to", "text"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("REFERAT Byudvalget")
    after = os.lstat("/dev/stdout")
    assert (stat.S_IFMT(after.st_mode), after.st_ino) == (stat.S_IFMT(before.st_mode), before.st_ino)


def test_a_read_only_file_system_is_a_one_line_write_error(
    tmp_path: Path, meeting: referatkit.Meeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "referat.txt"
    target.write_text("old", encoding="utf-8")
    real_open = os.open

    def read_only(path: str, flags: int, mode: int = 0o777) -> int:
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(referatkit.WriteError) as caught:
        referatkit.write(meeting, target)
    assert str(caught.value) == f"{target}: kan ikke skrives: filsystemet er skrivebeskyttet"
    assert target.read_text(encoding="utf-8") == "old"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: p / "mangler" / "referat.txt",
            "kan ikke skrives: filen eller en mappe i stien findes ikke",
        ),
        # (An existing folder as the output is an output folder to the command line: docs/cli.md.)
        (
            lambda p: (p / "fil").write_text("x") and p / "fil" / "referat.txt",
            "kan ikke skrives: en del af stien er ikke en mappe",
        ),
    ],
)
def test_the_cli_shows_a_write_error_in_one_line(
    tmp_path: Path, make: object, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = make(tmp_path)  # type: ignore[operator]
    assert main(["convert", str(EXAMPLE), str(target)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"referatkit: {target}: {message}"]


def test_atomic_write_takes_a_str_path(tmp_path: Path) -> None:
    atomic_write(str(tmp_path / "a.txt"), "hej")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "hej"


def test_a_folder_as_the_target_is_a_write_error(tmp_path: Path, meeting: referatkit.Meeting) -> None:
    (tmp_path / "referat.txt").mkdir()
    with pytest.raises(referatkit.WriteError, match=r"referat\.txt: er en mappe, ikke en fil$"):
        referatkit.write(meeting, tmp_path / "referat.txt")
