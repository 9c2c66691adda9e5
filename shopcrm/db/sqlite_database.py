"""The one place where SQLite's environment errors become :class:`StorageError`.

Every statement shopcrm runs on the shop's database (peewee's queries, ``execute_sql``,
``BEGIN``/``COMMIT``/``ROLLBACK``, the pragmas at connect) goes through a cursor of
:class:`StorageCursor`, and so does every row fetched: SQLite finds a damaged page only when
it steps onto it, which can be the thousandth row of a scan. Translating there, rather than
in each use case or in the transaction helper alone, also covers reads that run outside any
transaction.

Two more things a cashier must never see:

* After ``SQLITE_FULL`` (or an I/O error) SQLite may roll the whole transaction back by
  itself; peewee then runs ``ROLLBACK`` (or ``ROLLBACK TO SAVEPOINT``) and fails with
  "cannot rollback - no transaction is active", which hid the real reason.
  :class:`ShopSqliteDatabase` skips a rollback with no transaction left, so the
  :class:`StorageError` that caused it is what travels.
* A database file with no write permission at all is opened read-only even by an
  administrator (root writes anyway on Linux; Windows refuses everyone): the shop owner's
  "read-only" means read-only, and reading still works (:class:`StorageConnection`).
"""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn, Self

import peewee

from shopcrm.db.storage_errors import StorageError, storage_error


class StorageConnection(sqlite3.Connection):
    """A connection whose cursors translate environment errors. It keeps its file's path and
    busy timeout for the messages, and opens a file marked read-only read-only."""

    def __init__(self, database: str, *args: Any, **kwargs: Any) -> None:
        self.path = str(database)
        self.busy_timeout_s = float(kwargs.get("timeout", 5.0))
        if not kwargs.get("uri") and marked_read_only(self.path):
            database, kwargs["uri"] = Path(self.path).resolve().as_uri() + "?mode=ro", True
        try:
            super().__init__(database, *args, **kwargs)
        except sqlite3.Error as exc:
            found = self.translated(exc)
            if found is None:
                raise
            raise found from exc

    def cursor(self, factory: Any = None) -> Any:  # sqlite3's own signature is untyped
        return super().cursor(factory or StorageCursor)

    def translated(self, exc: sqlite3.Error) -> StorageError | None:
        return storage_error(exc, self.path, self.busy_timeout_s)


class StorageCursor(sqlite3.Cursor):
    def _raise(self, exc: sqlite3.Error) -> NoReturn:
        connection = self.connection
        found = connection.translated(exc) if isinstance(connection, StorageConnection) else None
        if found is None:
            raise exc
        raise found from exc

    def execute(self, sql: str, parameters: Any = (), /) -> Self:
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as exc:
            self._raise(exc)

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> Self:
        try:
            return super().executemany(sql, seq_of_parameters)
        except sqlite3.Error as exc:
            self._raise(exc)

    def executescript(self, sql_script: str, /) -> sqlite3.Cursor:
        try:
            return super().executescript(sql_script)
        except sqlite3.Error as exc:
            self._raise(exc)

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.Error as exc:
            self._raise(exc)

    def fetchmany(self, size: int | None = None) -> list[Any]:
        try:
            return super().fetchmany(self.arraysize if size is None else size)
        except sqlite3.Error as exc:
            self._raise(exc)

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.Error as exc:
            self._raise(exc)

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except sqlite3.Error as exc:
            self._raise(exc)


def marked_read_only(path: str) -> bool:
    """True when the file exists and nobody may write it by its permission bits."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


class ShopSqliteDatabase(peewee.SqliteDatabase):
    """peewee's SQLite database with storage errors translated (see the module docstring)."""

    def __init__(self, database: str, **kwargs: Any) -> None:
        super().__init__(database, factory=StorageConnection, **kwargs)

    def _in_transaction(self) -> bool:
        return not self.is_closed() and bool(self.connection().in_transaction)

    def rollback(self) -> None:
        if self._in_transaction():
            super().rollback()

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        if sql.startswith("ROLLBACK TO SAVEPOINT") and not self._in_transaction():
            return None  # SQLite already rolled the whole transaction back (see above)
        return super().execute_sql(sql, params)
