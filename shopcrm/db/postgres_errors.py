"""PostgreSQL's environment errors in a shop owner's words (SQLite's are in :mod:`.storage_errors`).

The server reports what went wrong as an SQLSTATE code; the classes that are about the
environment — the server cannot be reached or went away, the login or the database name is
wrong, the disk is full, the server or the transaction is read-only, a lock was not granted,
data is damaged — become one :class:`StorageError` of the same kinds SQLite's become, so the
CLI and the window show them the same way. Errors that are bugs (a syntax error, a constraint
we should have checked) are left as they are, so they still reach the crash log.

The messages name the server and database by :func:`~.locations.redacted` location: a password
given in the URL never reaches a message, a log or a crash report.
"""

from __future__ import annotations

import psycopg

from shopcrm.db.conflicts import TRANSIENT_SQLSTATES, TransientConflict
from shopcrm.db.storage_errors import StorageError, StorageKind, message

#: SQLSTATE codes (or their two-letter classes) that are environment errors, and their kind.
_KINDS: dict[str, StorageKind] = {
    "08": StorageKind.UNREACHABLE,  # connection exception
    "57P01": StorageKind.UNREACHABLE,  # admin shutdown (the server is stopping)
    "57P02": StorageKind.UNREACHABLE,  # crash shutdown
    "57P03": StorageKind.UNREACHABLE,  # cannot connect now (starting up)
    "28": StorageKind.UNREACHABLE,  # invalid authorisation (wrong user or password)
    "3D000": StorageKind.UNREACHABLE,  # no such database
    "53": StorageKind.FULL,  # insufficient resources: disk full, out of memory, too many
    "25006": StorageKind.READ_ONLY,  # read-only transaction (a standby, or set read-only)
    "42501": StorageKind.READ_ONLY,  # insufficient privilege
    "55P03": StorageKind.LOCKED,  # lock not available (lock_timeout)
    "XX001": StorageKind.CORRUPT,  # data corrupted
    "XX002": StorageKind.CORRUPT,  # index corrupted
}


def postgres_kind(exc: BaseException) -> StorageKind | None:
    """The kind of environment error ``exc`` is, or None when it is not one. An
    ``OperationalError`` without a code is libpq's own: the connection failed or was lost."""
    if not isinstance(exc, psycopg.Error):
        return None
    code = exc.sqlstate or ""
    kind = _KINDS.get(code) or _KINDS.get(code[:2])
    if kind is None and not code and isinstance(exc, psycopg.OperationalError):
        return StorageKind.UNREACHABLE
    return kind


def postgres_storage_error(
    exc: BaseException, where: str, busy_timeout_s: float = 0.0, *, connected: bool = False
) -> StorageError | None:
    """``exc`` told in a shop owner's words, or None when it is not an environment error;
    ``where`` is the redacted location the message names, ``busy_timeout_s`` how long a
    lock was waited for. A deadlock or serialization failure is a
    :class:`TransientConflict`, which the transaction helper runs again. ``connected``:
    ``exc`` ended a statement on a working connection (so a lost server is a connection
    lost in the middle of something, not one that could not be made)."""
    if isinstance(exc, psycopg.Error) and exc.sqlstate in TRANSIENT_SQLSTATES:
        return TransientConflict(" ".join(str(exc).split()))
    kind = postgres_kind(exc)
    if kind is None:
        return None
    detail = " ".join(str(exc).split())
    if kind is StorageKind.LOCKED:
        return StorageError(kind, message(kind, where, busy_timeout_s), detail)
    code = getattr(exc, "sqlstate", None) or ""
    if connected and kind is StorageKind.UNREACHABLE and not code.startswith(("28", "3D")):
        return StorageError(kind, _lost_message(exc, where), detail)
    return StorageError(kind, _message(kind, exc, where, detail), detail)


def _lost_message(exc: BaseException, where: str) -> str:
    """A connection that went away while a till used it: what it was doing may or may not
    have reached the server, and the next action reconnects by itself."""
    first = (str(exc).strip().splitlines() or [""])[0].strip().rstrip(".")[:100]
    because = f" ({first})" if first else ""
    return (
        f"the connection to the database server {where} was lost{because}; check that the"
        " server is running and this computer is on the shop's network, then try again"
    )


def _reason(detail: str) -> str:
    """libpq's last words, shortened: what a person can act on ("Connection refused")."""
    tail = detail.rsplit(": ", 1)[-1].strip().rstrip(".")
    return tail[:120] or "no answer"


def _connect_code(detail: str) -> str:
    """The SQLSTATE a refused connection would have had: libpq reports the server's refusal
    at connect time as text only (in the server's language; English is recognised)."""
    if "authentication failed" in detail or "no pg_hba.conf entry" in detail:
        return "28000"
    if "database" in detail and "does not exist" in detail:
        return "3D000"
    return ""


def _message(kind: StorageKind, exc: BaseException, where: str, detail: str) -> str:
    code = getattr(exc, "sqlstate", None) or _connect_code(detail)
    if kind is StorageKind.UNREACHABLE:
        if code.startswith("28") or "password" in detail.lower():  # libpq: no password given
            return (
                f"the database server refused the login to {where}: check the user name and"
                " the password in .pgpass, PGPASSWORD or the service file"
            )
        if code == "3D000":
            return f"the database server has no such database: {where}; create it first"
        return (
            f"cannot reach the database server {where} ({_reason(detail)}); check that the"
            " server is running and this computer is on the shop's network"
        )
    if kind is StorageKind.FULL:
        return (
            "the database server is out of space or resources: free some space on the"
            " server, then try again (nothing was saved)"
        )
    if kind is StorageKind.READ_ONLY:
        return (
            f"the database server does not let shopcrm write to {where} (a read-only server"
            " or missing rights); ask whoever runs the server, then try again"
        )
    return f"the database server reports damaged data in {where}; restore it from a backup"
