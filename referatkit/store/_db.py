"""One connection to SQLite or PostgreSQL behind the few calls the store makes.

The store's SQL is written once, with ``?`` placeholders; for PostgreSQL they become
psycopg's ``%s``. Every database error that reaches the store's user is a
:class:`StoreError` in Danish naming the database, never a driver's traceback.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ReferatkitError
from ._schema import Dialect

__all__ = ["Database", "StoreError", "connect", "is_url"]


class StoreError(ReferatkitError):
    """The collection cannot be opened or written: names the database and what is wrong."""


Row = tuple[Any, ...]


def is_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


#: A URL's password, from its colon to the ``@``: left out of every message.
_PASSWORD = re.compile(r"(?<=//)([^/@:]*):[^/@]*@")


def describe(target: str) -> str:
    """The database as named in messages: a path, or a URL without its password."""
    if not is_url(target):
        return target
    try:
        parts = urlsplit(target)
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # an IPv6 host without its "]", a port that is no number up to 65535
        shown = _PASSWORD.sub(r"\1@", target)
        raise StoreError(f"{shown}: adressen kan ikke læses; værten eller porten er ugyldig") from None
    host = parts.hostname or "localhost"
    user = f"{parts.username}@" if parts.username else ""
    return f"postgresql://{user}{host}{port}{parts.path}"


class Database:
    """A connection in autocommit, with explicit transactions."""

    dialect: Dialect
    name: str

    def __init__(self, connection: Any, dialect: Dialect, name: str) -> None:
        self._connection = connection
        self.dialect = dialect
        self.name = name
        self._types: dict[tuple[str, tuple[str, ...]], list[str]] = {}

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgresql" else sql

    def query(self, sql: str, params: Sequence[Any] = (), *, planned: bool = False) -> list[Row]:
        """The rows of ``sql``; ``planned``: PostgreSQL plans it for these very values
        (psycopg prepares a statement run often, and the server may then plan it once
        for any values: wrong for a search, whose best plan depends on its words)."""
        with self.errors():
            if planned and self.dialect == "postgresql":
                return list(self._connection.execute(self._sql(sql), params, prepare=False).fetchall())
            return list(self._connection.execute(self._sql(sql), params).fetchall())

    def rows(self, sql: str, params: Sequence[Any] = (), size: int = 200) -> Iterator[Row]:
        """The rows of a query, fetched ``size`` at a time."""
        with self.errors():
            cursor = self._connection.cursor()
            cursor.execute(self._sql(sql), params)
            while batch := cursor.fetchmany(size):
                yield from batch

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        with self.errors():
            row = self._connection.execute(self._sql(sql), params).fetchone()
            return None if row is None else tuple(row)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.errors():
            self._connection.execute(self._sql(sql), params)

    def new_ids(self, table: str, count: int) -> list[int]:
        """``count`` ids for new rows of ``table``, in one query. SQLite's are the next
        after the largest (the caller holds the write lock: no one else inserts), as
        SQLite itself would give them; PostgreSQL's come from the table's sequence."""
        if count < 1:
            return []
        if self.dialect == "sqlite":
            row = self.one(f"SELECT coalesce(max(id), 0) FROM {table}")
            first = int(row[0]) + 1 if row else 1
            return list(range(first, first + count))
        found = self.query(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, ?)", (count,)
        )
        return [int(r[0]) for r in found]

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert many rows at once: SQLite's ``executemany``, PostgreSQL's ``COPY``
        (one round trip, and far less work for the server than a statement a row) in
        the binary format (nothing to escape and to parse again)."""
        if not rows:
            return
        if self.dialect == "sqlite":
            marks = ", ".join("?" for _ in columns)
            self.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
            return
        types = self._column_types(table, columns)
        with (
            self.errors(),
            self._connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)

    def _column_types(self, table: str, columns: Sequence[str]) -> list[str]:
        """The PostgreSQL types of ``columns`` of ``table`` (asked once a connection)."""
        key = (table, tuple(columns))
        found = self._types.get(key)
        if found is None:
            kinds = {
                str(name): str(kind)
                for name, kind in self.query(
                    "SELECT attname, format_type(atttypid, NULL) FROM pg_attribute "
                    "WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped",
                    (table,),
                )
            }
            found = self._types[key] = [kinds[column.strip('"')] for column in columns]
        return found

    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        if not params:
            return
        with self.errors():
            if self.dialect == "sqlite":
                self._connection.executemany(sql, params)
            else:
                with self._connection.cursor() as cursor:
                    cursor.executemany(self._sql(sql), params)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction: all of it is written, or none of it.

        SQLite takes the write lock at the start (``BEGIN IMMEDIATE``), so two writers
        wait for each other instead of failing halfway; PostgreSQL's rows lock as
        they are written.
        """
        with self.errors():
            if self.dialect == "sqlite":
                self._connection.execute("BEGIN IMMEDIATE")
                try:
                    yield
                except BaseException:
                    self._connection.execute("ROLLBACK")
                    raise
                self._connection.execute("COMMIT")
            else:
                with self._connection.transaction():
                    yield

    @contextmanager
    def errors(self) -> Iterator[None]:
        """A driver's error as a :class:`StoreError` in Danish."""
        try:
            yield
        except StoreError:
            raise
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.name}: {_sqlite_message(exc)}") from None
        except Exception as exc:
            if self.dialect == "postgresql" and _is_psycopg_error(exc):
                raise StoreError(f"{self.name}: databasefejl: {_first_line(exc)}") from None
            raise

    def close(self) -> None:
        # Closing a broken connection must not hide the error that broke it.
        with contextlib.suppress(Exception):
            self._connection.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _sqlite_message(exc: sqlite3.DatabaseError) -> str:
    text = str(exc)
    if "file is not a database" in text or "malformed" in text or "disk image" in text:
        return "filen er ikke en brugbar SQLite-database (beskadiget eller en anden slags fil)"
    if "locked" in text or "busy" in text:
        return "databasen er låst af en anden proces; prøv igen"
    if "readonly" in text or "read-only" in text:
        return "databasen kan ikke skrives (skrivebeskyttet)"
    if "unable to open" in text:
        # A store in WAL mode keeps its -wal and -shm files beside it, also to be read.
        return "databasefilen kan ikke åbnes; mappen skal kunne skrives (til dens -wal- og -shm-filer)"
    if "decode" in text:  # a text that is not UTF-8: a damaged page
        return "en tekst i databasen er ikke gyldig UTF-8 (filen er beskadiget)"
    return f"databasefejl: {_first_line(exc)}"


