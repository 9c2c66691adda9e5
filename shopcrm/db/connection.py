"""Opening the shop's database: a local SQLite file by default, PostgreSQL by URL.

The models are bound to one deferred :data:`database` proxy; :func:`open_database` points it at
a real database and brings the schema up to date. SQLite runs in WAL mode with
``synchronous=FULL`` (a committed visit survives a power cut), foreign keys on, a busy timeout
so a second till waits instead of failing, and ``BEGIN IMMEDIATE`` for every transaction so a
writer takes the write lock up front rather than failing half-way on an upgrade. The file is
made owner-only before SQLite first opens it (and an older one tightened), so its ``-wal`` and
``-shm``, which SQLite creates with the database file's mode, are owner-only too (see
:mod:`.private_files`).

Which locations are refused is :mod:`.locations`' business; how SQLite's environment errors
(locked, full, read-only, damaged, gone) become one :class:`~.storage_errors.StorageError` is
:mod:`.sqlite_database`'s. Every connection made here goes through both.
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager, suppress
from pathlib import Path

import peewee

from shopcrm.db.checkpoints import DEFAULT_AUTOCHECKPOINT_PAGES, BackgroundCheckpoints
from shopcrm.db.locations import (
    DatabaseLocation,
    parse_location,
    path_refusal,
    refuse_foreign_database,
)
from shopcrm.db.private_files import private_database_file
from shopcrm.db.sqlite_database import ShopSqliteDatabase
from shopcrm.db.storage_errors import DatabaseLocationError
from shopcrm.errors import ShopError

__all__ = [
    "BUSY_TIMEOUT_S",
    "DatabaseLocation",
    "DatabaseLocationError",
    "busy_timeout_s",
    "close",
    "connect",
    "database",
    "is_sqlite",
    "parse_location",
    "placeholders",
    "read_snapshot",
    "start_background_checkpoints",
    "write_transaction",
]

#: The proxy every model is bound to; initialised by :func:`open_database`.
database = peewee.DatabaseProxy()

BUSY_TIMEOUT_S = 10.0

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": int(BUSY_TIMEOUT_S * 1000),
    "cache_size": -32_000,  # 32 MB page cache
    "temp_store": "memory",
}


def busy_timeout_s() -> float:
    """How long a till waits for another till's write before giving up: ``BUSY_TIMEOUT_S``,
    or ``SHOPCRM_BUSY_TIMEOUT_S`` (the tests shorten it rather than wait ten seconds)."""
    raw = os.environ.get("SHOPCRM_BUSY_TIMEOUT_S", "").strip()
    if not raw:
        return BUSY_TIMEOUT_S
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise ShopError(f"SHOPCRM_BUSY_TIMEOUT_S must be 0 to 3600 seconds, not {raw[:40]!r}")
    return seconds


def _connect_sqlite(path: str) -> peewee.SqliteDatabase:
    refusal = path_refusal(Path(path))
    if refusal:
        raise DatabaseLocationError(refusal)
    timeout = busy_timeout_s()
    refuse_foreign_database(path, timeout)
    with suppress(OSError):  # a folder we may not write to: SQLite's own error says so
        private_database_file(path)
    return ShopSqliteDatabase(
        path,
        pragmas={**SQLITE_PRAGMAS, "busy_timeout": int(timeout * 1000)},
        timeout=timeout,
        lock_type="IMMEDIATE",
        check_same_thread=False,
    )


def _connect_postgresql(location: DatabaseLocation) -> peewee.Database:
    try:
        from shopcrm.db.postgres_database import ShopPostgresDatabase
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise DatabaseLocationError(
            "PostgreSQL support needs psycopg 3: pip install 'shopcrm[postgres]'"
        ) from exc
    return ShopPostgresDatabase(location, busy_timeout_s())


def _refuse_foreign_postgresql(db: peewee.Database, location: DatabaseLocation) -> None:
    from shopcrm.db.postgres_database import foreign_tables

    found = foreign_tables(db)
    if found:
        shown = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
        raise DatabaseLocationError(
            f"{location.describe()} holds tables of another program ({shown}); shopcrm will"
            " not add its tables to it: give it an empty database of its own"
        )


def connect(location: DatabaseLocation) -> peewee.Database:
    """Open (but do not migrate) the database at ``location`` and bind the models to it.
    Environment errors (a damaged file, a locked one) come out as :class:`StorageError`."""
    if location.kind == "postgresql":
        db = _connect_postgresql(location)
    else:
        db = _connect_sqlite(location.target)
    try:
        db.connect(reuse_if_open=True)
        if isinstance(db, peewee.SqliteDatabase):
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        else:
            _refuse_foreign_postgresql(db, location)
    except BaseException:
        if not db.is_closed():
            db.close()
        raise
    database.initialize(db)
    return db


def is_sqlite(db: peewee.Database | None = None) -> bool:
    target = db if db is not None else database.obj
    return isinstance(target, peewee.SqliteDatabase)


_checkpoints: BackgroundCheckpoints | None = None


def start_background_checkpoints(interval_s: float = 1.0) -> BackgroundCheckpoints | None:
    """For a long-running process: checkpoint the open SQLite database's log from a thread
    instead of inside commits (see :mod:`shopcrm.db.checkpoints`); stopped by :func:`close`.
    None for PostgreSQL and in-memory databases."""
    global _checkpoints
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase) or db.database in ("", ":memory:"):
        return None
    if _checkpoints is not None and _checkpoints.running:
        return _checkpoints
    _checkpoints = BackgroundCheckpoints(db.database, interval_s)
    db.execute_sql("PRAGMA wal_autocheckpoint = 0")
    _checkpoints.start()
    return _checkpoints


def _stop_background_checkpoints() -> None:
    global _checkpoints
    if _checkpoints is None:
        return
    _checkpoints.stop()
    _checkpoints = None
    db = database.obj
    if isinstance(db, peewee.SqliteDatabase) and not db.is_closed():
        db.execute_sql(f"PRAGMA wal_autocheckpoint = {DEFAULT_AUTOCHECKPOINT_PAGES}")


def write_transaction() -> AbstractContextManager[object]:
    """One use case's transaction; on SQLite it begins IMMEDIATE (see the module docstring).
    A locked, full, read-only or damaged database raises :class:`StorageError` out of it,
    with everything written inside rolled back."""
    return database.atomic()


def placeholders(count: int) -> str:
    """``?, ?, ?`` (or ``%s, …``) for a written-out ``IN (…)`` of ``count`` values."""
    return ", ".join([database.obj.param] * count)


def read_snapshot() -> AbstractContextManager[object]:
    """Several reads that must agree with each other (a balance and what of it has expired):
    one read transaction, so a till writing between them cannot be half seen. On SQLite it
    begins DEFERRED, taking no write lock; on PostgreSQL it is REPEATABLE READ (one snapshot
    for the whole transaction; READ COMMITTED would take a new one per statement), which
    blocks no writer either."""
    db = database.obj
    if isinstance(db, peewee.SqliteDatabase):
        return db.atomic(lock_type="DEFERRED")
    return db.atomic(isolation_level="REPEATABLE READ")


def close() -> None:
    _stop_background_checkpoints()
    if database.obj is not None and not database.is_closed():
        database.close()
