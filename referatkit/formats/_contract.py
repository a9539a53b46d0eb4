"""The one contract every reader and writer keeps.

A writer is ``(meeting, ctx: WriteContext) -> str | bytes``; a reader is
``(data, ctx: ReadContext) -> Meeting``. The context is frozen and carries
everything a call needs: the labels, the edition (already applied to the
meeting a writer gets), the element ids computed once, the format's own
typed options, and the loss sink. A writer that cannot express part of the
model reports it where it drops it, ``ctx.lost(path, Loss.X)``, as pandoc's
writers do; :func:`referatkit.render` turns the reports into one
:class:`~referatkit.LossWarning` per kind. See docs/writers.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from attrs import AttrsInstance, field, frozen

from .._repr import fields_repr
from ..l10n import DANISH, Labels
from ..model import Meeting
from ._flags import existing_file, file_text, flag
from ._reports import Loss, Note, Report, Reports, covers, describe

if TYPE_CHECKING:
    from ..editions import Edition
    from ._common import ItemIds

__all__ = [
    "FormatOptions",
    "HtmlOptions",
    "Loss",
    "NoOptions",
    "Note",
    "OdtOptions",
    "PdfOptions",
    "ReadContext",
    "ReadOptions",
    "Reader",
    "Report",
    "Reports",
    "WriteContext",
    "Writer",
    "covers",
    "describe",
]


# --- each format's own options ----------------------------------------------------------


@frozen(kw_only=True)
class NoOptions:
    """The options of a format that has none (text, XML, Akoma Ntoso)."""

    __repr__ = fields_repr


_REFERENCE_DOC = flag(
    "--reference-doc",
    metavar="FIL",
    help="odt (og pdf med --pdf-engine libreoffice): .odt eller .ott med typografier og sidelayout",
    value=existing_file,
    unused="--reference-doc bruges kun til odt og til pdf med --pdf-engine libreoffice",
)


@frozen(kw_only=True)
class OdtOptions:
    """ODT and PDF: ``reference_doc`` is an .odt or .ott whose named styles, page
    layout, header and footer (with their pictures) replace the defaults, as
    pandoc's ``--reference-doc``."""

    __repr__ = fields_repr

    reference_doc: str | Path | bytes | None = field(default=None, metadata=_REFERENCE_DOC)


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
    reference_doc: str | Path | bytes | None = field(default=None, metadata=_REFERENCE_DOC)

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


def _top_heading(instance: object, attribute: object, value: int) -> None:
    if value not in (1, 2, 3):
        raise ValueError(f"top_heading skal være 1, 2 eller 3, ikke {value!r}")


@frozen(kw_only=True)
class HtmlOptions:
    """The web page.

    ``fragment``: the ``<article>`` alone, for a CMS page. ``stylesheet``: CSS
    added after the built-in one. ``header``, ``footer``: the caller's own HTML
    around the referat. ``attachment_base_url``: where the portal keeps the
    attachments; an attachment with a file name then links to
    ``attachment_base_url + file_name``. ``top_heading``: the level of the
    meeting's heading (``h1`` by default; 2 or 3 when a CMS page has its own
    ``h1``), items and sections follow below it.
    """

    __repr__ = fields_repr

    fragment: bool = field(
        default=False,
        metadata=flag("--fragment", action="store_true", help="html: kun <article>, til en side i et CMS"),
    )
    stylesheet: str | None = field(
        default=None,
        metadata=flag(
            "--css",
            metavar="FIL",
            value=file_text,
            help="html: CSS, der lægges efter det indbyggede stylesheet",
        ),
    )
    header: str | None = field(
        default=None,
        metadata=flag("--header", metavar="FIL", value=file_text, help="html: eget HTML før referatet"),
    )
    footer: str | None = field(
        default=None,
        metadata=flag("--footer", metavar="FIL", value=file_text, help="html: eget HTML efter referatet"),
    )
    attachment_base_url: str | None = field(
        default=None,
        metadata=flag(
            "--attachment-url", metavar="URL", help="html: adressen, som bilagenes filnavne lægges efter"
        ),
    )
    top_heading: Literal[1, 2, 3] = field(
        default=1,
        validator=_top_heading,
        metadata=flag(
            "--top-heading",
            type=int,
            choices=(1, 2, 3),
            help="html: overskriftsniveauet for mødet (standard 1)",
        ),
    )


FormatOptions = NoOptions | OdtOptions | HtmlOptions | PdfOptions


#: A reader's own options: ``read(..., options=)``; the format's module defines the class
#: (``PortalOptions``, ``PrintedOptions``) and its registry entry names it.
ReadOptions = AttrsInstance
OptionsT = TypeVar("OptionsT", bound=FormatOptions)


# --- the contexts --------------------------------------------------------------------------


@frozen(kw_only=True)
class WriteContext(Generic[OptionsT]):
    """Everything one rendering needs; frozen, made once per call by :func:`referatkit.render`."""

    __repr__ = fields_repr

    format: str
    options: OptionsT
    labels: Labels = DANISH
    edition: Edition = "full"
    ids: tuple[ItemIds, ...] = ()
    reports: Reports = field(factory=Reports, eq=False, repr=False)

    def lost(self, path: str, loss: Loss = Loss.NOT_SHOWN, detail: str | None = None) -> None:
        """Report that ``path`` of the model is not in the output (or not exactly)."""
        self.reports.add(Report(loss, path, detail, format=self.format))


@frozen(kw_only=True)
class ReadContext:
    """One reading: the source's name for messages, the labels to recognise, the
    format's own reading options (``options``, the class its registry entry names)
    and the channel it reports to (``reports``: what it kept only approximately,
    and what it did, such as the layout a printed referat was read with)."""

    __repr__ = fields_repr

    source: str = "<data>"
    labels: Labels = DANISH
    options: ReadOptions = field(factory=NoOptions)
    reports: Reports = field(factory=Reports, eq=False, repr=False)

    def report(
        self,
        kind: Note,
        where: str = "",
        detail: str | None = None,
        *,
        line: int | None = None,
        source: str | None = None,
    ) -> None:
        """Report ``kind`` at ``where`` in the input (an element, a JSON path, a page);
        ``source`` when it is another file than the one read (a manifest's agenda)."""
        self.reports.add(Report(kind, where, detail, source=source or self.source, line=line))


Writer = Callable[[Meeting, WriteContext[Any]], "str | bytes"]
Reader = Callable[[bytes, ReadContext], Meeting]
