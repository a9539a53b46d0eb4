"""Getting an export into an element tree: its quirks, and recognising it.

The exports are not always well-formed: eDoc writes a page break as the
character reference ``&#xC;``, which XML 1.0 forbids. Before parsing, such
references (and raw C0 control characters) are replaced: a form feed or
vertical tab by a line break (a page break parts text), anything else by
U+FFFD with a :class:`~referatkit.ReadWarning` naming the line. A byte
order mark, CDATA and CR or CRLF line endings need nothing: the hardened
parser (:func:`referatkit.formats._xmlparse.parse_xml`) reads them.
"""

from __future__ import annotations

import re
from pathlib import PureWindowsPath

from lxml import etree

from .._contract import Note, ReadContext
from .._encoding import utf16_codec
from .._limits import COST_REPAIR, charge
from .._xmlparse import parse_xml

__all__ = ["media_type", "parse", "root_name"]

_REFERENCE = re.compile(rb"&#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}));")
#: The C0 control characters XML 1.0 forbids (all but tab, line feed and carriage return).
_FORBIDDEN = bytes(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))
_PAGE_BREAKS = (0x0B, 0x0C)
_BAD = bytes(c for c in _FORBIDDEN if c not in _PAGE_BREAKS)
_NOT_FORBIDDEN = bytes(c for c in range(256) if c not in _FORBIDDEN)
_PAGE_BREAKS_TO_LINES = bytes.maketrans(b"\x0b\x0c", b"\n\n")
_RAW_CONTROL = re.compile(b"[" + re.escape(_FORBIDDEN) + b"]")
_FIRST_BAD = re.compile(b"[" + re.escape(_BAD) + b"]")
_REPLACEMENT = "\ufffd".encode()
#: How much of the input one count of its control characters looks at (a copy that size).
_CHUNK = 1 << 20


def _allowed(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def parse(data: bytes, source: str, ctx: ReadContext | None = None) -> etree._Element:
    """Parse an export with its known quirks repaired, each reported to ``ctx`` (none: a
    look at the tree alone, as the tests take, its repairs not reported)."""
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:2] in (b"<\x00", b"\x00<")
    if not utf16 and utf16_codec(data) is None:  # UTF-16's zero bytes are no control characters
        data = _repair(data, source, ctx)
    return parse_xml(data, source)


def _repair(data: bytes, source: str, ctx: ReadContext | None) -> bytes:
    """The export with its forbidden character references and raw control characters
    replaced. Each is charged before it is replaced (``COST_REPAIR``): a reference is looked
    at in Python, a control character grows the text by its replacement's two bytes."""
    bad = 0
    lines: list[int] = []  # the line of the first bad reference, of the first bad raw character
    if b"&#" in data:
        charge(data.count(b"&#") * COST_REPAIR, "tegnreferencer i eksporten")
        data, bad, line = _references(data)
        if line:
            lines.append(line)
    forbidden = _count_forbidden(data)
    if forbidden:
        data = data.translate(_PAGE_BREAKS_TO_LINES)
        first = _FIRST_BAD.search(data)
        if first is not None:
            lines.append(data.count(b"\n", 0, first.start()) + 1)
            for code in _BAD:
                character = bytes((code,))
                if character in data:
                    bad += data.count(character)
                    data = data.replace(character, _REPLACEMENT)
    if bad and ctx is not None:
        ctx.report(Note.CONTROL_CHARACTERS, detail=str(bad), line=min(lines), source=source)
    return data


def _references(data: bytes) -> tuple[bytes, int, int]:
    """``data`` with each forbidden character reference replaced (a page break by a line
    break, anything else by U+FFFD), how many were not page breaks, and the line of the
    first of those (0: none). The repaired copy is written as the input is scanned."""
    out = bytearray()
    view = memoryview(data)
    last = bad = line = 0
    for match in _REFERENCE.finditer(data):
        code = int(match[1], 16) if match[1] is not None else int(match[2])
        if _allowed(code):
            continue
        out += view[last : match.start()]
        if code in _PAGE_BREAKS:
            out += b"&#10;"
        else:
            out += b"&#xFFFD;"
            bad += 1
            if not line:
                line = data.count(b"\n", 0, match.start()) + 1
        last = match.end()
    if not last:
        return data, 0, 0
    out += view[last:]
    return bytes(out), bad, line


def _count_forbidden(data: bytes) -> int:
    """The raw control characters XML forbids in ``data``, charged as each piece of the input
    is counted (a flood is refused before the rest is looked at)."""
    if _RAW_CONTROL.search(data) is None:
        return 0
    total = 0
    for start in range(0, len(data), _CHUNK):
        found = len(data[start : start + _CHUNK].translate(None, _NOT_FORBIDDEN))
        if found:
            charge(found * COST_REPAIR, "kontroltegn i eksporten")
            total += found
    return total


_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>\s*)*\s*<([A-Za-z_][\w.:-]*)", re.S)


def root_name(head: bytes) -> str | None:
    """The local name of the document element, read from the start of a file."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", "replace")
    else:
        text = head.decode("utf-8", "replace")
    match = _PROLOG.match(text.lstrip("\ufeff"))
    if not match:
        return None
    return match[1].rsplit(":", 1)[-1]


# A fixed table, not ``mimetypes``: that reads the machine's own lists and
# would make output differ between machines.
_MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".rtf": "application/rtf",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".htm": "text/html",
    ".html": "text/html",
    ".xml": "application/xml",
    ".msg": "application/vnd.ms-outlook",
    ".eml": "message/rfc822",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".zip": "application/zip",
}


def media_type(file_name: str | None) -> str | None:
    """The media type of a file by its suffix (any case, Windows paths too)."""
    if not file_name:
        return None
    return _MEDIA_TYPES.get(PureWindowsPath(file_name).suffix.lower())
