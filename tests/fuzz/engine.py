"""The fuzzer's parts: seeds, mutations, targets, and the child that runs one input."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import io
import json
import os
import random
import re
import resource
import select
import signal
import tempfile
import time
import traceback
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import attrs

import referatkit
from referatkit.formats.odt._restyle import load_reference
from referatkit.model import AttendanceEvent, AttendanceStatus, ItemAttendance, Participant

from .amplify import helvetica

ROOT = Path(__file__).resolve().parent.parent.parent

#: The cost property (docs/readers.md): reading an input of N KiB takes at most
#: CONSTANT_SECONDS + SECONDS_PER_KIB × N of CPU time, on a machine as fast as the one the
#: constants were set on; a slower machine (by :func:`baseline`) is allowed as much more.
CONSTANT_SECONDS = 0.5
SECONDS_PER_KIB = 0.002
#: :func:`baseline` on the machine the constants were set on (2 cores, shared, busy).
REFERENCE_BASELINE_SECONDS = 0.06
#: An input fails when the child's peak resident size grows above this (over the size it
#: started with, the process it was forked from).
MAX_PEAK_MIB = 250
#: The child's address space is capped at this much above what it starts with,
#: so that a bomb ends as a MemoryError (a failure) and not as a machine out of memory.
ADDRESS_HEADROOM_MIB = 1024
#: A child still running after this many wall-clock seconds is killed. Time is judged by
#: CPU seconds (a busy machine stretches wall-clock time); this only ends a child that hangs.
WALL_SECONDS = 120.0

# --- seeds ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    name: str
    suffix: str
    data: bytes


def _written_seeds() -> Iterator[Seed]:
    """What referatkit's own writers write, from the example and the case-system fixtures."""
    sources = [ROOT / "examples" / "referat-byudvalget.txt", *sorted((ROOT / "tests" / "esdh").iterdir())]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in sources:
            try:
                meeting = referatkit.read(path)
            except referatkit.ReadError:
                continue
            for fmt, suffix in (("text", ".txt"), ("odt", ".odt"), ("xml", ".xml"), ("json", ".json")):
                output = referatkit.render(meeting, fmt)
                data = output.encode("utf-8") if isinstance(output, str) else output
                yield Seed(f"{path.name}->{fmt}", suffix, data)


_PRINTED_LINES = (
    "REFERAT Byudvalget d. 14-01-2025",
    "Mødedato Tirsdag d. 14. januar 2025 kl. 16:00",
    "Mødested Rådhuset, mødelokale 2",
    "Punkt 1: Godkendelse af dagsorden",
    "00.01.00-A00-1-25",
    "Indstilling",
    "Direktøren indstiller,",
    "1. at dagsordenen godkendes.",
    "Beslutning",
    "Godkendt.",
)


def _pdf_literal(line: str) -> bytes:
    raw = line.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _docx_bytes(document: Any) -> bytes:
    """A python-docx document's file, the same bytes every time: python-docx stamps each zip
    member with the time of saving, which made the Word seeds (and every input from them)
    differ from one minute to the next."""
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    for info, _ in members:
        info.date_time = (2025, 1, 14, 0, 0, 0)
    return _rezip(members)


