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
COMMITTED, the server's default; :mod:`.transactions` says how writers from several tills are
kept apart. A statement waits for another till's lock as long as a SQLite till waits for the
write lock (``lock_timeout`` = the busy timeout), then fails as "busy" (:class:`StorageError`,
kind ``locked``).

A lost connection (the server restarted, the network gone) is noticed and mended between
transactions, never inside one (:meth:`ShopPostgresDatabase.cursor`): before the first
statement of a transaction or of a read on its own, a connection that libpq knows is broken,
or whose socket has something to read while nothing was asked (the server said goodbye), is
dropped and a new one made. A ``BEGIN`` that fails on a connection found broken by it is sent
once more on a new one: nothing of that transaction had reached the server. A statement that
fails later in a transaction — its ``COMMIT`` included, whose outcome is then unknown — is
never sent again: the use case fails with a :class:`StorageError` of kind ``unreachable``,
and the next action finds the connection mended. TCP keepalives and a user timeout (unless
the URL sets them) make a connection whose cable was pulled fail in tens of seconds rather
than after the system's quarter of an hour.
"""

from __future__ import annotations

import os
import select
import uuid
from collections.abc import Iterable
from typing import Any, NoReturn, Self

import peewee
import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.pq import TransactionStatus
from psycopg.types.json import Json, Jsonb

from shopcrm.db.locations import DatabaseLocation, redacted
from shopcrm.db.postgres_errors import postgres_storage_error
from shopcrm.db.storage_errors import DatabaseLocationError, StorageError, StorageKind

#: How long connecting to an unreachable server may take before it is reported.
CONNECT_TIMEOUT_S = 10
#: libpq's TCP settings unless the URL gives its own: a silent peer is probed after 10 s idle
#: and given up after three unanswered probes 5 s apart; data unacknowledged for 20 s fails.
TCP_OPTIONS = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 20_000,
}


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
        found = postgres_storage_error(exc, where, waited, connected=True)
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


class Psycopg3Adapter(peewee.Psycopg3Adapter):
    """peewee's psycopg 3 adapter on this module's own import of psycopg.

    shopcrm loads peewee with its PostgreSQL drivers hidden (see :mod:`shopcrm.peewee_loading`:
    a SQLite shop's start does not pay for psycopg), so peewee's module-level ``psycopg`` may
    be None; everything peewee's adapter reads from it is given here instead.
    """

    txn_idle = TransactionStatus.IDLE
    txn_inerror = TransactionStatus.INERROR
    txn_unknown = TransactionStatus.UNKNOWN

    def __init__(self) -> None:
        super().__init__()
        self.json_type = Json
        self.jsonb_type = Jsonb

    def check_driver(self) -> None:
        """psycopg is imported by this module, so the driver is there."""

    def get_binary_type(self) -> Any:
        return psycopg.Binary

    def connect(self, db: Any, **params: Any) -> Any:  # pragma: no cover - _connect is ours
        raise NotImplementedError("ShopPostgresDatabase connects by itself")

    def server_side_cursor(self, conn: Any) -> Any:
        in_transaction = self.txn_status(conn) == TransactionStatus.INTRANS
        return conn.cursor(name=str(uuid.uuid4()), withhold=not in_transaction)


class ShopPostgresDatabase(peewee.PostgresqlDatabase):
    """peewee's PostgreSQL database over psycopg 3, connecting by the shop's URL."""

    psycopg3_adapter = Psycopg3Adapter

    def __init__(self, location: DatabaseLocation, busy_timeout_s: float, **kwargs: Any) -> None:
        self.location = location
        self.where = location.describe()
        self.busy_timeout_s = busy_timeout_s
        super().__init__(redacted(location.target), **kwargs)

    def init(self, database: str | None, *args: Any, **kwargs: Any) -> None:
        super().init(database, *args, **kwargs)
        # peewee picks its adapter by its own view of the drivers; this one is always psycopg 3.
        self._adapter = self.psycopg3_adapter()

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
        options.update({key: value for key, value in TCP_OPTIONS.items() if key not in given})
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

    def cursor(self, named_cursor: Any = None) -> Any:
        if self.transaction_depth() == 0 and self._lost_between_transactions():
            self._discard_connection()
        return super().cursor(named_cursor)

    def _lost_between_transactions(self) -> bool:
        """Whether this thread's connection is dead while no transaction is open on it. peewee
        sends ``COMMIT`` after taking its transaction off the stack, so "between transactions"
        is asked of libpq too: a connection inside a transaction is never replaced."""
        conn = self._open_connection()
        if conn is None:
            return False
        if conn.closed or conn.broken:
            return True
        if conn.pgconn.transaction_status != TransactionStatus.IDLE:
            return False
        return connection_lost(conn)

    def begin(self, isolation_level: Any = None) -> None:
        try:
            super().begin(isolation_level)
        except StorageError as exc:
            if exc.kind is not StorageKind.UNREACHABLE or not self._broken():
                raise
            self._discard_connection()  # nothing of this transaction reached the server
            super().begin(isolation_level)

    def commit(self) -> None:
        if self._broken():  # never COMMIT on a new connection what the lost one held
            raise StorageError(
                StorageKind.UNREACHABLE,
                f"the connection to the database server {self.where} was lost: nothing of"
                " this was saved; try again",
            )
        super().commit()

    def rollback(self) -> None:
        if self._broken():
            self._discard_connection()  # the server rolled back what it had when it went
            return
        super().rollback()

    def _open_connection(self) -> psycopg.Connection[Any] | None:
        """This thread's connection, or None when it has none (without connecting)."""
        return None if self.is_closed() else self.connection()

    def _broken(self) -> bool:
        conn = self._open_connection()
        return conn is not None and bool(conn.closed or conn.broken)

    def _discard_connection(self) -> None:
        """Forget this thread's dead connection; the next statement connects anew."""
        conn = self._open_connection()
        try:
            if conn is not None:
                conn.close()
        except psycopg.Error:
            pass
        self.dispose()


def connection_lost(conn: psycopg.Connection[Any] | None) -> bool:
    """True when ``conn``, idle between transactions, cannot be used any more: libpq says so,
    or the server has sent something unasked (its goodbye before it closed the socket).
    Costs no round trip: a look at the socket."""
    if conn is None or conn.closed or conn.broken:
        return conn is not None
    try:
        readable, _, _ = select.select([conn.fileno()], [], [], 0)
    except (OSError, ValueError, psycopg.Error):
        return True
    return bool(readable)


def foreign_tables(db: peewee.Database) -> list[str]:
    """The tables of another program in the database's schema: shopcrm adds its tables only
    to an empty database or to one it made (one with ``schema_migration``)."""
    tables = db.get_tables()
    return [] if "schema_migration" in tables else tables
