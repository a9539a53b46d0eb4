"""referatkit XML: lossless, valid against its own XSD, read safely."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from lxml import etree

import referatkit
from referatkit.cli import main
from referatkit.formats import ReadContext, by_name
from referatkit.formats.xml import NAMESPACE, read_xml, schema_problems
from referatkit.model import Meeting

from .conftest import EXAMPLES, SEED_000, SEED_001, shared_file
from .strategies import meetings

SOURCES = [EXAMPLES / "referat-byudvalget.txt", SEED_000, SEED_001]


def _xml(meeting: Meeting) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("error", referatkit.LossWarning)  # lossless: no warning ever
        data = referatkit.render(meeting, "xml")
    assert isinstance(data, bytes)
    return data


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_seeds_round_trip_and_validate(source: Path) -> None:
    meeting = referatkit.read(shared_file(source))
    data = _xml(meeting)
    assert data.startswith(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<meeting xmlns="urn:referatkit:referat:1"'
    )
    assert schema_problems(etree.fromstring(data)) == []
    assert referatkit.read(data, format="xml") == meeting
    assert referatkit.read(data) == meeting  # recognised by its namespace


@settings(max_examples=300)
@given(meetings())
def test_every_meeting_round_trips_and_validates(meeting: Meeting) -> None:
    """Every field, every character the model allows (XML-illegal ones as <c/>), the same bytes twice."""
    data = _xml(meeting)
    assert data == _xml(meeting)
    assert schema_problems(etree.fromstring(data)) == []
    back = referatkit.read(data, format="xml")
    assert back == meeting
    # Independent of the model's equality: the same repr, field by field.
    assert repr(back) == repr(meeting) or back.start.utcoffset() != meeting.start.utcoffset()


def test_ids_follow_the_shared_scheme() -> None:
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    root = etree.fromstring(_xml(meeting))
    ns = {"r": NAMESPACE}
    assert root.xpath("r:item/@id", namespaces=ns) == [f"punkt-{n}" for n in range(1, 7)]
    item2 = root.xpath("r:item[@id='punkt-2']/*/@id", namespaces=ns)
    assert "punkt-2-indstilling" in item2 and "punkt-2-beslutning" in item2 and "punkt-2-bilag" in item2
    assert root.xpath("r:item[@id='punkt-2']/r:recommendation/r:clause/@id", namespaces=ns) == [
        "punkt-2-indstilling-1",
        "punkt-2-indstilling-2",
    ]


def test_characters_xml_cannot_carry_are_kept() -> None:
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    odd = referatkit.Item(number="1", title="Budget\x0c2025\x01", properties={"sbsys:Note": "a\x1fb"})
    changed = referatkit.Meeting(forum=meeting.forum, kind=meeting.kind, start=meeting.start, items=(odd,))
    data = _xml(changed)
    assert b'<title>Budget<c code="000C"/>2025<c code="0001"/></title>' in data
    assert referatkit.read(data, format="xml") == changed


# --- errors and the validate command -----------------------------------------------------


def _example_xml(tmp_path: Path) -> Path:
    path = tmp_path / "referat.xml"
    path.write_bytes(_xml(referatkit.read(EXAMPLES / "referat-byudvalget.txt")))
    return path


def test_validate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _example_xml(tmp_path)
    assert main(["validate", str(good)]) == 0
    assert "gyldig referatkit-XML" in capsys.readouterr().out
    text = good.read_text(encoding="utf-8")
    bad = tmp_path / "forkert.xml"
    bad.write_text(
        text.replace('number="2"', 'number="2 b"').replace('kind="occasion"', 'kind="anledning"', 1),
        encoding="utf-8",
    )
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert out[0].startswith(f"{bad}:") and "'2 b'" in out[0]
    assert "'anledning'" in out[1]
    line = int(out[0].split(":")[1])
    assert 'number="2 b"' in bad.read_text(encoding="utf-8").splitlines()[line - 1]


def test_invalid_document_is_a_read_error_with_its_line(tmp_path: Path) -> None:
    path = _example_xml(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    target = next(i for i, line in enumerate(lines) if "<journal-number>" in line)
    lines[target] = lines[target].replace("journal-number", "sagsnummer")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(referatkit.ReadError, match=rf"referat\.xml:{target + 1}:\d+: ugyldig referatkit-XML"):
        referatkit.read(path)


def test_model_errors_name_the_element_and_line(tmp_path: Path) -> None:
    path = _example_xml(tmp_path)
    text = path.read_text(encoding="utf-8")
    # Valid for the XSD, refused by the model: a title of white space only.
    broken = text.replace("<title>Eventuelt</title>", "<title> </title>")
    path.write_text(broken, encoding="utf-8")
    line = next(n for n, x in enumerate(broken.splitlines(), 1) if "<title> </title>" in x) - 1
    expected = rf"referat\.xml:{line}: <item>: ugyldig værdi: feltet title må ikke være tomt$"
    with pytest.raises(referatkit.ReadError, match=expected):
        referatkit.read(path)


# --- reading XML safely -------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<meeting xmlns="urn:referatkit:referat:1" version="1" kind="minutes" start="2025-01-14T16:00:00+01:00">
<forum><name>&lol9;</name></forum></meeting>
"""


