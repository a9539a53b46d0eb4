"""The PDF writer: one of two engines, each loaded only when it is used.

Typst (the default, :mod:`referatkit.formats.typst`) typesets in process;
LibreOffice (:func:`referatkit.formats.pdf.print_odt`) prints the ODT writer's
document and brings pikepdf and odfpy with it, which a Typst PDF does not need.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs
from attrs import field, frozen

from .._repr import fields_repr
from ..errors import WriteError
from ._flags import flag
from .odt import OdtOptions

if TYPE_CHECKING:
    from ..model import Meeting
    from ._contract import WriteContext

__all__ = ["PdfEngine", "PdfOptions", "write_pdf"]


# --- the options (the PDF format's own; the command line's flags come from them) -----------

PdfEngine = Literal["typst", "libreoffice"]


def _engine(instance: object, attribute: object, value: str) -> None:
    if value not in ("typst", "libreoffice"):
        raise ValueError(f"engine skal være 'typst' eller 'libreoffice', ikke {value!r}")


def _paths(value: str | Path | tuple[str | Path, ...] | list[str | Path]) -> tuple[str | Path, ...]:
    return (value,) if isinstance(value, str | Path) else tuple(value)


_TYPST_ONLY = "--template og --font-path bruges kun til pdf med Typst"


@frozen(kw_only=True)
class PdfOptions:
    """The PDF: ``engine`` is ``"typst"`` (the default: in process, no LibreOffice) or
    ``"libreoffice"`` (the ODT writer's document printed by LibreOffice).

    Typst: ``template`` is a Typst file (path, or its source as ``bytes``) that
    replaces the default layout (docs/typst.md); ``font_paths`` are folders
    of fonts besides those Typst embeds (system fonts are never used).
    LibreOffice: ``reference_doc`` as for :class:`OdtOptions`.
    """

    __repr__ = fields_repr

    engine: PdfEngine = field(
        default="typst",
        validator=_engine,
        metadata=flag(
            "--pdf-engine",
            choices=("typst", "libreoffice"),
            default="typst",
            help="pdf: typst (standard: hurtig, uden LibreOffice, layout i --template) eller libreoffice "
            "(ODT'ens layout, fx kommunens --reference-doc); se docs/pdf.md",
            unused="",
        ),
    )
    template: str | Path | bytes | None = field(
        default=None,
        metadata=flag(
            "--template",
            metavar="FIL",
            help="pdf: Typst-skabelon, der erstatter standardlayoutet (docs/typst.md)",
            unused=_TYPST_ONLY,
        ),
    )
    font_paths: tuple[str | Path, ...] = field(
        default=(),
        converter=_paths,
        metadata=flag(
            "--font-path",
            metavar="MAPPE",
            action="append",
            value=lambda given, name: tuple(given),
            help="pdf: mappe med skrifttyper til Typst, ud over dem Typst har med (kan gentages); "
            "systemets skrifttyper bruges aldrig",
            unused=_TYPST_ONLY,
        ),
    )
    reference_doc: str | Path | bytes | None = field(
        default=None, metadata=attrs.fields(OdtOptions).reference_doc.metadata
    )

    def printed_from(self) -> tuple[str, OdtOptions] | None:
        """How this PDF is produced when another format's document is printed: with
        LibreOffice, the ODT writer's (with the reference document); ``None``: Typst
        typesets it directly. The registry's ``printed_from`` for ``pdf``."""
        if self.engine == "libreoffice":
            return "odt", OdtOptions(reference_doc=self.reference_doc)
        return None

    @classmethod
    def from_flags(cls, values: dict[str, Any]) -> PdfOptions:
        """The command line's options: Typst's alone, or LibreOffice's alone."""
        typst = values.get("engine", "typst") == "typst"
        drop = ("reference_doc",) if typst else ("template", "font_paths")
        return cls(**{key: value for key, value in values.items() if key not in drop})


# --- the writer ----------------------------------------------------------------------------


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
