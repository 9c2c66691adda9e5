"""What SQL a piece of code sends to the shop's database, on either engine.

On SQLite the connection's trace callback sees every statement, raw ones included; psycopg has
no such hook, so on PostgreSQL the statements are read from peewee's query log, which sees
everything peewee runs (``execute_sql`` included) but not a raw cursor's own ``execute``.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import peewee


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        message = record.msg
        if isinstance(message, tuple) and message and isinstance(message[0], str):
            self.into.append(message[0])


@contextmanager
def recorded_statements(db: peewee.Database) -> Iterator[list[str]]:
    """The statements run on ``db``'s connection while the block runs."""
    statements: list[str] = []
    connection = db.connection()
    if isinstance(connection, sqlite3.Connection):
        connection.set_trace_callback(statements.append)
        try:
            yield statements
        finally:
            connection.set_trace_callback(None)
        return
    logger = logging.getLogger("peewee")
    handler, level = _Collect(statements), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
