"""Opening the database: locations, SQLite pragmas, transactions and UTC timestamps.

The pragmas, the WAL file and ``BEGIN IMMEDIATE`` are SQLite's own (``sqlite_only``); the
transactions, foreign keys and timestamps are tested on both engines.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import peewee
import pytest

from shopcrm.db import (
    DatabaseLocation,
    DatabaseLocationError,
    close,
    is_sqlite,
    open_database,
    parse_location,
    read_snapshot,
    write_transaction,
)
from shopcrm.db.connection import BUSY_TIMEOUT_S
from shopcrm.db.locations import has_password, redacted
from shopcrm.db.models import Customer, Note
from shopcrm.db.storage_errors import StorageError, StorageKind
from tests.backends import sqlite_only

# -- pragmas ---------------------------------------------------------------------------------


def other_connection(location: str) -> Any:
    """A second till's own connection, outside shopcrm, writing at once (autocommit)."""
    if location.startswith("postgresql://"):
        import psycopg

        return psycopg.connect(location, autocommit=True)
    return sqlite3.connect(location, timeout=0, isolation_level=None)


def pragma(db: peewee.Database, name: str) -> object:
    return db.execute_sql(f"PRAGMA {name}").fetchone()[0]


@sqlite_only
def test_sqlite_pragmas(db: peewee.Database) -> None:
    assert pragma(db, "journal_mode") == "wal"
    assert pragma(db, "foreign_keys") == 1
    assert pragma(db, "synchronous") == 2  # FULL
    assert pragma(db, "busy_timeout") == int(BUSY_TIMEOUT_S * 1000)
    assert pragma(db, "busy_timeout") >= 1000
    assert is_sqlite(db)


@sqlite_only
def test_wal_mode_is_kept_in_the_file(db: peewee.Database, db_path: Path) -> None:
    close()
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_foreign_keys_are_enforced(db: peewee.Database) -> None:
    with pytest.raises(peewee.IntegrityError):
        Note.create(customer=12345, text="orphan", created_at=datetime.now(UTC))


def test_deleting_a_customer_cascades_to_notes(db: peewee.Database) -> None:
    now = datetime.now(UTC)
    c = Customer.create(first_name="Ada", created_at=now, updated_at=now)
    Note.create(customer=c, text="hello", created_at=now)
    Customer.delete_by_id(c.id)
    assert Note.select().count() == 0


@sqlite_only
def test_write_transaction_takes_the_write_lock_up_front(
    db: peewee.Database, db_path: Path
) -> None:
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        # Nothing written yet, but a second till cannot start writing (BEGIN IMMEDIATE).
        with write_transaction(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_read_snapshot_sees_one_moment_and_blocks_no_writer(
    db: peewee.Database, shop_location: str
) -> None:
    def count() -> int:
        return db.execute_sql("SELECT count(*) FROM tag").fetchone()[0]

    other = other_connection(shop_location)
    try:
        with read_snapshot():
            before = count()
            other.execute("INSERT INTO tag (name) VALUES ('written meanwhile')")  # not locked
            assert count() == before  # the second read sees the same moment as the first
        assert count() == before + 1
    finally:
        other.close()


def test_write_transaction_rolls_back_on_error(db: peewee.Database) -> None:
    now = datetime.now(UTC)
    with pytest.raises(ZeroDivisionError), write_transaction():
        Customer.create(first_name="Ghost", created_at=now, updated_at=now)
        _ = 1 / 0
    assert Customer.select().count() == 0


# -- UTC timestamps --------------------------------------------------------------------------


def test_naive_datetimes_are_refused(db: peewee.Database) -> None:
    with pytest.raises(ValueError, match="naive"):
        Customer.create(first_name="Naive", created_at=datetime.now(), updated_at=datetime.now())


def test_aware_datetimes_are_stored_in_utc(db: peewee.Database) -> None:
    local = datetime(2024, 6, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    c = Customer.create(first_name="Zoned", created_at=local, updated_at=local)
    raw = db.execute_sql(
        f"SELECT created_at FROM customer WHERE id = {db.param}", (c.id,)
    ).fetchone()[0]
    assert str(raw).startswith("2024-06-01 12:30:00")  # naive UTC text, or a naive timestamp
    back = Customer.get_by_id(c.id).created_at
    assert back == local
    assert back.tzinfo == UTC


# -- locations -------------------------------------------------------------------------------


def test_parse_plain_path(tmp_path: Path) -> None:
    target = tmp_path / "shop.sqlite3"
    assert parse_location(str(target)) == DatabaseLocation("sqlite", str(target))
    assert parse_location(f"  {target}  ") == DatabaseLocation("sqlite", str(target))


def test_parse_home_path() -> None:
    location = parse_location("~/shop.sqlite3")
    assert location.kind == "sqlite"
    assert location.target == str(Path("~/shop.sqlite3").expanduser())


def test_parse_sqlite_url(tmp_path: Path) -> None:
    assert parse_location(f"sqlite:///{tmp_path}/a b.db") == DatabaseLocation(
        "sqlite", f"{tmp_path}/a b.db"
    )
    assert parse_location(f"sqlite:///{tmp_path}/a%20b.db").target == f"{tmp_path}/a b.db"
    assert parse_location("SQLITE:///relative.db").target == "relative.db"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://shop:secret@db.local:5433/shopcrm",
        "postgres://db.local/shopcrm",
        "PostgreSQL://localhost/x",
    ],
)
def test_parse_postgresql_url(url: str) -> None:
    location = parse_location(url)
    assert location.kind == "postgresql"
    assert location.target == url
    assert "secret" not in location.describe()


