"""The public API (read, render, write, formats) and the command line."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import referatkit
from referatkit import (
    AttendanceStatus,
    DocumentKind,
    Forum,
    Item,
    LossWarning,
    Meeting,
    Participant,
    localize,
)
from referatkit.cli import main

from .conftest import EXAMPLES
from .test_text_errors import GOOD

EXAMPLE = EXAMPLES / "referat-byudvalget.txt"


def test_public_names() -> None:
    for name in ["read", "render", "write", "formats", "validate", "Meeting", "ReadError", "LossWarning"]:
        assert name in referatkit.__all__
    meeting = referatkit.read(GOOD, format="text")
    assert meeting.items[0].number == "1" and meeting.items[0].title == "Godkendelse af dagsorden"


def test_formats_lists_readers_and_writers() -> None:
    text = next(f for f in referatkit.formats() if f.name == "text")
    assert text.can_read and text.can_write and ".txt" in text.suffixes


def test_read_accepts_path_bytes_text_and_file_objects(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(GOOD, encoding="utf-8")
    expected = referatkit.read(path)
    assert referatkit.read(str(path)) == expected
    assert referatkit.read(GOOD.encode("utf-8")) == expected  # detected from content
    assert referatkit.read(GOOD) == expected
    assert referatkit.read(io.BytesIO(GOOD.encode("utf-8")), format="text") == expected
    assert referatkit.read(io.StringIO(GOOD), format="text") == expected


def test_unknown_formats_are_reported() -> None:
    with pytest.raises(referatkit.FormatError, match="ukendt format 'rtf'"):
        referatkit.render(referatkit.read(GOOD), "rtf")
    with pytest.raises(referatkit.ReadError, match="kan ikke afgøre formatet"):
        referatkit.read(b"\x89PNG not a referat")


def _meeting_with_attendance() -> Meeting:
    return Meeting(
        forum=Forum(name="Byudvalget"),
        kind=DocumentKind.MINUTES,
        start=localize(dt.datetime(2025, 1, 14, 16, 0)),
        attendance=(Participant(name="Anna Jensen", party="A", status=AttendanceStatus.APOLOGIES),),
        items=(Item(number="1", title="Evt.", public=False),),
    )


def test_writer_warns_for_what_the_layout_cannot_show() -> None:
    with pytest.warns(LossWarning) as record:
        text = referatkit.render(_meeting_with_attendance(), "text")
    paths = sorted(w.message.path for w in record if isinstance(w.message, LossWarning))
    assert paths == ["attendance", "items[0].public"]
    assert "fremmøde kan ikke vises" in str(record[0].message)
    assert "Punkt 1: Evt." in text


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "referat.txt"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(referatkit.WriteError, match="kan ikke skrives"):
        referatkit.write(referatkit.read(GOOD), target)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["referat.txt"]


def test_write_respects_the_umask(tmp_path: Path) -> None:
    out = referatkit.write(referatkit.read(GOOD), tmp_path / "r.txt")
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


# --- command line ------------------------------------------------------------------


def test_cli_convert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.txt"
    assert main(["convert", str(EXAMPLE), str(out)]) == 0
    assert out.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8").strip()
    stdout = capsys.readouterr().out
    assert "referat for Byudvalget 14-01-2025: 6 punkter" in stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "tom"),
        (b"\x00\x01binary", "binær"),
        ("REFERAT Byudvalget d. 14-01-2025\n\nMødedato æ\n".encode("latin-1"), "UTF-8"),
        (GOOD.split("Punkt 1")[0].encode("utf-8"), "ingen dagsordenspunkter"),
    ],
)
def test_cli_bad_input(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out.txt"
    result = subprocess.run(
        [sys.executable, "-m", "referatkit", "convert", str(bad), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert str(bad) in result.stderr and message in result.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt"]


def test_cli_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["convert"])
    assert info.value.code == 2
    assert main(["convert", str(EXAMPLE), str(tmp_path / "x.rtf")]) == 2
    assert "endelsen '.rtf'" in capsys.readouterr().err
    assert not (tmp_path / "x.rtf").exists()


def test_cli_strict_refuses_lossy_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.txt"
    referatkit.write(referatkit.read(GOOD), source)
    assert main(["convert", "--strict", str(source), str(tmp_path / "ok.txt")]) == 0
    assert (tmp_path / "ok.txt").exists()
    # A source that holds more than the text layout shows (attendance, a closed item).
    monkeypatch.setattr("referatkit._api.read", lambda *a, **k: _meeting_with_attendance())
    capsys.readouterr()
    assert main(["convert", "--strict", str(source), str(tmp_path / "lossy.txt")]) == 1
    err = capsys.readouterr().err
    assert "advarsel: text: attendance" in err and "ikke skrevet" in err
    assert not (tmp_path / "lossy.txt").exists()
    assert main(["convert", str(source), str(tmp_path / "lossy.txt")]) == 0
    assert "advarsel: text: items[0].public" in capsys.readouterr().err


def test_cli_formats_and_info(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats"]) == 0
    listed = {line.split()[0]: line.split()[1] for line in capsys.readouterr().out.splitlines()}
    assert listed == {
        "acadre": "læs",
        "akn": "skriv",
        "docx": "læs",
        "edoc": "læs",
        "edoc-fujitsu": "læs",
        "firstagenda": "læs",
        "firstagenda-html": "læs",
        "sbsys": "læs",
        "sbsys-dagsorden": "læs",
        "html": "skriv",
        "odt": "læs/skriv",
        "pdf": "læs/skriv",
        "text": "læs/skriv",
        "xml": "læs/skriv",
    }
    assert main(["info", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("  1. BU - ")


def test_unencodable_text_is_reported_not_crashed(tmp_path: Path) -> None:
    meeting = referatkit.read(GOOD)
    bad = meeting.items[0].__class__(number="1", title="Budget \ud800")
    broken = referatkit.Meeting(forum=meeting.forum, kind=meeting.kind, start=meeting.start, items=(bad,))
    assert any("U+D800" in p.message for p in referatkit.validate(broken))
    for fmt in ("text", "odt", "xml", "html", "akn"):
        with pytest.raises(referatkit.WriteError, match=r"items\[0\]\.title: .*U\+D800"):
            referatkit.render(broken, fmt)
    with pytest.raises(referatkit.WriteError, match="U\\+D800"):
        referatkit.write(broken, tmp_path / "x.txt")
    assert list(tmp_path.iterdir()) == []


def test_every_loss_is_reported_grouped_by_kind() -> None:
    base = referatkit.read(GOOD)
    items = tuple(
        Item(number=str(n), title=f"Sag {n}", identifier=f"id-{n}", public=n % 2 == 0) for n in range(1, 61)
    )
    meeting = referatkit.Meeting(
        forum=Forum(name="Byudvalget"), kind=base.kind, start=base.start, items=items
    )
    with pytest.warns(LossWarning) as record:
        referatkit.render(meeting, "text")
    losses = [w.message for w in record if isinstance(w.message, LossWarning)]
    by_path = {w.path: w for w in losses}
    assert sorted(by_path) == ["items[0].identifier", "items[0].public"]
    assert len(by_path["items[0].identifier"].paths) == 60
    assert by_path["items[0].identifier"].paths[-1] == "items[59].identifier"
    assert len(by_path["items[0].public"].paths) == 30
    assert "og 59 steder mere" in str(by_path["items[0].identifier"])


def test_the_repeated_hour_is_not_lost_silently() -> None:
    base = referatkit.read(GOOD)
    # 02:30 after summer time ended on 27 October 2024 (the second 02:30).
    second = dt.datetime(2024, 10, 27, 1, 30, tzinfo=dt.UTC)
    meeting = referatkit.Meeting(forum=base.forum, kind=base.kind, start=second, items=base.items)
    assert meeting.start.fold == 1
    with pytest.warns(LossWarning, match="start"):
        text = referatkit.render(meeting, "text")
    assert "kl. 02:30" in text
    assert referatkit.read(text) != meeting


def test_read_recognises_content_behind_any_suffix(tmp_path: Path) -> None:
    for name in ["referat", "referat.dat", "REFERAT.TXT"]:
        path = tmp_path / name
        path.write_text(GOOD, encoding="utf-8")
        assert referatkit.read(path).items[0].title == "Godkendelse af dagsorden"
    assert referatkit.read(GOOD.replace("\n", "\r")).items[0].number == "1"
    strange = tmp_path / "noter.dat"
    strange.write_text("noget helt andet", encoding="utf-8")
    with pytest.raises(referatkit.ReadError, match="kan ikke afgøre formatet"):
        referatkit.read(strange)
