"""The reading contract's one error boundary: typed helpers that build model nodes from input.

Every reader turns every failure of its input into a :class:`~referatkit.ReadError`
that names the file, the line (and column where there is one) and what is
wrong, and lets a bug in referatkit surface as the bug it is. There is no
catch-all around a reader; instead a reader checks each value where it reads
it, with these helpers, and builds each model node through :func:`build`:

- :class:`Place` is where in the input a value came from (:func:`at` makes one
  from an lxml element); ``place.fail(message)`` raises the ReadError. A
  reader whose places are not lines (a JSON path, an element whose path is
  worked out only on failure) passes any :class:`Where`.
- :func:`build` calls a model constructor, typed: mypy checks the fields
  against the class. A :class:`~referatkit.model.ModelValueError` (an empty
  title, a line break in a name: input the model refuses) becomes a
  ReadError at the place, its Danish from the error's code
  (:func:`referatkit.l10n.messages.say`). Any other exception, a
  ``TypeError`` above all (the reader passed the wrong kind of value), is a
  bug and goes through untouched.
- :func:`required`, :func:`number`, :func:`repeat`, :func:`year_checked`,
  :func:`iso_datetime` read one value and bound it by the limits in
  :mod:`._limits`.
- :func:`attributes` lists an element's attributes in linear time (lxml's own
  ``attrib.items()`` is quadratic in their number).
- :func:`open_zip` and :func:`zip_member` read a zip's members, streaming and
  stopping at :data:`~._limits.MAX_ZIP_MEMBER_BYTES`; every way a zip can be
  spoiled is a ReadError.

``docs/readers.md`` shows a reader written with them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, NoReturn, ParamSpec, Protocol, TypeVar

from attrs import frozen

from .._repr import fields_repr
from ..errors import ReadError
from ..l10n.messages import say
from ..model import COPENHAGEN, Block, CellBlock, ModelValueError
from ..model._richtext import CELL_BLOCK_TYPES
from ._limits import (
    MAX_NUMBER_DIGITS,
    MAX_REPEAT,
    MAX_YEAR,
    MAX_ZIP_MEMBER_BYTES,
    MAX_ZIP_MEMBERS,
    MIN_YEAR,
    limit_message,
    over,
)

if TYPE_CHECKING:  # lxml and zipfile load with the readers that need them, not with the text reader
    import zipfile

    from lxml import etree

__all__ = [
    "Place",
    "Where",
    "at",
    "attributes",
    "build",
    "cell_body",
    "clock",
    "iso_datetime",
    "number",
    "open_zip",
    "refused",
    "repeat",
    "required",
    "unique_properties",
    "wall_time",
    "year_checked",
    "zip_member",
    "zip_problem",
]

P = ParamSpec("P")
T = TypeVar("T")
D = TypeVar("D", dt.date, dt.datetime)


@frozen
class Place:
    """Where a value is in the input: the file, line and column, and the element or field."""

    __repr__ = fields_repr

    source: str
    line: int | None = None
    column: int | None = None
    what: str | None = None

    def error(self, message: str) -> ReadError:
        prefix = f"<{self.what}>: " if self.what else ""
        return ReadError(prefix + message, source=self.source, line=self.line, column=self.column)

    def fail(self, message: str) -> NoReturn:
        raise self.error(message)


def at(element: etree._Element, source: str, what: str | None = None) -> Place:
    """The place of ``element``: its line, and its local name unless ``what`` is given."""
    line = element.sourceline
    if what is None and isinstance(element.tag, str):
        what = element.tag.rsplit("}", 1)[-1]
    return Place(source, line if isinstance(line, int) else None, None, what)


class Where(Protocol):
    """Anything that makes the ReadError for a message at its place (a :class:`Place` is one)."""

    def error(self, message: str) -> ReadError: ...


def refused(place: Where, error: ModelValueError) -> ReadError:
    """The ReadError at ``place`` for a value the model refused, in Danish from its code."""
    return place.error(f"ugyldig værdi: {say(error)}")


def build(place: Where, make: Callable[P, T], /, *args: P.args, **fields: P.kwargs) -> T:
    """``make(*args, **fields)``; a value the model refuses is a ReadError at ``place``.

    >>> from referatkit.model import Attachment
    >>> build(Place("a.xml", 3, None, "Title"), Attachment, title="")
    Traceback (most recent call last):
    ...
    referatkit.errors.ReadError: a.xml:3: <Title>: ugyldig værdi: feltet title må ikke være tomt
    """
    try:
        return make(*args, **fields)
    except ModelValueError as error:
        raise refused(place, error) from None


def cell_body(place: Where, blocks: Iterable[Block]) -> list[CellBlock]:
    """``blocks`` as the body of a table cell: paragraphs and lists; a heading or a table is a ReadError."""
    out: list[CellBlock] = []
    for block in blocks:
        if not isinstance(block, CELL_BLOCK_TYPES):
            raise place.error("en tabelcelle rummer afsnit og lister, ikke overskrifter eller tabeller")
        out.append(block)
    return out


def required(place: Where, value: T | None, what: str) -> T:
    """``value``, or a ReadError at ``place`` saying that ``what`` is missing."""
    if value is None:
        raise place.error(f"mangler {what}")
    return value


_DIGITS = re.compile(r"[0-9]+")


def number(place: Place, text: str, what: str, *, minimum: int = 0) -> int:
    """A whole number written with ASCII digits, at most :data:`MAX_NUMBER_DIGITS` of them."""
    value = text.strip()
    if not _DIGITS.fullmatch(value):
        place.fail(f"{what} {text[:40]!r} er ikke et helt tal")
    if len(value) > MAX_NUMBER_DIGITS:
        place.fail(limit_message("MAX_NUMBER_DIGITS", f"{what} med {len(value)} cifre", MAX_NUMBER_DIGITS))
    result = int(value)
    if result < minimum:
        place.fail(f"{what} {result} er mindre end {minimum}")
    return result


def repeat(place: Place, text: str | None, what: str) -> int:
    """A repeat count (default 1), at most :data:`MAX_REPEAT`."""
    if text is None:
        return 1
    value = text.strip()
    if _DIGITS.fullmatch(value) and len(value) > MAX_NUMBER_DIGITS:
        shown = value if len(value) <= 20 else f"{value[:20]}... ({len(value)} cifre)"
        place.fail(limit_message("MAX_REPEAT", f"{what} {shown}", MAX_REPEAT))
    count = number(place, value, what, minimum=1)
    if count > MAX_REPEAT:
        place.fail(limit_message("MAX_REPEAT", f"{what} {count}", MAX_REPEAT))
    return count


def _calendar_problem(year: int, month: int, day: int, hour: int, minute: int) -> str | None:
    """What no calendar or clock has in these values, in the order Python's ``datetime`` checks them."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return f"året {year} er uden for det mulige"
    if not 1 <= month <= 12:
        return "måneden skal være 1-12"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return "dagen findes ikke i måneden"
    if not 0 <= hour <= 23:
        return "timen skal være 0-23"
    if not 0 <= minute <= 59:
        return "minuttet skal være 0-59"
    return None