def test_describe_postgresql_hides_the_password() -> None:
    location = parse_location("postgresql://shop:secret@db.local:5433/shopcrm")
    assert location.describe() == "postgresql://db.local:5433/shopcrm"
    assert parse_location("postgresql:///shopcrm").describe() == "postgresql://localhost/shopcrm"


@pytest.mark.parametrize(
    "value",
    ["mysql://localhost/shop", "http://example.com/shop.db", "file:///tmp/x", "", "   "],
)
def test_unsupported_locations_are_refused(value: str) -> None:
    with pytest.raises(DatabaseLocationError):
        parse_location(value)


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseLocationError, match="folder"):
        parse_location(str(tmp_path))
    with pytest.raises(DatabaseLocationError, match="folder"):
        parse_location(f"sqlite:///{tmp_path}")
    with pytest.raises(DatabaseLocationError):
        open_database(str(tmp_path))


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://shop:s3cr%40t@db.local:5433/shop", "postgresql://shop@db.local:5433/shop"),
        (
            "postgresql://shop@db.local/shop?password=s3cr%40t&sslmode=require",
            "postgresql://shop@db.local/shop?password=***&sslmode=require",
        ),
        ("postgresql:///?service=shop", "postgresql:///?service=shop"),
        ("postgres://db.local/shop", "postgres://db.local/shop"),
    ],
)
def test_redacted_takes_out_the_password_and_keeps_the_rest(url: str, shown: str) -> None:
    assert redacted(url) == shown
    assert has_password(url) == ("s3cr" in url)
    assert "s3cr" not in parse_location(url).describe()


def test_describe_names_a_service() -> None:
    assert parse_location("postgresql:///?service=shop").describe() == "postgresql:///?service=shop"


def test_open_refuses_a_missing_folder_and_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "shop.sqlite3"
    with pytest.raises(DatabaseLocationError, match=r"the folder .*a/b does not exist"):
        open_database(str(target))
    assert not (tmp_path / "a").exists()


def test_open_accepts_a_location_object(tmp_path: Path) -> None:
    db = open_database(parse_location(f"sqlite:///{tmp_path}/x.sqlite3"))
    try:
        assert is_sqlite(db)
        assert Customer.select().count() == 0
    finally:
        close()


def test_close_twice_is_harmless(db: peewee.Database) -> None:
    close()
    close()
    assert db.is_closed()


def test_not_a_database_file_is_refused_clearly(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_bytes(b"this is not a database\n" * 100)
    before = junk.read_bytes()
    try:
        with pytest.raises(StorageError, match="not a shopcrm database or it is damaged") as err:
            open_database(str(junk))
    finally:
        close()
    assert err.value.kind is StorageKind.CORRUPT
    assert str(junk) in str(err.value)
    assert junk.read_bytes() == before
