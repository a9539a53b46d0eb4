"""The writer contract: every writer reports every loss, and the API is typed per format."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from hypothesis import given
from mypy import api as mypy_api

import referatkit
from referatkit.model import Meeting, differences

from .conftest import EXAMPLES, ROOT
from .strategies import meetings

# PDF reads as a printed referat (docs/printed.md), not as the writer's whole model:
# its read-back is proven for the meetings a print shows (tests/test_printed_roundtrip.py).
READABLE = [f.name for f in referatkit.formats() if f.can_read and f.can_write and f.name != "pdf"]


def test_the_readable_writers_are_the_ones_proven_here() -> None:
    assert READABLE == ["json", "odt", "text", "xml"]
    both_ways = {f.name for f in referatkit.formats() if f.can_read and f.can_write}
    assert both_ways == {"json", "odt", "pdf", "text", "xml"}


@given(meeting=meetings())
def test_a_writer_reports_every_loss_its_reader_would_find(meeting: Meeting) -> None:
    """Read-back proves the reports: whatever differs after a round trip was reported.

    Every readable writer is checked on each drawn meeting, so each of them on as many
    meetings as the profile draws: drawing a meeting is most of the time, and it was
    done once a writer when the writers were parameters (issue 23)."""
    for fmt in READABLE:
        _check_reports(meeting, fmt)


def _check_reports(meeting: Meeting, fmt: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", referatkit.LossWarning)
        output = referatkit.render(meeting, fmt)
    reported = [p for w in caught if isinstance(w.message, referatkit.LossWarning) for p in w.message.paths]
    data = output.encode("utf-8", "surrogatepass") if isinstance(output, str) else output
    try:
        back = referatkit.read(data, format=fmt)
    except referatkit.ReadError:
        assert "" in reported, f"{fmt}: the output cannot be read back, and the writer did not say so"
        return
    for path in differences(meeting, back):
        assert any(p in ("", path) or path.startswith((p + ".", p + "[")) for p in reported), (fmt, path)


def test_verify_reads_back_and_reports_what_differs() -> None:
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", referatkit.LossWarning)
        referatkit.render(meeting, "xml", verify=True)
        referatkit.render(meeting, "text", verify=True)
    assert caught == []


def test_a_format_takes_only_its_own_options() -> None:
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    with pytest.raises(referatkit.WriteError, match="formatet 'odt' tager OdtOptions, ikke HtmlOptions"):
        referatkit.render(meeting, "odt", options=referatkit.HtmlOptions())  # type: ignore[call-overload]


def test_render_is_typed_per_format_and_a_misspelled_option_is_a_type_error(tmp_path: Path) -> None:
    program = tmp_path / "brug.py"
    program.write_text(
        "import referatkit\n"
        "m = referatkit.read('x.txt')\n"
        "reveal_type(referatkit.render(m, 'odt'))\n"
        "reveal_type(referatkit.render(m, 'html'))\n"
        "referatkit.render(m, 'html', options=referatkit.HtmlOptions(fragmnt=True))\n"
        "referatkit.render(m, 'text', editon='public')\n",
        encoding="utf-8",
    )
    out, _, status = mypy_api.run(
        ["--strict", "--no-incremental", "--cache-dir=/dev/null", "--python-version=3.11", str(program)]
    )
    lines = [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith(str(program))]
    assert status == 1
    assert 'Revealed type is "bytes"' in lines[0]
    assert 'Revealed type is "str"' in lines[1]
    assert any("fragmnt" in line for line in lines), out
    assert any("editon" in line and ":6:" in line for line in out.splitlines()), out
    assert ROOT.is_dir()
