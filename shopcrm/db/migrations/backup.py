"""A copy of the database before its schema is upgraded.

Migrations run in one transaction, so a failed upgrade already leaves the old database as it
was; the copy is for what a transaction cannot undo: an upgrade that succeeded but turns out
wrong, or a shop that has to go back to the previous shopcrm. It is made with SQLite's online
backup (a consistent snapshot even while another till writes) next to the database, named
after the version it holds: ``shop.sqlite3`` → ``shop.v3-backup-20261123T101500Z.sqlite3``.

On PostgreSQL no copy is made here: the database lives on a server this computer may not
even reach by file, and the upgrade still runs in one transaction (PostgreSQL's DDL is
transactional), so a failed one changes nothing. Copies of a server's database are the
server admin's ``pg_dump``; a backup command of shopcrm's own for PostgreSQL comes later.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import peewee

from shopcrm.db.storage_errors import storage_error


def backup_path(database_file: str, version: int, now: datetime | None = None) -> Path:
    path = Path(database_file)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.stem}.v{version}-backup-{stamp}{path.suffix or '.sqlite3'}")


def backup_before_upgrade(db: peewee.Database, version: int) -> Path | None:
    """Copy a SQLite database file holding schema ``version``; the copy's path (None for
    PostgreSQL and in-memory databases, which are backed up by other means)."""
    if not isinstance(db, peewee.SqliteDatabase) or db.database in ("", ":memory:"):
        return None
    target = backup_path(db.database, version)
    try:
        copy = sqlite3.connect(str(target))
    except sqlite3.Error as exc:
        raise _in_words(exc, str(target), db) from exc
    try:
        db.connection().backup(copy)
    except BaseException as exc:
        copy.close()
        target.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            raise _in_words(exc, str(target), db) from exc
        raise
    copy.close()
    return target


def _in_words(exc: sqlite3.Error, path: str, db: peewee.SqliteDatabase) -> Exception:
    """A full disk or a read-only folder while copying, told like any other storage error."""
    return storage_error(exc, path, db.timeout) or exc
