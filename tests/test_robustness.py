"""Each input that once crashed a reader, or cost it seconds and GiBs, ends in a meeting or a ReadError."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import referatkit
from referatkit.cli import main
from referatkit.formats._htmlcontent import html_blocks, item_number_key
from referatkit.formats._limits import (
    MAX_DEPTH,
    MAX_HTML_ATTRIBUTES,
    MAX_REPEAT,
    MAX_TABLE_CELLS,
    MAX_XML_ATTRIBUTES,
    MAX_ZIP_MEMBER_BYTES,
)
from referatkit.model import COPENHAGEN

from .conftest import EXAMPLES, ROOT, built_once
from .fuzz.engine import TARGETS, run_one

EXAMPLE = EXAMPLES / "referat-byudvalget.txt"
SBSYS = ROOT / "tests" / "esdh" / "sbsys-publication.xml"


@pytest.fixture(scope="module")
def meeting() -> referatkit.Meeting:
    return referatkit.read(EXAMPLE)


@pytest.fixture(scope="module")
def odt(meeting: referatkit.Meeting) -> bytes:
    return referatkit.render(meeting, "odt")


_BODY = '<text:p text:style-name="Referat_20_Brødtekst">'


def _odt_with(data: bytes, part: str, change: Callable[[str], str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as z, zipfile.ZipFile(out, "w") as w:
        for info in z.infolist():
            payload = z.read(info)
            if info.filename == part:
                payload = change(payload.decode("utf-8")).encode("utf-8")
            w.writestr(info, payload)
    return out.getvalue()


def _read_error(data: bytes | Path, fmt: str | None = None) -> str:
    with pytest.raises(referatkit.ReadError) as caught:
        referatkit.read(data, fmt)
    return str(caught.value)


# --- XML ------------------------------------------------------------------------------------


@pytest.mark.parametrize("markup", ["<!--c-->", "<?pi data?>"])
def test_a_comment_or_processing_instruction_inside_a_text_is_no_part_of_it(
    meeting: referatkit.Meeting, markup: str
) -> None:
    data = referatkit.render(meeting, "xml")
    title = meeting.items[0].title
    spoiled = data.replace(f"<title>{title}</title>".encode(), f"<title>{title}{markup}</title>".encode(), 1)
    assert spoiled != data
    assert referatkit.read(spoiled, "xml") == meeting


def test_an_undeclared_entity_is_a_read_error_in_read_and_validate(
    meeting: referatkit.Meeting, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = referatkit.render(meeting, "xml").replace(
        b"<meeting ", b'<!DOCTYPE meeting SYSTEM "none.dtd">\n<meeting ', 1
    )
    title = meeting.items[0].title.encode()
    data = data.replace(title, title + b"&ukendt;", 1)
    line = data[: data.index(b"&ukendt;")].count(b"\n") + 1
    assert (
        _read_error(data, "xml")
        == f"<data>:{line}: entiteten &ukendt; er ikke erklæret (referatkit læser ingen DTD)"
    )
    path = tmp_path / "referat.xml"
    path.write_bytes(data)
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.strip().splitlines() == [
        f"{path}:{line}: entiteten &ukendt; er ikke erklæret (referatkit læser ingen DTD)"
    ]
    assert err.strip().splitlines() == [f"{path}: ugyldig (1 problem)"]


@pytest.mark.filterwarnings("ignore::referatkit.ReadWarning")
def test_a_cdata_field_holding_a_doctype_with_entities_is_text() -> None:
    data = SBSYS.read_bytes().replace(
        b"<Frontpage><![CDATA[",
        b"<Frontpage><![CDATA[<p>&lt;!DOCTYPE html [&lt;!ENTITY</p><!DOCTYPE html [<!ENTITY",
        1,
    )
    meeting = referatkit.read(data)
    assert meeting.forum.name  # the whole export reads


# --- ODT: the zip -----------------------------------------------------------------------------


def _spoil_header(data: bytes, member: str, offset: int, value: bytes, *, central: bool) -> bytes:
    """``data`` with ``value`` at ``offset`` in ``member``'s local (or central) header."""
    out = bytearray(data)
    signature = b"PK\x01\x02" if central else b"PK\x03\x04"
    name_at = 46 if central else 30
    start = 0
    while True:
        start = out.index(signature, start)
        length = struct.unpack_from("<H", out, start + (28 if central else 26))[0]
        if out[start + name_at : start + name_at + length] == member.encode():
            out[start + offset : start + offset + len(value)] = value
            return bytes(out)
        start += 4


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (
            lambda d: _spoil_header(d, "content.xml", 8, b"\x01\x00", central=True),
            "content.xml kan ikke pakkes ud: den er krypteret med en adgangskode",
        ),
        (
            lambda d: _spoil_header(d, "content.xml", 10, b"\x63\x00", central=True),
            "content.xml kan ikke pakkes ud: den er pakket med en metode, som ikke kan læses",
        ),
        (
            lambda d: (
                d[: d.rindex(b"PK\x05\x06") + 12] + b"\xf0\xff\xff\xff" + d[d.rindex(b"PK\x05\x06") + 16 :]
            ),
            "",
        ),
        (lambda d: d[:-30], "filen er ingen zip-fil (eller den er afkortet)"),
        (lambda d: d[:200] + bytes(b ^ 0x55 for b in d[200:210]) + d[210:], ""),
        (lambda d: b"Dette er ingen ODT-fil", "filen er ingen zip-fil (eller den er afkortet)"),
    ],
    ids=[
        "encryption-flag",
        "compression-method-99",
        "negative-seek",
        "truncated",
        "bad-deflate",
        "not-a-zip",
    ],
)
def test_a_spoiled_zip_is_a_read_error_naming_the_odt_in_danish(
    odt: bytes, spoil: Callable[[bytes], bytes], message: str
) -> None:
    """zipfile's and zlib's words ("File is not a zip file") never reach the message."""
    error = _read_error(spoil(odt), "odt")
    assert error.startswith("<data>: ikke en læsbar ODT-fil: ")
    assert message in error
    assert not re.search(r"\b(file|not|is|the|Error|Bad|header|compressed)\b", error.split(": ", 2)[2]), error


