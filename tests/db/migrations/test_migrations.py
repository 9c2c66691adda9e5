"""Schema migrations: every old version upgrades with its rows kept, failures change nothing.

On both engines: an old database is made in ``empty_location`` (a new SQLite file, or a new
empty PostgreSQL database), where migrations run in one transaction either way.
"""

from __future__ import annotations

from datetime import UTC, datetime

import peewee
import pytest

from shopcrm.core.check import check_database
from shopcrm.core.customers import search_customers
from shopcrm.db import close, connect, open_database, parse_location
from shopcrm.db import migrations as migrations_module
from shopcrm.db.migrations import (
    LATEST,
    SchemaTooNewError,
    current_version,
    m0002_search_index,
    migrate,
)
from shopcrm.db.models import Customer, Note

V1_CUSTOMERS = [
    # id, first, last, phone, email, b_month, b_day, b_year, created_at, updated_at
    (1, "María", "González", "+442079460958", "maria.gonzalez@example.com", 5, 17, 1980,
     "2021-03-04 10:11:12", "2022-01-02 03:04:05"),
    (2, "Μαρία", "Παπαδοπούλου", "", "", None, None, None,
     "2021-03-05 09:00:00.123456", "2021-03-05 09:00:00.123456"),
    (3, "Иван", "Петров", "+73011234567", "", 2, 29, None,
     "2021-03-06 09:00:00", "2021-03-06 09:00:00"),
    (4, "王", "小明", "", "", None, None, None, "2021-03-07 09:00:00", "2021-03-07 09:00:00"),
    (5, "Seán", "O'Brien", "+441614960321", "", 12, 31, 1999,
     "2021-03-08 09:00:00", "2021-03-08 09:00:00"),
    (9, "Zoë", "Chen-Williams", "", "zoe@example.com", None, None, None,
     "2021-03-09 09:00:00", "2021-03-09 09:00:00"),
]  # fmt: skip
V1_TAGS = [(1, "vip"), (2, "nut allergy")]
V1_CUSTOMER_TAGS = [(1, 1), (1, 2), (3, 2)]
V1_NOTES = [
    (1, 1, "Likes oat milk", True, "2021-04-01 08:00:00"),
    (2, 1, "Complained about the croissants", False, "2021-04-02 08:00:00"),
    (3, 4, "生日快乐 🎂", False, "2021-04-03 08:00:00"),
]
V1_SETTINGS = [("phone_region", "DE"), ("shop_name", "Bäckerei Süß")]  # in key order

TABLES = {
    "customer": (V1_CUSTOMERS, "id"),
    "tag": (V1_TAGS, "id"),
    "customer_tag": (V1_CUSTOMER_TAGS, "customer_id, tag_id"),
    "note": (V1_NOTES, "id"),
    "setting": (V1_SETTINGS, "key"),
}


def make_v1_database(location: str) -> None:
    """A database exactly as schema version 1 made it, with rows written by raw SQL."""
    db = connect(parse_location(location))
    assert migrate(db, target=1) == [1]
    assert current_version(db) == 1
    with db.atomic():
        for table, (rows, _) in TABLES.items():
            marks = ",".join([db.param] * len(rows[0]))
            for row in rows:
                db.execute_sql(f"INSERT INTO {table} VALUES ({marks})", row)
    assert "search_doc" not in db.get_tables()
    close()


#: Columns added by later versions with a default other than NULL, and that default.
LATER_DEFAULTS = {("customer", "do_not_contact"): 0}


def table_rows(db: peewee.Database) -> dict[str, list[tuple[object, ...]]]:
    """Each version-1 table's rows, cut to the columns version 1 had; columns added by later
    versions must be empty (NULL, or their declared default) on old rows."""
    result = {}
    for table, (rows, order) in TABLES.items():
        width = len(rows[0])
        cursor = db.execute_sql(f"SELECT * FROM {table} ORDER BY {order}")
        later = [column[0] for column in cursor.description[width:]]
        # Times as text: SQLite keeps the text, PostgreSQL a timestamp that prints the same.
        found = [tuple(str(v) if isinstance(v, datetime) else v for v in r) for r in cursor]
        for row in found:
            for column, value in zip(later, row[width:], strict=True):
                assert value == LATER_DEFAULTS.get((table, column)), (table, column)
        result[table] = [row[:width] for row in found]
    return result


def test_version_1_upgrades_with_every_row_intact(empty_location: str) -> None:
    make_v1_database(empty_location)

    db = open_database(empty_location)
    try:
        assert current_version(db) == LATEST
        assert table_rows(db) == {t: [tuple(r) for r in rows] for t, (rows, _) in TABLES.items()}
        maria = Customer.get_by_id(1)
        assert maria.created_at == datetime(2021, 3, 4, 10, 11, 12, tzinfo=UTC)
        assert maria.updated_at == datetime(2022, 1, 2, 3, 4, 5, tzinfo=UTC)
        assert Customer.get_by_id(2).created_at == datetime(2021, 3, 5, 9, 0, 0, 123456, UTC)
        assert [n.text for n in Note.select().order_by(Note.id)] == [n[2] for n in V1_NOTES]
        assert check_database().ok
    finally:
        close()


