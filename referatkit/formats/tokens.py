"""The tokens of a referat in the text layout's family: what each line *is*.

The text reader is a lexer and a parser (docs/text-format.md): the lexer
(``formats/text/_lexer.py``) turns the text layout's lines into these tokens,
the parser (``formats/text/_parser.py``, :func:`referatkit.formats.text.parse_tokens`)
turns tokens into the meeting. A printed referat (PDF, Word, ODT through
``formats/printed/_layout.py``, ``pdftotext``'s text through
``formats/text/_printed.py``) is classified by its fonts and positions and
gives tokens directly, the way pandoc's Word reader maps a typed intermediate
form to its AST: nothing is written as text to be read again, no line is
escaped to keep it from being misread, and a bold caption or a page is a field
of its token, not a side channel.

Every token has its :class:`Place`. The text of a block line, a list item, a
table cell or a table-of-contents title is inline markup (``*em*``,
``**strong**``, ``[text](target)``, backslash escapes: docs/text-format.md 3.2),
read by the parser with :func:`referatkit.formats.text.parse_inlines`.
"""

from __future__ import annotations

from typing import NamedTuple

from ..l10n import Labels
from ..model import SectionKind


class Place(NamedTuple):
    """Where a token was read: the file, its line (a print: the token's number, counted
    as the lines of the text layout it stands for) and, for a print, the page (PDF) or
    paragraph (Word, ODT) it was printed on."""

    source: str
    line: int
    page: int | None = None


class Title(NamedTuple):
    """The front page's first line: ``REFERAT <forum> d. DD-MM-ÅÅÅÅ`` (checked by the parser)."""

    place: Place
    text: str


class FrontField(NamedTuple):
    """A front-page line after the title: ``label`` is the field it names (the labels'
    ``Mødedato`` or ``Mødested``, ``value`` what follows it), the table of contents'
    heading (``contents``), or ``None`` for a line the front page does not know."""

    place: Place
    text: str
    label: str | None = None
    value: str = ""
    contents: bool = False


class TocEntry(NamedTuple):
    """A line of the table of contents: the title as printed and its page (``None``
    when the line shows none)."""

    place: Place
    text: str
    title: str
    page: str | None = None


class ItemHeading(NamedTuple):
    """``Punkt <number>: <title>``; the title still holds a route (``CF - ``) and, in a
    print, ``Lukket: ``."""

    place: Place
    text: str
    number: str
    title: str


class CaseNumber(NamedTuple):
    """The line after an item heading: its case number, unescaped."""

    place: Place
    text: str
    value: str


class Caption(NamedTuple):
    """A section's caption and the kind of section it opens (``CUSTOM``: a print's bold
    caption, or ``<X>s påtegning``, outside the labels' captions)."""

    place: Place
    text: str
    kind: SectionKind


class Marker(NamedTuple):
    """A list item's marker: its indentation (a level a space) and a bullet or a number."""

    indent: int
    number: str | None = None  # None: a bullet

    @property
    def bullet(self) -> bool:
        return self.number is None


class BlockLine(NamedTuple):
    """A line of a section's body, ``text`` as written. ``gap``: a blank line (or a
    caption, a case number) stands before it, so it begins a new paragraph or list;
    ``marker``: it begins a list item, ``rest`` being the item's text after the marker."""

    place: Place
    text: str
    gap: bool = False
    marker: Marker | None = None
    rest: str = ""


class TableRow(NamedTuple):
    """A line of a pipe table (docs/text-format.md 3.8): its cells as written (inline
    markup, spaces kept; ``""`` after a cell: it spans one more column; ``^``: the cell
    above spans this row), or ``None`` when the line does not end in ``|``."""

    place: Place
    text: str
    cells: tuple[str, ...] | None
    gap: bool = False


Token = Title | FrontField | TocEntry | ItemHeading | CaseNumber | Caption | BlockLine | TableRow


def front_field(text: str, place: Place, labels: Labels) -> FrontField:
    """A front-page line, with the field its label names (``Mødedato …``, ``Mødested …``)."""
    for label in (labels.meeting_date, labels.meeting_place):
        if text.startswith(label + " "):
            return FrontField(place, text, label, text[len(label) + 1 :])
    return FrontField(place, text)