# --- ODT: values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("abc", "<s>: text:c 'abc' er ikke et helt tal"),
        ("0", "<s>: text:c 0 er mindre end 1"),
        ("3000000000", f"text:c 3000000000 er over grænsen MAX_REPEAT = {MAX_REPEAT}"),
    ],
)
def test_a_space_count_is_a_bounded_number(odt: bytes, count: str, message: str) -> None:
    spoiled = _odt_with(
        odt, "content.xml", lambda x: x.replace(_BODY, f'{_BODY}<text:s text:c="{count}"/>', 1)
    )
    assert message in _read_error(spoiled, "odt")


def test_repeated_table_rows_and_cells_are_counted_before_they_are_made(meeting: referatkit.Meeting) -> None:
    table = referatkit.Table([["Hospital", "Mio. kr."], ["Nord", "12,50"]], header_rows=1)
    first = meeting.items[0]
    section = referatkit.TextSection(kind=referatkit.SectionKind.ECONOMY, body=[table])
    with_table = attrs.evolve(
        meeting, items=(attrs.evolve(first, sections=(*first.sections, section)), *meeting.items[1:])
    )
    odt = referatkit.render(with_table, "odt")
    assert referatkit.read(odt, "odt") is not None
    # A few bytes ask for 1000 rows of 1000 cells each: refused before one is made.
    spoiled = _odt_with(
        odt,
        "content.xml",
        lambda x: re.sub(
            r"<table:table-cell ",
            '<table:table-cell table:number-columns-repeated="1000" ',
            re.sub(r"<table:table-row\b", '<table:table-row table:number-rows-repeated="1000"', x, count=1),
            count=1,
        ),
    )
    assert f"er over grænsen MAX_TABLE_CELLS = {MAX_TABLE_CELLS}" in _read_error(spoiled, "odt")


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        ("punkt-1=²", "sidetallet '²' er ikke et helt tal"),
        ("punkt-1=0", "sidetallet 0 er mindre end 1"),
        ("punkt-1=" + "7" * 5000, "sidetallet med 5000 cifre er over grænsen MAX_NUMBER_DIGITS = 9"),
    ],
)
def test_original_pages_are_bounded_numbers(odt: bytes, pages: str, message: str) -> None:
    spoiled = _odt_with(odt, "meta.xml", lambda x: re.sub(r"punkt-1=\d+", pages, x, count=1))
    error = _read_error(spoiled, "odt")
    assert error.startswith("<data> (meta.xml): <referatkit:originalsider>: ")
    assert message in error