@pytest.mark.parametrize(
    ("query", "expected_id"),
    [
        ("gonz mar", 1),
        ("maria.gonz", 1),
        ("0958", 1),
        ("μαρ", 2),
        ("παπαδοπουλου", 2),
        ("иван", 3),
        ("petrov", 3),
        ("王", 4),
        ("小明", 4),
        ("王小明", 4),
        ("obrien", 5),
        ("0161 496 0321", 5),
        ("chen-williams", 9),
        ("gonzlez", 1),
    ],
)
def test_old_customers_are_found_after_the_upgrade(
    empty_location: str, query: str, expected_id: int
) -> None:
    make_v1_database(empty_location)
    open_database(empty_location)
    try:
        assert [r.id for r in search_customers(query)] == [expected_id]
    finally:
        close()


def test_migrating_twice_applies_nothing(empty_location: str) -> None:
    make_v1_database(empty_location)
    db = open_database(empty_location)
    applied = db.execute_sql("SELECT version, name, applied_at FROM schema_migration").fetchall()
    assert [v for v, _, _ in applied] == list(range(1, LATEST + 1))
    assert migrate(db) == []
    close()
    db = open_database(empty_location)
    try:
        again = db.execute_sql("SELECT version, name, applied_at FROM schema_migration")
        assert again.fetchall() == applied
        assert db.execute_sql("SELECT count(*) FROM search_doc").fetchone()[0] == 6
    finally:
        close()


def test_fresh_database_gets_every_version(db: peewee.Database) -> None:
    assert current_version(db) == LATEST
    assert migrate(db) == []
    assert {"customer", "tag", "customer_tag", "note", "setting", "search_doc"} <= set(
        db.get_tables()
    )


def test_newer_schema_is_refused(empty_location: str) -> None:
    db = open_database(empty_location)
    db.execute_sql(
        "INSERT INTO schema_migration (version, name, applied_at)"
        f" VALUES ({db.param}, 'future', 'x')",
        (LATEST + 1,),
    )
    close()
    with pytest.raises(SchemaTooNewError, match=str(LATEST + 1)):
        open_database(empty_location)
    # Refused, not touched: still the newer version.
    db = connect(parse_location(empty_location))
    try:
        assert current_version(db) == LATEST + 1
    finally:
        close()


def test_failing_migration_leaves_old_version_and_rows(
    empty_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_v1_database(empty_location)

    def half_then_fail(db: peewee.Database) -> None:
        m0002_search_index.apply(db)  # creates tables and indexes every customer...
        db.execute_sql("UPDATE customer SET first_name = 'CHANGED'")
        raise RuntimeError("disk full half-way")  # ...then dies

    monkeypatch.setattr(
        migrations_module,
        "MIGRATIONS",
        (migrations_module.MIGRATIONS[0], (2, "customer search index", half_then_fail)),
    )
    with pytest.raises(RuntimeError, match="half-way"):
        open_database(empty_location)

    db = connect(parse_location(empty_location))
    try:
        assert current_version(db) == 1
        assert "search_doc" not in db.get_tables()
        assert "search_words" not in db.get_tables()
        assert table_rows(db) == {t: [tuple(r) for r in rows] for t, (rows, _) in TABLES.items()}
    finally:
        close()

    monkeypatch.undo()
    db = open_database(empty_location)
    try:
        assert current_version(db) == LATEST
        assert [r.id for r in search_customers("gonz mar")] == [1]
        assert check_database().ok
    finally:
        close()


def test_failing_later_migration_rolls_back_everything(
    db: peewee.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.execute_sql(
        "INSERT INTO customer (first_name, last_name, phone, email, created_at, updated_at)"
        " VALUES ('Ada', 'Lovelace', '', '', '2020-01-01 00:00:00', '2020-01-01 00:00:00')"
    )

    def broken(db: peewee.Database) -> None:
        db.execute_sql("CREATE TABLE half_made (id INTEGER PRIMARY KEY)")
        db.execute_sql("DELETE FROM customer")
        db.execute_sql("SELECT no_such_function()")

    monkeypatch.setattr(
        migrations_module,
        "MIGRATIONS",
        (*migrations_module.MIGRATIONS, (LATEST + 1, "visits", broken)),
    )
    with pytest.raises((peewee.OperationalError, peewee.ProgrammingError)):  # no such function
        migrate(db, target=LATEST + 1)
    assert current_version(db) == LATEST
    assert "half_made" not in db.get_tables()
    assert db.execute_sql("SELECT first_name FROM customer").fetchall() == [("Ada",)]
