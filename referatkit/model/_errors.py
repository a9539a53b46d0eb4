"""The model's one typed error: which field, which rule, with which values.

A constructor that refuses a value raises a :class:`ModelError` (a
``ValueError`` or ``TypeError`` too, as attrs validators raise): ``field`` is
the model path of the refused value (``title``, ``rows[1].cells``),
``code`` a :class:`Code` saying which rule, ``params`` the values the
message shows. ``str(error)`` speaks English to the programmer; the Danish
a secretary reads comes from the code, in :func:`referatkit.l10n.messages.say`,
so no English message is ever parsed again::

    >>> from referatkit.model import Item
    >>> try:
    ...     Item(number="1", title="")
    ... except ModelError as error:
    ...     print(error.field, error.code.name, "|", error)
    title EMPTY | title must not be empty

As in cattrs' ``errors.py``, an error raised inside a nested value gets the
outer path when it passes up (:meth:`ModelError.within`), so the path names
the value from the node being built: ``rows[1]: cells must not be empty``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Self

__all__ = ["Code", "ModelError", "ModelTypeError", "ModelValueError", "english", "refuse"]


class Code(enum.Enum):
    """Every rule of the model (and of :class:`~referatkit.l10n.Labels`) a value can break.

    Each member has a stable ``key`` and its ``english`` template: ``{field}``
    is the refused field, the other names are the error's ``params``.
    """

    key: str
    english: str

    def __init__(self, key: str, english: str) -> None:
        self.key = key
        self.english = english

    # -- the kind of a value (TypeError)
    NOT_STR = "not-str", "{field} must be a str, not {type}"
    NOT_BOOL = "not-bool", "{field} must be a bool, not {type}"
    NOT_INT = "not-int", "{field} must be an int, not {type}"
    NOT_INSTANCE = "not-instance", "{field} must be a {kind}, not {value}"
    NOT_DATE = "not-date", "{field} must be a datetime.date, not {type}"
    NOT_TIME = "not-time", "{field} must be a datetime.time, not {type}"
    NOT_DATETIME = "not-datetime", "{field}: expected a datetime, not {type}"
    NOT_SEQUENCE = "not-sequence", "{field}: expected a sequence of {kind}, not {type}"
    NOT_ELEMENT = "not-element", "{field}: expected {kind}, not {type}"
    NOT_JOURNAL = "not-journal", "{field} must be a JournalNumber or str, not {type}"
    NOT_ROUTE = "not-route", "{field} must be a sequence of forum short names, e.g. ('MBU', 'ØU', 'KB')"
    NOT_PROPERTY = "not-property", "{field} must be (str, str) pairs, not {value}"
    NOT_INLINE_CONTENT = "not-inline-content", "inline content must be a str or inline nodes, not {type}"
    NOT_INLINE = "not-inline", "not an inline node: {type}"
    NOT_SUBLIST = "not-sublist", "{field} must be a BulletList or OrderedList, not {type}"
    NOT_LIST_ITEMS = "not-list-items", "{field} must be a sequence of ListItem (or str)"
    NOT_LIST_ITEM = "not-list-item", "{field} must hold ListItem, not {type}"
    NOT_BLOCKS = "not-blocks", "{field} must be a sequence of blocks, not a str; use (Paragraph(...),)"
    NOT_BLOCK = "not-block", "{field}: not a block: {type}"
    ONE_BLOCK = "one-block", "{field} must be a sequence of blocks, not one block; use (Paragraph(...),)"
    NOT_CELL_BLOCK = "not-cell-block", "{field}: a table cell holds paragraphs and lists, not {type}"
    NOT_CELLS = "not-cells", "{field} must be a sequence of TableCell (or str)"
    NOT_CELL = "not-cell", "{field} must be a TableCell, not {type}"
    NOT_ROWS = "not-rows", "{field} must be a sequence of TableRow"
    ROW_IS_STR = "row-is-str", "{field} must be a TableRow or a sequence of cells, not a str"
    NOT_ALIGNMENTS = "not-alignments", "{field} must be a sequence, one per column"
    NOT_KIND_MAP = "not-kind-map", "{field}: expected a mapping of section kinds, not {type}"
    NOT_KIND_PAIR = "not-kind-pair", "{field}: expected a (section kind, value) pair, not {value}"
    NOT_STR_SEQUENCE = "not-str-sequence", "{field} must be a sequence of str, not {type}"
    # -- text
    EMPTY = "empty", "{field} must not be empty"
    LINE_BREAK = "line-break", "{field} must not contain a line break"
    TEXT_LINE_BREAK = "text-line-break", "{field} must not contain a line break; use LineBreak()"
    INVISIBLE = "invisible", "{owner}.{field} must contain visible text"
    NESTED_LINK = "nested-link", "{field} must not contain another Link"
    # -- the model's field rules
    NAIVE = (
        "naive",
        "{field}: naive datetime {value}: give a time zone, "
        "e.g. referatkit.l10n.localize(value) for Europe/Copenhagen",
    )
    END_BEFORE_START = "end-before-start", "end {end} is before start {start}"
    PROPERTY_NAME = "property-name", "property name {name} must be a name such as 'sbsys:Category'"
    PROPERTY_TWICE = "property-twice", "property {name} is given twice"
    SECTION_CLASS = "section-class", "kind {kind}: use {cls} for this section"
    CUSTOM_CAPTION = "custom-caption", "caption is required for a CUSTOM section"
    LEAD = "lead", "{field} must be one of {options}, not {value}"
    ALGORITHM = "algorithm", "{field} must be one of {options}, not {value}"
    DIGEST = "digest", "{field} must be {length} hex digits for {algorithm}"
    MEDIA_TYPE = "media-type", "{field} must look like 'application/pdf', not {value}"
    SUBSTITUTE_STATUS = "substitute-status", "{field} is only for status SUBSTITUTE"
    ITEM_NUMBER = "item-number", "{field} must look like '1', '1.1' or '12a', not {value}"
    ROUTE_PART = "route-part", "route part must be a short name such as 'KB', not {value}"
    PAGE = "page", "{field} must be a positive int, not {value}"
    JOURNAL_SPACE = "journal-space", "{field} must be non-empty without surrounding white space: {value}"
    # -- lists and tables
    START_INT = "start-int", "{field} must be an int"
    START_NEGATIVE = "start-negative", "{field} must be 0 or more"
    LIST_DEPTH = "list-depth", "lists may nest at most {limit} levels"
    NO_ITEMS = "no-items", "{field} must not be empty"
    NO_CELLS = "no-cells", "{field} must not be empty"
    NO_ROWS = "no-rows", "{field} must not be empty"
    SPAN = "span", "{field} must be between 1 and {limit}, not {value}"
    ALIGNMENT = "alignment", "{field} must be 'left', 'center' or 'right', not {value}"
    ALIGNMENT_COUNT = "alignment-count", "{field} must have one entry per column ({columns}), not {count}"
    TABLE_CAPTION = "table-caption", "{field} must be empty or contain visible text"
    SPAN_BELOW = "span-below", "{field}: {value} reaches below the last row"
    OVERLAP_ABOVE = "overlap-above", "{field}: overlaps a cell spanning from row {row} above"
    OVERLAP = "overlap", "{field}: overlaps a cell of {other}"
    NOT_RECTANGULAR = (
        "not-rectangular",
        "{field}: the row covers {count} columns with its spans, the first row {width}; "
        "a table must be rectangular",
    )
    SPANNED_COLUMN = "spanned-column", "no cell begins in column {column}; a span covers it in every row"
    HEADER_ROWS_INT = "header-rows-int", "{field} must be an int"
    HEADER_ROWS = "header-rows", "{field} must be between 0 and {limit}, not {value}"
    HEADER_SPAN = "header-span", "{field}: a header cell must not reach into the body"
    # -- whole-document checks (referatkit.validate)
    XML_CHAR = "xml-char", "character U+{codepoint} at position {position} cannot be carried by XML"
    NUMBER_TWICE = "number-twice", "item number {number} is used twice ({first})"
    LISTED_TWICE = "listed-twice", "{name} is listed twice ({first})"
    SELF_SUBSTITUTE = "self-substitute", "a member cannot substitute for themselves"
    NOT_PARTICIPANT = "not-participant", "{name} is not among the meeting's participants"
    # -- time
    SUMMER_GAP = "summer-gap", "{value} does not exist in Europe/Copenhagen (summer time gap)"
    NAIVE_LOCAL = "naive-local", "naive datetime {value}: use localize() first"
    # -- labels (referatkit.l10n.Labels)
    TEMPLATE = "template", "{field}: {value} is not a valid template: {reason}"
    TEMPLATE_FIELDS = "template-fields", "{field}: {value} may use {names}, each once, and no other {{...}}"
    CHOICE = "choice", "'{field}' must be in {options} (got {value})"
    UNKNOWN_KIND = "unknown-kind", "{field}: unknown section kind {value}; the kinds are {known}"
    CUSTOM_KIND = "custom-kind", "{field}: a custom section carries its own caption; the kinds are {known}"
    KIND_TWICE = "kind-twice", "{field}: {kind} is given twice"
    CAPTIONS_MISSING = (
        "captions-missing",
        "{field}: every section kind needs a caption; missing: {missing} "
        "(start from dict(DANISH.captions) and replace the ones you change)",
    )
    CAPTION_SHARED = "caption-shared", "{field}: {caption} is the caption of both {first} and {second}"

    @property
    def is_type_error(self) -> bool:
        """Whether the rule is about the kind of a value (a ``TypeError``) rather than the value."""
        return (self.name.startswith("NOT_") and self not in _VALUE_RULES_NAMED_NOT) or self in _TYPE_RULES


_TYPE_RULES = frozenset({Code.ONE_BLOCK, Code.ROW_IS_STR, Code.START_INT, Code.HEADER_ROWS_INT})
#: Rules about a value whose names begin with NOT_ all the same: a ragged table, an absence of
#: someone not among the participants (a reader turns a ModelValueError into a ReadError; a
#: TypeError is a programming error, and escaped the JSON reader: fuzzer, seed 29, read-bytes 5142).
_VALUE_RULES_NAMED_NOT = frozenset({Code.NOT_RECTANGULAR, Code.NOT_PARTICIPANT})


def english(code: Code, field: str, params: Mapping[str, object]) -> str:
    """The English message of ``code`` for ``field``."""
    return code.english.format(field=field, **params)


class ModelError(Exception):
    """A value the model (or :class:`~referatkit.l10n.Labels`) refuses.

    ``field`` is the refused value's model path, ``code`` the rule, ``params``
    the values the message shows. ``name`` is the path as the refusing
    constructor knew it, ``outer`` the paths of the values the error passed
    through on its way up, outermost first (cattrs' notes).
    """

    def __init__(
        self, name: str, code: Code, params: Mapping[str, object], outer: tuple[str, ...] = ()
    ) -> None:
        self.name = name
        self.code = code
        self.params: Mapping[str, object] = MappingProxyType(dict(params))
        self.outer = outer
        super().__init__(str(self))

    @property
    def field(self) -> str:
        """The model path of the refused value: ``rows[1].cells``, ``title``."""
        path = ""
        for part in (*self.outer, self.name):
            path += part if not path or part.startswith("[") else f".{part}"
        return path

    def within(self, outer: str) -> Self:
        """The same error seen from the value that holds the refused one, at ``outer``."""
        return type(self)(self.name, self.code, self.params, (outer, *self.outer))

    def __str__(self) -> str:
        return "".join(f"{part}: " for part in self.outer) + english(self.code, self.name, self.params)

    def __reduce__(self) -> tuple[object, ...]:  # pickled across the batch's processes
        return (type(self), (self.name, self.code, dict(self.params), self.outer))


class ModelValueError(ModelError, ValueError):
    """A value of the right kind that a rule refuses (empty, a line break, ...)."""


class ModelTypeError(ModelError, TypeError):
    """A value of the wrong kind: a programming error, not bad input."""


def refuse(field: str, code: Code, **params: object) -> ModelError:
    """The error for ``field`` breaking ``code``: a ``TypeError`` for a rule about kinds."""
    kind = ModelTypeError if code.is_type_error else ModelValueError
    return kind(field, code, params)