def _printed_seeds() -> Iterator[Seed]:
    """A printed referat as a small PDF (pikepdf, a standard font) and as Word (python-docx),
    made here so that the PDF and Word readers have seeds without LibreOffice."""
    import docx  # noqa: PLC0415
    import pikepdf  # noqa: PLC0415

    pdf = pikepdf.Pdf.new()
    font = helvetica(pdf)
    shown = b" ".join(_pdf_literal(line) + b" '" for line in _PRINTED_LINES)
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 11 Tf 16 TL 72 780 Td " + shown + b" ET")
    buffer = io.BytesIO()
    pdf.save(buffer, static_id=True)
    yield Seed("printed.pdf", ".pdf", buffer.getvalue())

    document = docx.Document()
    for line in _PRINTED_LINES:
        document.add_paragraph(line)
    yield Seed("printed.docx", ".docx", _docx_bytes(document))

    # An ODT another program wrote (no referatkit styles): the ODT reader hands it to the
    # printed reader. Made from referatkit's own ODT with its style names changed.
    meeting = referatkit.read(ROOT / "examples" / "referat-byudvalget.txt")
    written = referatkit.render(meeting, "odt")
    with zipfile.ZipFile(io.BytesIO(written)) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    renamed = [
        (info, data.replace(b"Referat_20_", b"Tryk_20_") if info.filename.endswith(".xml") else data)
        for info, data in members
    ]
    yield Seed("printed.odt", ".odt", _rezip(renamed))

    # The print's text as poppler's pdftotext gives it (the text reader's printed path):
    # labels and values on lines of their own, or (-layout) on one line with the page's
    # spacing; each page ends in a form feed.
    title, date, place, *items = _PRINTED_LINES
    for name, front in (
        ("printed-pdftotext.txt", [title, "", *date.split(" ", 1), *place.split(" ", 1)]),
        (
            "printed-pdftotext-layout.txt",
            [title, "", date.replace(" ", "     ", 1), place.replace(" ", "    ", 1)],
        ),
    ):
        text = "\n".join(
            [
                *front,
                "",
                "Indholdsfortegnelse",
                f"{items[0].split(': ', 1)[1]} ........ 2",
                "\f" + items[0],
                *items[1:],
            ]
        )
        yield Seed(name, ".txt", (text + "\n\f").encode("utf-8"))

    # referatkit's own print of a meeting with participants and an item's attendance events,
    # which the printed reader reads back (formats/_attendance_lines.py): as Typst prints it,
    # and its text as pdftotext gives it.
    meeting = referatkit.read(ROOT / "examples" / "referat-byudvalget.txt")
    people = (
        Participant(name="Anne Holm", party="A", role="Formand"),
        Participant(name="Carl Berg", status=AttendanceStatus.SUBSTITUTE, substitute_for="Dorte Dahl"),
        Participant(name="Finn Krog", status=AttendanceStatus.APOLOGIES),
    )
    left = ItemAttendance(name="Anne Holm", event=AttendanceEvent.LEFT, time=dt.time(17, 30), note="syg")
    present = attrs.evolve(
        meeting,
        attendance=people,
        items=(attrs.evolve(meeting.items[0], attendance=(left,)), *meeting.items[1:]),
    )
    yield Seed("typst-attendance.pdf", ".pdf", referatkit.render(present, "pdf"))
    front = [title, "", *date.split(" ", 1), "Deltagere:", "Anne Holm (A), Formand", "Afbud:", "Finn Krog"]
    lines = [*front, "", "\f" + items[0], items[1], "Anne Holm: Forlod mødet kl. 17:30 (syg)", *items[2:]]
    yield Seed("printed-attendance-pdftotext.txt", ".txt", ("\n".join(lines) + "\n\f").encode("utf-8"))


# A print in eDoc's layout (docs/printed.md, "Layouts"): read by the layout reader, not the text one.
_EDOC_LINES = (
    (False, "Referat"),
    (True, "Byudvalget"),
    (True, "tirsdag den 4. december 2012, kl. 13:00"),
    (True, "i Mødelokale 2"),
    (True, "Tilstede"),
    (False, "Anne Andersen (A) - formand"),
    (True, "INDHOLDSFORTEGNELSE"),
    (False, "1. Meddelelser 2"),
    (True, "1. Meddelelser"),
    (False, "Sagsnr.: 2012-1234"),
    (False, "Dok.nr.: 2012-5678"),
    (True, "Sammendrag"),
    (False, "Udvalget orienteres om budgettet."),
    (False, "Byudvalgets beslutning den 04.12.2012 Punkt 1"),
    (False, "Taget til efterretning"),
)


def _vendor_seeds() -> Iterator[Seed]:
    """A print of another vendor than FirstAgenda: eDoc's layout as a PDF with bold lines, and
    the general layout's as Word."""
    import docx  # noqa: PLC0415
    import pikepdf  # noqa: PLC0415

    pdf = pikepdf.Pdf.new()
    fonts = {
        name: pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name(base),
                Encoding=pikepdf.Name.WinAnsiEncoding,
            )
        )
        for name, base in (("F1", "/Helvetica"), ("F2", "/Helvetica-Bold"))
    }
    shown = b" ".join(
        b"/F%d %d Tf " % (2 if bold else 1, 13 if line == "1. Meddelelser" and bold else 11)
        + _pdf_literal(line)
        + b" '"
        for bold, line in _EDOC_LINES
    )
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(**fonts))
    page.obj.Contents = pdf.make_stream(b"BT 16 TL 72 780 Td " + shown + b" ET")
    buffer = io.BytesIO()
    pdf.save(buffer, static_id=True)
    yield Seed("printed-edoc.pdf", ".pdf", buffer.getvalue())

    document = docx.Document()
    for bold, line in (
        (True, "Referat af mødet i Teknisk Udvalg den 3. marts 2024 kl. 16:00"),
        (True, "1. Meddelelser"),
        (False, "Sagsnr.: 24/1234"),
        (True, "Baggrund:"),
        (False, "Borgmesteren orienterede."),
        (True, "Beslutning i Teknisk Udvalg den 03-03-2024"),
        (False, "Taget til efterretning."),
    ):
        document.add_paragraph().add_run(line).bold = bold
    yield Seed("printed-general.docx", ".docx", _docx_bytes(document))