def test_a_meeting_time_past_the_years_a_date_may_hold_is_a_read_error(odt: bytes) -> None:
    spoiled = _odt_with(
        odt, "meta.xml", lambda x: re.sub(r"2025-01-14T[0-9:+-]+", "9999-12-31T23:59:59-23:59", x, count=1)
    )
    assert "året 9999 ligger uden for 1000-9000" in _read_error(spoiled, "odt")


def test_deeply_nested_system_data_is_refused_before_it_is_decoded(odt: bytes) -> None:
    deep = "[" * 100_000
    spoiled = _odt_with(
        odt,
        "meta.xml",
        lambda x: x.replace(
            "</office:meta>",
            '<meta:user-defined meta:name="referatkit:systemdata">'
            f'{{"a": {deep}}}</meta:user-defined></office:meta>',
        ),
    )
    assert f"er over grænsen MAX_DEPTH = {MAX_DEPTH}" in _read_error(spoiled, "odt")


def _with_system_data(odt: bytes, value: str) -> bytes:
    """``odt`` with ``value`` as its system data (meta.xml)."""
    return _odt_with(
        odt,
        "meta.xml",
        lambda x: x.replace(
            "</office:meta>",
            f'<meta:user-defined meta:name="referatkit:systemdata">{value}</meta:user-defined></office:meta>',
        ),
    )


@pytest.mark.parametrize(
    "value",
    ['{"items[0].identifier": 5}', '{"items[0].public": "ja"}', '{"items[99999999999].identifier": "x"}'],
)
def test_system_data_of_the_wrong_kind_is_a_read_error(odt: bytes, value: str) -> None:
    spoiled = _with_system_data(odt, value)
    assert "referatkit:systemdata" in _read_error(spoiled, "odt")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('{"items[0].identifier": }', "JSON: linje 1, kolonne 25: her skulle der stå en værdi"),
        ('{"items[0].identifier": "x",}', "JSON: linje 1, kolonne 29: her skulle der stå et feltnavn"),
        ('{"x": ' + "1" * 5000 + "}", "er ikke gyldig JSON: et tal har for mange cifre"),
        (
            '{"items[0].sections[1].date": "2025-13-45"}',
            "items[0].sections[1].date: '2025-13-45' er ikke en dag i kalenderen",
        ),
        (
            '{"items[1].sections[5].attachments[0].checksum": ["md5", "zz"]}',
            "attachments[0].checksum: kontrolsummen skal være 32 hexadecimale cifre for md5",
        ),
    ],
    ids=["no-value", "trailing-comma", "long-number", "no-such-day", "bad-digest"],
)  # fmt: skip
def test_spoiled_system_data_is_said_in_danish(odt: bytes, value: str, message: str) -> None:
    """The JSON decoder's, datetime's and the model's English ("Expecting value", "month must
    be in 1..12") never reach the message."""
    spoiled = _with_system_data(odt, value)
    error = _read_error(spoiled, "odt")
    assert error.startswith("<data> (meta.xml): <referatkit:systemdata>: "), error
    assert message in error, error
    assert not re.search(r"\b(Expecting|must|value|Exceeds|digits|is|not)\b", error.split(": ", 2)[2]), error


