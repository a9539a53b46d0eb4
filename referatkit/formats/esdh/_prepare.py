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
from .._xmlparse import parse_xml

__all__ = ["media_type", "parse", "root_name"]

_REFERENCE = re.compile(rb"&#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}));")
_RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PAGE_BREAKS = (0x0B, 0x0C)


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
    bad = [0, -1]  # how many, and where the first was

    def seen(position: int) -> None:
        bad[0] += 1
        if bad[1] < 0:
            bad[1] = position

    def reference(match: re.Match[bytes]) -> bytes:
        code = int(match[1], 16) if match[1] is not None else int(match[2])
        if _allowed(code):
            return match[0]
        if code in _PAGE_BREAKS:
            return b"&#10;"
        seen(match.start())
        return b"&#xFFFD;"

    def raw(match: re.Match[bytes]) -> bytes:
        if match[0][0] in _PAGE_BREAKS:
            return b"\n"
        seen(match.start())
        return "\ufffd".encode()

    if b"&#" in data:
        data = _REFERENCE.sub(reference, data)
    if _RAW_CONTROL.search(data):
        data = _RAW_CONTROL.sub(raw, data)
    if bad[0] and ctx is not None:
        line = data.count(b"\n", 0, bad[1]) + 1
        ctx.report(Note.CONTROL_CHARACTERS, detail=str(bad[0]), line=line, source=source)
    return data


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
