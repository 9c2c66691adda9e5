"""A PostgreSQL shop backed up into a SQLite shop file, and such a file restored into it.

The backup is one file that ``shopcrm restore`` takes whichever engine the shop is on, and
that also opens as a SQLite shop on any computer (a till can look up a customer from the
server's backup while the server is down). It is :mod:`.copy_shop` in the other direction:

* the file gets the schema through the same migrations as any new SQLite shop;
* every shop table is read in one REPEATABLE READ transaction (one snapshot of the whole
  shop, while the tills go on writing: a snapshot blocks no writer) and written into the
  file in key order; the search documents are indexed anew by SQLite's own index;
* each table's row count and checksum (:mod:`.table_checksum`) read back from the file
  must equal PostgreSQL's, or the backup fails.

``pg_dump`` was the other choice; it is not on every till (it must match the server's major
version), its output restores only into PostgreSQL, and checking it means a second server.
It remains what the server's admin should run besides (see the README).

Restoring runs the copy of ``migrate-to`` into the existing database inside one transaction
that first locks every shop table (a till waits, then says the database is busy) and empties
them; the copy is verified table by table before the commit, so a failure changes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import peewee
import psycopg

from shopcrm.db.copy_shop import CopyRefused, _copy, _open_source, _plan, _search_table
from shopcrm.db.migrations import LATEST, migrate
from shopcrm.db.search import search_index
from shopcrm.db.search.document import SearchDocument, rank_of_key
from shopcrm.db.sqlite_snapshot import Snapshot, row_counts
from shopcrm.db.table_checksum import Checksum, normaliser

_CHUNK = 10_000


def postgres_marker(db: peewee.Database) -> str:
    """The server's next transaction id: it moves whenever any transaction writes (on any of
    the server's databases, which costs a backup more, never one less), it survives restarts,
    and reading it writes nothing."""
    return str(db.execute_sql("SELECT pg_snapshot_xmax(pg_current_snapshot())").fetchone()[0])


def snapshot_postgres_into(db: peewee.Database, target: Path) -> Snapshot:
    """Copy the PostgreSQL shop ``db`` into the new, empty file ``target`` (see the module
    docstring); the file's rows per table, the schema version and the change marker."""
    marker = postgres_marker(db)
    # No journal and no syncing while the file is built: it is a new temporary file, thrown
    # away on any failure, and flushed to the disk whole before it is renamed into place.
    pragmas = {"foreign_keys": 0, "journal_mode": "memory", "synchronous": "off"}
    shop = peewee.SqliteDatabase(str(target), pragmas=pragmas)
    try:
        migrate(shop)
        connection = shop.connection()
        with shop.atomic():
            connection.execute("DELETE FROM staff")
            connection.execute("DELETE FROM setting")
            connection.execute("DELETE FROM shop_secret")  # the shop's own salt comes instead
            with db.atomic(isolation_level="REPEATABLE READ"):
                version = db.execute_sql("SELECT max(version) FROM schema_migration").fetchone()[0]
                if version != LATEST:
                    raise CopyRefused(
                        f"the shop has schema version {version}, this shopcrm {LATEST}"
                    )
                for table in _plan(db, connection):
                    _copy_table(db, connection, table)
                _copy_search(db, shop, _search_table(db))
        counts = row_counts(connection)
    finally:
        shop.close()
    return Snapshot(counts, LATEST, marker)


def _copy_table(db: peewee.Database, connection: sqlite3.Connection, table: Any) -> None:
    """One table from the server's snapshot into the file, then checked against it."""
    expected = Checksum([normaliser(k) for k in table.types])
    columns = ", ".join(f'"{c}"' for c in table.columns)
    marks = ", ".join("?" * len(table.columns))
    insert = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'
    rows: list[Any] = []
    for chunk in _read(db, table):
        if table.ordered_in_sql:
            expected.add(chunk)
        else:
            rows.extend(chunk)
        connection.executemany(insert, [tuple(map(_sqlite_value, r)) for r in chunk])
    if not table.ordered_in_sql:
        expected.add_normal(sorted(expected.normal(r) for r in rows))
    found = Checksum([normaliser(k) for k in table.types])
    read = connection.execute(table.select()).fetchall()
    if table.ordered_in_sql:
        found.add(read)
    else:
        found.add_normal(sorted(found.normal(r) for r in read))
    if (found.rows, found.hexdigest()) != (expected.rows, expected.hexdigest()):
        raise CopyRefused(f"the backup's copy of {table.name} does not match the shop's")


def _copy_search(db: peewee.Database, shop: peewee.SqliteDatabase, table: Any) -> None:
    index = search_index(shop)
    with shop.atomic():  # a savepoint inside the file's one transaction
        for chunk in _read(db, table):
            index.put_many(
                SearchDocument(
                    int(cid),
                    tuple(str(words).split()),
                    tuple(str(names).split()),
                    str(phone),
                    rank_of_key(int(key)),
                )
                for cid, key, words, phone, names in chunk
            )
    copied = shop.execute_sql("SELECT count(*) FROM search_doc").fetchone()[0]
    total = db.execute_sql("SELECT count(*) FROM search_doc").fetchone()[0]
    if copied != total:
        raise CopyRefused(f"the backup's search index holds {copied} customers, the shop {total}")


def _read(db: peewee.Database, table: Any) -> Iterator[list[Any]]:
    """The table's rows in chunks through a server-side cursor (a million customers' visits
    never sit in memory at once), inside the caller's snapshot."""
    with db.connection().cursor(name=f"backup_{table.name}") as cursor:
        cursor.itersize = _CHUNK
        cursor.execute(table.select())
        while chunk := cursor.fetchmany(_CHUNK):
            yield chunk


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def restore_into_postgres(db: peewee.Database, file: Path) -> None:
    """Replace the shop in ``db`` with the SQLite shop ``file`` in one transaction."""
    source = _open_source(str(file))
    try:
        with db.atomic():
            tables = [t for t in db.get_tables() if t != "schema_migration"]
            listed = ", ".join(f'"{t}"' for t in tables)
            db.execute_sql(f"LOCK TABLE {listed} IN ACCESS EXCLUSIVE MODE")
            db.execute_sql(f"TRUNCATE {listed}")
            _copy(db, source, _plan(db, source), lambda _stage, _done, _total: None)
    except psycopg.Error as exc:  # COPY and the read-back run outside the translating cursor
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise CopyRefused(f"the restore failed, nothing changed: {first}") from None
    finally:
        source.close()
