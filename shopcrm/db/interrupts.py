"""Stopping a long read from another thread, on either engine.

A read running on a worker thread's connection (a big selection, a report) can be stopped from
the GUI thread when the person presses Cancel. SQLite stops the connection's running statement
with ``sqlite3.Connection.interrupt()``; PostgreSQL is asked to cancel it over a connection of
libpq's own (``psycopg``'s ``cancel_safe``). Either way the statement fails in the worker, and
:func:`is_interruption` tells that failure from a real one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import peewee

#: PostgreSQL's SQLSTATE for a statement cancelled on request.
_QUERY_CANCELED = "57014"


def interrupter(db: peewee.Database) -> Callable[[], None] | None:
    """For the calling thread's open connection to ``db``: a function that another thread
    may call to stop the statement running on it (None when the connection cannot be)."""
    connection = db.connection()
    if isinstance(connection, sqlite3.Connection):
        return connection.interrupt
    cancel = getattr(connection, "cancel_safe", None)
    if cancel is None:
        return None

    def cancel_running() -> None:
        try:
            cancel(timeout=5.0)
        except Exception:  # a cancel that fails leaves the read to finish
            return

    return cancel_running


def is_interruption(error: BaseException) -> bool:
    """True when ``error`` is a statement stopped by an :func:`interrupter` (peewee wraps the
    driver's error in its own, keeping the original as ``orig``)."""
    original = getattr(error, "orig", error)
    if isinstance(original, sqlite3.OperationalError | peewee.OperationalError) and (
        str(original) == "interrupted"
    ):
        return True
    return getattr(original, "sqlstate", None) == _QUERY_CANCELED
