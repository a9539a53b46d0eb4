"""The one typed error boundary: the model's errors carry field and code, readers word them in Danish."""

from __future__ import annotations

import json
import pickle
import re
import string
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import referatkit
from referatkit.l10n.messages import DANISH_MESSAGES, danish, say
from referatkit.model import (
    Code,
    Item,
    Meeting,
    ModelError,
    ModelTypeError,
    ModelValueError,
    Table,
    TableCell,
)
from referatkit.model._errors import refuse

from .conftest import EXAMPLES
from .strategies import items, meetings

EXAMPLE = EXAMPLES / "referat-byudvalget.txt"
_ONE: Any = 1  # a number where the model takes a str


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _english_fragments(code: Code) -> list[str]:
    """The literal pieces of ``code``'s English template long enough to be words, not names."""
    pieces = re.split(r"\{[^}]*\}", code.english.replace("{{...}}", ""))
    return [piece.strip(" :;,()") for piece in pieces if len(piece.strip(" :;,()")) >= 8]


_ALL_ENGLISH = sorted({fragment for code in Code for fragment in _english_fragments(code)}, key=len)


def _english_in(message: str) -> list[str]:
    return [fragment for fragment in _ALL_ENGLISH if fragment in message]


# --- the model's errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "kind", "field", "code", "english"),
    [
        (lambda: Item(number="1", title=""), ModelValueError, "title", Code.EMPTY, "title must not be empty"),
        (lambda: Item(number="1 b", title="x"), ModelValueError, "number", Code.ITEM_NUMBER, None),
        (
            lambda: Item(number=_ONE, title="x"),
            ModelTypeError,
            "number",
            Code.NOT_STR,
            "number must be a str, not int",
        ),
        (
            lambda: Item(number="1", title="x", route=("KB", "k b")),
            ModelValueError,
            "route[1]",
            Code.ROUTE_PART,
            None,
        ),
        (lambda: TableCell("a", row_span=0), ModelValueError, "row_span", Code.SPAN, None),
        (
            lambda: Table([["a"], []]),
            ModelValueError,
            "rows[1].cells",
            Code.NO_CELLS,
            "rows[1]: cells must not be empty",
        ),
    ],
)
def test_a_model_error_carries_its_field_and_code(
    make: Any, kind: type[ModelError], field: str, code: Code, english: str | None
) -> None:
    with pytest.raises(kind) as caught:
        make()
    error = caught.value
    assert isinstance(error, ModelError)
    assert (error.field, error.code) == (field, code)
    # A rule about the kind of a value stays a TypeError, any other a ValueError, as attrs raises them.
    assert isinstance(error, TypeError) == (kind is ModelTypeError)
    assert isinstance(error, ValueError) == (kind is ModelValueError)
    if english is not None:
        assert str(error) == english


def test_the_values_a_message_shows_are_the_errors_params() -> None:
    with pytest.raises(ModelError) as caught:
        Meeting(forum=referatkit.Forum(name="Byudvalget"), kind=referatkit.DocumentKind.AGENDA, start="2025")  # type: ignore[arg-type]
    assert caught.value.code is Code.NOT_DATETIME
    assert dict(caught.value.params) == {"type": "str"}
    assert say(caught.value) == "start: forventede et tidspunkt, ikke str"


def test_a_model_error_crosses_a_process_boundary_whole() -> None:
    """The batch and the store read in worker processes: the error arrives with its code."""
    with pytest.raises(ModelError) as caught:
        Table([["a"], []])
    back = pickle.loads(pickle.dumps(caught.value))
    assert type(back) is ModelValueError
    assert (back.field, back.code, str(back), say(back)) == (
        "rows[1].cells",
        Code.NO_CELLS,
        "rows[1]: cells must not be empty",
        "rows[1]: en række skal have mindst én celle",
    )


