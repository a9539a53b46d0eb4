"""The limits every reader keeps: each input size is bounded before the work it causes.

Each limit is far above what a real document holds (the largest export seen
is under 1 MiB) and low enough that no input can take more than a second
or a few hundred MiB. An input over a limit is a :class:`~referatkit.ReadError`
that names the limit (:func:`over`). ``docs/readers.md`` lists them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ..errors import ConfigurationError, ReadError

__all__ = [
    "COST_BLOCK",
    "COST_ELEMENT",
    "COST_FIELD",
    "COST_HTML_TAG",
    "COST_JSON_KIB",
    "COST_LINE",
    "COST_NAME",
    "COST_PARTICIPANT",
    "COST_PDF_CHAR",
    "COST_PDF_CONTENT_KIB",
    "COST_PDF_OBJECTS_KIB",
    "COST_PROPERTY",
    "COST_RECORD",
    "COST_REPAIR",
    "COST_TEXT_LINE",
    "COST_TEXT_LIST_ITEM",
    "COST_TEXT_TABLE_CELL",
    "COST_XML_ATTRIBUTE",
    "COST_XML_KIB",
    "MAX_DEPTH",
    "MAX_FIELD_TAGS",
    "MAX_HTML_ATTRIBUTES",
    "MAX_INPUT_BYTES",
    "MAX_NUMBER_DIGITS",
    "MAX_REPEAT",
    "MAX_TABLE_CELLS",
    "MAX_TEXT_BYTES",
    "MAX_WORK",
    "MAX_WORK_VARIABLE",
    "MAX_XML_ATTRIBUTES",
    "MAX_XML_BYTES",
    "MAX_YEAR",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_MEMBER_BYTES",
    "MIN_YEAR",
    "WORK_BASE",
    "WORK_PER_KIB",
    "Budget",
    "budget_source",
    "charge",
    "charge_json",
    "limit_message",
    "max_work",
    "over",
    "reading",
    "work_limit",
    "xml_units",
]

#: A file or byte string given to ``read()``.
MAX_INPUT_BYTES = 64 * 1024 * 1024
#: A document in the text layout (about 700 printed pages); the reader takes up to a
#: second per MiB of dense markup. Also the HTML of one meeting on FirstAgenda's portal.
MAX_TEXT_BYTES = 2 * 1024 * 1024
#: One XML document (a whole export, or one part of an ODT).
MAX_XML_BYTES = 64 * 1024 * 1024
#: One member of a zip (an ODT's content.xml, a reference document's styles.xml), inflated:
#: checked against the size the zip declares, and again while inflating.
MAX_ZIP_MEMBER_BYTES = 32 * 1024 * 1024
#: The members of one zip.
MAX_ZIP_MEMBERS = 10_000
#: A repeat count in the input (ODF's ``<text:s text:c="…"/>``, a run of spaces).
MAX_REPEAT = 10_000
#: The cells of one table once its repeated rows and columns are counted out (ODF's
#: ``number-rows-repeated`` times ``number-columns-repeated``).
MAX_TABLE_CELLS = 100_000
#: Nesting: elements in elements (lists in lists, emphasis in emphasis), JSON in JSON.
MAX_DEPTH = 100
#: The attributes of one element in the HTML of an export's field (libxml2's HTML parser
#: takes time quadratic in them); more, and the field is read as plain text.
MAX_HTML_ATTRIBUTES = 1_000
#: The attributes of one XML element (lxml's ``attrib.items()`` takes time quadratic in them:
#: 50,000 on one element took 13 s a call); real documents have a handful.
MAX_XML_ATTRIBUTES = 1_000
#: The digits of a number (a page, a list's start, an item's position).
MAX_NUMBER_DIGITS = 9
#: The years a date may lie in.
MIN_YEAR = 1000
MAX_YEAR = 9000


def limit_message(limit: str, value: object, maximum: object) -> str:
    """What to say about an input over ``limit`` (the constant's name): which limit, and its value."""
    return f"{value} er over grænsen {limit} = {maximum} (referatkit.formats._limits)"


def over(limit: str, value: object, maximum: object, *, source: str, line: int | None = None) -> ReadError:
    """The error for an input over ``limit`` (the constant's name), for messages that say which."""
    return ReadError(limit_message(limit, value, maximum), source=source, line=line)


# --- the cost model -------------------------------------------------------------------------
#
# Every reading has a budget of work units derived from its input's size, and every
# reader charges the units it creates to it, as it creates them or, where an upper bound
# is cheap to count (the ``<`` of an XML part, the content a PDF's pages draw), before
# the work they cause. A unit is at most about a microsecond of a reader's CPU time and a
# hundred bytes of its memory (measured per weight below, docs/readers.md). What is shared
# (a content stream drawn by many pages) is charged each time it is used.

#: The units any input may cost, however small (about 0.3 s).
WORK_BASE = 300_000
#: The units each KiB of input adds (1 µs a byte; the real documents seen cost at most 0.4).
WORK_PER_KIB = 1024
#: The units no input may pass, however large (about 0.8 s and 100 MiB): the largest real
#: document seen, a printed referat of 28 pages (1.5 MB), costs 380,000. A document over it
#: that its reader trusts is read with more: :data:`MAX_WORK_VARIABLE`.
MAX_WORK = 800_000
#: The environment variable that sets the most units of a reading instead of
#: :data:`MAX_WORK`, for large documents from a source one trusts (a municipality's own
#: archive of printed referater of a hundred pages and more); as Python's own limit on the
#: digits of an ``int`` is raised (``PYTHONINTMAXSTRDIGITS``). Worker processes inherit it.
MAX_WORK_VARIABLE = "REFERATKIT_MAX_WORK"


def max_work() -> int:
    """The units no input may pass: ``$REFERATKIT_MAX_WORK`` when it is set, else :data:`MAX_WORK`.

    A value that is no whole number of at least :data:`WORK_BASE` is a
    :class:`~referatkit.errors.ConfigurationError` that says so.
    """
    value = os.environ.get(MAX_WORK_VARIABLE, "").strip().replace("_", "")
    if not value:
        return MAX_WORK
    if not value.isascii() or not value.isdigit() or len(value) > 12 or int(value) < WORK_BASE:
        raise ConfigurationError(
            f"{MAX_WORK_VARIABLE} skal være et helt antal arbejdsenheder på mindst {WORK_BASE} "
            f"(standard {MAX_WORK}), ikke {os.environ[MAX_WORK_VARIABLE]!r}"
        )
    return int(value)


#: An XML element, comment or processing instruction parsed (a ``<`` counted before parsing;
#: lxml keeps ~150 bytes a node).
COST_ELEMENT = 2
#: A ``<`` of a referatkit XML document once more: its reader makes a model node of nearly
#: every element, and keeps the tree while it does (with the parse, ~3 µs and ~300 bytes
#: an element; a document of 450,000 clauses took 3 s and 290 MiB at ``COST_ELEMENT`` alone).
COST_MODEL_ELEMENT = 2
#: A KiB of an XML document or part, on top of its elements: lxml's parse and the attribute
#: check grow with the bytes too (an element of long attributes took ~3.5 µs to parse). What
#: counts is the inflated part of a zip, which the input's size does not bound: a 40 KiB ODT
#: held a styles.xml of 9.4 MB, 100,000 styles, and took 0.8 s (fuzzer, seed 29, CI of stop 33).
COST_XML_KIB = 32
#: An attribute of an XML document or part (each ``=`` counted before parsing, in text too:
#: an upper bound): libxml2 keeps ~230 bytes an attribute. 2.5 million of them, 10,000 a tag,
#: in 25 MB took 580 MiB at the bytes' and elements' units alone (the fuzzer, seed 37, xml 211).
COST_XML_ATTRIBUTE = 3
#: An object or array of a referatkit JSON document (a ``{`` or ``[`` counted before parsing,
#: in strings too): Python's objects for it, the schema's check and the model's node, ~4 µs
#: and ~330 bytes each (450,000 clauses, 54 MB, took 3.9 s and 330 MiB uncharged).
COST_JSON_CONTAINER = 4
#: A KiB of a referatkit JSON document, on top of its objects and arrays: its text decoded and
#: its strings made (~5 bytes of memory and ~30 ns a byte: a document of 52 MB whose 400,000
#: containers were within the budget grew by 270 MiB; the fuzzer, seed 29, json input 4554).
COST_JSON_KIB = 50
#: A value of a broken referatkit JSON document (an object, an array, a text, a number: at
#: most one more than its commas) for jsonschema to list the document's errors, each with its
#: path (~100 µs a node with an error, ~11 µs without); a document too large for it has them
#: listed by jsonschema-rs instead.
COST_JSON_SCHEMA_ERRORS = 100
#: A paragraph or row of a word processor's file, empty or not, or a block of a plain-text
#: field; and a printed line through the text layout and the text reader.
COST_BLOCK = 4
COST_LINE = 30
#: A line of a file in the text layout, or of an export's plain-text field (eDoc's FullText),
#: blank ones too, counted before it is read (a line of one character costs the text reader
#: ~3 µs to the model, the eDoc reader ~2.5 µs, and up to ~4 µs with the section it starts).
COST_TEXT_LINE = 5
#: A list item's line of a file in the text layout (``- ``, ``1. ``, indented or not), on top of
#: its line's units, counted before it is read: its item, paragraph and place in the lists'
#: nesting, ~7 µs a line in all (140,000 lines of nested lists in 1.5 MB took 1.1 s at their
#: lines' units alone; the fuzzer, seed 38, text input 2340).
COST_TEXT_LIST_ITEM = 5
#: A ``|`` of a file in the text layout, counted before it is read: each table cell is one
#: and so is each row's end (an upper bound: a ``|`` in a paragraph counts too). A cell costs
#: ~9 µs to the model: its text, paragraph and cell, and its place in the table's grid (a
#: table of 40,000 rows of two cells in 1 MB took 1.5 s at its lines' units alone; the
#: fuzzer, seed 38, read-path input 178).
COST_TEXT_TABLE_CELL = 10
#: A tag in the HTML of an export's field (counted before parsing; ~9 µs each to the model).
COST_HTML_TAG = 10
#: A KiB of a PDF page's decoded content, each time a page draws it (pdfium parses it and
#: builds its text: ~200 µs a KiB of text-drawing operators, 0.13 s for one page drawing a
#: 1 KiB stream 650 times), and a character pdfium finds on a page (~3.5 µs each to a line).
COST_PDF_CONTENT_KIB = 200
COST_PDF_CHAR = 4
#: A KiB of a PDF's object streams, inflated: qpdf parses each object in them, and what
#: they hold is read again (a page's array of content references: ~100 µs a KiB).
COST_PDF_OBJECTS_KIB = 100
#: An object of a list in FirstAgenda's JSON (an item, a field, an attachment, a participant,
#: an absence), as it is met: its fields looked at, what it holds beyond them kept as
#: properties, its model node (~11 µs an attachment: 100,000 of them in 12 MB took 1.2 s at
#: their bytes' and braces' 10 units each; the fuzzer, seed 29, firstagenda input 2821).
COST_RECORD = 10
#: A property a case system's export keeps of what has no place in the model (an element
#: or attribute left over): its name made and checked, its value kept, and the model's
#: property; ~6 µs each (an SBSYS agenda's attachment entry of 100,000 documents, three
#: properties each, took 1.8 s at their elements' cost; the fuzzer, seed 29, sbsys-dagsorden
#: input 6846).
COST_PROPERTY = 5
#: A field of a case system's export read as a section (an Acadre bullet): its caption, order
#: and content found among their siblings, the caption looked up, the section made; ~20 µs
#: beyond its elements (20,000 bullets in 3 MB took 0.8 s at their elements' 21 units each;
#: the fuzzer, seed 29, read-bytes input 5646).
COST_FIELD = 20
#: A member of an SBSYS agenda, counted before they are read: its attributes, what it holds
#: beyond them kept as properties, and the model's participant, ~30 µs each (100,000 members
#: in 6.5 MB took 3 s at their elements' cost alone; the fuzzer, seed 29, read-bytes 2794).
COST_PARTICIPANT = 30
#: A name in a list of names given as text (an Acadre item's ``absent`` field, the portal
#: page's participants), counted before each is made the model's attendance note or
#: participant, ~2-3 µs each (a million in an Acadre export of 2 MB took 1.9 s; the portal
#: page's 270,000 in 2 MB, 0.74 s).
COST_NAME = 3
#: A character reference (``&#…;``) or a raw control character in an export, counted before
#: the export is repaired for XML (esdh/_prepare.py): each reference is looked at in Python
#: (~0.6 µs), each control character grows the text by its U+FFFD's two more bytes (the
#: repaired copy holds at most twice the input and what replaced its units).
COST_REPAIR = 1
#: The tags of one HTML field of an export (a long field holds a few thousand).
MAX_FIELD_TAGS = 50_000


def work_limit(size: int) -> int:
    """The units an input of ``size`` bytes may cost: ``min(max_work(), WORK_BASE + WORK_PER_KIB × KiB)``.

    >>> work_limit(0), work_limit(10 * 1024), work_limit(64 * 1024 * 1024)
    (300000, 310240, 800000)
    """
    return min(max_work(), WORK_BASE + WORK_PER_KIB * size // 1024)


class Budget:
    """The work one reading may still do: units are charged, the first charge past the
    limit is a :class:`~referatkit.ReadError` naming what was being made."""

    __slots__ = ("limit", "size", "source", "spent")

    def __init__(self, size: int, source: str) -> None:
        self.size = size
        self.source = source
        self.limit = work_limit(size)
        self.spent = 0

    def charge(self, units: int, what: str, *, line: int | None = None) -> None:
        """Charge ``units`` for ``what`` (Danish, as the message names it: "afsnit i Word-filen")."""
        self.spent += units
        if self.spent > self.limit:
            capped = self.limit < WORK_BASE + WORK_PER_KIB * self.size // 1024
            raise ReadError(
                f"{what}: indlæsningen ville koste mere end grænsen for et input på {self.size} bytes "
                f"({self.limit} arbejdsenheder: WORK_BASE + WORK_PER_KIB pr. KiB, højst MAX_WORK; "
                "referatkit.formats._limits)"
                + (
                    f". Er filen fra en kilde, du stoler på, kan den læses med en højere grænse: "
                    f"sæt miljøvariablen {MAX_WORK_VARIABLE} til flere arbejdsenheder end {self.limit}"
                    if capped
                    else ""
                ),
                source=self.source,
                line=line,
            )


_CURRENT: ContextVar[Budget | None] = ContextVar("referatkit_budget", default=None)


@contextmanager
def reading(size: int, source: str) -> Iterator[Budget]:
    """The budget of one reading of ``size`` bytes, for :func:`charge` to use until the end.

    The registry opens one around every reader (``Format.reader``); a reading inside
    another (a reader that hands part of its input to another) charges the outer one.

    >>> with reading(10, "a.txt"):
    ...     charge(work_limit(10) + 1, "afsnit")
    Traceback (most recent call last):
    ...
    referatkit.errors.ReadError: a.txt: afsnit: indlæsningen ville koste mere end ...
    """
    outer = _CURRENT.get()
    if outer is not None:
        yield outer
        return
    budget = Budget(size, source)
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)


def budget_source() -> str:
    """The name of the input being read (for a limit's error deep inside a reader)."""
    budget = _CURRENT.get()
    return budget.source if budget is not None else "<data>"


def affordable(units: int) -> bool:
    """Whether the reading in progress may still spend ``units`` (always, outside one)."""
    budget = _CURRENT.get()
    return budget is None or budget.spent + units <= budget.limit


def charge(units: int, what: str, *, line: int | None = None) -> None:
    """Charge ``units`` for ``what`` to the reading in progress (nothing outside one)."""
    budget = _CURRENT.get()
    if budget is not None:
        budget.charge(units, what, line=line)


def xml_units(data: bytes) -> int:
    """The units an XML document or part costs before it is parsed: each ``<`` at
    ``COST_ELEMENT``, each ``=`` at ``COST_XML_ATTRIBUTE`` and each KiB at ``COST_XML_KIB``.

    >>> units = 2 * COST_ELEMENT + COST_XML_ATTRIBUTE + 2 * COST_XML_KIB
    >>> xml_units(b'<a b="c">' + b" " * 2048 + b"</a>") == units
    True
    """
    return (
        data.count(b"<") * COST_ELEMENT
        + data.count(b"=") * COST_XML_ATTRIBUTE
        + len(data) // 1024 * COST_XML_KIB
    )


def charge_json(data: bytes, what: str) -> int:
    """Charge a JSON document before it is parsed: each ``{`` and ``[`` (in strings too) at
    ``COST_JSON_CONTAINER`` and each KiB at ``COST_JSON_KIB``; the containers counted, returned.

    >>> with reading(10, "a.json"):
    ...     charge_json(b"[" * 100_000, "objekter og lister")
    Traceback (most recent call last):
    ...
    referatkit.errors.ReadError: a.json: objekter og lister: indlæsningen ville koste mere end ...
    """
    containers = data.count(b"{") + data.count(b"[")
    charge(containers * COST_JSON_CONTAINER + len(data) // 1024 * COST_JSON_KIB, what)
    return containers
