"""The PDF writer: one of two engines, each loaded only when it is used.

Typst (the default, :mod:`referatkit.formats.typst`) typesets in process;
LibreOffice (:func:`referatkit.formats.pdf.print_odt`) prints the ODT writer's
document and brings pikepdf and odfpy with it, which a Typst PDF does not need.
"""

from __future__ import annotations

from ..errors import WriteError
from ..model import Meeting
from ._contract import PdfOptions, WriteContext

__all__ = ["write_pdf"]


def write_pdf(meeting: Meeting, ctx: WriteContext[PdfOptions]) -> bytes:
    """The PDF: typeset by Typst, or printed by LibreOffice (``PdfOptions(engine="libreoffice")``)."""
    options = ctx.options
    if options.engine == "libreoffice":
        from .pdf import print_odt  # noqa: PLC0415

        return print_odt(meeting, ctx)
    if options.reference_doc is not None:
        raise WriteError(
            "et referencedokument (--reference-doc) bruges kun med PDF-motoren libreoffice "
            "(--pdf-engine libreoffice); Typst tager en skabelon (--template)"
        )
    from .typst import typeset  # noqa: PLC0415

    return typeset(meeting, ctx)
