"""What the database's environment did wrong, in a shop owner's words.

SQLite reports a full disk, a file held by another till or a damaged file as a code
(``SQLITE_FULL``, ``SQLITE_BUSY``, ...) and a terse English text; a cashier can do nothing with
"cannot rollback - no transaction is active". :func:`storage_error` turns the codes that are
about the environment, not about our SQL, into one :class:`StorageError` with a sentence that
says what happened and what to do. Errors that are bugs (a syntax error, a constraint we
should have checked) are left as they are, so they still reach the crash log.
"""

from __future__ import annotations

import sqlite3
from enum import StrEnum

from shopcrm.errors import ShopError


class StorageKind(StrEnum):
    LOCKED = "locked"
    FULL = "full"
    READ_ONLY = "read_only"
    CORRUPT = "corrupt"
    UNREACHABLE = "unreachable"


#: SQLite's primary result codes (the low byte of an extended code) that are environment errors.
_KINDS: dict[int, StorageKind] = {
    sqlite3.SQLITE_BUSY: StorageKind.LOCKED,
    sqlite3.SQLITE_LOCKED: StorageKind.LOCKED,
    sqlite3.SQLITE_FULL: StorageKind.FULL,
    sqlite3.SQLITE_READONLY: StorageKind.READ_ONLY,
    sqlite3.SQLITE_PERM: StorageKind.READ_ONLY,
    sqlite3.SQLITE_CORRUPT: StorageKind.CORRUPT,
    sqlite3.SQLITE_NOTADB: StorageKind.CORRUPT,
    sqlite3.SQLITE_CANTOPEN: StorageKind.UNREACHABLE,
    sqlite3.SQLITE_IOERR: StorageKind.UNREACHABLE,
}


class StorageError(ShopError):
    """The database cannot do what was asked for a reason outside shopcrm: held by another
    till, disk full, read-only, damaged, gone. Whatever the use case was writing was rolled
    back. ``kind`` says which; ``detail`` keeps SQLite's own words for the logs."""

    def __init__(self, kind: StorageKind, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.detail = detail


class DatabaseLocationError(ShopError, ValueError):
    """The database location given on the command line or in SHOPCRM_DB is unusable.

    A :class:`ShopError` (printed on one line like any other) and still a ``ValueError``, as
    it was before, for callers that treat a bad location as bad input."""


def storage_kind(exc: sqlite3.Error) -> StorageKind | None:
    """The kind of environment error ``exc`` is, or None when it is not one."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    return _KINDS.get(code & 0xFF)


def storage_error(exc: sqlite3.Error, path: str, busy_timeout_s: float) -> StorageError | None:
    """``exc`` told in a shop owner's words, or None when it is not an environment error.
    ``path`` is the database file named in the message, ``busy_timeout_s`` how long a busy
    database was waited for."""
    kind = storage_kind(exc)
    if kind is None:
        return None
    return StorageError(kind, message(kind, path, busy_timeout_s), str(exc))


def message(kind: StorageKind, path: str, busy_timeout_s: float) -> str:
    if kind is StorageKind.LOCKED:
        seconds = f"{busy_timeout_s:g} second" + ("" if busy_timeout_s == 1 else "s")
        return (
            f"the database is busy: another till has held it for more than {seconds};"
            " try again in a moment"
        )
    if kind is StorageKind.FULL:
        return "the disk is full: free some space, then try again (nothing was saved)"
    if kind is StorageKind.READ_ONLY:
        return (
            f"the database file cannot be written (read-only file or folder): {path};"
            " make it writable, then try again"
        )
    if kind is StorageKind.CORRUPT:
        return (
            f"this file is not a shopcrm database or it is damaged: {path};"
            " restore it from a backup"
        )
    return (
        f"the database file cannot be opened or read: {path};"
        " check that the disk or folder it is on is still there"
    )
