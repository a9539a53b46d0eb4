"""What the command line and the batch report say about a meeting, in one line."""

from __future__ import annotations

from .l10n import format_short_date, plural
from .model import DocumentKind, Meeting

__all__ = ["PUBLISHABLE", "meeting_summary"]

#: Formats a secretary may put on a website: writing closed content to them is said aloud.
PUBLISHABLE = frozenset({"odt", "pdf", "html", "text", "akn"})


def meeting_summary(meeting: Meeting) -> str:
    """ "referat for Byudvalget 14-01-2025: 6 punkter (1 lukket), 7 beslutninger, 7 bilag"."""
    closed = sum(not item.public for item in meeting.items)
    decisions = sum(len(item.decisions) for item in meeting.items)
    attachments = sum(len(item.attachments) for item in meeting.items)
    kind = "referat" if meeting.kind is DocumentKind.MINUTES else "dagsorden"
    return (
        f"{kind} for {meeting.forum.name} {format_short_date(meeting.start.date())}: "
        f"{plural(len(meeting.items), 'punkt', 'punkter')} ({plural(closed, 'lukket', 'lukkede')}), "
        f"{plural(decisions, 'beslutning', 'beslutninger')}, {plural(attachments, 'bilag', 'bilag')}"
    )