def wall_time(
    place: Where, what: str, *, year: int, month: int, day: int, hour: int, minute: int
) -> dt.datetime:
    """The date and time of day as on the clock (no time zone yet); one no calendar has is a
    ReadError at ``place``: ``ugyldigt tidspunkt: dagen findes ikke i måneden``."""
    problem = _calendar_problem(year, month, day, hour, minute)
    if problem is not None:
        raise place.error(f"{what}: {problem}")
    return dt.datetime(year, month, day, hour, minute)


def clock(place: Where, what: str, hour: int, minute: int) -> dt.time:
    """The time of day ``hour:minute``; one no clock shows is a ReadError at ``place``."""
    problem = _calendar_problem(2000, 1, 1, hour, minute)
    if problem is not None:
        raise place.error(f"{what}: {problem}")
    return dt.time(hour, minute)


def year_checked(place: Place, value: D) -> D:
    """``value`` if its year lies in ``MIN_YEAR`` .. ``MAX_YEAR``."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        place.fail(f"året {value.year} ligger uden for {MIN_YEAR}-{MAX_YEAR} (MIN_YEAR, MAX_YEAR)")
    return value


def iso_datetime(place: Place, text: str, what: str) -> dt.datetime:
    """An ISO 8601 date and time with its UTC offset (``2025-01-14T16:00:00+01:00``)."""
    value = text.strip()
    try:
        if len(value) > 40:
            raise ValueError(value)
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        place.fail(f"{what} skal være et tidspunkt som 2025-01-14T16:00:00+01:00, ikke {text[:40]!r}")
    if parsed.tzinfo is None:
        place.fail(f"{what} {text!r} mangler sin tidszone (UTC-forskydning, fx +01:00)")
    # The year as written, then as the model holds it (in Copenhagen: 9000-12-31T23:30-01:00
    # is in 9001 there, which no writer takes).
    return year_checked(place, year_checked(place, parsed).astimezone(COPENHAGEN))


def unique_properties(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Properties with a repeated name numbered ``.2``, ``.3`` (the model refuses a name twice)."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for name, value in pairs:
        unique, n = name, 1
        while unique in seen:
            n += 1
            unique = f"{name}.{n}"
        seen.add(unique)
        out.append((unique, value))
    return tuple(out)


#: Attributes of an element that lxml's ``items()`` lists faster than XPath (~1 µs for three;
#: quadratic, it passes XPath's ~10 µs a call at about 30).
_FEW_ATTRIBUTES = 16


def attributes(element: etree._Element) -> list[tuple[str, str]]:
    """``element``'s attributes as (name, value) pairs in document order, in linear time.

    Names are as lxml writes them (``{namespace}local``). lxml's
    ``attrib.items()``, ``values()`` and ``items()`` look each attribute up
    again from the first, quadratic in their number; XPath walks them once,
    but costs ~10 µs a call: it is asked only of an element of many.
    """
    count = len(element.attrib)
    if count <= _FEW_ATTRIBUTES:  # nearly every element: none, or a few
        return element.items() if count else []
    found = element.xpath("@*")
    assert isinstance(found, list)
    return [(str(value.attrname), str(value)) for value in found]


@cache
def zip_failures() -> tuple[type[BaseException], ...]:
    """What a spoiled zip raises while it is opened or unpacked: a bad central directory
    (a negative offset: ValueError), a bad deflate or LZMA stream (bz2: OSError), a stream
    cut short, an unknown compression method or version, an encrypted member, a wrong
    checksum. Every reader of a zip turns these, and only these, into a ReadError."""
    import lzma  # noqa: PLC0415
    import zipfile  # noqa: PLC0415
    import zlib  # noqa: PLC0415

    return (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, lzma.LZMAError,
            NotImplementedError, RuntimeError, OSError, ValueError, KeyError, OverflowError)  # fmt: skip


def zip_problem(error: BaseException) -> str:
    """What a failure of :func:`zip_failures` means, in Danish: never zipfile's or zlib's words.

    >>> import zipfile
    >>> zip_problem(zipfile.BadZipFile("File is not a zip file"))
    'filen er ingen zip-fil (eller den er afkortet)'
    >>> zip_problem(zipfile.BadZipFile("Bad CRC-32 for file 'content.xml'"))
    'kontrolsummen passer ikke: den er beskadiget'
    """
    import zipfile  # noqa: PLC0415

    text = str(error)
    if isinstance(error, zipfile.BadZipFile):
        if "not a zip file" in text:
            # No end of the central directory: the file is no zip, or its end is cut off.
            return "filen er ingen zip-fil (eller den er afkortet)"
        if "CRC" in text:
            return "kontrolsummen passer ikke: den er beskadiget"
        if "Truncated" in text:
            return "den er afkortet"
        return "zip-filens indholdsfortegnelse er beskadiget"
    if isinstance(error, zipfile.LargeZipFile):
        return "den er for stor (ZIP64)"
    if isinstance(error, EOFError):
        return "den er afkortet"
    if isinstance(error, RuntimeError) and "encrypted" in text:
        return "den er krypteret med en adgangskode"
    if isinstance(error, NotImplementedError):
        return "den er pakket med en metode, som ikke kan læses"
    return "de pakkede data er beskadigede"


def open_zip(data: bytes, source: str, what: str = "zip-fil") -> zipfile.ZipFile:
    """``data`` as a zip, or a ReadError; at most :data:`MAX_ZIP_MEMBERS` members."""
    import zipfile  # noqa: PLC0415

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zip_failures() as error:
        raise ReadError(f"ikke en læsbar {what}: {zip_problem(error)}", source=source) from None
    if len(archive.infolist()) > MAX_ZIP_MEMBERS:
        raise over("MAX_ZIP_MEMBERS", f"{len(archive.infolist())} filer i zip-filen", MAX_ZIP_MEMBERS,
                   source=source)  # fmt: skip
    return archive


def zip_member(
    archive: zipfile.ZipFile,
    name: str,
    source: str,
    *,
    limit: int = MAX_ZIP_MEMBER_BYTES,
    what: str = "zip-fil",
) -> bytes | None:
    """The inflated bytes of member ``name`` (None when absent), never more than ``limit``.

    The size the zip declares is checked first, then the inflated bytes as they
    come, in chunks: a member that inflates past the limit stops there. A
    spoiled member (bad deflate data, an unknown compression method, an
    encrypted member, a wrong checksum) is a ReadError naming it.
    """
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        raise over("MAX_ZIP_MEMBER_BYTES", f"{name} fylder {info.file_size} bytes udpakket", limit,
                   source=source)  # fmt: skip
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(1024 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise over("MAX_ZIP_MEMBER_BYTES", f"{name} fylder over {limit} bytes udpakket", limit,
                               source=source)  # fmt: skip
                chunks.append(chunk)
    except zip_failures() as error:
        raise ReadError(
            f"ikke en læsbar {what}: {name} kan ikke pakkes ud: {zip_problem(error)}", source=source
        ) from None
    return b"".join(chunks)
