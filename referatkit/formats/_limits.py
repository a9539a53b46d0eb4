"""The limits every reader keeps: each input size is bounded before the work it causes.

Each limit is far above what a real document holds (the largest export seen
is under 1 MiB) and low enough that no input can take more than a second
or a few hundred MiB. An input over a limit is a :class:`~referatkit.ReadError`
that names the limit (:func:`over`). ``docs/readers.md`` lists them.
"""

from __future__ import annotations

from ..errors import ReadError

__all__ = [
    "MAX_DEPTH",
    "MAX_HTML_ATTRIBUTES",
    "MAX_INPUT_BYTES",
    "MAX_NUMBER_DIGITS",
    "MAX_REPEAT",
    "MAX_TABLE_CELLS",
    "MAX_TEXT_BYTES",
    "MAX_XML_BYTES",
    "MAX_YEAR",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_MEMBER_BYTES",
    "MIN_YEAR",
    "limit_message",
    "over",
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