@functools.cache
def seeds() -> list[Seed]:
    """The seed corpus: the fixtures in tests/esdh, tests/firstagenda and tests/cases, the example,
    and writer outputs."""
    found = [
        Seed(p.name, p.suffix.lower(), p.read_bytes())
        for folder in ("esdh", "firstagenda")
        for p in sorted((ROOT / "tests" / folder).iterdir())
    ]
    for case in sorted((ROOT / "tests" / "cases").iterdir()):
        for name in ("input.txt", "expected.txt"):
            if (case / name).exists():
                found.append(Seed(f"{case.name}/{name}", ".txt", (case / name).read_bytes()))
    for example in ("referat-byudvalget.txt", "firstagenda-meeting.json"):
        found.append(Seed(example, Path(example).suffix, (ROOT / "examples" / example).read_bytes()))
    found.extend(_written_seeds())
    found.extend(_printed_seeds())
    found.extend(_vendor_seeds())
    return found


# --- mutations --------------------------------------------------------------------------------

_META = [
    b"<", b">", b"&", b'"', b"'", b"<!--c-->", b"<?pi x?>", b"<![CDATA[x]]>", b"]]>", b"&#0;",
    b"&#xC;", b"&undefined;", b"&amp;", b"&#x110000;", b"</", b"/>", b"<x:y>", b"\x00", b"\xff\xfe",
    b'<!DOCTYPE meeting SYSTEM "none.dtd">', b"<!DOCTYPE html [<!ENTITY", b"\r", "\ufeff".encode(),
    b"\xed\xa0\x80",
]  # fmt: skip
_NUMBERS = [b"0", b"-1", b"3000000000", b"9" * 5000, b"abc", b"\xc2\xb2", b"1e308", b"", b"+5", b"0x10"]


