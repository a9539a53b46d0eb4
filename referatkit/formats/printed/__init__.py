"""Printed referater: PDF and Word files as municipalities publish them (docs/printed.md).

The print's lines, with their fonts and positions (a PDF, its scanned pages
recognised by Tesseract) or a word processor's paragraphs with their styles
(DOCX, an ODT another program wrote), are read with the *layout* of the case
system that printed them (:class:`Layout`, shipped as TOML files in
``layouts/``, or a user's): the one that fits, or the one asked for. Each
format's library loads on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ...model import Meeting
from .._contract import Note, ReadContext
from ._options import PrintedOptions

if TYPE_CHECKING:
    from ._generic import Reading
    from ._vendor import Layout

__all__ = [
    "Layout",
    "PrintedOptions",
    "Reading",
    "layouts",
    "load_layout",
    "read_docx",
    "read_odt_printed",
    "read_pdf",
    "read_with_layout",
]


def __getattr__(name: str) -> object:
    """``Layout`` and ``Reading`` load on first use, as the readers do."""
    if name == "Layout":
        from ._vendor import Layout  # noqa: PLC0415

        return Layout
    if name == "Reading":
        from ._generic import Reading  # noqa: PLC0415

        return Reading
    raise AttributeError(name)


def read_pdf(data: bytes, ctx: ReadContext) -> Meeting:
    """Read a printed referat from a PDF; errors name the page."""
    return _reading(data, "pdf", ctx, _options(ctx).layout, _options(ctx).layouts).meeting


def read_docx(data: bytes, ctx: ReadContext) -> Meeting:
    """Read a printed referat from a Word file; errors name the paragraph."""
    return _reading(data, "docx", ctx, _options(ctx).layout, _options(ctx).layouts).meeting


def read_odt_printed(data: bytes, ctx: ReadContext) -> Meeting:
    """Read a printed referat from an ODT referatkit did not write; errors name the paragraph."""
    return _reading(data, "odt", ctx, _options(ctx).layout, _options(ctx).layouts).meeting


def read_with_layout(
    source: str | Path | bytes,
    layout: Layout | str | None = None,
    *,
    layouts: Sequence[Layout | str] = (),
    ctx: ReadContext | None = None,
) -> Reading:
    """Read a print (a path or its bytes) with ``layout`` (a :class:`Layout`, a shipped
    layout's name or a layout file's path; ``None``: the one that fits, a user's
    ``layouts`` tried before the shipped ones), and say how: the layout used, the pages
    recognised by OCR, what could not be placed. Without a ``ctx`` what it kept only
    approximately is a :class:`ReadWarning` each; with one, a report to it."""
    if isinstance(source, bytes):
        data, name = source, "<data>"
    else:
        data, name = Path(source).read_bytes(), str(source)
    kind = "pdf" if data.startswith(b"%PDF") else "odt" if b"opendocument" in data[:200] else "docx"
    if ctx is not None:
        return _reading(data, kind, ctx, layout, (*_options(ctx).layouts, *layouts))
    own = ReadContext(source=name)
    reading = _reading(data, kind, own, layout, layouts)
    own.reports.warn(stacklevel=2)  # this function is a public edge
    return reading


def _options(ctx: ReadContext) -> PrintedOptions:
    options = ctx.options
    return options if isinstance(options, PrintedOptions) else PrintedOptions()


def layouts() -> tuple[Layout, ...]:
    """The layouts that ship with referatkit, in the order detection tries them."""
    from ._vendor import shipped_layouts  # noqa: PLC0415

    return shipped_layouts()


def load_layout(path: str | Path) -> Layout:
    """A layout from a TOML file; its errors, each named by its key, in one ReadError."""
    from ._vendor import load_layout as load  # noqa: PLC0415

    return load(path)


def _reading(
    data: bytes, kind: str, ctx: ReadContext, layout: Layout | str | None, layouts: Sequence[Layout | str]
) -> Reading:
    from ._dispatch import read_print  # noqa: PLC0415

    recognised: tuple[int, ...] = ()
    if kind == "pdf":
        from ._pdf import pdf_pages  # noqa: PLC0415

        lines, recognised = pdf_pages(data, ctx, jobs=_options(ctx).jobs)
        where, paragraphs = "side", False
    elif kind == "docx":
        from ._docx import docx_lines  # noqa: PLC0415

        lines, where, paragraphs = docx_lines(data, ctx), "afsnit", True
    else:
        from ._odf import odt_lines  # noqa: PLC0415

        lines, where, paragraphs = odt_lines(data, ctx), "afsnit", True
    reading = read_print(
        lines,
        ctx,
        where=where,
        paragraphs=paragraphs,
        layout=layout,
        layouts=layouts,
        recognised=recognised,
    )
    ctx.report(Note.DID, detail=f"layout: {reading.layout}")
    if recognised:
        ctx.report(
            Note.DID, detail="tekstgenkendt (OCR): side " + ", ".join(str(page) for page in recognised)
        )
    return reading
