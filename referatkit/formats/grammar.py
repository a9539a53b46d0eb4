"""The text layout's line grammar and escaping: shared by its reader and writer, the printed
readers and the eDoc reader (one grammar for every format that reads or writes the layout).

See ``docs/text-format.md`` for the layout itself.
"""

from __future__ import annotations

import re
from functools import cache

from ..l10n import Labels
from ..model import DocumentKind, SectionKind, Variant

# A list marker: indentation (one space a level), then "-" or "N." followed by
# a space or the end of the line.
MARKER = re.compile(r"(?P<indent> *)(?:(?P<bullet>-)|(?P<number>\d+)\.)(?: (?P<rest>.*)|$)")
# A forum route before the title: "CF - ", "MBU/ØU/KB - ".
ROUTE = re.compile(r"(?P<route>[A-ZÆØÅ][A-ZÆØÅ0-9]{0,9}(?:/[A-ZÆØÅ][A-ZÆØÅ0-9]{0,9})*) - (?P<title>.+)")
# A table-of-contents entry: title, dot leader, TAB, page. The leader swallows
# the title's own final dots ("CF - Evt." gives "CF - Evt.....").
TOC_ENTRY = re.compile(r"(?P<title>.*?)\.{5,}\t(?P<page>[1-9]\d*)")
TOC_LEADER = "....."
# The connective word that opens a recommendation clause.
LEAD = re.compile(r"(?P<lead>at|At|AT)(?: |(?=\n)|$)")
HEADING_MAX = 100
# A table line starts with "|"; the rule line under the header rows holds one
# segment of dashes per column, a colon at the right end for a right-aligned
# column, at both ends for a centred one.
TABLE_START = "|"
RULE_SEGMENT = re.compile(r" *(?P<left>:?)-+(?P<right>:?) *")
_HEADING_STOPS = ".:;,!?"
# A caption of a printed referat outside the caption table: "Borgmesterens Afdelings påtegning".
PRINTED_CUSTOM_CAPTION = re.compile(r"\S.{0,60}s påtegning")
# The title prefix of a closed item in a printed referat.
PRINTED_CLOSED = "Lukket: "


def is_blank(line: str) -> bool:
    return not line.strip(" \t")


def escape_inline_text(text: str) -> str:
    """Escape the characters that carry markup inside a line."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("[", "\\[").replace("]", "\\]")


def escape_target(target: str) -> str:
    return target.replace("\\", "\\\\").replace(")", "\\)")


class Grammar:
    """The line patterns of one label table (compiled once per table)."""

    def __init__(self, labels: Labels) -> None:
        self.labels = labels
        self.item_heading = re.compile(rf"{re.escape(labels.item)} (?P<number>[^\s:]+): (?P<title>.*\S.*)")
        self.captions = labels.caption_kinds()
        titles = {
            labels.kind_title(kind, variant): (kind, variant) for kind in DocumentKind for variant in Variant
        }
        self.kind_titles = titles
        alternatives = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
        self.title_line = re.compile(
            rf"(?:(?P<draft>{re.escape(labels.draft)}) )?(?P<kind>{alternatives}) (?P<forum>.+) "
            rf"{re.escape(labels.date_prefix)} (?P<date>\d\d-\d\d-\d{{4}})"
        )
        templates = (labels.decision_by, labels.decision_forum, labels.decision_date)
        self.decision_patterns = [
            re.compile(_decision_pattern(template, named=True)) for template in templates
        ]
        # The three as one pattern, for telling a caption: one match a line instead of three.
        self.any_decision = re.compile(
            "|".join(f"(?:{_decision_pattern(t, named=False)})" for t in templates)
        )

    def caption_kind(self, line: str) -> SectionKind | None:
        """The section kind a caption line announces, or ``None``."""
        stripped = line.strip(" \t")
        kind = self.captions.get(stripped.casefold())
        if kind is not None:
            return kind
        return SectionKind.DECISION if self.any_decision.fullmatch(stripped) else None

    def is_structural(self, line: str) -> bool:
        """True when ``line`` at the start of a block would not be read as text."""
        return bool(
            MARKER.match(line)
            or line.startswith(TABLE_START)
            or self.item_heading.fullmatch(line)
            or self.caption_kind(line)
        )


def _decision_pattern(template: str, *, named: bool) -> str:
    """A decision caption's template (``Beslutning i {forum} den {date}``) as a pattern."""
    forum, date = (r"(?P<forum>.+?)", r"(?P<date>\d\d-\d\d-\d{4})") if named else (r".+?", r"\d\d-\d\d-\d{4}")
    return re.escape(template).replace(re.escape("{forum}"), forum).replace(re.escape("{date}"), date)


