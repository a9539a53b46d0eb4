"""The collection: meetings in SQLite or PostgreSQL, their cases and Danish search."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor
from types import TracebackType
from typing import Any, Literal

from ..model import DocumentKind, Meeting
from ._cases import CaseItem, StatedTreatment, history
from ._db import Database, StoreError, configure_sqlite, connect, is_url
from ._index import IndexReport
from ._records import CaseHistory, MeetingStamp, SearchHit, StoredMeeting, StoreEdition
from ._rows import MeetingRows, edition_of, meeting_key, prepare
from ._schema import SCHEMA_VERSION, migration
from ._text import body_key, parse_query, passage, score

__all__ = ["Store", "StoreError"]

_EDITIONS: tuple[StoreEdition, ...] = ("public", "full")
_EDITION_NAMES = {"public": "den offentlige udgave", "full": "den fulde udgave (med lukkede punkter)"}

Written = Literal["added", "updated", "unchanged"]


#: The ``store_info`` entry that says a public SQLite store's full-text index still holds a
#: replaced meeting's old terms (see :meth:`Store.settle`).
_PURGE = "fts_purge"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _instant(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


class Store:
    """A collection of meetings in one database: SQLite (a file) or PostgreSQL (a URL).

    Open it with :meth:`open`; it is a context manager::

        >>> import tempfile, referatkit
        >>> from referatkit.store import Store
        >>> folder = tempfile.mkdtemp()
        >>> with Store.open(f"{folder}/referater.sqlite", create=True) as store:
        ...     report = store.index(["examples/referat-byudvalget.txt"])
        ...     print(report.counts())
        ...     print([hit.number for hit in store.search("budget")][:1])
        1 tilføjet, 0 opdateret, 0 uændret, 0 trukket tilbage, 0 fejlet
        ['3']

    The store holds the public edition of every meeting unless ``edition="full"`` is
    asked for when it is made; a full store must then be opened with
    ``edition="full"`` too, and every record it gives says ``edition="full"``.
    """

    def __init__(self, database: Database, edition: StoreEdition) -> None:
        self._db = database
        self._edition: StoreEdition = edition

    # --- opening ----------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        target: str | os.PathLike[str],
        *,
        edition: StoreEdition = "public",
        create: bool = False,
    ) -> Store:
        """Open the store at ``target`` (a file path or ``postgresql://...``), migrating
        it forward; ``create`` makes it when it does not exist (with ``edition``).

        Raises :class:`StoreError` (in Danish, naming the database) when it cannot be
        reached, is not a store, is of a newer schema or of the other edition; in each
        case nothing is changed.
        """
        if edition not in _EDITIONS:
            raise StoreError(f"ukendt udgave {edition!r}: vælg 'public' eller 'full'")
        name = os.fspath(target)
        database, made = connect(name, create=create)
        try:
            store = cls(database, edition)
            store._prepare(create=create, made=made)
        except BaseException:
            database.close()
            if made and not is_url(name):
                _remove_new_file(name)
            raise
        return store

    def _prepare(self, *, create: bool, made: bool) -> None:
        db = self._db
        info = self._info()
        if info is None:
            if not create:
                raise StoreError(f"{db.name}: er ikke en referatkit-samling (ingen samlingstabeller)")
            if self._has_other_tables():
                info = self._info()  # another process may have made the store just now
                if info is None:
                    raise StoreError(
                        f"{db.name}: databasen har andre tabeller og er ikke en referatkit-samling"
                    )
                self._check(info)
        else:
            self._check(info)
        if db.dialect == "sqlite":
            configure_sqlite(db)
        self._migrate()

    def _info(self) -> dict[str, str] | None:
        db = self._db
        if db.dialect == "sqlite":
            exists = db.one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_info'")
        else:
            # The catalog as a table, not to_regclass: a name lookup may use a cache that
            # has not yet seen the table another process just made.
            exists = db.one(
                "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                "AND tablename = 'store_info'"
            )
        if exists is None:
            return None
        return {str(k): str(v) for k, v in db.query("SELECT name, value FROM store_info")}

    def _has_other_tables(self) -> bool:
        if self._db.dialect == "sqlite":
            return self._db.one("SELECT 1 FROM sqlite_master WHERE type = 'table'") is not None
        found = self._db.one(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_name IN ('meetings', 'items', 'fora')"
        )
        return found is not None

    def _check(self, info: dict[str, str]) -> None:
        name = self._db.name
        try:
            version = int(info.get("schema_version", ""))
        except ValueError:
            raise StoreError(f"{name}: samlingens skemaversion kan ikke læses") from None
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{name}: samlingen har skemaversion {version}, men denne referatkit kender kun "
                f"op til version {SCHEMA_VERSION}; opdatér referatkit for at åbne den"
            )
        stored = info.get("edition")
        if stored != self._edition:
            what = _EDITION_NAMES.get(stored or "", repr(stored))
            flag = " (--full)" if stored == "full" else ""
            raise StoreError(
                f"{name}: samlingen holder {what}; åbn den med edition={stored!r}{flag}"
                if stored in _EDITIONS
                else f"{name}: samlingens udgave {stored!r} er ukendt"
            )

    def _migrate(self) -> None:
        db = self._db
        info = self._info()
        if info is not None and int(info["schema_version"]) == SCHEMA_VERSION:
            return
        with db.transaction():
            if db.dialect == "postgresql":
                # Two processes making or migrating one store: one at a time.
                db.execute("SELECT pg_advisory_xact_lock(2027002700)")
            info = self._info()
            if info is None:
                db.execute("CREATE TABLE store_info (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
                db.executemany(
                    "INSERT INTO store_info (name, value) VALUES (?, ?)",
                    [("schema_version", "0"), ("edition", self._edition), ("created", _now())],
                )
                version = 0
            else:
                self._check(info)
                version = int(info["schema_version"])
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in migration(step, db.dialect):
                    db.execute(statement)
                db.execute("UPDATE store_info SET value = ? WHERE name = 'schema_version'", (str(step),))

    # --- the store as a resource --------------------------------------------------------

    @property
    def edition(self) -> StoreEdition:
        """``"public"`` or ``"full"``: what every meeting of the store is."""
        return self._edition

    @property
    def name(self) -> str:
        """The database as named in messages (a URL without its password)."""
        return self._db.name

    @property
    def schema_version(self) -> int:
        info = self._info()
        return int(info["schema_version"]) if info else 0

    def close(self) -> None:
        """Close the store; a public SQLite store where meetings were replaced since the last
        :meth:`settle` has its full-text index purged of their old terms first."""
        try:
            if self._db.dialect == "sqlite":
                self._purge()
        finally:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- writing ------------------------------------------------------------------------

    def add(self, meeting: Meeting, *, source: str, checksum: str | None = None) -> StoredMeeting:
        """Add ``meeting`` (its store edition) as the meeting of ``source``, replacing what
        ``source`` gave before; ``checksum`` (of the source) defaults to the document's."""
        stored = edition_of(meeting, self._edition)
        rows = prepare(stored, source=source, checksum=checksum)
        self.write(rows)  # a replaced meeting's old terms are purged by settle() or close()
        return self.meeting(self.key_of(source))

    def key_of(self, source: str) -> str:
        row = self._db.one("SELECT key FROM meetings WHERE source = ?", (source,))
        if row is None:
            raise KeyError(source)
        return str(row[0])

    def known(self) -> dict[str, tuple[str, bool]]:
        """``source -> (checksum, withdrawn)`` of every meeting in the store."""
        return {
            str(source): (str(checksum), withdrawn is not None)
            for source, checksum, withdrawn in self._db.rows(
                "SELECT source, checksum, withdrawn FROM meetings"
            )
        }

    def write(self, rows: MeetingRows) -> Written:
        """Write one prepared meeting in one transaction: added, updated, or unchanged
        (the same checksum: only the tombstone, if any, is lifted)."""
        return self.write_many([rows])[0]

    def write_many(self, batch: Sequence[MeetingRows]) -> list[Written]:
        """Write whole meetings in one transaction (all of them or none): a full-text
        index grows far faster by a few meetings a commit than by one. The children of
        all the meetings (items, decisions, ...) go in together, a few statements a
        table."""
        with self._db.transaction():
            if self._db.dialect == "postgresql":
                # As SQLite's write-ahead log with synchronous=NORMAL: the commit does not
                # wait for the disk. A crash of the machine may lose the last transactions,
                # never part of one, and the next index run writes them again.
                self._db.execute("SET LOCAL synchronous_commit = off")
            now = _now()
            fora: dict[str, int] = {}
            present = self._present([rows.source for rows in batch])
            outcomes: list[Written] = []
            written: dict[int, tuple[int, MeetingRows]] = {}  # by place in the batch
            new: list[int] = []
            for place, rows in enumerate(batch):
                found = present.get(rows.source)
                if found is None:
                    new.append(place)
                    outcomes.append("added")
                elif found[1] == rows.checksum:
                    if found[2] is not None:
                        self._db.execute("UPDATE meetings SET withdrawn = NULL WHERE id = ?", (found[0],))
                    outcomes.append("unchanged")
                else:
                    written[place] = (self._replace(found[0], rows, now, fora), rows)
                    outcomes.append("updated")
            added = self._insert([batch[place] for place in new], now, fora)
            for place in new:
                rows = batch[place]
                meeting_id = added.get(rows.source)
                if meeting_id is None:
                    # Another indexer added it since (or the batch has it twice): replaced.
                    again = self._db.one("SELECT id FROM meetings WHERE source = ?", (rows.source,))
                    assert again is not None
                    meeting_id = self._replace(int(again[0]), rows, now, fora)
                    outcomes[place] = "updated"
                else:
                    added.pop(rows.source)
                written[place] = (meeting_id, rows)
            # The items get their ids in the batch's order: the newest written, the highest.
            self._children([written[place] for place in sorted(written)])
        return outcomes

    def _present(self, sources: list[str]) -> dict[str, tuple[int, str, str | None]]:
        """``source -> (id, checksum, withdrawn)`` of those of ``sources`` in the store."""
        marks = ", ".join("?" for _ in sources)
        return {
            str(source): (int(meeting_id), str(checksum), withdrawn)
            for source, meeting_id, checksum, withdrawn in self._db.query(
                f"SELECT source, id, checksum, withdrawn FROM meetings WHERE source IN ({marks})", sources
            )
        }

    _MEETING_COLUMNS = ("checksum", "forum_id", "kind", "variant", "draft", "start", "start_utc", "date",
                        "year", '"end"', "place", "name", "identifier", "modified", "document")  # fmt: skip
    #: Their types in PostgreSQL, for a batch of them as arrays.
    _MEETING_TYPES = ("text", "bigint", "text", "text", "boolean", "text", "text", "text", "integer",
                      "text", "text", "text", "text", "text", "text")  # fmt: skip

    def _values(self, rows: MeetingRows, now: str, fora: dict[str, int]) -> tuple[Any, ...]:
        forum_id = fora.get(rows.forum)
        if forum_id is None:
            forum_id = fora[rows.forum] = self._forum(rows)
        return (
            rows.checksum, forum_id, rows.kind, rows.variant, rows.draft, rows.start, rows.start_utc,
            rows.date, rows.year, rows.end, rows.place, rows.name, rows.identifier, now, rows.document,
        )  # fmt: skip

    def _insert(self, batch: list[MeetingRows], now: str, fora: dict[str, int]) -> dict[str, int]:
        """Add the meetings of ``batch``: ``source -> id`` of those added (one another
        indexer added since is not: the caller replaces it). PostgreSQL takes them all in
        one statement (a statement a meeting was a fifth of its writer's time)."""
        if not batch:
            return {}
        db = self._db
        columns = f"key, source, {', '.join(self._MEETING_COLUMNS)}, indexed"
        every = [(meeting_key(rows), rows.source, *self._values(rows, now, fora), now) for rows in batch]
        if db.dialect == "postgresql":
            types = ("text", "text", *self._MEETING_TYPES, "text")
            # %b: psycopg sends the arrays in the binary format (in the text format every
            # quote of a document is escaped by a Python call: many times longer).
            arrays = ", ".join(f"%b::{kind}[]" for kind in types)
            found = db.query(
                f"INSERT INTO meetings ({columns}) SELECT * FROM unnest({arrays}) "
                "ON CONFLICT (source) DO NOTHING RETURNING source, id",
                [list(column) for column in zip(*every, strict=True)],
            )
            return {str(source): int(meeting_id) for source, meeting_id in found}
        added: dict[str, int] = {}
        marks = ", ".join("?" for _ in every[0])
        sql = f"INSERT INTO meetings ({columns}) VALUES ({marks}) ON CONFLICT (source) DO NOTHING "
        sql += "RETURNING id"
        for values in every:
            inserted = db.one(sql, values)
            if inserted is not None:
                added[str(values[1])] = int(inserted[0])
        return added

    def _replace(self, meeting_id: int, rows: MeetingRows, now: str, fora: dict[str, int]) -> int:
        """The meeting ``meeting_id`` made ``rows`` (its old children deleted)."""
        db = self._db
        if db.dialect == "sqlite" and self._edition == "public":
            # FTS5 deletes by adding delete markers: the old terms stay in its segments until
            # they are merged, and the new rows may have made closed what was open. Purged by
            # settle(), at the end of this index run or the next.
            db.execute(
                "INSERT INTO store_info (name, value) VALUES (?, 'pending') ON CONFLICT (name) DO NOTHING",
                (_PURGE,),
            )
        db.execute("DELETE FROM items WHERE meeting_id = ?", (meeting_id,))
        db.execute("DELETE FROM participants WHERE meeting_id = ?", (meeting_id,))
        assignments = ", ".join(f"{column} = ?" for column in self._MEETING_COLUMNS)
        db.execute(
            f"UPDATE meetings SET {assignments}, withdrawn = NULL WHERE id = ?",
            (*self._values(rows, now, fora), meeting_id),
        )
        return meeting_id

    def _forum(self, rows: MeetingRows) -> int:
        db = self._db
        found = db.one("SELECT id FROM fora WHERE name = ?", (rows.forum,))
        if found is None:
            db.execute(
                "INSERT INTO fora (name, short_name, organisation, body) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name) DO NOTHING",
                (rows.forum, rows.forum_short, rows.organisation, rows.body),
            )
            found = db.one("SELECT id FROM fora WHERE name = ?", (rows.forum,))
        assert found is not None
        return int(found[0])

    _ITEM_COLUMNS = ("id", "meeting_id", "position", "number", "title", "route", "case_number", "public",
                     "recommendation", "decision", "text", "terms")  # fmt: skip

    def _children(self, written: Sequence[tuple[int, MeetingRows]]) -> None:
        db = self._db
        db.insert_rows(
            "participants",
            ("meeting_id", "position", "name", "status", "party", "role", "substitute_for", "note"),
            [(meeting_id, n, *p) for meeting_id, rows in written for n, p in enumerate(rows.participants, 1)],
        )
        every = [(meeting_id, position, item) for meeting_id, rows in written
                 for position, item in enumerate(rows.items, 1)]  # fmt: skip
        ids = db.new_ids("items", len(every))
        db.insert_rows(
            "items",
            self._ITEM_COLUMNS,
            [
                (item_id, meeting_id, position, item.number, item.title, item.route, item.case_number,
                 item.public, item.recommendation, item.decision, item.text, item.terms)
                for item_id, (meeting_id, position, item) in zip(ids, every, strict=True)
            ],
        )  # fmt: skip
        if ids and db.dialect == "sqlite":
            # The full-text rows of the new items, in one statement (see _schema, version 3).
            db.execute(
                "INSERT INTO items_fts (rowid, title, text, terms) "
                "SELECT id, title, text, terms FROM items WHERE id BETWEEN ? AND ?",
                (ids[0], ids[-1]),
            )
        db.insert_rows(
            "decisions",
            ("item_id", "position", "forum", "date", "stated", "text"),
            [(item_id, n, *d) for item_id, (_, _, item) in zip(ids, every, strict=True)
             for n, d in enumerate(item.decisions, 1)],
        )  # fmt: skip
        db.insert_rows(
            "attachments",
            ("item_id", "position", "title", "file_name", "media_type", "public"),
            [(item_id, n, *a) for item_id, (_, _, item) in zip(ids, every, strict=True)
             for n, a in enumerate(item.attachments, 1)],
        )  # fmt: skip

    def settle(self) -> None:
        """After many meetings are written: PostgreSQL moves the full-text index's pending
        entries into the index (a search reads them one by one until then) and updates
        the planner's statistics, by which a search chooses its plan; a public SQLite store
        where a meeting was replaced has its full-text index purged of the old terms."""
        if self._db.dialect == "postgresql":
            self._db.query("SELECT gin_clean_pending_list('items_tsv'::regclass)")
            self._db.execute("ANALYZE fora, meetings, items")
        else:
            self._purge()

    def _purge(self) -> None:
        """A public SQLite store where a meeting was replaced: the full-text index written
        anew without what the old rows held (its old pages zeroed: secure_delete). Once for
        many replacements: its cost grows with the index."""
        if self._db.one("SELECT 1 FROM store_info WHERE name = ?", (_PURGE,)) is None:
            return
        with self._db.transaction():
            self._db.execute("INSERT INTO items_fts (items_fts) VALUES ('optimize')")
            self._db.execute("DELETE FROM store_info WHERE name = ?", (_PURGE,))

    def withdraw(self, source: str, when: dt.datetime | None = None) -> bool:
        """Mark the meeting of ``source`` withdrawn (a tombstone: kept, dated, out of search
        and case histories); False when there is none or it already is."""
        stamp = (when or dt.datetime.now(dt.UTC)).isoformat(timespec="microseconds")
        with self._db.transaction():
            row = self._db.one("SELECT id FROM meetings WHERE source = ? AND withdrawn IS NULL", (source,))
            if row is None:
                return False
            self._db.execute("UPDATE meetings SET withdrawn = ? WHERE id = ?", (stamp, row[0]))
        return True

    def index(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        jobs: int = 1,
        prune: bool = False,
        executor: Executor | None = None,
        progress: Any = None,
    ) -> IndexReport:
        """Add and update the meetings of ``paths`` (files, and folders searched as
        ``referatkit convert`` does); see :func:`referatkit.store.index`."""
        from ._index import index_sources  # noqa: PLC0415

        return index_sources(self, paths, jobs=jobs, prune=prune, executor=executor, progress=progress)

    # --- reading ------------------------------------------------------------------------

    def _stored(self, row: Sequence[Any]) -> StoredMeeting:
        from .._api import read  # noqa: PLC0415

        key, source, checksum, indexed, modified, withdrawn, document = row
        return StoredMeeting(
            key=str(key),
            meeting=read(str(document).encode("utf-8"), "xml"),
            source=str(source),
            checksum=str(checksum),
            indexed=_instant(indexed) or dt.datetime.now(dt.UTC),
            modified=_instant(modified) or dt.datetime.now(dt.UTC),
            withdrawn=_instant(withdrawn),
            edition=self._edition,
        )

    _MEETING = "SELECT key, source, checksum, indexed, modified, withdrawn, document FROM meetings"

    def meetings(self) -> Iterator[StoredMeeting]:
        """Every meeting, withdrawn ones included, by start then key."""
        for row in self._db.rows(self._MEETING + " ORDER BY start_utc, key", size=50):
            yield self._stored(row)

    def stamps(self) -> Iterator[MeetingStamp]:
        """Every meeting's key, checksum and dates without its document, in the order of
        :meth:`meetings`: what tells a reader (the site) which meetings changed."""
        for key, checksum, indexed, modified, withdrawn in self._db.rows(
            "SELECT key, checksum, indexed, modified, withdrawn FROM meetings ORDER BY start_utc, key",
            size=500,
        ):
            yield MeetingStamp(
                key=str(key),
                checksum=str(checksum),
                indexed=_instant(indexed) or dt.datetime.now(dt.UTC),
                modified=_instant(modified) or dt.datetime.now(dt.UTC),
                withdrawn=_instant(withdrawn),
            )

    def meeting(self, key: str) -> StoredMeeting:
        """The meeting of ``key``; ``KeyError`` when there is none."""
        row = self._db.one(self._MEETING + " WHERE key = ?", (key,))
        if row is None:
            raise KeyError(key)
        return self._stored(row)

    def __len__(self) -> int:
        row = self._db.one("SELECT count(*) FROM meetings")
        return int(row[0]) if row else 0

    # --- cases --------------------------------------------------------------------------

    def case_numbers(self) -> list[str]:
        """Every case number of the collection (withdrawn meetings left out), sorted."""
        rows = self._db.query(
            "SELECT DISTINCT i.case_number FROM items i JOIN meetings m ON m.id = i.meeting_id "
            "WHERE i.case_number IS NOT NULL AND m.withdrawn IS NULL ORDER BY i.case_number"
        )
        return [str(r[0]) for r in rows]

    def cases(self) -> Iterator[CaseHistory]:
        """Every case's history, by case number."""
        for number in self.case_numbers():
            found = self.case(number)
            if found is not None:
                yield found

    def case(self, number: str) -> CaseHistory | None:
        """The history of case ``number`` (as written, e.g. ``"00.01.10-A00-3-16"``), or None."""
        db = self._db
        rows = db.query(
            "SELECT i.id, m.key, m.start_utc, m.date, f.name, f.body, m.kind, i.number, i.title, "
            "i.recommendation, i.decision FROM items i JOIN meetings m ON m.id = i.meeting_id "
            "JOIN fora f ON f.id = m.forum_id WHERE i.case_number = ? AND m.withdrawn IS NULL",
            (number.strip(),),
        )
        if not rows:
            return None
        ids = [int(r[0]) for r in rows]
        stated: dict[int, list[StatedTreatment]] = {}
        marks = ", ".join("?" for _ in ids)
        for item_id, forum, date, text in db.query(
            f"SELECT item_id, forum, date, text FROM decisions WHERE stated = ? AND item_id IN ({marks}) "
            "AND forum IS NOT NULL AND date IS NOT NULL ORDER BY item_id, position",
            (True, *ids),
        ):
            stated.setdefault(int(item_id), []).append(
                StatedTreatment(forum=str(forum), date=dt.date.fromisoformat(str(date)), decision=str(text))
            )
        items = [
            CaseItem(
                meeting_key=str(key),
                start_utc=str(start),
                date=dt.date.fromisoformat(str(day)),
                forum=str(forum),
                body=str(body),
                kind=DocumentKind(kind),
                number=str(item_number),
                title=str(title),
                recommendation=str(recommendation),
                decision=str(decision),
                stated=tuple(stated.get(int(item_id), ())),
            )
            for item_id, key, start, day, forum, body, kind, item_number, title, recommendation, decision in (
                rows
            )
        ]

        def held(body: str, day: dt.date) -> bool:
            found = db.one(
                "SELECT 1 FROM meetings m JOIN fora f ON f.id = m.forum_id "
                "WHERE f.body = ? AND m.date = ? AND m.withdrawn IS NULL LIMIT 1",
                (body, day.isoformat()),
            )
            return found is not None

        result = history(number.strip(), items, held)
        if self._edition == "full":
            from attrs import evolve  # noqa: PLC0415

            result = evolve(result, edition="full")
        return result

    # --- search -------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        forum: str | None = None,
        year: int | None = None,
        case: str | None = None,
        kind: DocumentKind | str | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        """The items that match ``query``, best first: words (all must be there, in any
        form: "budgetter" finds "budget"), ``"phrases"``, ``prefix*``; å/aa, ø/oe, æ/ae
        and case do not matter. ``forum`` (any name of the body: "Byrådet" finds "Byråd
        2022-2025"), ``year``, ``case`` and ``kind`` ("agenda" or "minutes") narrow it."""
        parsed = parse_query(query)
        if parsed.empty or limit < 1:
            return []
        where = ["m.withdrawn IS NULL"]
        params: list[Any] = []
        if forum is not None:
            where.append("(f.body = ? OR f.name = ?)")
            params += [body_key(forum), forum]
        if year is not None:
            where.append("m.year = ?")
            params.append(int(year))
        if case is not None:
            where.append("i.case_number = ?")
            params.append(case.strip())
        if kind is not None:
            value = kind.value if isinstance(kind, DocumentKind) else DocumentKind(kind).value
            where.append("m.kind = ?")
            params.append(value)
        # The candidates: the matching items, the most recently written first, at most
        # ``pool`` of them. Both databases find them without ranking every match: SQLite's
        # full-text index walks its matches newest first and stops; PostgreSQL walks the
        # items newest first when the words are common, and its index when they are rare.
        # (A database's own rank reads every match of every word: 100 ms and more at
        # 150,000 items when one word is common.)
        pool = max(CANDIDATES, limit * 5)
        joins = "JOIN meetings m ON m.id = i.meeting_id JOIN fora f ON f.id = m.forum_id"
        columns = "i.id, i.terms, m.start_utc, m.key, i.position"
        if self._db.dialect == "sqlite":
            sql = (
                f"SELECT {columns} FROM items_fts JOIN items i ON i.id = items_fts.rowid {joins} "
                f"WHERE items_fts MATCH ? AND {' AND '.join(where)} ORDER BY items_fts.rowid DESC LIMIT ?"
            )
            found = self._db.query(sql, (parsed.fts5(), *params, pool))
        else:
            # The tsvector holds the terms without positions (schema 5): a phrase is its
            # terms standing together in the item's terms.
            phrases = parsed.phrase_texts()
            matches = "i.tsv @@ ?::tsquery" + " AND strpos(' ' || i.terms || ' ', ?) > 0" * len(phrases)
            newest = None
            if forum is None and year is None and kind is None:
                newest = self._newest_items_pg(matches, (parsed.tsquery(), *phrases), case, pool)
            if newest is not None:
                found = newest
            else:
                sql = (
                    f"SELECT {columns} FROM items i {joins} WHERE {matches} "
                    f"AND {' AND '.join(where)} ORDER BY i.id DESC LIMIT ?"
                )
                # Planned for its words each time: the best plan depends on how common they are.
                found = self._db.query(sql, (parsed.tsquery(), *phrases, *params, pool), planned=True)
        # One ranking, the same on both databases, orders the candidates; a tie puts the
        # later meeting first, then the meeting's key and the item's place in it.
        found.sort(key=lambda row: (str(row[3]), int(row[4])))
        found.sort(key=lambda row: str(row[2]), reverse=True)
        scored = sorted(
            ((score(parsed, str(row[1])), int(row[0])) for row in found), key=lambda pair: -pair[0]
        )
        best = scored[:limit]
        details = self._details([item_id for _, item_id in best])
        hits = []
        for rank, item_id in best:
            key, forum_name, day, kind_value, number, title, case_number, text = details[item_id]
            hits.append(
                SearchHit(
                    meeting_key=str(key),
                    forum=str(forum_name),
                    date=dt.date.fromisoformat(str(day)),
                    kind=DocumentKind(kind_value),
                    number=str(number),
                    title=str(title),
                    case=None if case_number is None else str(case_number),
                    passage=passage(str(text), parsed) if text else str(title),
                    rank=rank,
                    edition=self._edition,
                )
            )
        return hits

    def _newest_items_pg(
        self, matches: str, terms: tuple[str, ...], case: str | None, pool: int
    ) -> list[tuple[Any, ...]] | None:
        """The search's candidates when only the items are narrowed (by words and case):
        the newest ``pool`` matching items found in the items alone, then their meetings
        (joined first, the planner reads every meeting to join a few hundred matches);
        None when a match's meeting is withdrawn, and the candidates must be found with
        the meetings joined. ``matches`` is the condition on the item, ``terms`` its values."""
        narrow = "AND i.case_number = ? " if case is not None else ""
        rows = self._db.query(
            "SELECT i.id, i.terms, m.start_utc, m.key, i.position, m.withdrawn "
            "FROM (SELECT i.id, i.terms, i.position, i.meeting_id FROM items i "
            f"WHERE {matches} {narrow}ORDER BY i.id DESC LIMIT ?) i "
            "JOIN meetings m ON m.id = i.meeting_id",
            (*terms, *([case.strip()] if case is not None else []), pool),
            planned=True,  # for its words each time: the best plan depends on how common they are
        )
        if any(row[5] is not None for row in rows):
            return None
        return [row[:5] for row in rows]

    def _details(self, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        """What a hit shows of each item of ``ids``."""
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        return {
            int(row[0]): tuple(row[1:])
            for row in self._db.query(
                "SELECT i.id, m.key, f.name, m.date, m.kind, i.number, i.title, i.case_number, i.text "
                "FROM items i JOIN meetings m ON m.id = i.meeting_id JOIN fora f ON f.id = m.forum_id "
                f"WHERE i.id IN ({marks})",
                ids,
            )
        }


#: Candidates a search ranks (at least): the matches of the most recently written items.
CANDIDATES = 100


def _remove_new_file(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.remove(path + suffix)
