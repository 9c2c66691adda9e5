"""The database health check behind ``shopcrm check``, on both engines: what the quick and the
full check find, progress, and Cancel.

Foreign-key damage is SQLite-only: SQLite lets foreign keys be switched off and checks them
on demand, while PostgreSQL enforces them on every write, so there is nothing to find there.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import peewee
import pytest

from shopcrm.core.check import check_database, steps
from shopcrm.core.check.meter import SCALE
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.notes import add_note
from shopcrm.core.progress import WorkCancelled
from shopcrm.db import StorageError, StorageKind, close, open_database
from shopcrm.db.migrations import LATEST
from shopcrm.demo.shop import generate_demo_shop
from tests.backends import sqlite_only
from tests.storage_faults import checkpoint, damage_table, index_out_of_step


@pytest.fixture
def three(db: peewee.Database) -> list[int]:
    return [
        add_customer(CustomerInput(first, last)).id
        for first, last in [("Ada", "Lovelace"), ("Μαρία", "Παπαδοπούλου"), ("王", "小明")]
    ]


def test_empty_database_is_healthy(db: peewee.Database) -> None:
    report = check_database()
    assert report.ok
    assert report.problems == []
    assert report.schema_version == LATEST
    assert report.customers == 0


def test_healthy_database(three: list[int]) -> None:
    report = check_database()
    assert report.ok, report.problems
    assert report.customers == 3


def test_missing_index_row_is_reported(db: peewee.Database, three: list[int]) -> None:
    db.execute_sql(f"DELETE FROM search_doc WHERE customer_id = {db.param}", (three[1],))
    report = check_database()
    assert not report.ok
    assert any("search index holds 2 customers" in p for p in report.problems)


def test_customer_missing_from_the_index_is_reported(db: peewee.Database, three: list[int]) -> None:
    db.execute_sql(
        "INSERT INTO customer (first_name, last_name, phone, email, created_at, updated_at)"
        " VALUES ('Raw', '', '', '', '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
    )
    report = check_database()
    assert not report.ok
    assert report.customers == 4


def test_damaged_search_index_is_reported_by_the_full_check(
    db: peewee.Database, three: list[int], backend: str
) -> None:
    db.execute_sql("UPDATE search_doc SET words = 'nobody at all'")
    assert check_database().ok  # the quick check only counts the index's entries
    report = check_database(full=True)
    assert not report.ok
    assert report.full
    damaged = "search_words" if backend == "sqlite" else "search_term"
    assert any(damaged in p for p in report.problems), report.problems


@sqlite_only
def test_foreign_key_damage_is_reported(db: peewee.Database, three: list[int]) -> None:
    db.execute_sql("PRAGMA foreign_keys = OFF")
    db.execute_sql(
        "INSERT INTO note (customer_id, text, pinned, created_at)"
        " VALUES (999, 'orphan', 0, '2024-01-01 00:00:00')"
    )
    report = check_database()
    assert not report.ok
    assert any("foreign key" in p for p in report.problems)


def test_old_schema_version_is_reported(db: peewee.Database, three: list[int]) -> None:
    db.execute_sql(f"DELETE FROM schema_migration WHERE version = {db.param}", (LATEST,))
    report = check_database()
    assert not report.ok
    assert report.schema_version == LATEST - 1
    assert any("schema version" in p for p in report.problems)


def test_a_loyalty_lot_out_of_step_with_its_ledger_is_reported(
    db: peewee.Database, three: list[int]
) -> None:
    from shopcrm.core import loyalty
    from shopcrm.core.visits import log_visit

    log_visit(three[0], amount_minor=5000)
    log_visit(three[0], amount_minor=2000)
    loyalty.redeem_points(three[0], points=60)
    assert check_database().ok
    db.execute_sql(
        "UPDATE loyalty_entry SET lot_remaining = lot_remaining + 5"
        f" WHERE customer_id = {db.param} AND kind = 'earn'",
        (three[0],),
    )
    problems = check_database().problems
    assert len(problems) == 1
    assert f"loyalty: customer {three[0]} line" in problems[0]
    assert "the ledger says" in problems[0]


def _spoil_lot(db: peewee.Database, customer_id: int) -> None:
    db.execute_sql(
        "UPDATE loyalty_entry SET lot_remaining = lot_remaining + 5"
        f" WHERE customer_id = {db.param} AND kind = 'earn'",
        (customer_id,),
    )


def test_the_quick_check_replays_the_accounts_changed_lately_the_full_one_every_account(
    db: peewee.Database, three: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from shopcrm.core.visits import log_visit

    log_visit(three[0], amount_minor=5000)  # an account not touched since
    for amount in (2000, 3000, 4000):
        log_visit(three[1], amount_minor=amount)
    monkeypatch.setattr(steps, "RECENT_LEDGER_LINES", 2)
    _spoil_lot(db, three[0])
    assert check_database().ok
    assert [p.split(" line")[0] for p in check_database(full=True).problems] == [
        f"loyalty: customer {three[0]}"
    ]
    _spoil_lot(db, three[1])
    assert [p.split(" line")[0] for p in check_database().problems] == [
        f"loyalty: customer {three[1]}"
    ]


@sqlite_only  # the damage is done to SQLite's file behind its back
def test_an_index_out_of_step_with_its_table_is_found_by_the_full_check(
    db: peewee.Database, db_path: Path, three: list[int]
) -> None:
    for customer_id in three:
        add_note(customer_id, "prefers rye bread")
    index_out_of_step(db_path, "note_customer_id", "text")
    assert check_database().ok  # every page reads well: the quick check sees nothing
    problems = check_database(full=True).problems
    assert problems and all(p.startswith("integrity: ") for p in problems)
    assert any("note_customer_id" in p for p in problems)


@sqlite_only  # the damage is done to SQLite's file behind its back
def test_a_damaged_table_is_found_by_the_quick_check(
    db: peewee.Database, db_path: Path, three: list[int]
) -> None:
    for number in range(200):
        add_note(three[number % 3], f"note number {number} " + "x" * 200)
    close()
    checkpoint(db_path)
    damage_table(db_path, "note")
    open_database(str(db_path))  # a fresh connection: nothing of the file in its cache
    for full in (False, True):
        # SQLite reports what it can read past, and refuses what it cannot.
        with pytest.raises(StorageError) as refused:
            check_database(full=full)
        assert refused.value.kind is StorageKind.CORRUPT


@pytest.fixture
def demo(db: peewee.Database) -> peewee.Database:
    """A shop big enough that each step of a check takes many engine ticks."""
    generate_demo_shop(3000, seed=3)
    return db


@pytest.mark.parametrize("full", [False, True])
def test_progress_rises_to_the_end_and_moves_inside_the_long_steps(
    demo: peewee.Database, full: bool, backend: str
) -> None:
    """SQLite reports progress from inside its own checks of the file; PostgreSQL looks after
    its pages itself, so there the bar moves with the check's own steps."""
    seen: list[tuple[int, int]] = []
    report = check_database(progress=lambda done, total: seen.append((done, total)), full=full)
    assert report.ok, report.problems
    assert seen[0] == (0, SCALE)
    assert seen[-1] == (SCALE, SCALE)
    assert all(a < b for (a, _), (b, _) in itertools.pairwise(seen))
    if backend == "sqlite":
        assert len(seen) > 20  # not only at the ends of the six steps


@sqlite_only  # inside SQLite's own check of the file; PostgreSQL's case is the next test
def test_cancel_stops_the_running_statement_at_once(demo: peewee.Database) -> None:
    asked: list[int] = []
    seen: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 5

    with pytest.raises(WorkCancelled):
        check_database(progress=lambda done, _: seen.append(done), cancelled=cancelled, full=True)
    assert len(asked) <= 7  # the first yes stopped it (each of the two connections asks once)
    assert 0 < max(seen) < SCALE // 2  # inside the first statement, the file's deep check
    assert check_database(full=True).ok  # nothing left behind on the connection


def test_cancel_stops_the_check_before_its_next_step(demo: peewee.Database) -> None:
    seen: list[int] = []
    with pytest.raises(WorkCancelled):
        check_database(progress=lambda done, _: seen.append(done), cancelled=lambda: bool(seen))
    assert max(seen) < SCALE  # it never reached the end
    assert check_database(full=True).ok  # nothing left behind on the connection


def test_ctrl_c_during_a_long_statement_is_not_swallowed(demo: peewee.Database) -> None:
    def progress(done: int, _: int) -> None:
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        check_database(progress=progress)
    assert check_database().ok