def test_validate_problems_carry_codes_too() -> None:
    meeting = referatkit.read(EXAMPLE)
    twice = referatkit.validate(
        Meeting(
            forum=meeting.forum,
            kind=meeting.kind,
            start=meeting.start,
            items=(meeting.items[0], meeting.items[0]),
        )
    )
    assert [(p.path, p.code) for p in twice] == [("items[1].number", Code.NUMBER_TWICE)]
    assert say(twice[0]) == "items[1].number: punktnummeret '1' er brugt to gange (items[0])"


# --- the Danish of every code -------------------------------------------------------------------


def test_every_code_has_danish_text_naming_no_value_english_does_not() -> None:
    assert set(DANISH_MESSAGES) == set(Code)
    for code in Code:
        danish_names = _names(DANISH_MESSAGES[code])
        # Danish may leave out the field a sentence already names ("sidetallet"), never show
        # a value the error does not carry.
        assert danish_names <= _names(code.english) | {"field"}, code


_PARAM_VALUES = st.text(st.characters(codec="ascii", categories=("Nd", "Lu")), min_size=1, max_size=8)
_FIELDS = st.from_regex(r"[a-z_]{1,12}(\[[0-9]\])?", fullmatch=True)


@settings(max_examples=200)
@given(code=st.sampled_from(list(Code)), field=_FIELDS, data=st.data())
def test_every_code_is_worded_in_danish_without_english(code: Code, field: str, data: st.DataObject) -> None:
    params = {name: data.draw(_PARAM_VALUES, label=name) for name in _names(code.english) - {"field"}}
    error = refuse(field, code, **params)
    said = say(error)
    assert said == danish(code, field, params)
    assert not _english_in(said), (code, said)
    for name in _names(DANISH_MESSAGES[code]) - {"field"}:
        assert params[name] in said


# --- readers: the file, the place, the Danish of the code ---------------------------------------

#: (field of an item, a value the model refuses, the rule it breaks)
_SPOILS = (
    ("title", " ", Code.EMPTY),
    ("title", "to\nlinjer", Code.LINE_BREAK),
    ("public_title", "\t", Code.EMPTY),
    ("identifier", "a\rb", Code.LINE_BREAK),
)


def _with_an_item(meeting: Meeting, item: Item) -> Meeting:
    return attrs.evolve(meeting, items=meeting.items or (item,))


@settings(max_examples=25)
@given(meeting=st.builds(_with_an_item, meetings(), items()), data=st.data())
def test_a_spoiled_json_value_is_a_read_error_in_danish_naming_its_path(
    meeting: Meeting, data: st.DataObject
) -> None:
    document = json.loads(referatkit.render(meeting, "json"))
    index = data.draw(st.integers(0, len(meeting.items) - 1), label="item")
    field, value, code = data.draw(st.sampled_from(_SPOILS), label="spoil")
    document["items"][index][field] = value
    with pytest.raises(referatkit.ReadError) as caught:
        referatkit.read(json.dumps(document).encode(), format="json")
    message = str(caught.value)
    assert message == f"<data>: $.items[{index}]: ugyldig værdi: {danish(code, field, {})}"
    assert not _english_in(message)


