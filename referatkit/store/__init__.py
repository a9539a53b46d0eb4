"""A municipality's minutes as one collection in a database: cases, histories, search.

:class:`Store` keeps meetings from any reader in SQLite (one file, opened in Datasette
as it is) or PostgreSQL (``postgresql://...``): plain tables to query with SQL, each
meeting's referatkit XML to get the model back, every case's history across meetings
and fora, and Danish full-text search. See ``docs/store.md``.
"""

from ._db import StoreError
from ._index import IndexReport
from ._records import (
    CaseHistory,
    Discrepancy,
    MeetingStamp,
    SearchHit,
    StoredMeeting,
    StoreEdition,
    Treatment,
)
from ._schema import SCHEMA_VERSION
from ._store import Store

__all__ = [
    "SCHEMA_VERSION",
    "CaseHistory",
    "Discrepancy",
    "IndexReport",
    "MeetingStamp",
    "SearchHit",
    "Store",
    "StoreEdition",
    "StoreError",
    "StoredMeeting",
    "Treatment",
]
