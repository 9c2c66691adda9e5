"""A SQLite shop copied into a backup file, and a backup file looked at before it is trusted.

The copy is SQLite's online backup API, never a copy of the file's bytes: a till may be
writing, and the bytes of a live database (its file and its write-ahead log) copied one after
the other can be from two different moments. The backup reads through a connection of its
own that first opens a read transaction and counts every table's rows in it; the backup then
copies the pages of that same snapshot (a connection's backup reads inside its open
transaction), so the counts are those of the copy and a till writing meanwhile is not in
either. In WAL mode a reader never blocks a writer, so the till goes on logging visits while
the backup runs.

:func:`inspect_file` opens a file read-only and ``immutable`` (no ``-wal``/``-shm`` is made
beside a backup, not a byte of it written) and reports what a backup must show before it is
kept or restored: SQLite's check finds nothing, the schema version, every table's rows.

A file of unknown history (one given to restore) gets ``integrity_check``, which also holds
every index against its table; a copy just made by SQLite page for page from a database that
is in use (a rolling backup, the restore's own copy) gets ``quick_check``: what goes wrong with
such a copy is a torn or short file, which ``quick_check`` (every page and b-tree read and its
structure checked) and the row counts catch, at a fraction of the cost: at a million customers
(3.2 GB) 19 s against 380 s on the loaded reference machine, every half hour at a busy till.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # Windows: no POSIX locks to ask
    fcntl = None

#: Tables a shopcrm shop always has (a file without them is another program's database).
SHOP_TABLES = frozenset({"schema_migration", "customer", "visit", "setting", "staff"})
_MAX_PROBLEMS = 20


@dataclass(frozen=True)
class Snapshot:
    """What the source held at the moment of the copy: rows per table, its schema version,
    and its change marker (:func:`change_marker`)."""

    tables: dict[str, int]
    schema_version: int
    marker: str


@dataclass(frozen=True)
class FileFacts:
    """A database file as read back: ``problems`` is empty when it is a sound shopcrm shop."""

    problems: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    schema_version: int = 0


def change_marker(path: str) -> str:
    """A cheap, persistent sign that the shop's data changed: the size and modification time
    of the database file and of its write-ahead log, and the highest rowid of every table.

    ``PRAGMA data_version`` would be exact but belongs to one connection and is gone at the
    next start; the header's change counter is not kept up in WAL mode (SQLite says so), and a
    marker table written by every use case would need triggers on every table. Every commit
    appends to the log (its size or time moves) and most add a row; a checkpoint that moves
    pages without a new commit changes the marker too, which costs one backup more, never one
    less. Reading it takes a few milliseconds at a million customers (a max per table, each
    the last entry of a b-tree)."""
    parts = []
    for name in (path, f"{path}-wal"):
        try:
            info = os.stat(name)
            parts.append(f"{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append("-")
    connection = _open_read_only(path)
    try:
        parts.extend(f"{t}={n}" for t, n in _max_rowids(connection).items())
    finally:
        connection.close()
    return "|".join(parts)


def snapshot_into(source: str, target: Path, busy_timeout_s: float) -> Snapshot:
    """Copy the live database ``source`` into the new, empty file ``target`` (made by the
    caller, owner-only) from one read snapshot; what the snapshot held."""
    marker = change_marker(source)
    connection = sqlite3.connect(source, timeout=busy_timeout_s, isolation_level=None)
    try:
        connection.execute("BEGIN")
        tables = row_counts(connection)
        version = _schema_version(connection)
        copy = sqlite3.connect(target, isolation_level=None)
        try:
            connection.backup(copy)
        finally:
            copy.close()
        connection.execute("COMMIT")
    finally:
        connection.close()
    return Snapshot(tables, version, marker)


def file_refusal(path: Path) -> str | None:
    """Why ``path`` cannot be a backup file (a folder, a device, nothing there), or None."""
    shown = _shown(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return f"there is no file {shown}"
    except (OSError, ValueError) as exc:  # a name too long, a NUL in it
        return f"cannot read {shown}: {getattr(exc, 'strerror', None) or exc}"
    if stat.S_ISDIR(mode):
        return f"{shown} is a folder, not a backup file"
    if not stat.S_ISREG(mode):
        return f"{shown} is a device or other special file, not a backup file"
    return None


def _shown(path: Path) -> str:
    """A path in a message: one line, and short even when a megabyte was typed."""
    text = str(path)
    return repr(text[:120]) + ("…" if len(text) > 120 else "") if len(text) > 120 else text


def inspect_file(path: Path, *, thorough: bool = True) -> FileFacts:
    """Read ``path`` back as a shopcrm shop: integrity (``integrity_check``, or
    ``quick_check`` unless ``thorough``; see the module doc), schema version, rows per table."""
    refusal = file_refusal(path)
    if refusal:
        return FileFacts([refusal])
    try:
        connection = _open_read_only(str(path), immutable=True)
    except sqlite3.Error as exc:
        return FileFacts([f"{path.name} cannot be opened as a database: {exc}"])
    try:
        check = "integrity_check" if thorough else "quick_check"
        rows = connection.execute(f"PRAGMA {check}({_MAX_PROBLEMS})").fetchall()
        found = [line for r in rows for line in str(r[0]).splitlines() if line.strip()]
        if found != ["ok"]:
            return FileFacts([f"integrity: {line}" for line in found])
        names = _tables(connection)
        if not set(names) >= SHOP_TABLES:
            return FileFacts([f"{path.name} is not a shopcrm shop (another program's database)"])
        return FileFacts([], row_counts(connection), _schema_version(connection))
    except sqlite3.DatabaseError as exc:
        return FileFacts([f"{path.name} is not a readable shopcrm database: {exc}"])
    finally:
        connection.close()


def copy_file_into(source: Path, target: Path) -> None:
    """Copy the (not live) backup ``source`` into the new, empty file ``target`` page by
    page through SQLite, which reads back every page it copies."""
    reading = _open_read_only(str(source), immutable=True)
    try:
        copy = sqlite3.connect(target, isolation_level=None)
        try:
            reading.backup(copy)
        finally:
            copy.close()
    finally:
        reading.close()


#: SQLite's "dead man switch" byte in a ``-shm`` file (``(22 + 8) * 4 + 8``): each connection
#: holds a shared lock on it while it has the database open (os_unix.c, ``UNIX_SHM_DMS``).
_SHM_DMS = 128


def open_elsewhere(path: str) -> bool:
    """Whether another process has the WAL database ``path`` open: the ``-shm`` file's
    shared-memory lock byte cannot be taken exclusively (POSIX locks; False where there are
    none, and when there is no ``-shm``: no connection has it open in WAL mode).

    Closing a file drops every POSIX lock this process holds on it, SQLite's included, so
    the caller must have no connection of its own open on the database."""
    if fcntl is None:
        return False
    try:
        handle = os.open(f"{path}-shm", os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS)
    except OSError:
        return True
    else:
        fcntl.lockf(handle, fcntl.LOCK_UN, 1, _SHM_DMS)
        return False
    finally:
        os.close(handle)


def _open_read_only(path: str, *, immutable: bool = False) -> sqlite3.Connection:
    uri = Path(path).resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
    return sqlite3.connect(uri, uri=True, isolation_level=None)


def _tables(connection: sqlite3.Connection) -> list[str]:
    """Ordinary tables (FTS5's shadow tables included, its virtual tables left out: their
    rows are the shadow tables' rows)."""
    return [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    ]


def row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows of every ordinary table (see :func:`_tables`)."""
    return {
        name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        for name in _tables(connection)
    }


def _max_rowids(connection: sqlite3.Connection) -> dict[str, int]:
    found = {}
    for name in _tables(connection):
        try:
            found[name] = connection.execute(f'SELECT max(rowid) FROM "{name}"').fetchone()[0] or 0
        except sqlite3.OperationalError:  # a WITHOUT ROWID table
            found[name] = connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
    return found


def _schema_version(connection: sqlite3.Connection) -> int:
    try:
        row = connection.execute("SELECT max(version) FROM schema_migration").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0] or 0)
