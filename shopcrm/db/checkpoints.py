"""Copying SQLite's write-ahead log into the database file from a thread of its own.

In WAL mode every commit appends to the ``-wal`` file; now and then the pages there are copied
back into the database file (a *checkpoint*), which ends with an fsync of that file. By default
SQLite does this inside whichever commit happens to fill the log past 1,000 pages, and that
commit takes tens of milliseconds longer: on a shop with millions of rows, the one visit in a
hundred that paid for it was the slowest thing at the counter. A long-running process (the
window) therefore turns the automatic checkpoint off and runs a passive one every second from
this thread, on a connection of its own: it copies what no reader still needs, never waits for
a reader or a writer, and never blocks one. SQLite still checkpoints when the last connection
closes, so short-lived processes (the command line) need none of this.

The same thread merges the search index's segments a step at a time (the commits no longer do,
see :mod:`shopcrm.db.search.sqlite_index`), but only on a turn when no other connection has
written since the last one: merging takes the write lock for a few milliseconds, and at a quiet
till nobody waits for it.
"""

from __future__ import annotations

import sqlite3
import threading

#: SQLite's default: a commit that finds this many pages in the log checkpoints.
DEFAULT_AUTOCHECKPOINT_PAGES = 1000


class BackgroundCheckpoints:
    """A daemon thread running ``PRAGMA wal_checkpoint(PASSIVE)`` every ``interval_s``."""

    def __init__(self, path: str, interval_s: float = 1.0) -> None:
        self.path = path
        self.interval_s = interval_s
        self.runs = 0
        #: The last checkpoint's (busy, pages in the log, pages copied), as SQLite reports.
        self.last: tuple[int, int, int] | None = None
        #: Merge steps that found work in the search index.
        self.merges = 0
        self._data_version: int | None = None
        self._merge_wanted = True  # until a step finds nothing to merge, and again after writes
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="shopcrm-wal-checkpoints", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread (after a last checkpoint) and wait for it."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        connection = sqlite3.connect(self.path, timeout=0, check_same_thread=False)
        try:
            while True:
                stopping = self._stop.wait(self.interval_s)
                self.checkpoint(connection)
                if stopping:
                    return
                self.merge_when_idle(connection)
        finally:
            connection.close()

    def checkpoint(self, connection: sqlite3.Connection) -> None:
        try:
            row = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.OperationalError:
            return  # another checkpoint is running, or the file is busy: next time
        self.runs += 1
        self.last = tuple(row) if row else None

    def merge_when_idle(self, connection: sqlite3.Connection) -> None:
        """One merge step of the search index, if nobody wrote since the last turn and the
        index may have something to merge."""
        try:
            version = connection.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            return
        quiet, self._data_version = version == self._data_version, version
        if not quiet:
            self._merge_wanted = True
            return
        if not self._merge_wanted:
            return
        # Loaded here, on this thread, not when the database layer loads: a start shows its
        # window without the search index's code, which the first search or merge brings.
        from shopcrm.db.search.sqlite_index import merge_step

        try:
            worked = merge_step(connection)
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                self._merge_wanted = False  # a file without the search index
            return
        self.merges += worked
        self._merge_wanted = worked
