"""The attendance lines referatkit's prints show, read back.

The Typst and LibreOffice prints (and the HTML page) write a meeting's participants on
its front page under a heading per status ("Deltagere:", then one line a person:
``Sofie Berg (A), stedfortræder for Bo Lund, Formand, note``) and an item's attendance
events under its heading (``Sofie Berg: Forlod mødet kl. 17:00 (note)``), in the words
of :func:`~referatkit.formats._common.status_headings` and
:func:`~referatkit.formats._common.event_words`. The printed reader reads them back here.

A person's role and note are both written after a comma: a note without a role is read
as the role (docs/printed.md).
"""

from __future__ import annotations

import datetime as dt
import re

from ..l10n import Labels
from ..model import AttendanceStatus, ItemAttendance, Participant
from ._common import event_words, status_headings

__all__ = ["AttendanceLines"]

#: A person's line: a name (no comma or parenthesis), a party in parentheses, the rest after
#: a comma.
_PERSON = re.compile(r"(?P<name>[^(),]*[^(),\s])(?: \((?P<party>[^()]+)\))?(?:, (?P<rest>.+))?")


class AttendanceLines:
    """The attendance lines of a print in ``labels``' words."""

    def __init__(self, labels: Labels) -> None:
        self._statuses = {f"{heading}:": status for status, heading in status_headings(labels).items()}
        self._substitute = f"{labels.substitute.lower()} {labels.substitute_for} "
        words = {word: event for event, word in event_words(labels).items()}
        self._words = words
        alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
        self._event = re.compile(
            rf"(?P<name>\S.*?): (?P<event>{alternatives})"
            rf"(?: {re.escape(labels.meeting_time)} (?P<hour>\d\d):(?P<minute>\d\d)(?::(?P<second>\d\d))?)?"
            r"(?: \((?P<note>.+)\))?"
        )

    def status(self, line: str) -> AttendanceStatus | None:
        """The status whose heading ``line`` is ("Deltagere:"), or ``None``."""
        return self._statuses.get(line)

    def participant(self, line: str, status: AttendanceStatus) -> Participant | None:
        """The person of a line under the heading of ``status``, or ``None`` when the line
        is no person's."""
        found = _PERSON.fullmatch(line)
        if found is None:
            return None
        parts = found["rest"].split(", ") if found["rest"] else []
        substitute_for = None
        if parts and parts[0].startswith(self._substitute) and len(parts[0]) > len(self._substitute):
            substitute_for = parts.pop(0)[len(self._substitute) :]
        role = parts.pop(0) if parts else None
        return Participant(
            name=found["name"],
            status=status,
            party=found["party"],
            role=role,
            substitute_for=substitute_for,
            note=", ".join(parts) or None,
        )

    def event(self, line: str) -> ItemAttendance | None:
        """The attendance event of an item's line, or ``None``; ``None`` too for a time no
        clock shows."""
        found = self._event.fullmatch(line)
        if found is None:
            return None
        time = None
        if found["hour"] is not None:
            try:
                time = dt.time(int(found["hour"]), int(found["minute"]), int(found["second"] or 0))
            except ValueError:
                return None
        return ItemAttendance(
            name=found["name"], event=self._words[found["event"]], time=time, note=found["note"]
        )
