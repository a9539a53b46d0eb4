"""What several writers share: captions, anchors."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from ..errors import LossWarning
from ..l10n import Labels, format_short_date
from ..model import Decision, Meeting, Section

__all__ = ["caption_text", "item_anchors", "warn_lost"]


def warn_lost(format: str, paths: Sequence[str], what: str, *, stacklevel: int) -> None:
    """One LossWarning for one kind of loss, naming its first place and counting the rest."""
    more = f" (og {len(paths) - 1} steder mere)" if len(paths) > 1 else ""
    warnings.warn(
        LossWarning(f"{format}: {paths[0]}: {what}{more}", path=paths[0], paths=tuple(paths), format=format),
        stacklevel=stacklevel + 1,
    )


def caption_text(section: Section, labels: Labels) -> str:
    """The caption line of ``section``: its own, or the label (with forum and date)."""
    if section.caption is not None:
        return section.caption
    if isinstance(section, Decision) and (section.forum or section.date):
        date = format_short_date(section.date) if section.date else ""
        if section.forum and section.date:
            return labels.decision_by.format(forum=section.forum, date=date)
        if section.forum:
            return labels.decision_forum.format(forum=section.forum)
        return labels.decision_date.format(date=date)
    return labels.caption(section.kind)


def item_anchors(meeting: Meeting) -> list[str]:
    """A stable anchor per item, from its number: ``punkt-2``, ``punkt-1-1``.

    A number used twice (which :func:`referatkit.validate` reports) gets a
    suffix, so anchors stay unique: ``punkt-2``, ``punkt-2-b``.
    """
    seen: dict[str, int] = {}
    out = []
    for item in meeting.items:
        base = "punkt-" + item.number.replace(".", "-")
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.append(base if count == 0 else f"{base}-{chr(ord('a') + count)}")
    return out