@settings(max_examples=25)
@given(meeting=meetings(), spoil=st.sampled_from([(" ", Code.EMPTY), ("a&#10;b", Code.LINE_BREAK)]))
def test_a_spoiled_xml_value_is_a_read_error_in_danish_naming_line_and_element(
    meeting: Meeting, spoil: tuple[str, Code]
) -> None:
    data = referatkit.render(meeting, "xml").decode("utf-8")
    forum_name = re.compile(r"(<forum>\s*<name>).*?(</name>)", re.S)
    spoiled, count = forum_name.subn(rf"\g<1>{spoil[0]}\g<2>", data, count=1)
    assert count == 1
    line = data[: data.index("<forum>")].count("\n") + 1
    with pytest.raises(referatkit.ReadError) as caught:
        referatkit.read(spoiled.encode(), format="xml")
    expected = f"<data>:{line}: <forum>: ugyldig værdi: {danish(spoil[1], 'name', {})}"
    assert str(caught.value) == expected
    assert not _english_in(str(caught.value))


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("d. 14. januar 2025", "d. 31. februar 2025", 3, "ugyldigt tidspunkt: dagen findes ikke i måneden"),
        ("kl. 16:00-18:30", "kl. 25:00-18:30", 3, "ugyldigt tidspunkt: timen skal være 0-23"),
        ("kl. 16:00-18:30", "kl. 16:00-18:75", 3, "ugyldigt sluttidspunkt: minuttet skal være 0-59"),
        (
            "Mødested Rådhuset, mødelokale 3",
            "Mødested \u2028",
            5,
            "ugyldig værdi: feltet place må ikke være tomt",
        ),
    ],
)
def test_the_text_reader_says_what_no_calendar_or_model_takes_in_danish(
    old: str, new: str, line: int, message: str
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(referatkit.ReadError) as caught:
        referatkit.read(text.replace(old, new, 1).encode("utf-8"), format="text")
    assert (caught.value.line, caught.value.message) == (line, message)
    assert not _english_in(str(caught.value))


# --- the operating system's errors, in Danish ----------------------------------------------------


def test_a_path_the_system_refuses_is_said_in_danish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The C library's English (``Not a directory``) never reaches the message; a path under
    a file is refused whoever runs the test (root too, unlike a file without read rights)."""
    from referatkit import cli  # noqa: PLC0415

    plain = tmp_path / "fil.txt"
    plain.write_text("x", encoding="utf-8")
    with pytest.raises(referatkit.ReadError) as read:
        referatkit.read(plain / "referat.txt")
    assert str(read.value) == f"{plain / 'referat.txt'}: kan ikke læses: en del af stien er ikke en mappe"
    with pytest.raises(referatkit.WriteError) as written:
        referatkit.write(referatkit.read(EXAMPLE), plain / "referat.odt")
    assert (
        str(written.value) == f"{plain / 'referat.odt'}: kan ikke skrives: en del af stien er ikke en mappe"
    )
    assert cli.main(["convert", str(EXAMPLE), str(plain / "referat.html")]) == 1
    assert capsys.readouterr().err == (
        f"referatkit: {plain / 'referat.html'}: kan ikke skrives: en del af stien er ikke en mappe\n"
    )


def test_validate_says_a_spoiled_odt_member_in_danish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """zipfile's "File 'content.xml' is encrypted, password required for extraction" is said
    in Danish by ``referatkit validate`` too."""
    from referatkit import cli  # noqa: PLC0415

    data = bytearray(referatkit.render(referatkit.read(EXAMPLE), "odt"))
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(b"content.xml")] != b"content.xml":
        central = data.find(b"PK\x01\x02", central + 4)
        assert central >= 0
    data[central + 8] |= 1  # the member's encryption flag, in the central directory
    path = tmp_path / "referat.odt"
    path.write_bytes(bytes(data))
    assert cli.main(["validate", str(path)]) == 1
    assert (
        f"{path}: content.xml kan ikke pakkes ud: den er krypteret med en adgangskode"
        in capsys.readouterr().out
    )


def test_validate_of_an_odt_whose_zip_directory_lies_is_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The central directory's offset spoiled: zipfile's ValueError ("negative seek value")
    was a traceback from ``referatkit validate``."""
    from referatkit import cli  # noqa: PLC0415

    data = bytearray(referatkit.render(referatkit.read(EXAMPLE), "odt"))
    end = data.rindex(b"PK\x05\x06")
    data[end + 16 : end + 20] = b"\xf0\xff\xff\xff"
    path = tmp_path / "referat.odt"
    path.write_bytes(bytes(data))
    assert cli.main(["validate", str(path)]) == 1
    assert capsys.readouterr().out == (
        f"{path}: META-INF/manifest.xml kan ikke pakkes ud: de pakkede data er beskadigede\n"
    )
