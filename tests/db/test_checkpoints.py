"""The write-ahead log is checkpointed by a thread of its own in a long-running process.

SQLite-only: the write-ahead log file and its checkpoints are SQLite's (PostgreSQL runs its
own checkpoints on the server; ``start_background_checkpoints`` does nothing there).
"""

from __future__ import annotations

import time
from pathlib import Path

import peewee

from shopcrm.db import close, open_database, start_background_checkpoints, write_transaction
from shopcrm.db.checkpoints import DEFAULT_AUTOCHECKPOINT_PAGES


def _autocheckpoint(db: peewee.Database) -> int:
    return db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0]


def _wait_for(condition, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_commits_leave_the_checkpoint_to_the_thread(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite3"
    db = open_database(str(path))
    try:
        checkpoints = start_background_checkpoints(interval_s=0.05)
        assert checkpoints is not None and checkpoints.running
        assert start_background_checkpoints() is checkpoints  # one per database
        assert _autocheckpoint(db) == 0
        db.execute_sql("CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)")
        for _batch in range(30):  # ~1,500 pages of log: past the automatic limit
            with write_transaction():
                db.execute_sql(
                    "INSERT INTO filler (text) SELECT ? FROM (WITH RECURSIVE n(i) AS"
                    " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) SELECT i FROM n)",
                    ("x" * 2000,),
                )
        # a checkpoint run after the last commit copies the whole log into the database file
        after = checkpoints.runs + 1
        assert _wait_for(lambda: checkpoints.runs > after)
        assert checkpoints.last is not None
        busy, in_log, copied = checkpoints.last
        assert busy == 0 and in_log == copied
        assert path.stat().st_size > 3000 * 2000
    finally:
        close()
    assert not checkpoints.running  # close() stopped it
    db = open_database(str(path))
    try:
        assert _autocheckpoint(db) == DEFAULT_AUTOCHECKPOINT_PAGES
        assert db.execute_sql("SELECT count(*) FROM filler").fetchone()[0] == 3000
    finally:
        close()


def test_close_restores_the_automatic_checkpoint_on_an_open_connection(tmp_path: Path) -> None:
    from shopcrm.db.connection import _stop_background_checkpoints

    db = open_database(str(tmp_path / "shop.sqlite3"))
    try:
        start_background_checkpoints(interval_s=0.05)
        _stop_background_checkpoints()
        assert _autocheckpoint(db) == DEFAULT_AUTOCHECKPOINT_PAGES
    finally:
        close()
