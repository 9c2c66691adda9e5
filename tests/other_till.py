"""Another till holding the database's writes back while a test runs, on either engine.

On SQLite that is the write lock (``BEGIN IMMEDIATE``); PostgreSQL has no such single lock, so
the other till locks every shop table in EXCLUSIVE mode: readers go on, every writer waits,
which is what a till sees on SQLite.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class OtherTill:
    """A connection of its own, outside shopcrm, in autocommit mode."""

    def __init__(self, location: str) -> None:
        self.postgresql = location.startswith(("postgresql://", "postgres://"))
        if self.postgresql:
            import psycopg

            self.connection: Any = psycopg.connect(location, autocommit=True)
        else:
            self.connection = sqlite3.connect(location, isolation_level=None)

    def hold_writes(self) -> None:
        if not self.postgresql:
            self.connection.execute("BEGIN IMMEDIATE")
            return
        tables = [
            row[0]
            for row in self.connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        ]
        self.connection.execute("BEGIN")
        self.connection.execute(f"LOCK TABLE {', '.join(tables)} IN EXCLUSIVE MODE")

    def release(self) -> None:
        self.connection.execute("ROLLBACK")

    def close(self) -> None:
        self.connection.close()


@contextmanager
def other_till(location: str) -> Iterator[OtherTill]:
    till = OtherTill(location)
    try:
        yield till
    finally:
        till.close()
