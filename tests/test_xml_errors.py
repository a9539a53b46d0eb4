"""What a user sees when an XML file is not well-formed: the file, the line and column, and
what is wrong in Danish (libxml2's error by its code, referatkit/l10n/libxml2.py), never
libxml2's English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import referatkit
from referatkit import ReadError
from referatkit.l10n.libxml2 import syntax_message

ROOT = Path(__file__).resolve().parent.parent
#: Words of libxml2's English that none of the Danish messages holds.
_ENGLISH = re.compile(r"\b(?:tag|Premature|mismatch|Entity|expected|Char|not|found|invalid|Extra)\b")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    meeting = referatkit.read(ROOT / "examples" / "referat-byudvalget.txt")
    return referatkit.render(meeting, "xml")


def _error(data: bytes, tmp_path: Path) -> ReadError:
    path = tmp_path / "cut.xml"
    path.write_bytes(data)
    with pytest.raises(ReadError) as caught:
        referatkit.read(path, format="xml")
    return caught.value


def _place(data: bytes, at: int) -> str:
    line = data.count(b"\n", 0, at) + 1
    return f"cut.xml:{line}:"


def test_a_truncated_document_says_which_element_is_left_open(written: bytes, tmp_path: Path) -> None:
    at = written.index(b"<forum>") + len(b"<forum>") + 3
    error = _error(written[:at], tmp_path)
    assert str(error).startswith(f"{tmp_path / 'cut.xml'}:")
    assert "ugyldig XML: dokumentet slutter, før elementet <" in error.message
    assert "er filen afkortet?" in error.message
    assert not _ENGLISH.search(error.message)


def test_a_mismatched_end_tag_names_both_tags(written: bytes, tmp_path: Path) -> None:
    at = written.index(b"</forum>")
    error = _error(written[:at] + b"</forumm>" + written[at + len(b"</forum>") :], tmp_path)
    assert (
        error.message
        == "ugyldig XML: sluttagget </forumm> passer ikke til starttagget <forum> fra linje "
        + str(written.count(b"\n", 0, written.index(b"<forum>")) + 1)
    )
    assert error.line == written.count(b"\n", 0, at) + 1


@pytest.mark.parametrize(("piece", "code"), [(b"\x01", "0001"), (b"&#1;", "0001"), (b"\x00", "0000")])
def test_a_character_xml_forbids_is_named_by_its_number(
    written: bytes, piece: bytes, code: str, tmp_path: Path
) -> None:
    at = written.index(b"<forum>") + len(b"<forum>")
    error = _error(written[:at] + piece + written[at:], tmp_path)
    assert error.message == f"ugyldig XML: tegnet U+{code} er ikke tilladt i XML"


def test_bytes_that_are_no_utf8_are_said_so(written: bytes, tmp_path: Path) -> None:
    at = written.index(b"<forum>") + len(b"<forum>")
    error = _error(written[:at] + b"\xff\xfe" + written[at:], tmp_path)
    assert "ikke er tegn i dokumentets tegnsæt" in error.message


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        (b"&nbsp;", "entiteten &nbsp; er ikke erklæret (referatkit læser ingen DTD)"),
        (b"& ", "et '&' står uden et navn efter sig (et '&' skrives &amp;)"),
        (b"&amp ", "en entitetsreference slutter ikke med ';' (et '&' skrives &amp;)"),
    ],
)
def test_a_bad_entity_says_what_to_write(written: bytes, piece: bytes, expected: str, tmp_path: Path) -> None:
    at = written.index(b"<forum>") + len(b"<forum>")
    error = _error(written[:at] + piece + written[at:], tmp_path)
    assert error.message == f"ugyldig XML: {expected}"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda x: x + b"<more/>", "der står mere efter dokumentets rodelement"),
        (lambda x: b"text " + x, "dokumentet begynder ikke med et element ('<' mangler)"),
        (
            lambda x: x.replace(b"<forum>", b'<forum a="<">', 1),
            "et '<' står i en attributværdi (skrives &lt;)",
        ),
        (lambda x: x.replace(b"<forum>", b"<forum a=1>", 1), "en attributværdi står ikke i anførselstegn"),
        (
            lambda x: x.replace(b"<forum>", b"<x:forum>", 1),
            "navnerumspræfikset x (på <forum>) er ikke erklæret",
        ),
        (
            lambda x: x.replace(b'version="1.0"', b'version="1.0', 1),
            "en værdi i XML-erklæringen slutter ikke med sit anførselstegn",
        ),
    ],
    ids=[
        "extra-content",
        "no-start-tag",
        "lt-in-attribute",
        "unquoted-attribute",
        "undeclared-prefix",
        "declaration-quote",
    ],
)
def test_markup_that_is_not_well_formed_is_said_in_danish(
    written: bytes, change: object, expected: str, tmp_path: Path
) -> None:
    assert callable(change)
    error = _error(change(written), tmp_path)
    assert error.message == f"ugyldig XML: {expected}"


def test_an_error_the_table_does_not_know_keeps_libxml2s_words_after_danish() -> None:
    assert syntax_message("ERR_NO_SUCH_CODE", "Something else") == (
        "dokumentet er ikke velformet (libxml2: Something else)"
    )


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (
            lambda x: x.replace(b"<forum>", b"<forum><bogus/>", 1),
            "ugyldig referatkit-XML: elementet 'bogus' er ikke ventet her; ventet er ( name )",
        ),
        (
            lambda x: x.replace(b"<item ", b'<item bogus="1" ', 1),
            "ugyldig referatkit-XML: elementet 'item': attributten 'bogus' er ikke tilladt",
        ),
        (
            lambda x: x.replace(b'kind="minutes"', b'kind="referatet"', 1),
            "ugyldig referatkit-XML: elementet 'meeting', attributten 'kind': værdien 'referatet' er ikke "
            "en af 'agenda', 'minutes'",
        ),
        (
            lambda x: x.replace(b"<forum>", b"<forum>tekst", 1),
            "ugyldig referatkit-XML: elementet 'forum' må ikke indeholde tekst, kun andre elementer",
        ),
        (
            # A value of 5,000 digits was quoted whole, in English.
            lambda x: x.replace(b' version="1"', b' version="' + b"9" * 5000 + b'"', 1),
            "ugyldig referatkit-XML: elementet 'meeting', attributten 'version': værdien '"
            + "9" * 60
            + "…[5000 tegn]' skal være '1'",
        ),
    ],
    ids=["element", "attribute", "enumeration", "text-in-element-only", "fixed-value-long"],
)
def test_what_the_schema_refuses_is_said_in_danish(
    written: bytes, spoil: object, expected: str, tmp_path: Path
) -> None:
    """The reader words libxml2's schema errors as ``referatkit validate`` does (``This element
    is not expected``, ``The attribute 'bogus' is not allowed`` were the reader's English)."""
    assert callable(spoil)
    error = _error(spoil(written), tmp_path)
    assert error.message.startswith(expected), error.message
    assert "urn:referatkit" not in error.message
