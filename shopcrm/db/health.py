"""The database engine's own health checks, behind small functions.

``shopcrm check`` asks the engine whether its file is sound before it asks whether the shop's
data adds up. On SQLite that is ``PRAGMA quick_check`` / ``integrity_check`` and
``foreign_key_check``; on PostgreSQL the server looks after its own pages and enforces foreign
keys for every client, so there is nothing for a till to ask and the functions say so by
finding nothing (a PostgreSQL equivalent, e.g. ``amcheck``, slots in here).

:func:`engine_ticks` lets a long statement report that it is still working and be stopped
half-way: SQLite calls back every few thousand steps of its virtual machine, which is also
what the engine does while it checks a file, so a check's progress moves with the work done.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import peewee

#: SQLite calls :func:`engine_ticks`' ``tick`` every this many virtual-machine steps.
TICK_STEPS = 10_000


class EngineStopped(Exception):
    """``tick`` asked the engine to stop: the statement was interrupted, nothing was written."""


def _sqlite(db: peewee.Database) -> bool:
    return isinstance(db, peewee.SqliteDatabase)


def file_problems(db: peewee.Database, *, thorough: bool, limit: int = 20) -> list[str]:
    """What the engine finds wrong with the database's storage, at most ``limit`` lines.

    Not ``thorough``, SQLite's ``quick_check``: every page is read and every b-tree's shape,
    record format and NOT NULL constraint checked, but an index is not compared with its
    table. ``thorough``, ``integrity_check``, which also does that comparison (several times
    slower). A file too damaged to be read at all raises :class:`StorageError` instead."""
    if not _sqlite(db):
        return []
    pragma = "integrity_check" if thorough else "quick_check"
    rows = db.execute_sql(f"PRAGMA {pragma}({int(limit)})").fetchall()
    if [r[0] for r in rows] == ["ok"]:
        return []
    # One row may hold several findings, a line each ("*** in database main ***\nPage 85: …").
    found = [line for r in rows for line in str(r[0]).splitlines() if line.strip()]
    return found[:limit]


def foreign_key_problems(db: peewee.Database, limit: int = 20) -> list[str]:
    """Rows that point to a row that is not there (SQLite enforces foreign keys only for the
    connections that ask, so another program may have left some)."""
    if not _sqlite(db):
        return []
    problems = []
    for table, rowid, parent, _ in db.execute_sql("PRAGMA foreign_key_check"):
        problems.append(f"{table} row {rowid} points to missing {parent}")
        if len(problems) >= limit:
            break
    return problems


def storage_pages(db: peewee.Database) -> int:
    """The size of the database in pages, known without reading it (0 where not known)."""
    if not _sqlite(db):
        return 0
    return int(db.execute_sql("PRAGMA page_count").fetchone()[0])


def _interrupted(exc: BaseException) -> bool:
    return isinstance(exc, (sqlite3.OperationalError, peewee.OperationalError)) and (
        str(exc) == "interrupted"
    )


@contextmanager
def engine_ticks(db: peewee.Database, tick: Callable[[], bool]) -> Iterator[None]:
    """Call ``tick()`` every :data:`TICK_STEPS` steps of the statements run in the block on
    this thread's connection; when it returns True, the running statement is interrupted and
    :class:`EngineStopped` raised. An exception in ``tick`` (Ctrl+C, a bug) also stops the
    statement, and is raised again here rather than lost inside SQLite.

    Only SQLite calls back; elsewhere ``tick`` is not called and the block runs unwatched."""
    if not _sqlite(db):
        yield
        return
    connection = db.connection()
    failure: list[BaseException] = []
    stopped = False

    def handler() -> int:
        nonlocal stopped
        try:
            stopped = bool(tick())
        except BaseException as exc:  # SQLite would swallow it: kept, raised below
            failure.append(exc)
            return 1
        return 1 if stopped else 0

    connection.set_progress_handler(handler, TICK_STEPS)
    try:
        yield
    except Exception as exc:
        if failure:
            raise failure[0] from None
        if stopped and _interrupted(exc):
            raise EngineStopped from None
        raise
    finally:
        connection.set_progress_handler(None, 0)
    if failure:  # stopped a statement whose error the block caught itself
        raise failure[0]
