"""The expected schema kept in code is exactly what a new database has, on both engines, and
differences are told one readable line each."""

from __future__ import annotations

from collections.abc import Iterator

import peewee
import pytest

from shopcrm.db import close, open_database
from shopcrm.db.schema import expected_shape, schema_differences, schema_problems, schema_shape
from tests.db.schema.expected_text import expected_module_text


@pytest.fixture
def own_db(empty_location: str) -> Iterator[peewee.Database]:
    """A new shop of this test's own: these tests change the schema, which the run's shared
    PostgreSQL shop must never keep."""
    database = open_database(empty_location)
    yield database
    close()


def test_a_new_database_has_the_expected_schema(db: peewee.Database, backend: str) -> None:
    shape = schema_shape(db)
    assert shape == expected_shape(db), (
        f"a migration changed the schema: write this to shopcrm/db/schema/expected_{backend}.py"
        f" (then `ruff format` it)\n{expected_module_text(backend, shape)}"
    )
    assert schema_problems(db) == []


def test_reading_the_schema_again_reads_the_same(own_db: peewee.Database) -> None:
    """How long a read takes is timed by tests/benchmarks/bench_duplicates.py; here, that a
    second read (the catalogue cached, as it is once the shop is open) sees what the first did,
    and a change made in between."""
    first = schema_shape(own_db)
    assert schema_shape(own_db) == first
    own_db.execute_sql("CREATE INDEX visit_staff_id ON visit (staff_id)")
    assert schema_shape(own_db) != first


def test_an_index_left_over_missing_or_different_is_named(own_db: peewee.Database) -> None:
    own_db.execute_sql("CREATE INDEX visit_staff_id ON visit (staff_id)")
    own_db.execute_sql("DROP INDEX voucher_customer_id")
    own_db.execute_sql("DROP INDEX visit_visited_at")
    own_db.execute_sql("CREATE INDEX visit_visited_at ON visit (visited_at)")
    problems = schema_problems(own_db)
    assert "index visit_staff_id is left over from an older version" in problems
    assert "index voucher_customer_id is missing" in problems
    (wide,) = [p for p in problems if p.startswith("index visit_visited_at is ")]
    assert "(visited_at)" in wide
    assert "(visited_at, customer_id, voided, amount_minor)" in wide
    assert len(problems) == 3, problems


def test_columns_tables_and_keys_are_compared_too(own_db: peewee.Database) -> None:
    own_db.execute_sql("CREATE TABLE old_thing (id INTEGER PRIMARY KEY)")
    own_db.execute_sql("ALTER TABLE customer ADD COLUMN fax VARCHAR(20)")
    problems = schema_problems(own_db)
    assert "table old_thing is left over from an older version" in problems
    assert "column customer.fax is left over from an older version" in problems
    assert "column old_thing.id is left over from an older version" in problems


def test_equal_shapes_have_no_differences() -> None:
    shape = {"table a": "rowid", "column a.id": "INTEGER"}
    assert schema_differences(dict(shape), shape) == []
    assert schema_differences({}, shape) == ["table a is missing", "column a.id is missing"]