def _flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _delete_lines(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 3)):
        if lines:
            del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def _metachar(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(_META) + data[at:]


# A "<" before a letter (a byte that is a letter in Latin-1, as chr(byte).isalpha() says), and
# a tag's name up to its end: found by the regex engine, not a Python loop over every byte
# (inputs grow to megabytes; the loop cost more than reading them).
_LETTER = re.escape(bytes(b for b in range(256) if chr(b).isalpha()))
_TAG_OPEN = re.compile(rb"<(?=[" + _LETTER + rb"])")
_TAG_NAME_END = re.compile(rb"[ \t\r\n/>]")
_NUMBER_START = re.compile(rb"(?<![0-9])[0-9]")
_NOT_DIGIT = re.compile(rb"[^0-9]")


def _tag_position(rng: random.Random, data: bytes) -> int | None:
    """The position just after a start tag's name, or None."""
    starts = [m.start() for m in _TAG_OPEN.finditer(data)]
    if not starts:
        return None
    at = rng.choice(starts) + 1
    end = _TAG_NAME_END.search(data, at)
    return end.start() if end else len(data)


def _huge_attributes(rng: random.Random, data: bytes) -> bytes:
    at = _tag_position(rng, data)
    if at is None:
        return _metachar(rng, data)
    if rng.random() < 0.5:
        extra = b"".join(b' a%d="x"' % i for i in range(rng.choice((1000, 10000, 50000))))
    else:
        extra = b' a="' + b"x" * rng.choice((10**5, 10**6, 5 * 10**6)) + b'"'
    return data[:at] + extra + data[at:]


def _deep_nesting(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice((300, 3000, 30000, 100000))
    at = data.rfind(b"</")
    if at < 0 or rng.random() < 0.3:
        at = rng.randrange(len(data) + 1)
    tag = rng.choice((b"x", b"text:span", b"p", b"ul", b"li", b"b"))
    return (
        data[:at]
        + b"<"
        + tag
        + b">" * 1
        + (b"<" + tag + b">") * depth
        + (b"</" + tag + b">") * (depth + 1)
        + data[at:]
    )


def _number(rng: random.Random, data: bytes) -> bytes:
    digits = [m.start() for m in _NUMBER_START.finditer(data)]
    if not digits:
        return _metachar(rng, data)
    at = rng.choice(digits)
    found = _NOT_DIGIT.search(data, at)
    end = found.start() if found else len(data)
    return data[:at] + rng.choice(_NUMBERS) + data[end:]


def _repeat(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    piece = data[start : start + rng.randint(1, 200)]
    return data[:start] + piece * rng.choice((10, 1000, 20000)) + data[start:]


def _encoding(rng: random.Random, data: bytes) -> bytes:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _flip(rng, data)
    return text.encode(rng.choice(("utf-16", "utf-16-le", "utf-16-be", "latin-1", "utf-32")), "replace")


_BYTE_MUTATIONS: list[tuple[str, Callable[[random.Random, bytes], bytes]]] = [
    ("flip", _flip),
    ("truncate", _truncate),
    ("delete-lines", _delete_lines),
    ("metachar", _metachar),
    ("huge-attributes", _huge_attributes),
    ("deep-nesting", _deep_nesting),
    ("number", _number),
    ("repeat", _repeat),
    ("encoding", _encoding),
]


# --- amplifying mutations: a few bytes more that ask for much more work ------------------------------

_COUNTS = (10**3, 10**4, 10**5)
#: An amplified input stays under the input limits (MAX_XML_BYTES, MAX_ZIP_MEMBER_BYTES).
_MAX_GROWTH = 24 * 1024 * 1024
_LEAF = re.compile(rb"<([A-Za-z][\w:.-]*)(?:\s[^<>]*)?(?:/>|>[^<>]*</\1>)")
_START = re.compile(rb"<([A-Za-z][\w:.-]*)(?:\s[^<>]*)?>")


def _times(rng: random.Random, piece: bytes) -> bytes:
    count = rng.choice(_COUNTS)
    return piece * max(1, min(count, _MAX_GROWTH // max(1, len(piece))))


def _after_start_tag(rng: random.Random, data: bytes) -> tuple[int, bytes] | None:
    """The position just after a start tag, and its name; None when there is none."""
    found = list(_START.finditer(data[:200_000]))
    if not found:
        return None
    match = rng.choice(found)
    return match.end(), match[1]


def _repeat_json_member(rng: random.Random, data: bytes) -> bytes | None:
    """In a JSON document, one member of an array (an item, a clause, a participant), repeated up
    to 10^5 times beside itself; None when ``data`` is no JSON with a non-empty array."""
    if data.lstrip()[:1] not in (b"{", b"["):
        return None
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        return None
    arrays: list[list[Any]] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            if node:
                arrays.append(node)
            stack.extend(node)
    if not arrays:
        return None
    array = rng.choice(arrays)
    at = rng.randrange(len(array))
    member = array[at]
    size = len(json.dumps(member, ensure_ascii=False).encode())
    array[at:at] = [member] * max(1, min(rng.choice(_COUNTS), _MAX_GROWTH // max(1, size)))
    return json.dumps(value, ensure_ascii=False, indent=rng.choice((None, 2))).encode()


def _repeat_element(rng: random.Random, data: bytes) -> bytes:
    """One element without children (in JSON, a member of an array), repeated up to 10^5 times
    beside itself."""
    repeated = _repeat_json_member(rng, data)
    if repeated is not None:
        return repeated
    found = list(_LEAF.finditer(data[:200_000]))
    if not found:
        return _reference_flood(rng, data)
    match = rng.choice(found)
    return data[: match.end()] + _times(rng, match[0]) + data[match.end() :]


def _empty_elements(rng: random.Random, data: bytes) -> bytes:
    """Empty elements of a name the document uses (``<w:p/>``, ``<item/>``), flooded into an element."""
    place = _after_start_tag(rng, data)
    if place is None:
        return _reference_flood(rng, data)
    names = [m[1] for m in _START.finditer(data[:200_000])]
    name = rng.choice(names)
    return data[: place[0]] + _times(rng, b"<" + name + b"/>") + data[place[0] :]


_FLOODS = (b"&lt;", b"&#65;", b"&#x41;", b"&amp;", b"<!---->", b"<?x?>", b"&#10;")


def _reference_flood(rng: random.Random, data: bytes) -> bytes:
    """Character references, comments or processing instructions, flooded into an element."""
    place = _after_start_tag(rng, data)
    at = place[0] if place is not None else rng.randrange(len(data) + 1)
    return data[:at] + _times(rng, rng.choice(_FLOODS)) + data[at:]


_HTML = (b"<p>x</p>", b"<p></p>", b"<br>", b"<li>x</li>", b"<td>x</td>", b"<b>x</b>", b"<tr><td>x</td></tr>")


def _html_flood(rng: random.Random, data: bytes) -> bytes:
    """Small paragraphs (cells, items) flooded into an export's HTML field: inside CDATA where
    the export has one, escaped otherwise."""
    piece = rng.choice(_HTML)
    at = data.find(b"<![CDATA[", rng.randrange(len(data) + 1))
    if at < 0:
        at = data.find(b"<![CDATA[")
    if at >= 0:
        at += len(b"<![CDATA[")
    else:
        piece = piece.replace(b"<", b"&lt;").replace(b">", b"&gt;")
        place = _after_start_tag(rng, data)
        at = place[0] if place is not None else 0
    return data[:at] + _times(rng, piece) + data[at:]


def _narrow_nesting(rng: random.Random, data: bytes) -> bytes:
    """Nesting just under (and over) the depth limits, narrow, repeated many times."""
    place = _after_start_tag(rng, data)
    at, name = place if place is not None else (rng.randrange(len(data) + 1), b"x")
    tag = rng.choice((name, b"ul", b"li", b"b", b"text:span", b"w:sdt"))
    depth = rng.choice((10, 50, 99, 101, 255, 300))
    piece = (b"<" + tag + b">") * depth + b"x" + (b"</" + tag + b">") * depth
    return data[:at] + _times(rng, piece) + data[at:]


_AMPLIFICATIONS: list[tuple[str, Callable[[random.Random, bytes], bytes]]] = [
    ("repeat-element", _repeat_element),
    ("empty-elements", _empty_elements),
    ("reference-flood", _reference_flood),
    ("html-flood", _html_flood),
    ("narrow-nesting", _narrow_nesting),
]


#: The most draws of the first page's content a PDF mutation leaves (its pages times the
#: streams each draws). A mutation of a mutation multiplied them again: 10,000 draws of
#: 10,000 streams took the runner a minute and gigabytes to build (seed 29, pdf input 2648),
#: and a reader refuses far fewer.
_MOST_DRAWS = 100_000


def _pdf_shared(rng: random.Random, data: bytes) -> bytes:
    """A PDF whose first page's content is drawn again by many pages, or many times by one."""
    import pikepdf  # noqa: PLC0415

    with pikepdf.open(io.BytesIO(data)) as pdf:
        first = pdf.pages[0].obj
        contents = first.get("/Contents")
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        each = max(1, len(streams))  # the streams a page drawing this content draws
        if rng.random() < 0.5:
            pages = rng.choice((100, 1000, 1999, 5000))
            for _ in range(min(pages, max(0, _MOST_DRAWS // each - len(pdf.pages)))):
                page = pdf.add_blank_page(page_size=(595, 842))
                page.obj.Resources = first.get("/Resources", pikepdf.Dictionary())
                page.obj.Contents = contents
        else:
            times = rng.choice((100, 1000, 10_000))
            first.Contents = pikepdf.Array(streams * max(1, min(times, _MOST_DRAWS // each)))
        out = io.BytesIO()
        pdf.save(out, static_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _rezip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for info, data in members:
            z.writestr(info, data)
    return buffer.getvalue()


def _zip_member(
    rng: random.Random,
    data: bytes,
    mutations: list[tuple[str, Callable[[random.Random, bytes], bytes]]] | None = None,
) -> tuple[str, bytes]:
    """Mutate one XML member of a zip and pack it again (the mutations then reach the XML),
    deflated, so that an amplified member stays a small file."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    xml = [i for i, (info, _) in enumerate(members) if info.filename.endswith(".xml")]
    index = rng.choice(xml)
    info, content = members[index]
    name, mutate = rng.choice(mutations or _BYTE_MUTATIONS + _AMPLIFICATIONS)
    info.compress_type = zipfile.ZIP_DEFLATED
    members[index] = (info, mutate(rng, content))
    return f"{info.filename}:{name}", _rezip(members)


def _zip_amplified(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """One XML member of a zip amplified."""
    return _zip_member(rng, data, _AMPLIFICATIONS)


def _zip_bomb(rng: random.Random, data: bytes) -> bytes:
    """A member that inflates to far more than the file's size."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    index = rng.randrange(len(members))
    info, content = members[index]
    info.compress_type = zipfile.ZIP_DEFLATED
    members[index] = (info, content + b" " * rng.choice((10**6, 10**8)))
    return _rezip(members)


def _zip_header(rng: random.Random, data: bytes) -> bytes:
    """Spoil a field of a local or central header: method, flags, sizes, offsets."""
    out = bytearray(data)
    headers = [i for i in range(len(out) - 4) if out[i : i + 2] == b"PK" and out[i + 2] in (1, 3, 5)]
    if not headers:
        return _flip(rng, data)
    at = rng.choice(headers)
    kind = out[at + 2]
    if kind == 3:  # local header
        offsets = {"flags": 6, "method": 8, "crc": 14, "csize": 18, "usize": 22, "name": 26}
    elif kind == 1:  # central header
        offsets = {"flags": 8, "method": 10, "csize": 20, "usize": 24, "name": 28, "offset": 42}
    else:  # end of central directory
        offsets = {"entries": 10, "size": 12, "offset": 16}
    where = at + rng.choice(list(offsets.values()))
    value = rng.choice((0, 1, 99, 0xFFFF, 0xFFFFFFFF, 0x7FFFFFFF, rng.randrange(1 << 32)))
    width = 2 if rng.random() < 0.5 else 4
    out[where : where + width] = (value & ((1 << (8 * width)) - 1)).to_bytes(width, "little")
    return bytes(out)


def mutate(rng: random.Random, seed: Seed) -> tuple[str, bytes]:
    """One mutated input (1 to 3 mutations) and the names of the mutations."""
    data = seed.data
    names: list[str] = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        is_zip = data[:2] == b"PK"
        choice = rng.random()
        try:
            if data[:5] == b"%PDF-" and choice < 0.25:
                name, data = "pdf-shared-content", _pdf_shared(rng, data)
            elif not is_zip and choice < 0.35:
                name, mutation = rng.choice(_AMPLIFICATIONS)
                data = mutation(rng, data)
            elif is_zip and choice < 0.55:
                name, data = _zip_member(rng, data)
            elif is_zip and choice < 0.6:
                name, data = "zip-bomb", _zip_bomb(rng, data)
            elif is_zip and choice < 0.8:
                name, data = "zip-header", _zip_header(rng, data)
            else:
                name, mutation = rng.choice(_BYTE_MUTATIONS)
                data = mutation(rng, data)
        except Exception:  # a zip the previous mutation spoiled: mutate its bytes instead
            name, data = "flip", _flip(rng, data)
        names.append(name)
    return "+".join(names), data


# --- targets ----------------------------------------------------------------------------------


def _reader(fmt: str) -> Callable[[bytes, Path], object]:
    def run(data: bytes, path: Path) -> object:
        return referatkit.read(data, fmt)

    return run


def _detect_bytes(data: bytes, path: Path) -> object:
    return referatkit.read(data)


def _detect_path(data: bytes, path: Path) -> object:
    return referatkit.read(path)


def _reference_doc(data: bytes, path: Path) -> object:
    return load_reference(data)


@dataclass(frozen=True)
class Target:
    name: str
    run: Callable[[bytes, Path], object]
    suffixes: tuple[str, ...]  # the seeds it is fed (empty: all)
    expected: tuple[str, ...] = ("ReadError",)
    reads_path: bool = False  # the input is written to a file first (else only bytes are given)
    #: Seeds left out by the end of their name (a corpus kept as it was when a long run was made).
    skip: tuple[str, ...] = ()


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("text", _reader("text"), (".txt",)),
        Target("odt", _reader("odt"), (".odt",)),
        Target("xml", _reader("xml"), (".xml",)),
        Target("sbsys", _reader("sbsys"), (".xml",)),
        Target("edoc", _reader("edoc"), (".xml",)),
        Target("edoc-fujitsu", _reader("edoc-fujitsu"), (".xml",)),
        Target("acadre", _reader("acadre"), (".xml",)),
        Target("sbsys-dagsorden", _reader("sbsys-dagsorden"), (".xml",)),
        Target("pdf", _reader("pdf"), (".pdf",)),
        Target("docx", _reader("docx"), (".docx",)),
        Target("json", _reader("json"), (".json",)),
        # Its 10,000-input run was made before referatkit's own JSON joined the corpus.
        Target("firstagenda", _reader("firstagenda"), (".json",), skip=("->json",)),
        Target("firstagenda-html", _reader("firstagenda-html"), (".html",)),
        Target("read-bytes", _detect_bytes, ()),
        Target("read-path", _detect_path, (), reads_path=True),
        Target("reference-doc", _reference_doc, (".odt",), ("WriteError",)),
    )
}


def seeds_for(target: Target, corpus: list[Seed]) -> list[Seed]:
    chosen = [
        s
        for s in corpus
        if (not target.suffixes or s.suffix in target.suffixes) and not s.name.endswith(target.skip)
    ]
    return chosen or corpus


# --- one input in a child -----------------------------------------------------------------------


@dataclass
class Outcome:
    target: str
    index: int
    seed: str
    mutation: str
    result: str  # "ok", "ReadError", or the unexpected exception
    seconds: float = 0.0
    peak_mib: float = 0.0
    detail: str = ""
    data: bytes = field(default=b"", repr=False)

    @property
    def failed(self) -> bool:
        return bool(self.detail)


def _status(key: str) -> int:
    """A field of /proc/self/status in KiB."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def _forked() -> None:
    """In a forked child: what it inherited is left out of the garbage collector's passes. A
    full pass walks every object the test process holds and writes to each one's header, so
    the child copied every page of its parent's heap: 0.7 s of CPU charged to a 44 KiB text in
    a pytest worker that had run Hypothesis's meetings (CI of stop 34), 0.1 s on its own."""
    gc.freeze()


def _child(target: Target, data: bytes, path: Path, out: int) -> None:
    _forked()
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")  # reset the peak resident size to the present one
    except OSError:
        pass
    # What the input costs is the growth over what the child inherited: forked from a
    # pytest that has imported every writer, it starts with hundreds of MiB resident.
    inherited = _status("VmRSS")
    limit = _status("VmSize") * 1024 + ADDRESS_HEADROOM_MIB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    start = time.process_time()
    result, detail = "ok", ""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            target.run(data, path)
    except BaseException as error:  # the point: every escape is reported
        result = type(error).__name__
        if result not in target.expected:
            detail = "".join(traceback.format_exception(error))[-4000:]
    seconds = time.process_time() - start
    peak = (_status("VmHWM") - inherited) / 1024
    report = json.dumps({"result": result, "seconds": seconds, "peak": peak, "detail": detail})
    os.write(out, report.encode())


def _calibrate(out: int) -> None:
    """The CPU time of a fixed piece of reading work: the example text and an export, ten times."""
    _forked()  # as an input's child is
    example = (ROOT / "examples" / "referat-byudvalget.txt").read_bytes()
    export = (ROOT / "tests" / "esdh" / "sbsys-publication.xml").read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        referatkit.read(example, "text")
        referatkit.read(export, "sbsys")
        start = time.process_time()
        for _ in range(10):
            referatkit.read(example, "text")
            referatkit.read(export, "sbsys")
    os.write(out, repr(time.process_time() - start).encode())


_BASELINE: list[float] = []


def baseline() -> float:
    """This machine's time for the calibration work, in a forked child as the inputs run: the
    least of three, taken once per process (the machine's speed, not its moment's load)."""
    if not _BASELINE:
        _BASELINE.append(measure_baseline())
    return _BASELINE[0]


def measure_baseline() -> float:
    """The calibration work's time now: the least of three runs, each in a forked child."""
    times = []
    for _ in range(3):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            try:
                _calibrate(write_end)
            finally:
                os._exit(0)
        os.close(write_end)
        report = b""
        while chunk := os.read(read_end, 1024):
            report += chunk
        os.close(read_end)
        os.waitpid(pid, 0)
        times.append(float(report or b"0"))
    return min(times)


def allowed_seconds(size: int, measured: float | None = None) -> float:
    """The CPU seconds an input of ``size`` bytes may take here (the cost property), by the
    machine's speed once per process, or by ``measured``, a calibration taken just now."""
    speed = max(1.0, (baseline() if measured is None else measured) / REFERENCE_BASELINE_SECONDS)
    return speed * (CONSTANT_SECONDS + SECONDS_PER_KIB * size / 1024)


def run_one(target: Target, data: bytes, suffix: str, workdir: Path) -> tuple[str, float, float, str]:
    """Run ``target`` on ``data`` in a forked child: result, CPU seconds, peak MiB, failure detail.

    The target is warmed in this process first (:func:`warm`), whoever calls: a child forked
    before its reader's modules were imported paid for the imports (pypdfium2 and pikepdf,
    0.3-0.8 s) and failed the cost property on a 10 KiB PDF, depending on the order xdist
    gave the tests (CI of stop 33)."""
    warm(target, seeds())
    path = workdir / f"input{suffix}"
    if target.reads_path:
        path.write_bytes(data)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        code = 0
        try:
            _child(target, data, path, write_end)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + WALL_SECONDS
    killed = False
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            os.kill(pid, signal.SIGKILL)
            killed = True
            break
        ready, _, _ = select.select([read_end], [], [], remaining)
        if ready:
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    os.close(read_end)
    _, status, usage = os.wait4(pid, 0)
    if killed:
        cpu = usage.ru_utime + usage.ru_stime
        return (
            "timeout",
            cpu,
            0.0,
            f"still running after {WALL_SECONDS:.0f} s wall clock ({cpu:.1f} s of CPU)",
        )
    if not chunks:
        return "crash", 0.0, 0.0, f"the child died without a report (wait status {status})"
    report = json.loads(b"".join(chunks))
    detail = report["detail"]
    allowed = allowed_seconds(len(data))
    if not detail and report["seconds"] > allowed:
        # CPU time itself grows when another process shares the core (two hyperthreads, or
        # xdist's other worker): judge an input over the limit again by the calibration work
        # timed at this moment, under the same sharing. A reader that is really too slow is
        # as slow against that, so the property is the same.
        allowed = max(allowed, allowed_seconds(len(data), measure_baseline()))
    if not detail and report["seconds"] > allowed:
        detail = (
            f"took {report['seconds']:.2f} s of CPU for {len(data) / 1024:.0f} KiB (limit {allowed:.2f} s: "
            f"{CONSTANT_SECONDS} s + {SECONDS_PER_KIB * 1000:g} ms/KiB, times this machine's speed)"
        )
    if not detail and report["peak"] > MAX_PEAK_MIB:
        detail = f"peak resident size {report['peak']:.0f} MiB (limit {MAX_PEAK_MIB} MiB)"
    return report["result"], report["seconds"], report["peak"], detail


_WARM: set[str] = set()


def warm(target: Target, corpus: list[Seed]) -> None:
    """Run ``target`` once on each of its seeds in this process, so that the modules it imports on
    first use (pypdfium2, python-docx, a format's reader) are imported here and not again in every
    forked child: an input's cost is its reading, not the imports (they took 10-70 ms a child)."""
    if target.name in _WARM:
        return
    _WARM.add(target.name)
    with tempfile.TemporaryDirectory(prefix="referatkit-fuzz-") as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for seed in seeds_for(target, corpus):
            path = Path(tmp) / f"input{seed.suffix}"
            path.write_bytes(seed.data)
            # A seed of another reader's kind fails here: its error is not the point.
            with contextlib.suppress(Exception):
                target.run(seed.data, path)


def input_for(target: Target, corpus: list[Seed], base_seed: int, index: int) -> tuple[Seed, str, bytes]:
    """The ``index``-th input of ``target`` in the run seeded ``base_seed``: always the same."""
    rng = random.Random(f"{base_seed}:{target.name}:{index}")
    seed = rng.choice(seeds_for(target, corpus))
    mutation, data = mutate(rng, seed)
    return seed, mutation, data


def fuzz(
    target: Target,
    corpus: list[Seed],
    *,
    base_seed: int,
    count: int,
    first: int = 0,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Run inputs ``first .. first+count-1``; return the failures."""
    failures = []
    with tempfile.TemporaryDirectory(prefix="referatkit-fuzz-") as tmp:
        for index in range(first, first + count):
            seed, mutation, data = input_for(target, corpus, base_seed, index)
            result, seconds, peak, detail = run_one(target, data, seed.suffix, Path(tmp))
            outcome = Outcome(target.name, index, seed.name, mutation, result, seconds, peak, detail, data)
            if on_outcome is not None:
                on_outcome(outcome)
            if outcome.failed:
                failures.append(outcome)
    return failures


def reproducer(outcome: Outcome, base_seed: int) -> str:
    return (
        f"{outcome.target} input {outcome.index} (seed file {outcome.seed}, mutations {outcome.mutation}): "
        f"{outcome.result}\n  replay: python -m tests.fuzz --seed {base_seed} --target {outcome.target} "
        f"--replay {outcome.index}\n{outcome.detail}"
    )
