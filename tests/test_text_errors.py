"""Bad input: a clear ReadError naming the file, the line and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

import referatkit
from referatkit import ReadError

from .support import GOOD


def _read_error(tmp_path: Path, content: bytes | str, name: str = "referat.txt") -> ReadError:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    with pytest.raises(ReadError) as info:
        referatkit.read(path)
    error = info.value
    assert error.source == str(path)
    assert "\n" not in str(error) and str(error).startswith(str(path))
    return error


def test_good_document_reads(tmp_path: Path) -> None:
    path = tmp_path / "referat.txt"
    path.write_text(GOOD, encoding="utf-8")
    meeting = referatkit.read(path)
    assert [i.title for i in meeting.items] == ["Godkendelse af dagsorden"]


def test_not_utf8(tmp_path: Path) -> None:
    error = _read_error(tmp_path, GOOD.replace("Godkendt.", "Godkendt æ.").encode("latin-1"))
    # The first byte that is not UTF-8 is the "ø" of "Mødedato".
    assert (error.line, error.column) == (3, 2)
    assert "UTF-8" in error.message


def test_empty(tmp_path: Path) -> None:
    for content in ["", "\n\n  \t\n"]:
        error = _read_error(tmp_path, content)
        assert error.line == 1 and "tom" in error.message


def test_binary(tmp_path: Path) -> None:
    error = _read_error(tmp_path, b"%PDF-1.4\n\x00\x01\x02\xff", "referat.txt")
    assert error.line == 2 and "binær" in error.message


def test_no_agenda_item(tmp_path: Path) -> None:
    head = GOOD.split("Punkt 1", maxsplit=1)[0].replace("BU - Godkendelse af dagsorden.....\t2\n", "")
    error = _read_error(tmp_path, head)
    assert "ingen dagsordenspunkter" in error.message
    assert error.line == 5


def test_unknown_title_line(tmp_path: Path) -> None:
    error = _read_error(tmp_path, "Hej med dig\n\n" + GOOD)
    assert error.line == 1 and "titellinje" in error.message


def test_weekday_must_match_the_date(tmp_path: Path) -> None:
    error = _read_error(tmp_path, GOOD.replace("Tirsdag", "Onsdag"))
    assert error.line == 3 and "ugedagen 'Onsdag'" in error.message


def test_title_and_meeting_date_must_agree(tmp_path: Path) -> None:
    error = _read_error(tmp_path, GOOD.replace("d. 14-01-2025", "d. 15-01-2025"))
    assert error.line == 3 and "titellinjen" in error.message


def test_table_of_contents_must_match(tmp_path: Path) -> None:
    error = _read_error(tmp_path, GOOD.replace("BU - Godkendelse af dagsorden.....", "BU - Andet.....", 1))
    assert error.line == 7 and "indholdsfortegnelsen" in error.message


def test_text_outside_a_section(tmp_path: Path) -> None:
    error = _read_error(tmp_path, GOOD.replace("Beslutning\n\nGodkendt.", "Godkendt.\n\nIgen."))
    assert error.line == 13 and "afsnitsoverskrift" in error.message


def test_invalid_model_value_is_a_read_error(tmp_path: Path) -> None:
    error = _read_error(tmp_path, GOOD.replace("Mødedato", "Mødested \u2028\n\nMødedato"))
    assert error.line == 3 and "ugyldig værdi: feltet place må ikke være tomt" in error.message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="findes ikke"):
        referatkit.read(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="mappe"):
        referatkit.read(tmp_path)


def test_lenient_input_forms_read_the_same(tmp_path: Path) -> None:
    canonical = referatkit.read(GOOD, format="text")
    for variant in [
        "\ufeff" + GOOD,
        GOOD.replace("\n", "\r\n"),
        GOOD.replace("\n", "\r"),
        "\n\n" + GOOD + "\n\n\n",
    ]:
        assert referatkit.read(variant.encode("utf-8"), format="text") == canonical


def test_a_form_feed_does_not_make_a_sentence_a_sub_heading() -> None:
    meeting = referatkit.read(GOOD.replace("Godkendt.", "Ok.\x0c\n\nMere."), format="text")
    assert [type(b).__name__ for b in meeting.items[0].decisions[0].body] == ["Paragraph", "Paragraph"]


def test_absurdly_deep_lists_are_a_read_error(tmp_path: Path) -> None:
    deep = GOOD + "\n" + "\n".join(" " * i + "- x" for i in range(200))
    error = _read_error(tmp_path, deep)
    assert "indlejret" in error.message


@pytest.mark.parametrize(
    ("table", "line", "message"),
    [
        ("| a | b |\n| c | d |", 15, "tabellen mangler stregen under overskriftsrækkerne"),
        ("|---|---|\n| a | b", 16, "en tabellinje skal slutte med '|'"),
        ("|---|---|\n| a |", 16, "tabelrækken har 1 kolonner, men stregen under overskriftsrækkerne har 2"),
        ("|---|---|\n| a  ||\n| c | ^ |", 17, "'^' i tabellen står ikke under begyndelsen af en celle"),
        ("|---|---|\n| a  ||\n| ^ | c |", 17, "'^' i tabellen har ikke samme bredde som cellen over den"),
        ("|---|---|\n|| a |", 16, "en tabelrække kan ikke begynde med '||'"),
        ("| a | b |\n|---|---|\n| ^ | c |", 15, "en overskriftscelle må ikke række ned i tabellen"),
        ("|---|\n| a |\n| ^ |", 15, "tabellen kan ikke læses: rows[1]: en række skal have mindst én celle"),
    ],
)
def test_tables_that_cannot_be_read(tmp_path: Path, table: str, line: int, message: str) -> None:
    error = _read_error(tmp_path, GOOD.replace("Godkendt.", table))
    assert error.line == line and message in error.message
