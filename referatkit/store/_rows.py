"""A meeting as the rows the store writes: plain, picklable values made where it is read.

A worker process (or a Dask worker) reads a source, takes the store's edition of it,
renders its referatkit XML and makes every row here; the process that writes the
database only inserts them. Nothing here touches a database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import NamedTuple, assert_never

from ..editions import public
from ..model import (
    AttachmentList,
    Decision,
    Item,
    Meeting,
    Recommendation,
    TextSection,
    blocks_text,
    plain_text,
)
from ._records import StoreEdition
from ._text import body_key, fold, term_text

__all__ = ["ItemRow", "MeetingRows", "document", "meeting_key", "prepare", "sha256"]


class ItemRow(NamedTuple):
    """One item's row and its children's."""

    number: str
    title: str
    route: str | None
    case_number: str | None
    public: bool
    recommendation: str
    decision: str
    text: str
    terms: str
    #: (forum, ISO date, stated, text): ``stated`` is a decision of another forum or day,
    #: the item's account of the case's history ("Sagens forløb").
    decisions: tuple[tuple[str | None, str | None, bool, str], ...]
    #: (title, file name, media type, public)
    attachments: tuple[tuple[str, str | None, str | None, bool], ...]


class MeetingRows(NamedTuple):
    """Everything the store writes for one meeting: plain tuples, which travel from a
    worker process to the writer several times faster than attrs classes."""

    source: str
    checksum: str
    document: str
    forum: str
    forum_short: str | None
    organisation: str | None
    body: str
    kind: str
    variant: str
    draft: bool
    start: str
    start_utc: str
    date: str
    year: int
    end: str | None
    place: str | None
    name: str | None
    identifier: str | None
    items: tuple[ItemRow, ...]
    #: (name, status, party, role, substitute for, note)
    participants: tuple[tuple[str, str, str | None, str | None, str | None, str | None], ...]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document(meeting: Meeting) -> str:
    """The meeting as referatkit's XML: what the store keeps to give the model back."""
    from .._api import render  # noqa: PLC0415 - the writers load on first use

    return render(meeting, "xml").decode("utf-8")


def edition_of(meeting: Meeting, edition: StoreEdition) -> Meeting:
    return public(meeting) if edition == "public" else meeting


def prepare(meeting: Meeting, *, source: str, checksum: str | None, xml: str | None = None) -> MeetingRows:
    """The rows of ``meeting`` (already the store's edition); ``xml`` its document when
    the caller has it, else it is rendered; ``checksum`` defaults to the document's."""
    text = document(meeting) if xml is None else xml
    start = meeting.start
    day = start.date()
    own_body = body_key(meeting.forum.name)
    return MeetingRows(
        source=source,
        checksum=checksum or sha256(text.encode("utf-8")),
        document=text,
        forum=meeting.forum.name,
        forum_short=meeting.forum.short_name,
        organisation=meeting.forum.organisation,
        body=own_body,
        kind=meeting.kind.value,
        variant=meeting.variant.value,
        draft=meeting.draft,
        start=start.isoformat(),
        start_utc=start.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        date=day.isoformat(),
        year=day.year,
        end=meeting.end.isoformat() if meeting.end else None,
        place=meeting.place,
        name=meeting.name,
        identifier=meeting.identifier,
        items=tuple(_item(item, own_body, day) for item in meeting.items),
        participants=tuple(
            (p.name, p.status.value, p.party, p.role, p.substitute_for, p.note) for p in meeting.attendance
        ),
    )


def _item(item: Item, own_body: str, day: dt.date) -> ItemRow:
    # One pass over the sections: each section's text is made once, for the item's text
    # and for its decisions and recommendation.
    texts: list[str] = []
    decisions: list[tuple[str | None, str | None, bool, str]] = []
    recommendation: str | None = None
    attachments: list[tuple[str, str | None, str | None, bool]] = []
    for section in item.sections:
        match section:
            case TextSection(body=blocks):
                text = blocks_text(blocks)
            case Decision(body=blocks):
                text = blocks_text(blocks)
                decisions.append(_decision(section, own_body, day, text))
            case Recommendation():
                text = _recommendation_text(section)
                if recommendation is None:
                    recommendation = text
            case AttachmentList(attachments=listed):
                text = "\n".join(a.title for a in listed)
                attachments += [(a.title, a.file_name, a.media_type, a.public) for a in listed]
            case _:
                assert_never(section)
        if text:
            texts.append(text)
    joined = "\n\n".join(texts)
    return ItemRow(
        number=item.number,
        title=item.title,
        route="/".join(item.route) or None,
        case_number=item.journal_number.raw if item.journal_number else None,
        public=item.public,
        recommendation=recommendation or "",
        decision="\n\n".join(text for _, _, stated, text in decisions if not stated and text),
        text=joined,
        terms=term_text(item.full_title + "\n" + joined),
        decisions=tuple(decisions),
        attachments=tuple(attachments),
    )


def _decision(
    decision: Decision, own_body: str, day: dt.date, text: str
) -> tuple[str | None, str | None, bool, str]:
    stated = (decision.forum is not None and body_key(decision.forum) != own_body) or (
        decision.date is not None and decision.date != day
    )
    return (decision.forum, decision.date.isoformat() if decision.date else None, stated, text)


def _recommendation_text(section: Recommendation) -> str:
    lines = [plain_text(section.intro)] if section.intro else []
    for number, clause in enumerate(section.clauses, 1):
        lead = f"{clause.lead} " if clause.lead else ""
        lines.append(f"{number}. {lead}{plain_text(clause.content)}".rstrip())
    rest = blocks_text(section.body)
    return "\n".join(lines) + ("\n\n" + rest if rest else "")


_SLUG = re.compile(r"[^a-z0-9]+")


def meeting_key(rows: MeetingRows) -> str:
    """The meeting's key: its date, its forum as a slug and a hash of its source, e.g.
    ``2022-01-27-byraad-2022-2025-3f2a9c01d4``: stable over re-indexing, the same in
    every database."""
    slug = _SLUG.sub("-", fold(rows.forum)).strip("-")[:40].strip("-") or "forum"
    return f"{rows.date}-{slug}-{sha256(rows.source.encode('utf-8'))[:10]}"
