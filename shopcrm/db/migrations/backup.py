"""A copy of the database before its schema is upgraded, which is either whole or not there.

Migrations run in one transaction, so a failed upgrade already leaves the old database as it
was; the copy is for what a transaction cannot undo: an upgrade that succeeded but turns out
wrong, or a shop that has to go back to the previous shopcrm. It is made with SQLite's online
backup (a consistent snapshot even while another till writes) next to the database, named
after the version it holds: ``shop.sqlite3`` → ``shop.v3-backup-20261123T101500Z.sqlite3``.

A file under that name always restores. The copy is written under a temporary name
(``….sqlite3.<random>.partial``), opened again and verified (``integrity_check`` ok, the
schema version it should hold, every table's row count equal to the source's at the snapshot
the copy was taken from), flushed to the disk, and only then renamed to its name, the folder
flushed too. Before, an upgrade killed in its first half second left a "backup" that was not
a database (3 of 22 kills). A killed attempt leaves at most a ``.partial`` file, which
nothing takes for a backup; the next upgrade removes those an hour old or more (a younger one
may be another till's copy in the making: verifying a 3 GB shop reads it for minutes without
writing).

The copy is created owner-only (0600) before SQLite opens it: it holds every customer's data.

The verification costs about as much as the copy: at 119 MB (100,000 customers, 1 M visits)
2.6 s in all, ``integrity_check`` 1.3 s of it, the row counts 0.01 s. At a million customers
(3.2 GB) ``integrity_check`` alone took 380 s on the loaded reference machine (see
:mod:`shopcrm.core.check`): an upgrade is rare, and a backup that may not restore is worth
nothing, so its one-off wait is the price.

On PostgreSQL no copy is made here: the database lives on a server this computer may not
even reach by file, and the upgrade still runs in one transaction (PostgreSQL's DDL is
transactional), so a failed one changes nothing. Copies of a server's database are the
server admin's ``pg_dump``; a backup command of shopcrm's own for PostgreSQL comes later.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import peewee

from shopcrm.db.storage_errors import (
    StorageError,
    StorageKind,
    message,
    storage_error,
    storage_kind,
)

PARTIAL = ".partial"
#: A ``.partial`` file untouched for this long is a killed attempt's, never a live one's.
STALE_PARTIAL_S = 3600.0
_OS_KINDS = {
    errno.ENOSPC: StorageKind.FULL,
    errno.EACCES: StorageKind.READ_ONLY,
    errno.EPERM: StorageKind.READ_ONLY,
    errno.EROFS: StorageKind.READ_ONLY,
}


def backup_path(database_file: str, version: int, now: datetime | None = None) -> Path:
    path = Path(database_file)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.stem}.v{version}-backup-{stamp}{path.suffix or '.sqlite3'}")


def create_owner_only(path: Path) -> None:
    """Create ``path`` empty, readable and writable by its owner alone; an existing file is an
    error (never reuse what someone else made)."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def backup_before_upgrade(db: peewee.Database, version: int) -> Path | None:
    """Copy a SQLite database file holding schema ``version``; the copy's path (None for
    PostgreSQL and in-memory databases, which are backed up by other means). Raises
    :class:`StorageError` when the copy cannot be made or does not verify; then no file is
    left under a backup's name and nothing was upgraded."""
    if not isinstance(db, peewee.SqliteDatabase) or db.database in ("", ":memory:"):
        return None
    target = backup_path(db.database, version)
    # A name of its own: a killed attempt in the same second may have left one like it.
    partial = target.with_name(f"{target.name}.{secrets.token_hex(4)}{PARTIAL}")
    remove_stale_partials(Path(db.database))
    try:
        create_owner_only(partial)
        counts = _copy(db.connection(), partial)
        _verify(partial, version, counts)
        _flush(partial)
        os.replace(partial, target)
        _flush(target.parent)
    except BaseException as exc:
        _remove(partial)
        if isinstance(exc, (sqlite3.Error, OSError)):
            raise _in_words(exc, str(target), db) from exc
        raise
    return target


def _copy(source: sqlite3.Connection, partial: Path) -> dict[str, int]:
    """Copy ``source`` into ``partial``; each table's rows in the snapshot copied, counted in
    the same read transaction the copy is taken in."""
    source.execute("BEGIN")
    try:
        counts = _row_counts(source)
        copy = sqlite3.connect(str(partial))
        try:
            source.backup(copy)
            # One self-contained file: nothing of it left in a -wal beside it when renamed.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    finally:
        source.execute("COMMIT")
    return counts


def _row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    tables = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
    ).fetchall()
    return {
        name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        for (name,) in tables
    }


class BackupNotVerified(StorageError):
    """The copy was made but did not read back as the database it was taken from."""


def _verify(partial: Path, version: int, counts: dict[str, int]) -> None:
    copy = sqlite3.connect(str(partial))
    try:
        found = [row[0] for row in copy.execute("PRAGMA integrity_check(5)")]
        if found != ["ok"]:
            _refuse(f"its integrity check found {'; '.join(map(str, found))}")
        held = copy.execute("SELECT max(version) FROM schema_migration").fetchone()[0]
        if held != version:
            _refuse(f"it holds schema version {held}, not {version}")
        copied = _row_counts(copy)
        if copied != counts:
            table = min(t for t in counts.keys() | copied.keys() if counts.get(t) != copied.get(t))
            _refuse(f"its table {table} holds {copied.get(table)} rows, not {counts.get(table)}")
    except sqlite3.DatabaseError as exc:  # too damaged to be checked at all
        if storage_kind(exc) is not StorageKind.CORRUPT:
            raise
        _refuse(str(exc))
    finally:
        copy.close()


def _refuse(why: str) -> None:
    raise BackupNotVerified(
        StorageKind.CORRUPT,
        f"the copy of the database made before upgrading it did not read back whole ({why});"
        " nothing was upgraded: check the disk, then open the shop again",
    )


def _flush(path: Path) -> None:
    """Make ``path`` (a file, or a folder's list of names) durable. Windows cannot open a
    folder to flush it; its rename is written through by NTFS's own journal."""
    if path.is_dir() and os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY if path.is_dir() else os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(partial: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        # Held open elsewhere (Windows): a later upgrade removes it once stale.
        with contextlib.suppress(OSError):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)


def remove_stale_partials(database_file: Path, now: float | None = None) -> list[Path]:
    """Remove the ``.partial`` copies of ``database_file`` that killed upgrades left, once they
    are :data:`STALE_PARTIAL_S` old; the paths removed."""
    now = time.time() if now is None else now
    removed = []
    pattern = f"{database_file.stem}.v*-backup-*{PARTIAL}*"
    for path in sorted(database_file.parent.glob(pattern)):
        try:
            if now - path.stat().st_mtime >= STALE_PARTIAL_S:
                path.unlink()
                removed.append(path)
        except OSError:
            continue  # gone meanwhile, or held open: left for the next upgrade
    return removed


def _in_words(exc: sqlite3.Error | OSError, path: str, db: peewee.SqliteDatabase) -> Exception:
    """A full disk or a read-only folder while copying, told like any other storage error."""
    if isinstance(exc, sqlite3.Error):
        return storage_error(exc, path, db.timeout) or exc
    kind = _OS_KINDS.get(exc.errno or 0, StorageKind.UNREACHABLE)
    return StorageError(kind, message(kind, path, db.timeout), str(exc))
