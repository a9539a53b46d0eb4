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
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from attrs import AttrsInstance, field, frozen

from .._repr import fields_repr
from ..l10n import DANISH, Labels
from ..model import Meeting
from ._reports import Loss, Note, Report, Reports, covers, describe

if TYPE_CHECKING:
    from ..editions import Edition
    from ._common import ItemIds

__all__ = [
    "FormatOptions",
    "Loss",
    "NoOptions",
    "Note",
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


#: A writer's own options: ``render(..., options=)``; the format's package defines the class
#: (``OdtOptions`` in ``odt/_options.py``, ``HtmlOptions``, ``PdfOptions``) and its registry
#: entry names it, with the flags the command line gives it (:mod:`._flags`).
FormatOptions = AttrsInstance


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
