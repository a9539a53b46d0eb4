"""The plain-text layout of the printed referater (see docs/text-format.md)."""

from ._reader import read_printed, read_text
from ._writer import render_inlines, write_text

__all__ = ["read_printed", "read_text", "render_inlines", "write_text"]
