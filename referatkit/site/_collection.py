"""What the site is built from: any collection offering the store's reading methods.

The site asks a collection for five things only (:class:`Collection`): its edition, its
meetings, one meeting, its cases and one case. :class:`referatkit.store.Store` offers
them; so can any other object, which keeps the site independent of the database. A
collection that also offers ``stamps()`` (the store does: each meeting's key, checksum
and dates without its document) lets a rebuild read only the meetings that changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..errors import ReferatkitError
from ..store import CaseHistory, MeetingStamp, StoredMeeting

__all__ = ["Collection", "SiteError", "listing", "open_collection"]


class SiteError(ReferatkitError):
    """The site cannot be built: the store, the output folder or a name in the collection."""


@runtime_checkable
class Collection(Protocol):
    """The reading side of a store: what the site needs and nothing more."""

    @property
    def edition(self) -> str: ...

    def meetings(self) -> Iterator[StoredMeeting]: ...

    def meeting(self, key: str) -> StoredMeeting: ...

    def cases(self) -> Iterator[CaseHistory]: ...

    def case(self, number: str) -> CaseHistory | None: ...


def open_collection(source: Collection | str | os.PathLike[str]) -> Collection:
    """``source`` itself when it is a collection; else the store at that path or URL, opened
    for reading (never created). The store's own errors (missing, another schema version)
    are Danish :class:`~referatkit.errors.ReferatkitError` and pass through as they are."""
    if isinstance(source, Collection):
        collection = source
    else:
        text = os.fspath(source)
        if "://" not in text and not Path(text).exists():
            raise SiteError(f"{text}: lageret findes ikke (byg det med referatkit index)")
        from ..store import Store  # noqa: PLC0415 (the database layer, only when asked for)

        collection = Store.open(text, edition="public", create=False)
    if collection.edition != "public":
        raise SiteError(
            f"lageret er udgaven {collection.edition!r}; webstedet bygges kun af den offentlige udgave "
            "(edition='public'), så intet lukket offentliggøres"
        )
    return collection


def listing(collection: Collection) -> list[tuple[MeetingStamp, StoredMeeting | None]]:
    """Every meeting's stamp, in the collection's order: from ``stamps()`` when the
    collection has it (nothing read but the stamps), else from its meetings (each given
    beside its stamp, read already)."""
    stamps = getattr(collection, "stamps", None)
    if callable(stamps):
        return [(stamp, None) for stamp in stamps()]
    return [
        (
            MeetingStamp(
                key=stored.key,
                checksum=stored.checksum,
                indexed=stored.indexed,
                modified=stored.modified,
                withdrawn=stored.withdrawn,
            ),
            stored,
        )
        for stored in collection.meetings()
    ]
