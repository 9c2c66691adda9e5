"""Ways a PostgreSQL server goes away at the worst moment, for the lost-connection tests.

* :func:`restart_while_waiting` restarts the server while a till's statement waits for a row
  another connection holds: the statement is in flight, its transaction half done.
* :class:`CuttingProxy` stands between the till and the server like a network cable;
  :meth:`CuttingProxy.cut_during_commit` pulls it while the server runs the till's
  ``COMMIT`` (kept busy by :func:`slow_commits`): the server commits, the till never hears so.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from urllib.parse import urlsplit, urlunsplit

import psycopg

from tests.postgres_server import PostgresServer


def _wait_for(url: str, condition: str, timeout_s: float = 30.0) -> None:
    """Poll pg_stat_activity (over a connection of its own) until ``condition`` holds for a
    till's backend."""
    deadline = time.monotonic() + timeout_s
    with psycopg.connect(url, autocommit=True) as watcher:
        while time.monotonic() < deadline:
            found = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity"
                f" WHERE application_name = 'shopcrm' AND {condition}"
            ).fetchone()
            if found and found[0]:
                return
            time.sleep(0.02)
    raise TimeoutError(f"no till backend with {condition}")


def wait_until_committed(url: str, timeout_s: float = 30.0) -> None:
    """Wait until no till's COMMIT is still running on the server (the till may have given
    up on it long before)."""
    deadline = time.monotonic() + timeout_s
    with psycopg.connect(url, autocommit=True) as watcher:
        while time.monotonic() < deadline:
            row = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'shopcrm'"
                " AND query = 'COMMIT' AND state = 'active'"
            ).fetchone()
            if row and not row[0]:
                return
            time.sleep(0.02)
    raise TimeoutError("a till's COMMIT is still running")


def restart_while_waiting(server: PostgresServer, url: str) -> threading.Thread:
    """A started thread that restarts ``server`` as soon as a till waits for a row lock."""

    def restart() -> None:
        _wait_for(url, "wait_event_type = 'Lock'")
        server.restart()

    thread = threading.Thread(target=restart, daemon=True)
    thread.start()
    return thread


def hold_customer(url: str, customer_id: int) -> psycopg.Connection:
    """Another connection holding the customer's row, as a till in the middle of its own
    write would: whoever wants to write for that customer waits."""
    holder = psycopg.connect(url)
    holder.execute("SELECT id FROM customer WHERE id = %s FOR UPDATE", (customer_id,))
    return holder


def slow_commits(url: str, seconds: float) -> None:
    """Make every COMMIT that added a visit take ``seconds`` on the server (a deferred
    trigger), so a test can pull the cable while the server is committing."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "CREATE OR REPLACE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS"
            f" $$ BEGIN PERFORM pg_sleep({float(seconds)}); RETURN NULL; END $$"
        )
        conn.execute(
            "CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON visit"
            " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()"
        )


class CuttingProxy:
    """A TCP relay from a local port to the server's; :attr:`url` is the server's URL through
    it. Every connection made through it is cut (both sides closed, nothing more relayed)
    by :meth:`cut`."""

    def __init__(self, server_url: str) -> None:
        parts = urlsplit(server_url)
        self._target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self._listener = socket.create_server(("127.0.0.1", 0))
        port = self._listener.getsockname()[1]
        user = f"{parts.username}@" if parts.username else ""
        self.url = urlunsplit((parts.scheme, f"{user}127.0.0.1:{port}", parts.path, "", ""))
        self._server_url = server_url
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self._target)
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        """Pull the cable: every connection through the proxy ends now, mid-sentence."""
        with self._lock:
            ends, self._sockets = self._sockets, []
        for end in ends:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def cut_during_commit(self) -> threading.Thread:
        """A started thread that cuts as soon as a till's COMMIT is running on the server
        (see :func:`slow_commits`); the server goes on and commits."""

        def cut() -> None:
            _wait_for(self._server_url, "query = 'COMMIT' AND wait_event = 'PgSleep'")
            self.cut()

        thread = threading.Thread(target=cut, daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self._listener.close()
        self.cut()


def count(url: str, sql: str, *params: object) -> int:
    """One number from the server, asked over a connection of its own."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(sql, params).fetchone()
    return int(row[0]) if row else 0