def test_external_entity_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "hemmelig.txt"
    secret.write_text("HEMMELIGT-INDHOLD", encoding="utf-8")
    payload = (
        f'<?xml version="1.0"?>\n<!DOCTYPE meeting [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
        '<meeting xmlns="urn:referatkit:referat:1" version="1" kind="minutes" '
        'start="2025-01-14T16:00:00+01:00"><forum><name>&x;</name></forum></meeting>'
    ).encode()
    with pytest.raises(referatkit.ReadError) as error:
        referatkit.read(payload, format="xml")
    assert "HEMMELIGT" not in str(error.value)
    assert "entiteter" in str(error.value) and error.value.line is not None


def test_billion_laughs_is_refused_with_bounded_memory() -> None:
    # In a fresh process, so the peak memory is this payload's alone.
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking
    # pytest process, but a new program gets a fresh high-water mark.
    script = textwrap.dedent(
        """
        import re, sys, referatkit
        try:
            referatkit.read(sys.stdin.buffer.read(), format="xml")
        except referatkit.ReadError as error:
            print(error.line, error.column, error)
        status = open("/proc/self/status", encoding="ascii").read()
        print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status)[1]) // 1024)
        """
    )
    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc (Linux)")
    done = subprocess.run(
        [sys.executable, "-c", script], input=BILLION_LAUGHS, capture_output=True, check=True, timeout=60
    )
    error, peak = done.stdout.decode().strip().splitlines()
    line, column, message = error.split(" ", 2)
    assert (int(line), int(column)) == (3, 2)  # the first <!ENTITY
    assert "entiteter" in message
    assert int(peak) < 120  # MiB: the whole interpreter with lxml; the expansion would be gigabytes


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b'<?xml version="1.0"?>\n<meeting xmlns="urn:referatkit:referat:1" version="1"', ":2:"),
        (b"<meeting>\n  <forum>\n</meeting>", ":3:"),
        (b"\n\n<meeting a='1' a='2'/>", ":3:"),
        (b"", ":1:1:"),
        (b"<meeting>\xff</meeting>", ":1:"),
    ],
)
def test_truncated_and_malformed_xml_is_a_read_error_with_line_and_column(data: bytes, where: str) -> None:
    with pytest.raises(referatkit.ReadError, match=r"^moede\.xml" + where + r"(\d+: )?.*XML") as error:
        read_xml(data, ReadContext(source="moede.xml"))
    assert error.value.line is not None and error.value.column is not None


def test_a_foreign_xml_document_is_refused() -> None:
    with pytest.raises(referatkit.ReadError, match="ikke referatkit-XML"):
        referatkit.read(b"<?xml version='1.0'?><html><body/></html>", format="xml")


def test_the_registry_recognises_the_namespace_without_importing_the_module() -> None:
    sniffer = by_name("xml").sniffer
    assert sniffer is not None and sniffer(f'<meeting xmlns="{NAMESPACE}"'.encode())


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_entity_declarations_are_found_in_utf16_too(encoding: str) -> None:
    payload = BILLION_LAUGHS.decode("ascii").replace('<?xml version="1.0"?>', "").lstrip().encode(encoding)
    with pytest.raises(referatkit.ReadError, match=r":2:2: dokumentet erklærer entiteter"):
        read_xml(payload, ReadContext(source="moede.xml"))
