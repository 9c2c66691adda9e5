"""Real storage faults for the tests: another till holding the write lock (a second process),
a full database, a damaged file, a file overwritten with junk, a read-only file.

Nothing here imitates SQLite: each helper puts a real database file into the state SQLite
itself then reports (``SQLITE_BUSY``, ``SQLITE_FULL``, ``SQLITE_CORRUPT``, ``SQLITE_NOTADB``,
``SQLITE_READONLY``).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee

from shopcrm.core import customers
from shopcrm.core.customers import CustomerInput
from shopcrm.core.errors import StorageError, StorageKind

_HOLDER = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
c.execute("BEGIN IMMEDIATE")
c.execute("INSERT INTO tag (name) VALUES ('written by another till')")
print("holding", flush=True)
sys.stdin.readline()
c.execute("ROLLBACK")
"""
#: PostgreSQL has no single write lock: the other till locks every shop table against
#: writers (EXCLUSIVE lets readers through), which is what SQLite's write lock does.
_POSTGRES_HOLDER = """
import psycopg, sys
c = psycopg.connect(sys.argv[1], autocommit=True)
tables = [r[0] for r in c.execute(
    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
c.execute("BEGIN")
c.execute("LOCK TABLE " + ", ".join(tables) + " IN EXCLUSIVE MODE")
c.execute("INSERT INTO tag (name) VALUES ('written by another till')")
print("holding", flush=True)
sys.stdin.readline()
c.execute("ROLLBACK")
"""


@contextmanager
def another_till_writing(path: Path | str) -> Iterator[None]:
    """Another process holds an open write transaction (BEGIN IMMEDIATE and an insert, not
    committed) on the database at ``path`` (a file, or a PostgreSQL URL) until the block
    ends."""
    postgresql = str(path).startswith(("postgresql://", "postgres://"))
    holder = subprocess.Popen(
        [sys.executable, "-c", _POSTGRES_HOLDER if postgresql else _HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "holding"
        yield
    finally:
        holder.stdin.close()
        assert holder.wait(timeout=30) == 0


def cap_pages(db: peewee.Database) -> None:
    """Let this connection's database grow no further (SQLite's ``max_page_count``)."""
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages}")


def fill_up(db: peewee.Database, limit: int = 5000) -> int:
    """Cap the database at its size and add customers through the core until it is full;
    how many fitted. The last add gave ``StorageError(FULL)``. The fillers are as small as a
    customer can be, so no room is left for a real one."""
    cap_pages(db)
    for added in range(limit):
        try:
            customers.add_customer(CustomerInput("X"))
        except StorageError as exc:
            assert exc.kind is StorageKind.FULL, exc
            return added
    raise AssertionError(f"{limit} customers fitted into a capped database")


def damage(path: Path | str, at: float = 0.5, size: int = 8192) -> None:
    """Overwrite ``size`` bytes in the middle of a database file with a pattern no page has."""
    file = Path(path)
    length = file.stat().st_size
    assert length > 4 * size, "damage needs a database of several pages"
    with file.open("r+b") as handle:
        handle.seek(int(length * at))
        handle.write(bytes(range(251, 0, -1)) * (size // 251 + 1))


def damage_table(path: Path | str, table: str) -> None:
    """Overwrite the root page of ``table`` (the page every read of it starts from)."""
    raw = sqlite3.connect(path)
    try:
        page_size = raw.execute("PRAGMA page_size").fetchone()[0]
        (root,) = raw.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
    finally:
        raw.close()
    with Path(path).open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(bytes(range(251, 0, -1)) * (page_size // 251 + 1))


def overwrite_with_junk(path: Path | str) -> None:
    """Another program wrote over the whole file: it is no longer a database at all."""
    file = Path(path)
    file.write_bytes(b"not a database any more\n" * (file.stat().st_size // 24 + 1))


def make_read_only(path: Path | str) -> None:
    """Take every write permission away (shopcrm honours it even for root, see
    :mod:`shopcrm.db.sqlite_database`; for anyone else the system refuses the writes)."""
    os.chmod(path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def checkpoint(path: Path | str) -> None:
    """Move everything from the write-ahead log into the database file, so that damage done
    to the file is damage to the data."""
    raw = sqlite3.connect(path)
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        raw.close()


def index_out_of_step(path: Path | str, index: str, column: str) -> None:
    """Make ``index`` hold entries that no longer match its table's rows, the damage only a
    deep check finds (a reading of the index alone looks sound, and so does its definition,
    which the quick check compares with a new database's): its pages are swapped, behind
    SQLite's back, for those of an index on ``column``, as a faulty disk or tool could leave
    them; the swapped-out pages are then freed by SQLite itself."""
    raw = sqlite3.connect(path)
    try:
        (sql, table) = raw.execute(
            "SELECT sql, tbl_name FROM sqlite_master WHERE type = 'index' AND name = ?", (index,)
        ).fetchone()
        assert sql, "an index of SQLite's own cannot be swapped"
        raw.execute(f'CREATE INDEX out_of_step ON "{table}" ("{column}")')
        raw.commit()
        pages = dict(
            raw.execute(
                "SELECT name, rootpage FROM sqlite_master WHERE name IN (?, 'out_of_step')",
                (index,),
            ).fetchall()
        )
        version = raw.execute("PRAGMA schema_version").fetchone()[0]
        raw.execute("PRAGMA writable_schema = ON")
        for name, other in ((index, "out_of_step"), ("out_of_step", index)):
            raw.execute(
                "UPDATE sqlite_master SET rootpage = ? WHERE name = ?", (pages[other], name)
            )
        raw.execute(f"PRAGMA schema_version = {int(version) + 1}")
        raw.commit()
        raw.execute("PRAGMA writable_schema = OFF")
    finally:
        raw.close()
    raw = sqlite3.connect(path)
    try:
        raw.execute("DROP INDEX out_of_step")  # frees the pages the index had
        raw.commit()
    finally:
        raw.close()
