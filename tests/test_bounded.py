"""Issue 29's smaller findings, and the work budget every reading has (formats/_limits.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import attrs
import pytest

import referatkit
from referatkit import LossWarning, ReadError, WriteError, cli
from referatkit._api import _temporary_name
from referatkit.batch import convert_many
from referatkit.errors import ConfigurationError
from referatkit.formats._limits import MAX_WORK, MAX_WORK_VARIABLE, WORK_BASE, charge, reading, work_limit
from referatkit.model import Paragraph, SectionKind, Text, TextSection

from .conftest import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def meeting() -> referatkit.Meeting:
    return referatkit.read(EXAMPLES / "referat-byudvalget.txt")


# --- the budget --------------------------------------------------------------------------


def test_the_budget_grows_with_the_input_and_stops_at_max_work() -> None:
    assert work_limit(0) == WORK_BASE
    assert work_limit(100 * 1024) > work_limit(10 * 1024) > WORK_BASE
    assert work_limit(64 * 1024 * 1024) == MAX_WORK


def test_a_trusted_large_document_is_read_with_the_most_work_raised(
    meeting: referatkit.Meeting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The example as referatkit XML with 95,000 clauses more: 3 MB, over the default cap of
    # work (about 88,000 are admitted, tests/fuzz/test_bounds.py).
    data = referatkit.render(meeting, "xml")
    at = data.index(b"<clause ")
    source = tmp_path / "stort.xml"
    source.write_bytes(
        data[:at] + b"".join(b'<clause id="c%d">a</clause>' % n for n in range(95_000)) + data[at:]
    )
    monkeypatch.delenv(MAX_WORK_VARIABLE, raising=False)
    with pytest.raises(ReadError) as caught:
        referatkit.read(source)
    message = str(caught.value)
    assert message.startswith(f"{source}:") and f"({MAX_WORK} arbejdsenheder" in message
    assert message.endswith(f"sæt miljøvariablen REFERATKIT_MAX_WORK til flere arbejdsenheder end {MAX_WORK}")
    # Raised, it reads; a process of the command line (and its workers) takes it from there.
    monkeypatch.setenv(MAX_WORK_VARIABLE, "2_000_000")
    assert work_limit(64 * 1024 * 1024) == 2_000_000
    done = subprocess.run(
        [sys.executable, "-m", "referatkit", "convert", "-q", str(source), str(tmp_path / "stort.json")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert referatkit.read(tmp_path / "stort.json").items[0] == referatkit.read(source).items[0]
    # A value that is no number of units is said, in Danish, before anything is read.
    for bad in ("mange", "-1", "1000", "\u0663" * 7):
        monkeypatch.setenv(MAX_WORK_VARIABLE, bad)
        with pytest.raises(
            ConfigurationError, match=f"skal være et helt antal arbejdsenheder på mindst {WORK_BASE}"
        ):
            referatkit.read(source)
    done = subprocess.run(
        [sys.executable, "-m", "referatkit", "convert", "-q", str(source), str(tmp_path / "ud.json")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode != 0 and "REFERATKIT_MAX_WORK skal være" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "ud.json").exists()


def test_a_charge_past_the_budget_is_a_read_error_naming_the_input_and_what_was_made() -> None:
    with pytest.raises(ReadError) as caught, reading(2048, "møde.xml"):
        charge(work_limit(2048), "afsnit")
        charge(1, "afsnit i Word-filen")
    assert caught.value.source == "møde.xml"
    assert "afsnit i Word-filen" in str(caught.value) and "2048 bytes" in str(caught.value)


def test_a_reading_inside_another_charges_the_outer_one() -> None:
    with reading(0, "ydre") as outer:
        charge(10, "x")
        with reading(10**9, "indre") as inner:
            charge(5, "x")
        assert inner is outer and outer.spent == 15


def test_outside_a_reading_nothing_is_charged() -> None:
    charge(MAX_WORK * 10, "x")  # a helper called on its own: no budget, no error


def test_each_thread_has_its_own_budget() -> None:
    spent: list[int] = []

    def read_one() -> None:
        with reading(0, "tråd") as budget:
            charge(WORK_BASE // 2, "x")
            spent.append(budget.spent)

    threads = [threading.Thread(target=read_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert spent == [WORK_BASE // 2] * 4


def test_every_registered_reader_reads_within_a_budget() -> None:
    """The registry opens the budget: an export whose HTML fields would cost more than its
    size allows is refused, before they are parsed."""
    from .fuzz.amplify import esdh_paragraph_flood  # noqa: PLC0415

    with pytest.raises(ReadError, match="HTML i eksportens felter"):
        referatkit.read(esdh_paragraph_flood(20_000), "sbsys")
    assert referatkit.read(esdh_paragraph_flood(2_000), "sbsys").items


# --- write and render: every bad argument a WriteError ---------------------------------------


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"edition": "bogus"}, "ukendt udgave 'bogus'"),
        ({"labels": "dansk"}, "labels skal være et referatkit.Labels, ikke str"),
        ({"verify": "ja"}, "verify skal være True eller False"),
    ],
)
def test_a_bad_argument_to_write_is_a_write_error_in_danish(
    meeting: referatkit.Meeting, arguments: dict[str, object], expected: str, tmp_path: Path
) -> None:
    with pytest.raises(WriteError, match=expected):
        referatkit.write(meeting, tmp_path / "ud.txt", **arguments)  # type: ignore[arg-type]
    assert not list(tmp_path.iterdir())


def test_a_meeting_that_is_no_meeting_is_a_write_error() -> None:
    with pytest.raises(WriteError, match=r"mødet skal være et referatkit\.Meeting, ikke NoneType"):
        referatkit.render(None, "text")  # type: ignore[arg-type]


def _broken(meeting: referatkit.Meeting, **fields: object) -> referatkit.Meeting:
    """The meeting with fields set past its validators, as careless code can."""
    copy = attrs.evolve(meeting)
    for name, value in fields.items():
        object.__setattr__(copy, name, value)
    return copy


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"items": (None,)}, "items[0] er NoneType, ikke Item"),
        ({"forum": "Byudvalget"}, "forum er str, ikke Forum"),
        ({"start": "2025-01-14"}, "start er str, ikke datetime"),
    ],
)
@pytest.mark.parametrize("format", ["text", "html", "xml", "odt", "akn"])
def test_a_broken_model_is_a_write_error_naming_the_field(
    meeting: referatkit.Meeting, fields: dict[str, object], expected: str, format: str
) -> None:
    with pytest.raises(WriteError, match=re.escape(f"modellen er ugyldig: {expected}")):
        referatkit.render(_broken(meeting, **fields), format)


def test_a_broken_section_deep_in_the_model_is_named_by_its_path(meeting: referatkit.Meeting) -> None:
    item = attrs.evolve(meeting.items[1])
    object.__setattr__(item, "sections", (item.sections[0], 5))
    broken = _broken(meeting, items=(meeting.items[0], item))
    with pytest.raises(WriteError, match=r"items\[1\]\.sections\[1\] er int"):
        referatkit.render(broken, "text")


# --- the file name in every warning --------------------------------------------------------


def test_a_warning_about_the_whole_document_names_the_file(
    meeting: referatkit.Meeting, tmp_path: Path
) -> None:
    """A text too large for the text reader to take back: the warning names the file, not ': :'."""
    big = TextSection(SectionKind.PRESENTATION, [Paragraph([Text("ord " * 600_000)])])
    large = attrs.evolve(meeting, items=(attrs.evolve(meeting.items[0], sections=(big,)),))
    target = tmp_path / "stor.txt"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        referatkit.write(large, target, verify=True)
    messages = [str(w.message) for w in caught if issubclass(w.category, LossWarning)]
    assert messages, "no warning"
    assert all(": : " not in message for message in messages)
    assert any(
        message.startswith(f"text: {target}: dokumentet: dokumentet kan ikke læses tilbage")
        for message in messages
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        referatkit.render(large, "text", verify=True)
    assert any(str(w.message).startswith("text: dokumentet: ") for w in caught)


# --- the command line --------------------------------------------------------------------------


def test_validate_of_a_folder_without_inputs_says_so_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "noter.md").write_text("intet referat her\n", encoding="utf-8")
    assert cli.main(["validate", str(tmp_path)]) == 1
    assert f"fandt ingen filer at kontrollere i {tmp_path}" in capsys.readouterr().err


_INTERRUPT_ON_THE_WAY_OUT = """
import atexit, os, signal, sys, time
from referatkit import cli
# A Ctrl-C once the output is written, while Python runs its exit handlers.
atexit.register(lambda: (os.kill(os.getpid(), signal.SIGINT), time.sleep(2)))
sys.argv = ["referatkit", "convert", sys.argv[1], "-o", sys.argv[2]]
cli.run()
"""


def test_ctrl_c_after_the_output_is_written_exits_130_quietly(tmp_path: Path) -> None:
    output = tmp_path / "ud.html"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _INTERRUPT_ON_THE_WAY_OUT,
            str(EXAMPLES / "referat-byudvalget.txt"),
            str(output),
        ],
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr
    assert output.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- stale temporary files -----------------------------------------------------------------


def _ended_process() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_write_removes_what_a_killed_write_of_the_same_file_left(
    meeting: referatkit.Meeting, tmp_path: Path
) -> None:
    target = tmp_path / "referat.txt"
    killed = tmp_path / _temporary_name(target.name, _ended_process())  # kill -9 between write and rename
    killed.write_bytes(b"halvt skrevet")
    running = tmp_path / _temporary_name(target.name, os.getpid())  # a write under way: not ours to take
    running.write_bytes(b"under skrivning")
    other = tmp_path / ".referat.txt.backup.tmp"  # a name that is not ours
    other.write_bytes(b"andet")
    neighbour = tmp_path / _temporary_name("andet.txt", _ended_process())  # another file's: left alone
    neighbour.write_bytes(b"andet")
    referatkit.write(meeting, target)
    assert not killed.exists()
    assert running.exists() and other.exists() and neighbour.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [target.name, running.name, other.name, neighbour.name]
    )


def test_a_batch_that_skips_an_output_removes_what_a_killed_write_of_it_left(tmp_path: Path) -> None:
    # --skip-existing does not write an output that is there, so nothing removed the temporary
    # file a worker killed mid-write had left beside it (its process ended since).
    source = tmp_path / "referat.txt"
    source.write_bytes((EXAMPLES / "referat-byudvalget.txt").read_bytes())
    out = tmp_path / "ud"
    out.mkdir()
    (out / "referat.xml").write_bytes(referatkit.render(referatkit.read(source), "xml"))
    killed = out / _temporary_name("referat.xml", _ended_process())
    killed.write_bytes(b"halvt skrevet")
    report = convert_many([source], out, ["xml"], skip_existing=True)
    assert [r.status for r in report.results] == ["skipped"]
    assert sorted(p.name for p in out.iterdir()) == ["referat.xml"]


def test_a_stale_file_of_an_earlier_version_is_removed_only_when_old(
    meeting: referatkit.Meeting, tmp_path: Path
) -> None:
    target = tmp_path / "referat.txt"
    old = tmp_path / ".referat.txt.0a1b2c3d.tmp"  # no process number in the name
    fresh = tmp_path / ".referat.txt.4e5f6a7b.tmp"
    old.write_bytes(b"x")
    fresh.write_bytes(b"x")
    os.utime(old, (0, 0))
    referatkit.write(meeting, target)
    assert not old.exists() and fresh.exists()
