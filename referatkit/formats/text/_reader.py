"""Read the text layout: bytes to text, text to tokens (``_lexer``), tokens to the meeting (``_parser``)."""

from __future__ import annotations

import re

from ...errors import ReadError
from ...model import Meeting
from .._contract import ReadContext
from .._encoding import utf16_codec
from .._limits import (
    COST_LINE,
    COST_TEXT_LINE,
    COST_TEXT_LIST_ITEM,
    COST_TEXT_TABLE_CELL,
    MAX_TEXT_BYTES,
    charge,
    over,
)
from ._lexer import iter_tokens
from ._parser import parse_tokens
from ._printed import pdftotext_tokens

# --- decoding -----------------------------------------------------------------


def decode(data: bytes, source: str) -> str:
    """UTF-8 (or UTF-16) text with ``\\n`` line ends, or a ReadError naming the bad place."""
    codec = utf16_codec(data)
    if codec is not None:
        return _decode_utf16(data, codec, source)
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise ReadError("binær fil: indeholder NUL-tegn, ikke tekst", source=source, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReadError(
            f"ikke gyldig UTF-8 (byte 0x{data[exc.start]:02x}); gem filen som UTF-8",
            source=source,
            line=line,
            column=column,
        ) from None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_utf16(data: bytes, codec: str, source: str) -> str:
    """UTF-16 text (Windows' "Unicode"), its byte order mark dropped."""
    body = data[2:] if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].decode(codec, "replace").count("\n") + 1
        raise ReadError(
            f"ikke gyldig UTF-16 (byte {exc.start + len(data) - len(body)}); gem filen som UTF-8",
            source=source,
            line=line,
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise ReadError(
            "binær fil: indeholder NUL-tegn, ikke tekst", source=source, line=text.count("\n", 0, nul) + 1
        )
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# --- reading --------------------------------------------------------------------------


#: A list item's line (grammar.MARKER at a line's start), counted before the text is read.
_LIST_ITEM = re.compile(r"^ *(?:-|\d+\.)(?: |$)", re.MULTILINE)


def read_text(data: bytes, ctx: ReadContext) -> Meeting:
    """Read the text layout from ``data``; errors name ``source`` and the line.

    The text of a printed referat as ``pdftotext`` gives it (with or without
    ``-layout``) is recognised and read as a printed referat (docs/printed.md).
    """
    source, labels = ctx.source, ctx.labels
    if len(data) > MAX_TEXT_BYTES:
        raise over("MAX_TEXT_BYTES", f"tekstfilen på {len(data)} bytes", MAX_TEXT_BYTES, source=source)
    text = decode(data, source)
    # MAX_TEXT_BYTES alone let 600 KB of one-character lines cost 2 s (issue 29's fuzzer).
    charge(COST_TEXT_LINE * (text.count("\n") + 1), "linjer i tekstfilen")
    charge(COST_TEXT_TABLE_CELL * text.count("|"), "tabelceller i tekstfilen")
    charge(COST_TEXT_LIST_ITEM * len(_LIST_ITEM.findall(text)), "listepunkter i tekstfilen")
    printed = pdftotext_tokens(text, source, labels)
    if printed is not None:
        # A print's text: each line costs what a printed line costs (printed/_layout.py).
        charge((COST_LINE - COST_TEXT_LINE) * (text.count("\n") + 1), "linjer i det trykte referat")
        return parse_tokens(printed, source, labels, printed=True)
    return parse_tokens(iter_tokens(text, source, labels), source, labels)
