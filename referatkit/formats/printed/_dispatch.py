"""Which layout reads a print (docs/printed.md, "Detection"), and the reading itself."""

from __future__ import annotations

from collections.abc import Sequence

from ...errors import ReadError
from ...l10n import Labels
from .._contract import Note, ReadContext
from ..grammar import grammar
from ._generic import LayoutReader, Reading, drop_repeated, plain
from ._layout import read_lines
from ._lines import Line
from ._vendor import Layout, layout_named, shipped_layouts

#: Lines looked at to pick a layout (the front page and the first items).
DETECT_LINES = 400


def detect(
    lines: Sequence[Line], labels: Labels, *, paragraphs: bool, extra: Sequence[Layout] = ()
) -> Layout:
    """The first layout that fits: a user's (``extra``, in order) by its ``detect``
    patterns, all found in the first lines; FirstAgenda's by its title line (in the labels'
    words); another shipped one by its ``detect`` patterns; else the general layout."""
    kept = list(lines) if paragraphs else drop_repeated(lines)
    texts = [text for line in kept[:DETECT_LINES] if (text := plain(line))]
    for layout in extra:
        patterns = layout.compiled().detect
        if patterns and all(any(p.search(text) for text in texts) for p in patterns):
            return layout
    layouts = shipped_layouts()
    if texts and _firstagenda_title(texts[0], labels):
        return next(layout for layout in layouts if layout.engine == "text")
    for layout in layouts:
        if layout.engine == "layout" and layout.detect:
            patterns = layout.compiled().detect
            if all(any(p.search(text) for text in texts) for p in patterns):
                return layout
    return next(layout for layout in layouts if layout.name == "general")


def _firstagenda_title(first: str, labels: Labels) -> bool:
    g = grammar(labels)
    return any(
        first.startswith(f"{title} ") or first.startswith(f"{labels.draft} {title} ")
        for title in g.kind_titles
    )


def read_print(
    lines: Sequence[Line],
    ctx: ReadContext,
    *,
    where: str = "side",
    paragraphs: bool = False,
    layout: Layout | str | None = None,
    layouts: Sequence[Layout | str] = (),
    recognised: tuple[int, ...] = (),
) -> Reading:
    """A print's lines read with ``layout`` (a layout, a shipped layout's name or a
    layout file's path), or with the layout that fits, a user's ``layouts`` tried first.
    What the layout could not place is reported to ``ctx``, one report each."""
    source, labels = ctx.source, ctx.labels
    if not any(line.text.strip() for line in lines):
        raise ReadError(
            f"{where} 1: dokumentet har ingen tekst (et scannet dokument uden tekstlag kan ikke læses)",
            source=source,
        )
    forced = layout_named(layout) if isinstance(layout, str) else layout
    extra = [layout_named(one) if isinstance(one, str) else one for one in layouts]
    chosen = forced or detect(lines, labels, paragraphs=paragraphs, extra=extra)
    if chosen.engine == "text":
        meeting = read_lines(lines, source, labels, where=where, paragraphs=paragraphs)
        reading = Reading(meeting, chosen.name, recognised)
    else:
        try:
            reading = LayoutReader(chosen, labels, source, where=where, paragraphs=paragraphs).read(lines)
        except ReadError as general:
            if forced is not None or chosen.name != "general":
                raise
            # Nothing fits: say what FirstAgenda's layout expected, and why the general one failed.
            try:
                read_lines(lines, source, labels, where=where, paragraphs=paragraphs)
            except ReadError as first:
                raise ReadError(
                    f"{first.message}; det generelle layout kunne heller ikke læse det: {general.message}",
                    source=source,
                ) from None
            raise
        reading = Reading(reading.meeting, reading.layout, recognised, reading.unplaced)
        if chosen.name == "general" and forced is None:
            ctx.report(Note.GENERAL_LAYOUT)
    for note in reading.unplaced:
        ctx.report(Note.UNPLACED, detail=note)
    return reading
