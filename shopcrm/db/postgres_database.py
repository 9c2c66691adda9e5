"""The shop's database on a PostgreSQL server, through psycopg 3.

The URL is handed to libpq as it was given, so everything libpq reads besides it works as a
PostgreSQL user expects: a password from ``~/.pgpass`` or ``PGPASSWORD``, a service file
(``postgresql:///?service=shop`` or ``PGSERVICE``), TLS by ``sslmode=`` in the URL. shopcrm
itself never stores a password: messages and logs name the server by its redacted location.

Every statement goes through a cursor of :class:`StorageCursor`, which turns the server's
environment errors (unreachable, full, read-only, …; see :mod:`.postgres_errors`) into
:class:`StorageError`, as :mod:`.sqlite_database` does for SQLite. A connection that cannot be
made at all says so on one line too. libpq would wait for an unreachable server as long as
the network lets it; unless the URL or ``PGCONNECT_TIMEOUT`` says otherwise, it gives up after
:data:`CONNECT_TIMEOUT_S`.

Transactions are peewee's (``BEGIN`` … ``COMMIT`` over an autocommit connection) at READ
COMMITTED, the server's default. A statement waits for another till's lock as long as a
SQLite till waits for the write lock (``lock_timeout`` = the busy timeout), then fails as
"busy" (:class:`StorageError`, kind ``locked``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any, NoReturn, Self

import peewee
import psycopg
from psycopg.conninfo import conninfo_to_dict

from shopcrm.db.locations import DatabaseLocation, redacted
from shopcrm.db.postgres_errors import postgres_storage_error
from shopcrm.db.storage_errors import DatabaseLocationError

#: How long connecting to an unreachable server may take before it is reported.
CONNECT_TIMEOUT_S = 10


class StorageConnection(psycopg.Connection[Any]):
    """A connection that knows its redacted location and how long it waits for a lock, for
    the messages of its cursors."""

    where: str = ""
    busy_timeout_s: float = 0.0


class StorageCursor(psycopg.Cursor[Any]):
    def _raise(self, exc: psycopg.Error) -> NoReturn:
        connection = self.connection
        where, waited = "", 0.0
        if isinstance(connection, StorageConnection):
            where, waited = connection.where, connection.busy_timeout_s
        found = postgres_storage_error(exc, where, waited)
        if found is None:
            raise exc
        raise found from exc

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Self:
        try:
            return super().execute(query, params, **kwargs)
        except psycopg.Error as exc:
            self._raise(exc)

    def executemany(self, query: Any, params_seq: Iterable[Any], **kwargs: Any) -> None:
        try:
            super().executemany(query, params_seq, **kwargs)
        except psycopg.Error as exc:
            self._raise(exc)


def conninfo(url: str) -> str:
    """``url`` as libpq takes it: ``postgres://`` and ``postgresql://`` are both libpq's own
    schemes, so only a mixed-case scheme is spelled the way libpq knows."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme.lower()}{sep}{rest}"


class ShopPostgresDatabase(peewee.PostgresqlDatabase):
    """peewee's PostgreSQL database over psycopg 3, connecting by the shop's URL."""

    def __init__(self, location: DatabaseLocation, busy_timeout_s: float, **kwargs: Any) -> None:
        self.location = location
        self.where = location.describe()
        self.busy_timeout_s = busy_timeout_s
        super().__init__(redacted(location.target), prefer_psycopg3=True, **kwargs)

    def _connect(self) -> StorageConnection:
        target = conninfo(self.location.target)
        try:
            given = conninfo_to_dict(target)
        except psycopg.ProgrammingError as exc:
            raise DatabaseLocationError(
                f"the PostgreSQL URL {redacted(self.location.target)!r} cannot be read: "
                + " ".join(str(exc).split())
            ) from None
        options: dict[str, Any] = {"application_name": "shopcrm"}
        if "connect_timeout" not in given and not os.environ.get("PGCONNECT_TIMEOUT"):
            options["connect_timeout"] = CONNECT_TIMEOUT_S
        try:
            conn = StorageConnection.connect(target, cursor_factory=StorageCursor, **options)
        except psycopg.Error as exc:
            found = postgres_storage_error(exc, self.where)
            if found is None:
                raise
            raise found from None  # libpq's words are in the message; no chained traceback
        conn.where, conn.busy_timeout_s = self.where, self.busy_timeout_s
        conn.autocommit = True
        # As on SQLite: a till waits this long for another till's lock, then says busy.
        conn.execute(f"SET lock_timeout = {int(self.busy_timeout_s * 1000)}")
        return conn


def foreign_tables(db: peewee.Database) -> list[str]:
    """The tables of another program in the database's schema: shopcrm adds its tables only
    to an empty database or to one it made (one with ``schema_migration``)."""
    tables = db.get_tables()
    return [] if "schema_migration" in tables else tables
