"""What the store gives back: meetings as stored, a case's treatments, search hits.

These frozen values are the interface between the collection (``referatkit.store``)
and what is built on it (the publication site, the command line, scripts). They hold
no database handles and no I/O.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from attrs import frozen

from .._repr import fields_repr
from ..model import DocumentKind, Meeting

__all__ = ["CaseHistory", "Discrepancy", "SearchHit", "StoreEdition", "StoredMeeting", "Treatment"]

#: Where a treatment in a case's history comes from: a meeting of the collection that
#: treats the case, a dated decision an item states (``Sagens forløb``), or both agreeing.
TreatmentOrigin = Literal["collection", "stated", "both"]

#: Which edition a store holds: the public one (the default: nothing closed is in it) or
#: the full one (closed items included), which must be asked for by name. Every record
#: a store gives says which (``edition``), so a full-edition result never passes for public.
StoreEdition = Literal["public", "full"]


@frozen(kw_only=True)
class StoredMeeting:
    """One meeting of the collection with what the store knows of it.

    ``key`` is the meeting's stable identifier in the store (the same on every
    re-index and in every database); it is what addresses (the site's URLs, OParl
    ids) are made from. ``withdrawn`` is the date the source disappeared
    (``referatkit index --prune``): a tombstone, whose ``meeting`` is kept.
    """

    __repr__ = fields_repr

    key: str
    meeting: Meeting
    source: str
    checksum: str
    indexed: dt.datetime
    modified: dt.datetime
    withdrawn: dt.datetime | None = None
    edition: StoreEdition = "public"


@frozen(kw_only=True)
class MeetingStamp:
    """A meeting as a reader tells whether it changed, without its document: its key, the
    source's checksum and the store's dates (:meth:`referatkit.store.Store.stamps`)."""

    __repr__ = fields_repr

    key: str
    checksum: str
    indexed: dt.datetime
    modified: dt.datetime
    withdrawn: dt.datetime | None = None


@frozen(kw_only=True)
class Treatment:
    """One treatment of a case: a forum's handling of it on a date.

    ``meeting_key`` and ``item_number`` point into the collection when the
    treatment's meeting is in it (``None`` for a treatment known only from what a
    later meeting states). ``decision`` and ``recommendation`` are plain text.
    """

    __repr__ = fields_repr

    forum: str
    date: dt.date
    meeting_key: str | None
    item_number: str | None
    title: str
    kind: DocumentKind | None
    recommendation: str
    decision: str
    origin: TreatmentOrigin


@frozen(kw_only=True)
class Discrepancy:
    """Where the collection and a meeting's stated history disagree about a treatment."""

    __repr__ = fields_repr

    forum: str
    date: dt.date
    stated_in: str  # the key of the meeting whose item states the history
    what: str  # in Danish, for a person: what differs


@frozen(kw_only=True)
class CaseHistory:
    """A case (a journal number) and its treatments in order, oldest first."""

    __repr__ = fields_repr

    number: str
    title: str
    treatments: tuple[Treatment, ...]
    discrepancies: tuple[Discrepancy, ...] = ()
    edition: StoreEdition = "public"


@frozen(kw_only=True)
class SearchHit:
    """One item found by a search, best first; ``passage`` is the matching text."""

    __repr__ = fields_repr

    meeting_key: str
    forum: str
    date: dt.date
    kind: DocumentKind
    number: str
    title: str
    case: str | None
    passage: str
    rank: float
    edition: StoreEdition = "public"
