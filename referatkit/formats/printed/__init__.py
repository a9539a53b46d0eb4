"""Printed referater: PDF files as municipalities publish them (docs/printed.md).

The print's lines, with their fonts and positions, are brought into the text
layout (:mod:`._layout`) and read by the text reader as a printed referat.
"""

from __future__ import annotations

from ...model import Meeting
from .._contract import ReadContext
from ._docx import docx_lines
from ._layout import read_lines
from ._pdf import pdf_lines

__all__ = ["read_docx", "read_pdf"]


def read_pdf(data: bytes, ctx: ReadContext) -> Meeting:
    """Read a printed referat from a PDF; errors name the page."""
    return read_lines(pdf_lines(data, ctx.source), ctx.source, ctx.labels)


def read_docx(data: bytes, ctx: ReadContext) -> Meeting:
    """Read a printed referat from a Word file; errors name the paragraph."""
    lines = docx_lines(data, ctx.source)
    return read_lines(lines, ctx.source, ctx.labels, where="afsnit", paragraphs=True)
