"""The plain-text layout of the printed referater (see docs/text-format.md).

Read in two steps: the lexer gives the lines' tokens (``referatkit.formats.tokens``), the
parser the meeting (:func:`parse_tokens`, which the printed readers call with their own
tokens).
"""

from ._lexer import lex, lex_chunks
from ._parser import parse_inlines, parse_tokens
from ._reader import read_text
from ._writer import render_inlines, write_text

__all__ = ["lex", "lex_chunks", "parse_inlines", "parse_tokens", "read_text", "render_inlines", "write_text"]
