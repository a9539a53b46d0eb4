"""What the site is built from: any collection offering the store's reading methods.

The site asks a collection for five things only (:class:`Collection`): its edition, its
meetings, one meeting, its cases and one case. :class:`referatkit.store.Store` offers
them; so can any other object, which keeps the site independent of the database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..errors import ReferatkitError
from ..store import CaseHistory, StoredMeeting

__all__ = ["Collection", "SiteError", "open_collection"]


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
