"""Printed referater: PDF and Word files as municipalities publish them (docs/printed.md).

The print's lines, with their fonts and positions (a PDF) or a word
processor's paragraphs with their styles (DOCX, an ODT another program
wrote), are brought into the text layout (:mod:`._layout`) and read by the
text reader as a printed referat. Each format's library loads on first use.
"""

from __future__ import annotations

from ...model import Meeting
from .._contract import ReadContext

__all__ = ["read_docx", "read_odt_printed", "read_pdf"]


def read_pdf(data: bytes, ctx: ReadContext) -> Meeting:
    """Read a printed referat from a PDF; errors name the page."""
    from ._layout import read_lines  # noqa: PLC0415
    from ._pdf import pdf_lines  # noqa: PLC0415

    return read_lines(pdf_lines(data, ctx.source), ctx.source, ctx.labels)


def read_docx(data: bytes, ctx: ReadContext) -> Meeting:
    """Read a printed referat from a Word file; errors name the paragraph."""
    from ._docx import docx_lines  # noqa: PLC0415
    from ._layout import read_lines  # noqa: PLC0415

    lines = docx_lines(data, ctx.source)
    return read_lines(lines, ctx.source, ctx.labels, where="afsnit", paragraphs=True)


def read_odt_printed(data: bytes, ctx: ReadContext) -> Meeting:
    """Read a printed referat from an ODT referatkit did not write; errors name the paragraph."""
    from ._layout import read_lines  # noqa: PLC0415
    from ._odf import odt_lines  # noqa: PLC0415

    lines = odt_lines(data, ctx.source)
    return read_lines(lines, ctx.source, ctx.labels, where="afsnit", paragraphs=True)
