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

import enum
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from attrs import field, frozen

from .._repr import fields_repr
from ..l10n import DANISH, Labels
from ..model import Meeting

if TYPE_CHECKING:
    from ..editions import Edition
    from ._common import ItemIds
    from .printed import Layout

__all__ = [
    "FormatOptions",
    "HtmlOptions",
    "Loss",
    "LossSink",
    "NoOptions",
    "OdtOptions",
    "PdfOptions",
    "PortalOptions",
    "ReadContext",
    "ReadOptions",
    "Reader",
    "WriteContext",
    "Writer",
    "describe",
]


# --- each format's own options ----------------------------------------------------------


@frozen(kw_only=True)
class NoOptions:
    """The options of a format that has none (text, XML, Akoma Ntoso)."""

    __repr__ = fields_repr


@frozen(kw_only=True)
class OdtOptions:
    """ODT and PDF: ``reference_doc`` is an .odt or .ott whose named styles, page
    layout, header and footer (with their pictures) replace the defaults, as
    pandoc's ``--reference-doc``."""

    __repr__ = fields_repr

    reference_doc: str | Path | bytes | None = None


PdfEngine = Literal["typst", "libreoffice"]


def _engine(instance: object, attribute: object, value: str) -> None:
    if value not in ("typst", "libreoffice"):
        raise ValueError(f"engine skal være 'typst' eller 'libreoffice', ikke {value!r}")


def _paths(value: str | Path | tuple[str | Path, ...] | list[str | Path]) -> tuple[str | Path, ...]:
    return (value,) if isinstance(value, str | Path) else tuple(value)


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

    engine: PdfEngine = field(default="typst", validator=_engine)
    template: str | Path | bytes | None = None
    font_paths: tuple[str | Path, ...] = field(default=(), converter=_paths)
    reference_doc: str | Path | bytes | None = None


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

    fragment: bool = False
    stylesheet: str | None = None
    header: str | None = None
    footer: str | None = None
    attachment_base_url: str | None = None
    top_heading: Literal[1, 2, 3] = field(default=1, validator=_top_heading)


FormatOptions = NoOptions | OdtOptions | HtmlOptions | PdfOptions


@frozen(kw_only=True)
class PortalOptions:
    """Reading FirstAgenda's publication portal (``firstagenda``, ``firstagenda-html``).

    ``base_url`` is the portal's address (``https://dagsordener.greve.dk``): each
    attachment then gets its address there, ``base_url + "/vis/pdf/bilag/" + id``,
    as the property ``firstagenda:url`` (docs/firstagenda.md).
    """

    __repr__ = fields_repr

    base_url: str | None = None


#: A reader's own options: ``read(..., options=)``; the format names its class.
ReadOptions = NoOptions | PortalOptions
OptionsT = TypeVar("OptionsT", bound=FormatOptions)


# --- losses --------------------------------------------------------------------------------


class Loss(enum.Enum):
    """Why a writer leaves something out; the message says it in Danish (one table)."""

    NOT_SHOWN = "not-shown"  # the format has no place for this field
    CHARACTERS = "characters"  # characters the format cannot carry became U+FFFD
    INEXACT = "inexact"  # written, but does not read back exactly
    UNREADABLE = "unreadable"  # the whole document cannot be read back


_FIELDS = {
    "attendance": "fremmøde",
    "public": "åbent/lukket punkt",
    "public_title": "neutral titel for lukket punkt",
    "identifier": "id fra kildesystemet",
    "properties": "ekstra egenskaber",
    "name": "mødets navn",
    "organisation": "organisation",
    "short_name": "forummets forkortelse (vises kun som præfiks i titlerne)",
    "file_name": "filnavn",
    "media_type": "medietype",
    "checksum": "kontrolsum",
    "page": "sidetal",
    "forum": "beslutningens forum (afsnittet har sin egen overskrift)",
    "date": "beslutningens dato (afsnittet har sin egen overskrift)",
}


def describe(path: str, loss: Loss, detail: str | None = None) -> str:
    """The Danish message of one kind of loss at ``path``."""
    match loss:
        case Loss.NOT_SHOWN:
            last = re.sub(r"\[\d+\]", "", path.rsplit(".", 1)[-1])
            return f"{_FIELDS.get(last, last)} kan ikke vises i dette format"
        case Loss.CHARACTERS:
            return "tegn, som formatet ikke kan bære, er erstattet med U+FFFD (se referatkit.validate)"
        case Loss.INEXACT:
            return "læses ikke tilbage som det blev skrevet; formatet kan ikke udtrykke det præcist"
        case Loss.UNREADABLE:
            return (
                f"dokumentet kan ikke læses tilbage: {detail}"
                if detail
                else "dokumentet kan ikke læses tilbage"
            )


def covers(reported: str, path: str) -> bool:
    """Whether a loss reported at ``reported`` covers the model path ``path`` (itself or inside it)."""
    return not reported or path == reported or path.startswith((reported + ".", reported + "["))


class LossSink:
    """Collects ``(path, message)`` reports in the order they were made, once each."""

    def __init__(self) -> None:
        self.reports: dict[tuple[str, str], None] = {}

    def add(self, path: str, message: str) -> None:
        self.reports[(path, message)] = None

    @property
    def paths(self) -> set[str]:
        return {path for path, _ in self.reports}

    def grouped(self) -> dict[str, list[str]]:
        """message → every path reported with it."""
        out: dict[str, list[str]] = {}
        for path, message in self.reports:
            out.setdefault(message, []).append(path)
        return out


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
    sink: LossSink = field(factory=LossSink, eq=False, repr=False)

    def lost(self, path: str, loss: Loss = Loss.NOT_SHOWN, detail: str | None = None) -> None:
        """Report that ``path`` of the model is not in the output (or not exactly)."""
        self.sink.add(path, describe(path, loss, detail))


@frozen(kw_only=True)
class ReadContext:
    """One reading: the source's name for messages, the labels to recognise and the
    format's own reading options (``options``).

    A printed referat's reader (docs/printed.md) also takes the layout to read it
    with (a shipped layout's name or a layout file; ``None``: the one that fits) and
    the pages to recognise at once (OCR), and adds what it did to ``notes`` (the
    layout it used, the pages recognised), which ``referatkit info`` prints."""

    __repr__ = fields_repr

    source: str = "<data>"
    labels: Labels = DANISH
    layout: str | None = None
    #: A user's layouts (a :class:`~referatkit.formats.printed.Layout` or a layout file's
    #: path), tried before the shipped ones when the layout is detected.
    layouts: tuple[str | Layout, ...] = ()
    jobs: int = 1
    notes: list[str] = field(factory=list, eq=False, repr=False)
    options: ReadOptions = field(factory=NoOptions)


Writer = Callable[[Meeting, WriteContext[Any]], "str | bytes"]
Reader = Callable[[bytes, ReadContext], Meeting]
