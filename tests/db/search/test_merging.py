"""The search index's segments are merged outside the commits that write them: in bulk loads,
in idle steps from the window's background thread, never by a till's single write."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import peewee
import pytest

from shopcrm.db import (
    close,
    database,
    open_database,
    start_background_checkpoints,
    write_transaction,
)
from shopcrm.db.models import Customer
from shopcrm.db.search import SearchDocument, search_index
from shopcrm.db.search.sqlite_index import merge_step


@pytest.fixture
def backend() -> str:
    """FTS5's segments are SQLite's own files: the ``db`` of these tests is a SQLite shop."""
    return "sqlite"


NAMES = ["Ann", "Bob", "Cleo", "Dev", "Eda", "Finn", "Gus", "Hana", "Ivo", "Jo", "Kai", "Lea"]


def segments(db: peewee.Database) -> int:
    """How many segments the name index has (each has its own rows in the ``_idx`` table)."""
    return db.execute_sql("SELECT count(DISTINCT segid) FROM search_words_idx").fetchone()[0]


def automerge(db: peewee.Database) -> int:
    return db.execute_sql("SELECT v FROM search_words_config WHERE k = 'automerge'").fetchone()[0]


def add_one_by_one(names: list[str], rank: int = 32) -> list[int]:
    """Each customer indexed in a transaction of its own, as the counter does."""
    ids = []
    for name in names:
        with write_transaction():
            now = datetime.now(UTC)
            customer = Customer.create(
                first_name=name, last_name="Till", created_at=now, updated_at=now
            )
            search_index(database.obj).put(
                SearchDocument.for_customer(customer.id, name, "Till", "", "", rank)
            )
        ids.append(customer.id)
    return ids


def test_single_writes_leave_their_segments_unmerged(db: peewee.Database) -> None:
    """FTS5 with its default automerge (4) would have merged these twelve segments."""
    before = segments(db)
    add_one_by_one(NAMES)
    assert segments(db) - before == len(NAMES)


def test_a_merge_step_merges_and_says_when_nothing_is_left(
    db: peewee.Database, db_path: Path
) -> None:
    ids = add_one_by_one(NAMES)
    index = search_index(db)
    for cid in ids[:6]:  # and a few rank moves: a delete and an insert each
        with write_transaction():
            index.rerank(cid, 20)
    many = segments(db)
    connection = sqlite3.connect(db_path, timeout=0)
    try:
        steps = 0
        while merge_step(connection, pages=4):
            steps += 1
            assert steps < 100
    finally:
        connection.close()
    assert steps >= 1 and segments(db) < many / 3
    assert [h.customer_id for h in index.search("till", 20)] == ids[:6] + ids[6:]
    assert [h.customer_id for h in index.search("cle", 20)] == [ids[2]]
    assert index.check() == []


def test_a_bulk_load_merges_as_it_goes_and_leaves_commits_unmerged(db: peewee.Database) -> None:
    index = search_index(db)
    now = datetime.now(UTC)
    docs = []
    for number in range(300):
        customer = Customer.create(
            first_name=f"Bulk{number}", last_name="Load", created_at=now, updated_at=now
        )
        docs.append(SearchDocument.for_customer(customer.id, f"Bulk{number}", "Load", "", ""))
    for start in range(0, 300, 20):  # 15 loads, each a segment
        with write_transaction():
            index.put_many(docs[start : start + 20])
    assert segments(db) < 15
    assert automerge(db) == 0
    assert len(index.search("load", 500)) == 300


def test_the_background_thread_merges_when_the_till_is_idle(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "shop.sqlite3"))
    try:
        add_one_by_one(NAMES)
        many = segments(db)
        checkpoints = start_background_checkpoints(interval_s=0.02)
        assert checkpoints is not None
        deadline = time.monotonic() + 20
        while segments(db) >= many / 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert checkpoints.merges >= 1
        assert segments(db) < many / 3
        assert len(search_index(db).search("till", 20)) == len(NAMES)
    finally:
        close()


def test_the_background_thread_does_not_merge_while_the_till_writes(tmp_path: Path) -> None:
    open_database(str(tmp_path / "shop.sqlite3"))
    try:
        checkpoints = start_background_checkpoints(interval_s=0.2)
        assert checkpoints is not None
        deadline = time.monotonic() + 2.5
        names = iter(NAMES * 100)
        while time.monotonic() < deadline:  # a write every 50 ms: never a quiet turn
            add_one_by_one([next(names)])
            time.sleep(0.05)
        assert checkpoints.runs >= 5
        assert checkpoints.merges == 0
    finally:
        close()
