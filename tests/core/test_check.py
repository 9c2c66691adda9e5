"""The database health check behind ``shopcrm check``, on both engines.

Foreign-key damage is SQLite-only: SQLite lets foreign keys be switched off and checks them
on demand, while PostgreSQL enforces them on every write, so there is nothing to find there.
"""

from __future__ import annotations

import peewee
import pytest

from shopcrm.core.check import check_database
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.db.migrations import LATEST
from tests.backends import sqlite_only


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


def test_damaged_search_index_is_reported(
    db: peewee.Database, three: list[int], backend: str
) -> None:
    db.execute_sql("UPDATE search_doc SET words = 'nobody at all'")
    report = check_database()
    assert not report.ok
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