@cache
def grammar(labels: Labels) -> Grammar:
    return Grammar(labels)


def escape_line(line: str, *, block_start: bool, grammar: Grammar) -> str:
    """Put a backslash before the first character of a line that would be misread.

    A list marker or a table line is misread anywhere; an item heading or a
    caption only at the start of a block. The reader drops one backslash before any character.
    """
    if MARKER.match(line) or line.startswith(TABLE_START) or (block_start and grammar.is_structural(line)):
        indent = len(line) - len(line.lstrip(" "))
        return line[:indent] + "\\" + line[indent:]
    return line


def escape_plain(text: str, *, grammar: Grammar) -> str:
    """Escape a plain (markup-free) line: a title, a journal number."""
    if text.lstrip(" ").startswith("\\") or grammar.is_structural(text):
        indent = len(text) - len(text.lstrip(" "))
        return text[:indent] + "\\" + text[indent:]
    return text


def unescape_plain(line: str) -> str:
    indent = len(line) - len(line.lstrip(" "))
    if line[indent : indent + 1] == "\\":
        return line[:indent] + line[indent + 1 :]
    return line


def looks_like_heading(line: str) -> bool:
    """The sub-heading rule: a short line without sentence punctuation.

    The line starts with a capital letter (after an escaping backslash), is
    at most ``HEADING_MAX`` characters, has no surrounding space, does not
    end in ``. : ; , ! ?`` and holds no ". " inside.
    """
    # Any surrounding white space (a form feed from a page break too) rules it out.
    if not line or len(line) > HEADING_MAX or line != line.strip():
        return False
    first = line[1:2] if line.startswith("\\") else line[:1]
    return first.isupper() and line[-1] not in _HEADING_STOPS and ". " not in line


#: A cell of a table line and the ``|`` that closes it: characters other than ``|`` and
#: ``\\``, or a ``\\`` and the character it escapes. A row is one or more of them.
_CELL = re.compile(r"((?:[^|\\]|\\.)*)\|", re.DOTALL)
_CELLS = re.compile(r"(?:(?:[^|\\]|\\.)*\|)+", re.DOTALL)


def split_row(line: str) -> list[str] | None:
    """The cells of a table line ``| a | b |`` as raw text (escapes kept), or ``None``
    when the line does not end in an unescaped ``|``. An empty string is a ``||``:
    the cell before spans one more column.

        >>> split_row(r"| a \\| b || c |")
        [' a \\\\| b ', '', ' c ']
        >>> split_row(r"| a \\|") is None
        True
    """
    line = line.rstrip(" \t")
    if not line.startswith(TABLE_START):
        return None
    body = line[1:]
    # Each alternative begins with a character of its own: no backtracking, linear time.
    if _CELLS.fullmatch(body) is None:
        return None
    return _CELL.findall(body)


def escape_cell(rendered: str) -> str:
    """A cell's rendered inline text made safe inside ``| ... |``."""
    text = rendered.replace("|", "\\|")
    stripped = text.strip(" ")
    if stripped == "^" or RULE_SEGMENT.fullmatch(stripped):
        indent = len(text) - len(text.lstrip(" "))
        text = text[:indent] + "\\" + text[indent:]
    return text