# --- resource bombs: under 1 s and 200 MiB, measured in a child ----------------------------


def _gibibyte_of_spaces() -> tuple[bytes, int, int]:
    """One GiB of XML (``<a>``, spaces, ``</a>``) deflated to about 1 MB: the raw deflate
    stream, its CRC-32 and the size it inflates to.

    One MiB of spaces is deflated once: after a full flush the compressor starts afresh,
    so every MiB deflates to the same bytes. Deflating the whole GiB took seconds."""
    chunk = b" " * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(b"<a>") + compressor.flush(zlib.Z_FULL_FLUSH)
    mebibyte = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH) == mebibyte
    tail = compressor.compress(b"</a>") + compressor.flush()
    crc = zlib.crc32(b"<a>")
    for _ in range(1024):
        crc = zlib.crc32(chunk, crc)
    return head + mebibyte * 1024 + tail, zlib.crc32(b"</a>", crc), 1024 * len(chunk) + 7


def _write_inflating_odt(folder: Path) -> None:
    stream, crc, size = _gibibyte_of_spaces()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr("mimetype", b"application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", stream)
        z.writestr("styles.xml", stream)
    data = out.getvalue()
    # The two members hold the deflated bytes as they are: their headers are made to say so
    # (deflated, with the CRC and size of what they inflate to).
    for member in ("content.xml", "styles.xml"):
        for central, method_at in ((False, 8), (True, 10)):
            data = _spoil_header(
                data, member, method_at, struct.pack("<H", zipfile.ZIP_DEFLATED), central=central
            )
            data = _spoil_header(data, member, method_at + 6, struct.pack("<I", crc), central=central)
            data = _spoil_header(data, member, method_at + 14, struct.pack("<I", size), central=central)
    (folder / "inflating.odt").write_bytes(data)


#: The tests of the inflating ODT, on one worker: it is built once, and no other worker waits for it.
_INFLATING = pytest.mark.xdist_group("inflating-odt")


