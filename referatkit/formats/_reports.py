"""The one report channel of readers and writers, as pandoc's ``report`` (``Logging.hs``).

A reader or a writer never raises a Python warning: it reports a structured
event, a :class:`Report` (its kind, the place in the input or the path into
the model, the details), to its context (``ctx.report(...)``, ``ctx.lost(...)``),
which collects them in a :class:`Reports`. Here, and nowhere else, an event
gets its Danish words (:func:`message`) and its grade (:func:`grade`: a
:class:`~referatkit.LossWarning`, a :class:`~referatkit.ReadWarning`, or a
note that is no warning). The public edge (``read``, ``render``, ``write``)
turns the graded reports into Python warnings; the batch, the command line,
the archive and ``checks`` take them as data (:meth:`Reports.warnings`,
:meth:`Reports.notes`), so threads reading side by side share nothing.

    >>> reports = Reports()
    >>> reports.add(Report(Loss.NOT_SHOWN, "items[0].attendance", format="text"))
    >>> reports.add(Report(Loss.NOT_SHOWN, "items[2].attendance", format="text"))
    >>> [str(w) for w in reports.warnings(file="ud.txt")]
    ['text: ud.txt: items[0].attendance: fremmøde kan ikke vises i dette format (og 1 sted mere)']
"""

from __future__ import annotations

import enum
import re
import warnings
from collections.abc import Iterator, Sequence

from attrs import frozen

from .._repr import fields_repr
from ..errors import LossWarning, ReadWarning, ReferatkitWarning

__all__ = [
    "Loss",
    "Note",
    "Report",
    "Reports",
    "covers",
    "describe",
    "grade",
    "lost_message",
    "message",
]


class Loss(enum.Enum):
    """Why a writer leaves something out; the message says it in Danish (one table)."""

    NOT_SHOWN = "not-shown"  # the format has no place for this field
    CHARACTERS = "characters"  # characters the format cannot carry became U+FFFD
    INEXACT = "inexact"  # written, but does not read back exactly
    UNREADABLE = "unreadable"  # the whole document cannot be read back


class Note(enum.Enum):
    """What a reader reports about its input."""

    APPROXIMATE = "approximate"  # kept only approximately; the detail says what
    CONTROL_CHARACTERS = "control-characters"  # characters XML does not allow became U+FFFD
    GENERAL_LAYOUT = "general-layout"  # a printed referat no layout fitted
    UNPLACED = "unplaced"  # printed text the layout found no place for
    TABLE = "table"  # what a printed table held that its pipe table does not
    STALE_SYSTEM_DATA = "stale-system-data"  # an ODT's meta.xml names fields the body lost
    ATTENDANCE_ORDER = "attendance-order"  # an ODT's stored attendance order does not fit
    REPAIRED = "repaired"  # a damaged file read as its repair gave it: part of it may be missing
    DID = "did"  # what the reader did (the layout it used, the pages recognised): no warning


@frozen
class Report:
    """One event. ``where`` is the path into the model (a writer's loss) or the place in
    the input (a reader: an element, a JSON path, a page); ``source`` and ``line`` name the
    input, ``format`` the writer."""

    __repr__ = fields_repr

    kind: Loss | Note
    where: str = ""
    detail: str | None = None
    source: str | None = None
    line: int | None = None
    format: str | None = None


# --- the words: one place -------------------------------------------------------------------

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

