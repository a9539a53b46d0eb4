"""A printed document as lines of styled text, whatever file it came from."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from attrs import frozen

from ..._repr import fields_repr
from ...errors import ReadError
from .._build import zip_failures, zip_problem
from .._contract import Note, ReadContext
from .._limits import COST_ELEMENT, charge, xml_units

# Bounds on a word processor's zip: what a referat holds, with room to spare.
MAX_PART = 64 * 1024 * 1024  # uncompressed bytes of one zip member
MAX_TOTAL = 256 * 1024 * 1024
_CHUNK = 64 * 1024


@frozen
class Run:
    """Text in one style; ``link`` is the target of a link over it."""

    __repr__ = fields_repr

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


@frozen
class Cell:
    """A table cell of a word processor's file: its paragraphs' runs on one line, and the
    columns it spans."""

    __repr__ = fields_repr

    runs: tuple[Run, ...]
    column_span: int = 1


@frozen
class Line:
    """One printed line: its runs, page, left edge, distance from the top and right edge
    (points), font size.

    From a word processor's file, a line is a whole paragraph: ``y`` is its
    paragraph number and ``page`` is 0.
    """

    __repr__ = fields_repr

    runs: tuple[Run, ...]
    page: int = 0
    x: float = 0.0
    y: float = 0.0
    size: float = 0.0
    right: float = 0.0
    #: In a word processor's file, the list a list paragraph belongs to ("" when unknown).
    list_id: str = ""
    #: A table row of a word processor's file: its table's number (rows of one table
    #: share it; 0 for a paragraph), its cells, and whether it is a header row. ``runs``
    #: are then its cells' runs joined by a space (a front page reads them as a line).
    table: int = 0
    cells: tuple[Cell, ...] = ()
    header: bool = False
    #: Recognised from a page image (OCR), not taken from a text layer.
    recognised: bool = False
    #: A row of a table inside a table's cell: the ``page`` of the outermost row it stands
    #: in (0 otherwise). The row is listed after the table it is in; a front page reads it
    #: where it stands (Acadre's member lists).
    within: int = 0

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def bold(self) -> bool:
        """Every visible character is bold."""
        return all(run.bold for run in self.runs if run.text.strip())


def check_zip(data: bytes, source: str, what: str) -> None:
    """Refuse a zip whose members would unpack beyond the bounds (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = 0
            for info in z.infolist():
                if info.file_size > MAX_PART:
                    raise ReadError(
                        f"{what}: delen {info.filename!r} fylder {info.file_size} byte udpakket; "
                        f"højst {MAX_PART} læses",
                        source=source,
                    )
                total += info.file_size
            if total > MAX_TOTAL:
                raise ReadError(
                    f"{what}: filen fylder {total} byte udpakket; højst {MAX_TOTAL} læses", source=source
                )
    except zip_failures() as exc:
        raise ReadError(f"{what}: ikke en gyldig zip-fil: {zip_problem(exc)}", source=source) from None


def read_member(z: zipfile.ZipFile, name: str, source: str, what: str, *, limit: int = MAX_PART) -> bytes:
    """The unpacked bytes of the zip member ``name``, read in chunks and refused past
    ``limit`` bytes (whatever its header says); a member that cannot be unpacked, or
    is missing, is a :class:`ReadError` naming the file and the member."""
    out = bytearray()
    try:
        with z.open(name) as member:
            while chunk := member.read(_CHUNK):
                out += chunk
                if len(out) > limit:
                    raise ReadError(
                        f"{what}: delen {name!r} fylder over {limit} byte udpakket; højst {limit} læses",
                        source=source,
                    )
    except KeyError:
        raise ReadError(f"{what}: delen {name!r} mangler", source=source) from None
    except zip_failures() as exc:
        raise ReadError(
            f"{what}: delen {name!r} kan ikke pakkes ud: {zip_problem(exc)}", source=source
        ) from None
    return bytes(out)


def read_members(data: bytes, source: str, what: str) -> dict[str, bytes]:
    """Every member of a zip by name, unpacked with :func:`read_member` (the sizes checked
    first), its XML nodes charged: what a library that reads the zip would read."""
    check_zip(data, source, what)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            out: dict[str, bytes] = {}
            for info in z.infolist():  # a folder too: reading it gives what the zip holds for it
                member = out[info.filename] = read_member(z, info.filename, source, what)
                # The library parses the XML parts itself, whatever their names (the
                # package's content types say which): every member's nodes are charged here.
                # An XML part's bytes too, as parse_xml charges them: a settings.xml of 25 MB and
                # 96,000 elements, deflated to 140 KB, took 310 MiB (the fuzzer, seed 29, docx
                # input 1657).
                xml = info.filename.endswith((".xml", ".rels"))
                units = xml_units(member) if xml else member.count(b"<") * COST_ELEMENT
                charge(units, f"{what}: XML-elementer i {info.filename}")
            return out
    except zip_failures() as exc:
        raise ReadError(f"{what}: ikke en gyldig zip-fil: {zip_problem(exc)}", source=source) from None


MAX_SPAN = 1000  # columns one cell may span


def table_row(
    cells: Sequence[tuple[Sequence[Line], int]], *, page: int, table: int, header: bool, within: int = 0
) -> Line | None:
    """A table row from its cells' paragraphs and column spans; None when it has no text."""
    out: list[Cell] = []
    runs: list[Run] = []
    sizes: list[float] = []
    for paragraphs, span in cells:
        cell: list[Run] = []
        for line in paragraphs:
            if cell:
                cell.append(Run(" "))
            cell.extend(line.runs)
            sizes.append(line.size)
        out.append(Cell(tuple(cell), column_span=min(max(span, 1), MAX_SPAN)))
        if cell:
            if runs:
                runs.append(Run(" "))
            runs.extend(cell)
    if not "".join(run.text for run in runs).strip():
        return None
    return Line(
        tuple(runs), page=page, size=max(sizes), table=table, cells=tuple(out), header=header, within=within
    )


def report_table(ctx: ReadContext, page: int, notes: set[str]) -> None:
    """One report for what a table held that its pipe table does not (docs/text-format.md 3.8)."""
    if notes:
        ctx.report(Note.TABLE, f"afsnit {page}", ",".join(sorted(notes)))