@pytest.fixture(scope="module")
def inflating_odt(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Deflating its two GiB takes seconds: done once a run, the xdist workers share it."""
    folder = built_once(tmp_path_factory, "inflating-odt", _write_inflating_odt)
    return (folder / "inflating.odt").read_bytes()


def _within_limits(target: str, data: bytes, suffix: str, expected: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        result, seconds, peak, detail = run_one(TARGETS[target], data, suffix, Path(tmp))
    assert result == expected, detail
    assert seconds < 1.0, f"{seconds:.2f} s"
    assert peak < 200, f"{peak:.0f} MiB"
    return result


@_INFLATING
def test_an_odt_whose_content_inflates_to_a_gibibyte_is_refused_at_the_limit(inflating_odt: bytes) -> None:
    assert len(inflating_odt) < 3 * 1024 * 1024
    assert f"MAX_ZIP_MEMBER_BYTES = {MAX_ZIP_MEMBER_BYTES}" in _read_error(inflating_odt, "odt")
    _within_limits("odt", inflating_odt, ".odt", "ReadError")


@_INFLATING
def test_a_reference_doc_whose_styles_inflate_to_a_gibibyte_is_refused_at_the_limit(
    inflating_odt: bytes, meeting: referatkit.Meeting
) -> None:
    with pytest.raises(referatkit.WriteError, match="MAX_ZIP_MEMBER_BYTES"):
        referatkit.render(meeting, "odt", options=referatkit.OdtOptions(reference_doc=inflating_odt))
    _within_limits("reference-doc", inflating_odt, ".odt", "WriteError")


def test_a_small_odt_asking_for_three_billion_spaces_is_refused_at_once(odt: bytes) -> None:
    bomb = _odt_with(
        odt, "content.xml", lambda x: x.replace(_BODY, f'{_BODY}<text:s text:c="3000000000"/>', 1)
    )
    _within_limits("odt", bomb, ".odt", "ReadError")


@_INFLATING
def test_a_zip_that_lies_about_its_sizes_stops_at_the_limit(inflating_odt: bytes) -> None:
    """content.xml says it inflates to 10 bytes and inflates to a GiB: reading stops all the same."""
    lying = _spoil_header(inflating_odt, "content.xml", 24, struct.pack("<I", 10), central=True)
    assert "ikke en læsbar ODT-fil" in _read_error(lying, "odt")
    _within_limits("odt", lying, ".odt", "ReadError")


# --- text -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read_as_text(meeting: referatkit.Meeting, codec: str, tmp_path: Path) -> None:
    """Windows' "Unicode" text: with a byte order mark ("utf-16") and without, CRLF line ends."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n").encode(codec)
    assert referatkit.read(text) == meeting
    path = tmp_path / "referat.txt"
    path.write_bytes(text)
    assert referatkit.read(path) == meeting


def test_utf16_with_a_broken_pair_names_the_line() -> None:
    data = (
        "REFERAT Byudvalget d. 14-01-2025\nMødedato".encode("utf-16-le")
        + b"\x00\xd8"
        + "x".encode("utf-16-le")
    )
    assert _read_error(data, "text").startswith("<data>:2: ikke gyldig UTF-16")


def test_an_input_over_the_size_limit_is_refused_before_it_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("referatkit._api.MAX_INPUT_BYTES", 1000)
    path = tmp_path / "stor.txt"
    path.write_bytes(b"x" * 5000)
    error = _read_error(path)
    assert error == f"{path}: inddata er over grænsen MAX_INPUT_BYTES = 1000 (referatkit.formats._limits)"


# --- writers: nothing written that the reader or schema refuses --------------------------------


def _with_first_body(meeting: referatkit.Meeting, text: str) -> referatkit.Meeting:
    item = meeting.items[0]
    section = attrs.evolve(item.sections[0], body=(referatkit.Paragraph((referatkit.Text(text),)),))
    return attrs.evolve(
        meeting, items=(attrs.evolve(item, sections=(section, *item.sections[1:])), *meeting.items[1:])
    )


def test_a_run_of_spaces_longer_than_the_readers_limit_is_written_in_pieces(
    meeting: referatkit.Meeting,
) -> None:
    long_run = _with_first_body(meeting, "a" + " " * (2 * MAX_REPEAT + 5) + "b")
    assert referatkit.read(referatkit.render(long_run, "odt"), "odt") == long_run


def test_a_meeting_before_1894_is_written_to_xml_and_read_back(meeting: referatkit.Meeting) -> None:
    """Before 1894 Copenhagen's offset had seconds (+00:50:20), which xs:dateTime cannot
    express: the instant is written in UTC, and read back as Copenhagen's time (the writer
    refused such a meeting before: an archive of a council's minutes of 1850)."""
    old = attrs.evolve(
        meeting,
        start=dt.datetime(1850, 1, 14, 16, 0, tzinfo=COPENHAGEN),
        end=dt.datetime(1850, 1, 14, 18, 0, tzinfo=COPENHAGEN),
    )
    written = referatkit.render(old, "xml")
    assert b'start="1850-01-14T15:09:40Z"' in written
    back = referatkit.read(written, "xml")
    assert back == old and back.start.strftime("%H:%M %z") == "16:00 +005020"
    assert referatkit.render(old, "akn").startswith(b"<?xml")


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_time_whose_year_in_copenhagen_is_past_the_limit_is_a_read_error(
    meeting: referatkit.Meeting, fmt: str
) -> None:
    # The year as written is 9000; in Copenhagen, where the model holds it, 9001: no writer
    # takes it, so the reader refuses it, naming the place.
    data = referatkit.render(meeting, fmt)
    original = re.search(rb'start(?:=|": )"([^"]+)"', data)
    assert original is not None
    spoiled = data.replace(original.group(1), b"9000-12-31T23:30:00-01:00", 1)
    with pytest.raises(referatkit.ReadError, match="året 9001 ligger uden for 1000-9000"):
        referatkit.read(spoiled, fmt)


@pytest.mark.parametrize("fmt", ["text", "odt", "xml", "html", "akn"])
def test_every_writer_refuses_a_date_its_readers_refuse(meeting: referatkit.Meeting, fmt: str) -> None:
    early = attrs.evolve(meeting, start=dt.datetime(999, 1, 14, 16, 0, tzinfo=dt.UTC), end=None)
    with pytest.raises(referatkit.WriteError, match="start: året 999 ligger uden for 1000-9000"):
        referatkit.render(early, fmt)


def test_a_list_in_a_list_inside_an_inline_element_keeps_its_text() -> None:
    assert html_blocks("<span><ul><li><ul>a</ul></li></span>", lambda message: None) == (
        referatkit.Paragraph((referatkit.Text("a"),)),
    )


def test_html_nested_past_the_depth_limit_is_read_as_text_with_a_warning() -> None:
    told: list[str] = []
    blocks = html_blocks("<b>" * 300 + "dybt &amp; inde", told.append)
    assert blocks == (referatkit.Paragraph((referatkit.Text("dybt & inde"),)),)
    assert told == [
        f"feltets HTML er indlejret dybere end MAX_DEPTH = {MAX_DEPTH}; det er læst som ren tekst"
    ]


@pytest.mark.filterwarnings("ignore::referatkit.ReadWarning")
def test_an_xml_document_with_thousands_of_schema_errors_is_refused_at_once() -> None:
    """lxml's per-error path is quadratic among many siblings: the first error comes without waiting."""
    data = referatkit.render(referatkit.read(ROOT / "tests" / "esdh" / "sbsys-publication.xml"), "xml")
    at = data.index(b"<property name=")
    data = data[:at] + b"<property>x</property>\n" * 20_000 + data[at:]
    assert "(og 99+ fejl mere)" in _read_error(data, "xml")
    _within_limits("xml", data, ".xml", "ReadError")


@pytest.mark.parametrize(
    ("fmt", "source", "element"),
    [
        ("sbsys", "tests/esdh/sbsys-publication.xml", b"<Number"),
        ("xml", "examples/referat-byudvalget.txt", b"<forum"),
    ],
)
def test_an_xml_element_of_thousands_of_attributes_is_refused_at_once(
    fmt: str, source: str, element: bytes
) -> None:
    """lxml lists an element's attributes in time quadratic in them (13 s for 50,000)."""
    data = (
        (ROOT / source).read_bytes()
        if fmt != "xml"
        else referatkit.render(referatkit.read(ROOT / source), "xml")
    )
    at = data.index(element) + len(element)
    data = data[:at] + b"".join(b' a%d="x"' % i for i in range(50_000)) + data[at:]
    line = data[:at].count(b"\n") + 1
    name = element.decode()[1:]
    assert _read_error(data, fmt) == (
        f"<data>:{line}: 50000 attributter på elementet <{name}> er over grænsen "
        f"MAX_XML_ATTRIBUTES = {MAX_XML_ATTRIBUTES} (referatkit.formats._limits)"
    )
    _within_limits(fmt, data, ".xml", "ReadError")


def test_html_with_an_element_of_thousands_of_attributes_is_read_as_text_at_once() -> None:
    """libxml2's HTML parser checks each attribute against all before it."""
    told: list[str] = []
    tag = "<p " + " ".join(f'a{i}="x"' for i in range(50_000)) + ">"
    assert html_blocks(tag + "tekst</p>", told.append) == (referatkit.Paragraph((referatkit.Text("tekst"),)),)
    assert told == [
        f"feltets HTML har et element med flere end MAX_HTML_ATTRIBUTES = {MAX_HTML_ATTRIBUTES} attributter; "
        "det er læst som ren tekst"
    ]


def test_item_numbers_of_any_length_sort_as_numbers() -> None:
    numbers = ["10", "9" * 5000, "2", "1.1", "12a", "01.2"]
    assert sorted(numbers, key=item_number_key) == ["1.1", "01.2", "2", "10", "12a", "9" * 5000]
