"""The check compares the open database's schema with a new database's, on both engines."""

from __future__ import annotations

from collections.abc import Iterator

import peewee
import pytest

from shopcrm.core.check import check_database
from shopcrm.db import close, open_database


@pytest.fixture
def own_db(empty_location: str) -> Iterator[peewee.Database]:
    """A new shop of this test's own: these tests change the schema, which the run's shared
    PostgreSQL shop must never keep."""
    database = open_database(empty_location)
    yield database
    close()


def test_a_clean_schema_reports_nothing(db: peewee.Database) -> None:
    report = check_database()
    assert report.ok, report.problems


def test_a_dropped_index_is_reported(own_db: peewee.Database) -> None:
    own_db.execute_sql("DROP INDEX visit_customer_id_visited_at")
    report = check_database()
    assert report.problems == ["schema: index visit_customer_id_visited_at is missing"]


def test_an_extra_index_is_reported(own_db: peewee.Database) -> None:
    own_db.execute_sql("CREATE INDEX visit_staff_id ON visit (staff_id)")
    report = check_database()
    assert report.problems == ["schema: index visit_staff_id is left over from an older version"]


def test_a_narrow_index_is_reported_with_both_shapes(own_db: peewee.Database) -> None:
    own_db.execute_sql("DROP INDEX visit_visited_at")
    own_db.execute_sql("CREATE INDEX visit_visited_at ON visit (visited_at)")
    (problem,) = check_database().problems
    assert problem.startswith("schema: index visit_visited_at is ")
    assert "a new database has" in problem
