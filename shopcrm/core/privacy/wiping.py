"""Nothing of an erased person left in the database's files, on either engine.

Deleting or overwriting a row only unlinks it; the bytes stay until the space is reused.

SQLite (measured on this tree before this module: after a rename, the old name stayed in the
file, in the FTS5 data table and in the ``-wal``):

- ``PRAGMA secure_delete`` is on for the erasing transaction: every cell SQLite removes or
  rewrites is overwritten with zeros, in table and index pages alike;
- the search index's FTS5 tables keep a deleted customer's tokens in their old segments (a
  delete only adds a tombstone) until the segments are merged: ``optimize`` merges each
  table into one new segment in the same transaction, and the old segments' pages are
  zeroed as they are freed;
- after the commit, ``wal_checkpoint(TRUNCATE)`` copies the log into the database and cuts
  the ``-wal`` to nothing, so no earlier page image survives there. A till that is reading
  at that moment keeps the log alive: :func:`after_commit` then says so, and the next
  erasure or the app's exit (SQLite truncates the log when the last connection closes)
  finishes it.

PostgreSQL: an UPDATE writes a new row version and leaves the old one as a dead tuple until a
VACUUM; ``VACUUM`` of every table the erasure touched runs after the commit (it cannot run in
a transaction). Files under the server's control (its WAL, base backups) are the server
owner's to age out, like the shop's own backups.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import peewee

from shopcrm.db import database
from shopcrm.db.search.sqlite_index import FTS_TABLES

#: The tables an erasure writes to (VACUUMed afterwards on PostgreSQL).
TOUCHED = (
    "customer",
    "customer_tag",
    "tag",
    "note",
    "visit",
    "voucher",
    "consent_change",
    "followup",
    "loyalty_entry",
    "imported_history",
    "customer_merge",
    "audit_entry",
    "search_doc",
    "search_term",
    "search_vocab",
    "search_typo",
)


def _sqlite() -> bool:
    return isinstance(database.obj, peewee.SqliteDatabase)


@contextmanager
def secure_delete() -> Iterator[None]:
    """On SQLite: removed content zeroed for as long as this lasts (this connection)."""
    if not _sqlite():
        yield
        return
    was = database.execute_sql("PRAGMA secure_delete").fetchone()[0]
    database.execute_sql("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA secure_delete = {int(was)}")


def merge_search_segments() -> None:
    """Inside the erasing transaction, on SQLite: each FTS5 table rewritten as one segment,
    so the removed customer's tokens are not in an old one."""
    if _sqlite():
        for table in FTS_TABLES:
            database.execute_sql(f"INSERT INTO {table} ({table}) VALUES ('optimize')")


def after_commit() -> bool:
    """After the erasing commit: the log truncated (SQLite) or the touched tables vacuumed
    (PostgreSQL); False when a reader kept the SQLite log from being emptied."""
    if _sqlite():
        with secure_delete():
            busy, _, _ = database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy
    for table in TOUCHED:
        database.execute_sql(f"VACUUM {table}")
    return True
