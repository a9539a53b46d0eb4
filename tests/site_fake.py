"""Test scaffolding for the site: a collection in memory with the store's reading methods.

It stands in for :class:`referatkit.store.Store` where a test needs many generated
meetings quickly; the acceptance tests build the site from a real store. Cases are the
items grouped by journal number, in date order, as the store computes them from the
collection (no stated history).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator

from referatkit.archive import blocks_text
from referatkit.editions import public
from referatkit.model import Item, Meeting, plain_text
from referatkit.store import CaseHistory, StoredMeeting, Treatment

INDEXED = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def _recommendation(item: Item) -> str:
    rec = item.recommendation
    if rec is None:
        return ""
    parts = [plain_text(rec.intro), *(f"{c.lead} {plain_text(c.content)}" for c in rec.clauses)]
    return "\n\n".join(p for p in parts if p.strip())


def stored(key: str, meeting: Meeting, *, withdrawn: dt.datetime | None = None) -> StoredMeeting:
    digest = hashlib.sha256(repr(meeting).encode("utf-8", "surrogatepass")).hexdigest()
    return StoredMeeting(
        key=key,
        meeting=meeting,
        source=f"{key}.xml",
        checksum=digest,
        indexed=INDEXED,
        modified=INDEXED,
        withdrawn=withdrawn,
    )


class FakeCollection:
    """Meetings in memory; ``edition`` as a public store says."""

    def __init__(self, meetings: Iterable[StoredMeeting], edition: str = "public") -> None:
        self._meetings = {m.key: m for m in meetings}
        self.edition = edition

    @classmethod
    def of(cls, meetings: Iterable[Meeting]) -> FakeCollection:
        return cls(stored(f"m{index:05d}", meeting) for index, meeting in enumerate(meetings))

    def meetings(self) -> Iterator[StoredMeeting]:
        return iter(self._meetings.values())

    def meeting(self, key: str) -> StoredMeeting:
        return self._meetings[key]

    def cases(self) -> Iterator[CaseHistory]:
        found: dict[str, list[Treatment]] = {}
        titles: dict[str, str] = {}
        for record in self._meetings.values():
            if record.withdrawn is not None:
                continue
            shown = public(record.meeting)
            for item in shown.items:
                if not item.public or item.journal_number is None:
                    continue
                number = item.journal_number.raw
                titles.setdefault(number, item.title)
                found.setdefault(number, []).append(
                    Treatment(
                        forum=shown.forum.name,
                        date=shown.start.date(),
                        meeting_key=record.key,
                        item_number=item.number,
                        title=item.title,
                        kind=shown.kind,
                        recommendation=_recommendation(item),
                        decision="\n\n".join(blocks_text(d.body) for d in item.decisions),
                        origin="collection",
                    )
                )
        for number, treatments in sorted(found.items()):
            treatments.sort(key=lambda t: (t.date, t.meeting_key or "", t.item_number or ""))
            yield CaseHistory(number=number, title=titles[number], treatments=tuple(treatments))

    def case(self, number: str) -> CaseHistory | None:
        return next((c for c in self.cases() if c.number == number), None)
