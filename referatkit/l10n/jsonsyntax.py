"""Python's JSON parse errors as a secretary reads them: in Danish.

:class:`json.JSONDecodeError` carries the line and column (the ``ReadError``
names them) and a short English ``msg`` from a small fixed set; each is said
in Danish here::

    >>> json_syntax_message("Expecting ',' delimiter")
    "der mangler et ',' mellem to værdier"
"""

from __future__ import annotations

import json

__all__ = ["json_decode_problem", "json_syntax_message"]

# (the start of the decoder's message, Danish), as json.decoder and json.scanner word them.
_MESSAGES: tuple[tuple[str, str], ...] = (
    ("Expecting value", "her skulle der stå en værdi (tekst, tal, objekt, liste, true, false, null)"),
    ("Expecting property name", "her skulle der stå et feltnavn i dobbelte anførselstegn"),
    ("Expecting ':' delimiter", "der mangler et ':' efter feltnavnet"),
    ("Expecting ',' delimiter", "der mangler et ',' mellem to værdier"),
    ("Extra data", "der står mere efter dokumentets værdi"),
    ("Unterminated string", "en tekst slutter ikke: det afsluttende anførselstegn mangler"),
    ("Invalid control character", "et kontroltegn (fx et linjeskift) står i en tekst uden escape (\\n)"),
    ("Invalid \\uXXXX escape", "en \\u-escape har ikke fire hexcifre"),
    ("Invalid \\escape", "en ugyldig escape med \\ i en tekst"),
    ("Illegal trailing comma", "et ',' står efter den sidste værdi"),
)  # fmt: skip


def json_syntax_message(message: str) -> str:
    """The decoder's ``message`` (``JSONDecodeError.msg``) in Danish; one it does not know is
    "ikke gyldig JSON", never the English."""
    for english, danish in _MESSAGES:
        if message.startswith(english):
            return danish
    return "dokumentet er ikke gyldig JSON"


def json_decode_problem(error: json.JSONDecodeError) -> str:
    """What is wrong with a document the decoder refused, in Danish: one that ends too soon
    (within a text, or where a value or a closing bracket should come) is a truncated file::

        >>> try:
        ...     json.loads('{"a": [1, 2')
        ... except json.JSONDecodeError as error:
        ...     print(json_decode_problem(error))
        filen slutter for tidligt (er den afkortet?)
    """
    if error.msg.startswith("Unterminated string") or error.pos >= len(error.doc.rstrip()):
        return "filen slutter for tidligt (er den afkortet?)"
    return json_syntax_message(error.msg)
