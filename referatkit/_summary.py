"""What the command line and the batch report say about a meeting, in one line."""

from __future__ import annotations

from .editions import has_closed_content
from .l10n import format_short_date, plural
from .model import DocumentKind, Meeting

__all__ = ["NOTICE", "PUBLISHABLE", "closed_content_notice", "closed_content_notices", "meeting_summary"]

#: Formats a secretary may put on a website: writing closed content to them is said aloud.
PUBLISHABLE = frozenset({"odt", "pdf", "html", "text", "akn"})


#: How a closed-content notice begins (see :func:`closed_content_notice`).
NOTICE = "bemærk: "


def closed_content_notice(output: str, format: str, edition: str, meeting: Meeting) -> str | None:
    """The note that ``output`` is a full edition with closed content in a publishable
    format, or ``None`` when there is nothing to say."""
    if edition in ("full", "agenda") and format in PUBLISHABLE and has_closed_content(meeting):
        name, public = (
            ("den fulde udgave", "public") if edition == "full" else ("dagsordensudgaven", "public-agenda")
        )
        advice = f"brug --edition {public} til offentliggørelse"
        return f"{NOTICE}{output} er {name} og indeholder lukket indhold; {advice}"
    return None


def closed_content_notices(noticed: list[tuple[str, str]]) -> str:
    """The notes of a batch (each file written and its note) as one line: the note itself
    for one file, the count and the first file for several."""
    if len(noticed) == 1:
        return noticed[0][1]
    return (
        f"{NOTICE}{len(noticed)} filer er ikke den offentlige udgave og indeholder lukket indhold, "
        f"fx {noticed[0][0]}; brug --edition public (eller public-agenda) til offentliggørelse "
        "(alle vises med --verbose)"
    )


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