def _is_psycopg_error(exc: BaseException) -> bool:
    try:
        import psycopg  # noqa: PLC0415 - only a PostgreSQL store needs it
    except ImportError:
        return False
    return isinstance(exc, psycopg.Error)


def connect(target: str, *, create: bool) -> tuple[Database, bool]:
    """A connection to ``target`` (a file or a ``postgresql://`` URL) and whether the
    database was just made (an SQLite file that did not exist)."""
    if is_url(target):
        return _postgresql(target), False
    return _sqlite(target, create=create)


def _sqlite(target: str, *, create: bool) -> tuple[Database, bool]:
    if not target.strip():
        raise StoreError("angiv en databasefil eller en postgresql://-adresse (--db er tom)")
    path = Path(target)
    if path.is_dir():
        raise StoreError(f"{target}: er en mappe, ikke en databasefil")
    existed = path.exists()
    if not existed and not create:
        raise StoreError(f"{target}: samlingen findes ikke (opret den med referatkit index)")
    if not existed and not path.parent.exists():
        raise StoreError(f"{target}: mappen {path.parent} findes ikke")
    mode = "rwc" if create else "rw"
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode={mode}", uri=True, timeout=120, isolation_level=None
        )
    except sqlite3.Error as exc:
        reason = "filen kan ikke åbnes eller oprettes her" if "unable to open" in str(exc) else str(exc)
        raise StoreError(f"{target}: kan ikke åbnes: {reason}") from None
    database = Database(connection, "sqlite", target)
    # Read before anything writes: a file that is not a database is refused unchanged.
    database.query("SELECT name FROM sqlite_master LIMIT 1")
    return database, not existed


def configure_sqlite(database: Database) -> None:
    """Settings for a store's SQLite file, once it is known to be one: write-ahead log
    (readers and one writer at once), foreign keys, a long wait for the write lock, deleted
    content zeroed."""
    database.execute("PRAGMA journal_mode = WAL")
    database.execute("PRAGMA synchronous = NORMAL")
    # The log copied into the file every 16 MB, not 4: a page the full-text index writes
    # again and again between two copies is copied once (a tenth less of the writer's time).
    database.execute("PRAGMA wal_autocheckpoint = 4000")
    database.execute("PRAGMA foreign_keys = ON")
    database.execute("PRAGMA busy_timeout = 120000")
    # What is deleted is overwritten with zeros in the file (not every SQLite is built so):
    # a replaced meeting's old text is not left in free pages.
    database.execute("PRAGMA secure_delete = ON")


def _postgresql(target: str) -> Database:
    name = describe(target)
    try:
        import psycopg  # noqa: PLC0415 - only a PostgreSQL store needs it
    except ImportError:
        raise StoreError(f"{name}: PostgreSQL kræver psycopg; installér referatkit[postgres]") from None
    try:
        connection = psycopg.connect(target, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise StoreError(f"{name}: kan ikke forbinde til PostgreSQL: {_pg_reason(exc)}") from None
    return Database(connection, "postgresql", name)


def _pg_reason(exc: BaseException) -> str:
    text = str(exc)
    if "password authentication failed" in text or "no password supplied" in text:
        return "brugernavn eller adgangskode er forkert"
    if "does not exist" in text and "database" in text:
        return "databasen findes ikke"
    if "role" in text and "does not exist" in text:
        return "brugeren findes ikke"
    if "Connection refused" in text or "No such file or directory" in text:
        return "serveren svarer ikke (forkert vært eller port, eller serveren kører ikke)"
    if "could not translate host name" in text or "Name or service not known" in text:
        return "værtsnavnet kendes ikke"
    if "timeout" in text:
        return "serveren svarede ikke i tide"
    if "invalid" in text or "missing" in text:
        return "adressen er ugyldig"
    return "forbindelsen mislykkedes"
