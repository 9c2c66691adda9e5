"""Can the shop's database server be reached right now? (The window's status bar asks.)

A till on a PostgreSQL server learns that the server is gone only when it next uses it; the
cashier should know before: the window asks :func:`unreachable` every few seconds from a
thread of its own, and shows the answer until the server is back. The probe makes a new
connection of its own (never the till's, which may be busy), with a short connect timeout,
and asks the server one trivial question. A SQLite file is on this computer: nothing to probe.
"""

from __future__ import annotations

from collections.abc import Callable

from shopcrm.db.locations import DatabaseLocation
from shopcrm.db.storage_errors import StorageError, StorageKind

#: How long one probe may wait for the server before it counts as unreachable.
PROBE_TIMEOUT_S = 3


def unreachable(
    location: DatabaseLocation, timeout_s: int = PROBE_TIMEOUT_S
) -> StorageError | None:
    """Why the server at ``location`` cannot be used now, or None when it answers (always
    None for a SQLite file). Errors that are not about reaching it (a full disk) are None
    too: the status bar is about the connection; the action that meets them says so."""
    if location.kind != "postgresql":
        return None
    import psycopg

    from shopcrm.db.postgres_database import conninfo
    from shopcrm.db.postgres_errors import postgres_storage_error

    try:
        with psycopg.connect(
            conninfo(location.target),
            connect_timeout=max(1, int(timeout_s)),
            application_name="shopcrm probe",
            autocommit=True,
        ) as conn:
            conn.execute("SELECT 1").fetchone()
    except psycopg.Error as exc:
        found = postgres_storage_error(exc, location.describe())
        if found is not None and found.kind is StorageKind.UNREACHABLE:
            return found
    return None


def server_probe(location: DatabaseLocation) -> Callable[[], str] | None:
    """For the window: a function saying why the server cannot be reached ("" when it can),
    or None for a SQLite file."""
    if location.kind != "postgresql":
        return None

    def probe() -> str:
        error = unreachable(location)
        return "" if error is None else str(error)

    return probe
