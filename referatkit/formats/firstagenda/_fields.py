"""An item's text on FirstAgenda's portal (the ``Felter`` HTML, the page's item) as sections.

Each ``<h3>`` caption starts a section of the kind its caption names (through
:func:`referatkit.formats._htmlcontent.section`, with the portal's own captions
added to the labels' synonyms); the content is read as the case systems' HTML
is. A case-history caption ("Sagens forløb", "Sagsforløb") keeps what comes before
its first entry as a history section, and every dated entry becomes a
:class:`~referatkit.Decision` of that forum on that date, in order:

- Greve's form: ``<u>dd-mm-yyyy Forum</u>`` and the forum's decision after it;
- Aarhus's form: the lines ``Udvalg: Forum``, ``Dato: dd-mm-yyyy``
  (``Punktnummer: N`` stays as the decision's first line) and the decision.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from functools import cache

import attrs
from lxml import etree

from ...l10n import Labels
from ...model import (
    Block,
    Decision,
    Inline,
    LineBreak,
    Paragraph,
    Section,
    SectionKind,
    Text,
    TextSection,
    plain_text,
)
from .._htmlcontent import Part, captioned_parts, clean_line, section

__all__ = ["HISTORY_CAPTIONS", "item_sections", "portal_labels"]

Warn = Callable[[str], None]

#: The portal's captions the labels do not know, by kind.
PORTAL_CAPTIONS: dict[SectionKind, tuple[str, ...]] = {
    SectionKind.PRESENTATION: ("Fremstilling",),
    SectionKind.AUTHORITY: ("Sagsprocedure",),
    SectionKind.HISTORY: ("Sagens forløb",),
}
#: Captions whose section is the case's history of dated decisions.
HISTORY_CAPTIONS = frozenset({"sagens forløb", "sagsforløb"})
_DATED = re.compile(r"(?P<date>\d{1,2}-\d{1,2}-\d{4}) +(?P<forum>\S.*)")
_FORUM_LINE = re.compile(r"Udvalg: *(?P<forum>\S.*)")
_DATE_LINE = re.compile(r"Dato: *(?P<date>\d{1,2}-\d{1,2}-\d{4})")


@cache
def portal_labels(labels: Labels) -> Labels:
    """``labels`` with the portal's captions added to its synonyms."""
    synonyms = {kind: list(texts) for kind, texts in labels.caption_synonyms}
    known = labels.caption_kinds()
    for kind, texts in PORTAL_CAPTIONS.items():
        synonyms.setdefault(kind, []).extend(t for t in texts if t.casefold() not in known)
    return attrs.evolve(labels, caption_synonyms={k: tuple(v) for k, v in synonyms.items()})


def item_sections(
    root: etree._Element,
    labels: Labels,
    warn: Warn,
    *,
    first_caption: str | None = None,
    uncaptioned_decision: bool = False,
) -> list[Section]:
    """The sections of one item's HTML. ``first_caption`` captions what comes before the
    first ``<h3>`` (a field's own name); without one, that text is the item's decision when
    ``uncaptioned_decision`` (a closed item of a referat shows only its decision), else a
    section "Uden overskrift"."""
    for u in root.iter("u"):
        # A dated entry of the case's history is a line of its own, whatever stands before it.
        if _DATED.fullmatch(_text(u)):
            u.addprevious(etree.Element("br"))
            u.addnext(etree.Element("br"))
    sections: list[Section] = []
    for n, part in enumerate(captioned_parts(root, warn)):
        caption = part.caption if n or part.caption else first_caption
        if caption is None and not part.blocks:
            continue
        if caption is None and uncaptioned_decision:
            sections.append(Decision(part.blocks))
        elif caption is not None and caption.casefold() in HISTORY_CAPTIONS:
            sections.extend(_history(caption, part, labels))
        else:
            sections.append(section(caption, part.blocks, labels))
    return sections


def _history(caption: str, part: Part, labels: Labels) -> list[Section]:
    """A case-history section: its text before the first entry, then one decision per entry."""
    underlined = {
        shown
        for element in part.elements
        for u in element.iter("u")
        if (shown := clean_line("".join(str(x) for x in u.itertext()))) is not None
        and _DATED.fullmatch(shown)
    }
    lead: list[Block] = []
    entries: list[tuple[str, dt.date, list[Block]]] = []
    pending: str | None = None  # an "Udvalg: X" line waiting for its "Dato:" line

    def add(block: Block) -> None:
        (entries[-1][2] if entries else lead).append(block)

    for block in part.blocks:
        if not isinstance(block, Paragraph):
            add(block)
            continue
        kept: list[Inline] = []  # the lines of this paragraph that are text
        for line in _lines(block.content):
            text = clean_line(plain_text(line)) or ""
            entry = _DATED.fullmatch(text) if text in underlined else None
            forum = _FORUM_LINE.fullmatch(text)
            dated = _DATE_LINE.fullmatch(text) if pending is not None else None
            found = entry or dated
            date = _date(found["date"]) if found is not None else None
            if (date is not None or forum is not None) and kept:
                add(Paragraph(kept))
                kept = []
            if entry is not None and date is not None:
                entries.append((entry["forum"], date, []))
                pending = None
            elif dated is not None and date is not None and pending is not None:
                entries.append((pending, date, []))
                pending = None
            elif forum is not None and pending is None:
                pending = forum["forum"]
            else:
                if pending is not None:  # "Udvalg:" without a date: text after all
                    _append_line(kept, [Text(f"Udvalg: {pending}")])
                    pending = None
                _append_line(kept, line)
        if kept:
            add(Paragraph(kept))
    if pending is not None:
        add(Paragraph([Text(f"Udvalg: {pending}")]))
    out: list[Section] = [TextSection(SectionKind.HISTORY, lead, caption=_kept(caption, labels))]
    out.extend(Decision(body, forum=forum, date=date) for forum, date, body in entries)
    return out


def _date(text: str) -> dt.date | None:
    """A dd-mm-yyyy date (``None`` when there is no such day)."""
    day, month, year = text.split("-")
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _text(element: etree._Element) -> str:
    return clean_line("".join(str(x) for x in element.itertext())) or ""


def _kept(caption: str, labels: Labels) -> str | None:
    return None if caption == labels.caption(SectionKind.HISTORY) else caption


def _append_line(content: list[Inline], line: Sequence[Inline]) -> None:
    if content:
        content.append(LineBreak())
    content.extend(line)


def _lines(content: Sequence[Inline]) -> list[list[Inline]]:
    """Inline content cut at its line breaks; lines without visible text left out."""
    out: list[list[Inline]] = [[]]
    for node in content:
        if isinstance(node, LineBreak):  # only at the top: a line break in emphasis stays
            out.append([])
        else:
            out[-1].append(node)
    return [line for line in out if clean_line(plain_text(line))]
