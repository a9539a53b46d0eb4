"""A case's history: its treatments in the collection merged with what meetings state.

The collection knows where a case was treated: every item that carries its number.
The items themselves often state the case's earlier treatments ("Sagens forløb":
dated decisions of other fora). :func:`history` merges the two by forum (the same
body across the years, :func:`referatkit.store._text.body_key`) and date: a treatment
in both is one treatment of origin ``both``; one only stated is kept with origin
``stated``; where they disagree (another decision, a treatment the collection's
meeting of that day does not have) both are kept and a :class:`Discrepancy` says what.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from attrs import frozen

from .._repr import fields_repr
from ..model import DocumentKind
from ._records import CaseHistory, Discrepancy, Treatment
from ._text import body_key

__all__ = ["CaseItem", "StatedTreatment", "history"]


@frozen(kw_only=True)
class CaseItem:
    """An item of the collection that carries the case's number."""

    __repr__ = fields_repr

    meeting_key: str
    start_utc: str
    date: dt.date
    forum: str
    body: str
    kind: DocumentKind
    number: str
    title: str
    recommendation: str
    decision: str
    stated: tuple[StatedTreatment, ...]


@frozen(kw_only=True)
class StatedTreatment:
    """A dated decision of another forum or day that an item states."""

    __repr__ = fields_repr

    forum: str
    date: dt.date
    decision: str


_WORDS = re.compile(r"\w+")


def _same_text(a: str, b: str) -> bool:
    return _WORDS.findall(a.casefold()) == _WORDS.findall(b.casefold())


def _short(text: str, size: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1].rstrip() + "…"


def history(
    number: str,
    items: Iterable[CaseItem],
    held: Callable[[str, dt.date], bool] = lambda body, day: False,
) -> CaseHistory:
    """The history of case ``number`` from its ``items`` (in meeting order); ``held`` says
    whether the collection has a meeting of a body on a day (for a stated treatment the
    collection's meeting of that day does not have)."""
    ordered = sorted(items, key=lambda i: (i.start_utc, i.meeting_key, i.number))
    # One treatment per forum, day and item: the minutes, where agenda and minutes are both in.
    chosen: dict[tuple[str, dt.date, str], CaseItem] = {}
    for item in ordered:
        place = (item.body, item.date, item.number)
        present = chosen.get(place)
        if present is None or (present.kind is DocumentKind.AGENDA and item.kind is DocumentKind.MINUTES):
            chosen[place] = item
    by_day: dict[tuple[str, dt.date], list[CaseItem]] = {}
    for item in chosen.values():
        by_day.setdefault((item.body, item.date), []).append(item)

    agreed: set[tuple[str, dt.date]] = set()
    filled: dict[tuple[str, dt.date], str] = {}
    stated_only: dict[tuple[str, dt.date], tuple[StatedTreatment, int, str]] = {}
    discrepancies: list[Discrepancy] = []
    order = 0
    for item in ordered:
        for entry in item.stated:
            slot = (body_key(entry.forum), entry.date)
            order += 1
            treated = by_day.get(slot)
            if treated:
                agreed.add(slot)
                own = next((t for t in treated if t.decision), None)
                if own is None:
                    filled.setdefault(slot, entry.decision)
                elif entry.decision and not _same_text(own.decision, entry.decision):
                    discrepancies.append(
                        Discrepancy(
                            forum=own.forum,
                            date=entry.date,
                            stated_in=item.meeting_key,
                            what=f"punkt {item.number} gengiver beslutningen som "
                            f"»{_short(entry.decision)}«, referatet siger »{_short(own.decision)}«",
                        )
                    )
                continue
            known = stated_only.get(slot)
            if known is None:
                stated_only[slot] = (entry, order, item.meeting_key)
                if held(slot[0], entry.date):
                    discrepancies.append(
                        Discrepancy(
                            forum=entry.forum,
                            date=entry.date,
                            stated_in=item.meeting_key,
                            what=f"punkt {item.number} nævner en behandling i {entry.forum} "
                            f"{entry.date.isoformat()}, men samlingens møde den dag har ikke sagen",
                        )
                    )
            elif entry.decision and known[0].decision and not _same_text(known[0].decision, entry.decision):
                discrepancies.append(
                    Discrepancy(
                        forum=entry.forum,
                        date=entry.date,
                        stated_in=item.meeting_key,
                        what=f"punkt {item.number} gengiver beslutningen som »{_short(entry.decision)}«, "
                        f"mødet {known[2]} som »{_short(known[0].decision)}«",
                    )
                )

    # Within a day the fora's order is what the stated histories say (a portal's times of
    # day are often all the same): each history votes for the order of the pairs it lists.
    votes: dict[tuple[tuple[str, dt.date], tuple[str, dt.date]], int] = {}
    for item in ordered:
        sequence = [(body_key(e.forum), e.date) for e in item.stated]
        for index, first in enumerate(sequence):
            for later in sequence[index + 1 :]:
                if first[1] == later[1] and first != later:
                    votes[(first, later)] = votes.get((first, later), 0) + 1
    rows: list[tuple[tuple[dt.date, str, int], Treatment]] = []
    for item in chosen.values():
        slot = (item.body, item.date)
        rows.append(
            (
                (item.date, item.start_utc, 0),
                Treatment(
                    forum=item.forum,
                    date=item.date,
                    meeting_key=item.meeting_key,
                    item_number=item.number,
                    title=item.title,
                    kind=item.kind,
                    recommendation=item.recommendation,
                    decision=item.decision or filled.get(slot, ""),
                    origin="both" if slot in agreed else "collection",
                ),
            )
        )
    title = ordered[-1].title if ordered else ""
    for (_, day), (entry, position, _) in stated_only.items():
        rows.append(
            (
                # A stated treatment has no time of day: after the collection's of that day.
                (day, "~", position),
                Treatment(
                    forum=entry.forum,
                    date=day,
                    meeting_key=None,
                    item_number=None,
                    title=title,
                    kind=None,
                    recommendation="",
                    decision=entry.decision,
                    origin="stated",
                ),
            )
        )
    rows.sort(key=lambda r: r[0])
    rows = _by_votes(rows, votes)
    return CaseHistory(
        number=number,
        title=title,
        treatments=tuple(t for _, t in rows),
        discrepancies=tuple(discrepancies),
    )


def _by_votes(
    rows: list[tuple[tuple[dt.date, str, int], Treatment]],
    votes: dict[tuple[tuple[str, dt.date], tuple[str, dt.date]], int],
) -> list[tuple[tuple[dt.date, str, int], Treatment]]:
    """Each day's treatments ordered by how many of the day's others the stated histories
    put them before (ties keep the order of their start)."""
    out: list[tuple[tuple[dt.date, str, int], Treatment]] = []
    index = 0
    while index < len(rows):
        day = rows[index][0][0]
        end = index
        while end < len(rows) and rows[end][0][0] == day:
            end += 1
        group = rows[index:end]
        if len(group) > 1 and votes:
            slots = [(body_key(t.forum), t.date) for _, t in group]

            def wins(slot: tuple[str, dt.date], slots: list[tuple[str, dt.date]] = slots) -> int:
                return sum(1 for other in slots if votes.get((slot, other), 0) > votes.get((other, slot), 0))

            ranked = sorted(range(len(group)), key=lambda n: -wins(slots[n]))
            group = [group[n] for n in ranked]
        out += group
        index = end
    return out