#: What a printed table held that its pipe table does not (``Note.TABLE``'s detail: the keys).
TABLE_NOTES = {
    "rows": "en celle flettet over flere rækker er læst i sin første række, tom i de næste",
    "paragraphs": "en celle med flere afsnit er læst som ét afsnit",
    "nested": "en tabel i en celle er læst som en tabel for sig efter tabellen",
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


def _reading(report: Report, kind: Note) -> str:
    """The Danish message of a reader's report."""
    source = report.source or "<data>"
    at = source + (f":{report.line}" if report.line else "")
    detail = report.detail or ""
    match kind:
        case Note.APPROXIMATE:
            return ": ".join(part for part in (at, report.where, detail) if part)
        case Note.CONTROL_CHARACTERS:
            return f"{at}: {detail} tegn, som XML ikke tillader (kontroltegn), er læst som U+FFFD"
        case Note.GENERAL_LAYOUT:
            return "intet layout passede; læst med det generelle layout"
        case Note.UNPLACED | Note.DID:
            return detail
        case Note.TABLE:
            notes = "; ".join(TABLE_NOTES[note] for note in sorted(detail.split(",")))
            return f"{report.where}: tabellen: {notes}"
        case Note.STALE_SYSTEM_DATA:
            return (
                f"{source}: meta.xml gemmer data for {detail}, som dokumentet ikke længere har; "
                "de data er ikke læst"
            )
        case Note.ATTENDANCE_ORDER:
            return (
                f"{source}: meta.xml gemmer en rækkefølge for fremmødelisten, som ikke passer til "
                f"dokumentets {detail} personer; de står i den trykte rækkefølge"
            )
        case Note.REPAIRED:
            damaged = f"{source}: filen er beskadiget: {detail}"
            return f"{damaged}; noget af indholdet kan mangle (er den afkortet?)"


def message(report: Report) -> str:
    """The Danish words of one report (a loss: without the format and the file, see
    :func:`lost_message`)."""
    if isinstance(report.kind, Loss):
        return describe(report.where, report.kind, report.detail)
    return _reading(report, report.kind)


def lost_message(format: str, paths: Sequence[str], what: str, *, file: str | None = None) -> str:
    """One kind of loss in one line, naming the file written (when there is one), the first
    place in the model ("dokumentet" for the whole) and counting the rest.

    >>> lost_message("text", [""], "kan ikke læses tilbage", file="ud.txt")
    'text: ud.txt: dokumentet: kan ikke læses tilbage'
    """
    rest = len(paths) - 1
    more = f" (og {rest} {'sted' if rest == 1 else 'steder'} mere)" if rest else ""
    where = ": ".join(part for part in (file, paths[0] or "dokumentet") if part)
    return f"{format}: {where}: {what}{more}"


# --- the grades: one place ------------------------------------------------------------------


def grade(report: Report) -> type[ReferatkitWarning] | None:
    """The warning a report is at the public edge; ``None``: a note, no warning."""
    match report.kind:
        case Loss():
            return LossWarning
        case Note.DID:
            return None
        case Note.STALE_SYSTEM_DATA | Note.ATTENDANCE_ORDER:
            return ReferatkitWarning
        case _:
            return ReadWarning


def covers(reported: str, path: str) -> bool:
    """Whether a loss reported at ``reported`` covers the model path ``path`` (itself or inside it)."""
    return not reported or path == reported or path.startswith((reported + ".", reported + "["))


# --- the channel ----------------------------------------------------------------------------


class Reports:
    """The reports of one reading or rendering, in the order they were made, once each.

    Owned by one context: nothing is shared between calls, so readers and writers
    run side by side in threads without a lock.
    """

    def __init__(self) -> None:
        self._reports: dict[Report, None] = {}

    def add(self, report: Report) -> None:
        self._reports[report] = None

    def extend(self, reports: Reports) -> None:
        for report in reports:
            self.add(report)

    def __iter__(self) -> Iterator[Report]:
        return iter(list(self._reports))

    def __len__(self) -> int:
        return len(self._reports)

    @property
    def paths(self) -> set[str]:
        """Every model path a loss was reported at."""
        return {r.where for r in self._reports if isinstance(r.kind, Loss)}

    def grouped(self) -> dict[str, list[str]]:
        """A writer's losses: message → every path reported with it."""
        out: dict[str, list[str]] = {}
        for report in self._reports:
            if isinstance(report.kind, Loss):
                out.setdefault(message(report), []).append(report.where)
        return out

    def warnings(self, *, file: str | None = None, format: str | None = None) -> list[ReferatkitWarning]:
        """Every report that is a warning, worded and graded: a reader's one each, a
        writer's one per kind of loss (naming the first place and counting the rest;
        ``file`` is the file written, ``format`` the format it is written as, when another
        format's writer made it: a PDF LibreOffice prints loses what its ODT does)."""
        out: list[ReferatkitWarning] = []
        losses: dict[tuple[str, str], list[str]] = {}
        for report in self._reports:
            kind = grade(report)
            if kind is LossWarning:
                losses.setdefault((format or report.format or "", message(report)), []).append(report.where)
            elif kind is ReadWarning:
                out.append(ReadWarning(message(report), source=report.source or "<data>", line=report.line))
            elif kind is not None:
                out.append(kind(message(report)))
        for (writer, what), paths in losses.items():
            text = lost_message(writer, paths, what, file=file)
            out.append(LossWarning(text, path=paths[0], paths=tuple(paths), format=writer))
        return out

    def notes(self) -> list[str]:
        """What the reader did (no warnings): the layout it used, the pages it recognised."""
        return [message(r) for r in self._reports if grade(r) is None]

    def warn(self, *, stacklevel: int, file: str | None = None) -> None:
        """Raise the warnings as Python warnings: for the public edge only."""
        for warning in self.warnings(file=file):
            warnings.warn(warning, stacklevel=stacklevel + 1)
