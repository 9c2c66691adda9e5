"""Storage faults reach the caller of a core use case as one StorageError in plain words.

SQLite-only (``sqlite_only`` where a test takes ``db``): the faults are SQLite's own, of a
database file (its lock, its permissions, its page cap, its bytes). The server's are in
``test_postgres_storage_errors.py``; that a bug stays a bug is tested on both engines.

Each fault is real (see :mod:`tests.storage_faults`): another process holding the write lock,
a read-only file, a database capped at its size, a file overwritten or damaged in the middle.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import peewee
import pytest

from shopcrm.core import customers, visits
from shopcrm.core.customers import CustomerInput
from shopcrm.core.errors import ShopError, StorageError, StorageKind
from shopcrm.db import close, database, open_database, write_transaction
from shopcrm.db.storage_errors import storage_kind
from tests.backends import sqlite_only
from tests.storage_faults import (
    another_till_writing,
    cap_pages,
    checkpoint,
    damage_table,
    fill_up,
    make_read_only,
    overwrite_with_junk,
)


@pytest.fixture
def shop_file(tmp_path: Path) -> Path:
    """A closed shop database with a few hundred customers (several pages of each table)."""
    path = tmp_path / "shop.sqlite3"
    open_database(str(path))
    for number in range(300):
        customers.add_customer(CustomerInput(f"Ada{number}", "Lovelace", phone=""))
    close()
    checkpoint(path)
    return path


def test_storage_error_is_a_shop_error() -> None:
    assert issubclass(StorageError, ShopError)


def test_locked_beyond_the_busy_timeout(shop_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPCRM_BUSY_TIMEOUT_S", "0.3")
    open_database(str(shop_file))
    try:
        with another_till_writing(shop_file):
            started = time.monotonic()
            with pytest.raises(StorageError) as err:
                customers.add_customer(CustomerInput("Grace", "Hopper"))
            waited = time.monotonic() - started
        assert err.value.kind is StorageKind.LOCKED
        assert str(err.value) == (
            "the database is busy: another till has held it for more than 0.3 seconds;"
            " try again in a moment"
        )
        assert 0.25 <= waited < 5
        # The other till is done: the same connection writes again.
        assert customers.add_customer(CustomerInput("Grace", "Hopper")).id > 0
    finally:
        close()


def test_busy_timeout_from_the_environment_must_be_seconds(
    shop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for wrong in ("soon", "nan", "-1", "1e9", "9" * 1_000_000):
        monkeypatch.setenv("SHOPCRM_BUSY_TIMEOUT_S", wrong)
        with pytest.raises(ShopError, match="SHOPCRM_BUSY_TIMEOUT_S") as refused:
            open_database(str(shop_file))
        assert len(str(refused.value)) < 120  # one line, however long the value


def test_read_only_file_can_be_read_but_not_written(shop_file: Path) -> None:
    make_read_only(shop_file)
    before = shop_file.read_bytes()
    open_database(str(shop_file))
    try:
        assert customers.customer_count() == 300
        assert customers.search_customers("ada12")
        with pytest.raises(StorageError) as err:
            customers.add_customer(CustomerInput("Grace", "Hopper"))
        assert err.value.kind is StorageKind.READ_ONLY
        assert str(err.value).startswith(
            "the database file cannot be written (read-only file or folder): "
        )
        assert str(shop_file) in str(err.value)
        with pytest.raises(StorageError, match="read-only"):
            visits.log_visit(1, amount_minor=500)
    finally:
        close()
    assert shop_file.read_bytes() == before


@sqlite_only
def test_full_database_says_the_disk_is_full_and_keeps_nothing_half_done(
    db: peewee.Database,
) -> None:
    fitted = fill_up(db)
    assert customers.customer_count() == fitted
    with pytest.raises(StorageError) as err:
        customers.add_customer(CustomerInput("Grace", "Hopper"))
    assert err.value.kind is StorageKind.FULL
    assert str(err.value).startswith("the disk is full")
    assert "rollback" not in str(err.value)
    assert customers.customer_count() == fitted
    assert not db.in_transaction()


@sqlite_only
def test_full_inside_a_savepoint_is_still_the_full_disk(db: peewee.Database) -> None:
    """SQLite may roll the whole transaction back by itself on SQLITE_FULL; the rollbacks
    peewee then attempts (to the savepoint, then of the transaction) must not hide why."""
    cap_pages(db)
    with pytest.raises(StorageError) as err, write_transaction(), database.atomic():
        for _ in range(100):
            db.execute_sql("INSERT INTO tag (name) VALUES (hex(randomblob(1500)))")
    assert err.value.kind is StorageKind.FULL
    assert not db.in_transaction()
    assert db.execute_sql("SELECT count(*) FROM tag").fetchone()[0] == 0


def test_file_overwritten_by_another_program(shop_file: Path) -> None:
    open_database(str(shop_file))
    try:
        overwrite_with_junk(shop_file)
        with pytest.raises(StorageError) as err:
            customers.add_customer(CustomerInput("Grace", "Hopper"))
        assert err.value.kind is StorageKind.CORRUPT
        assert str(err.value) == (
            f"this file is not a shopcrm database or it is damaged: {shop_file};"
            " restore it from a backup"
        )
    finally:
        close()


def test_damage_found_by_a_plain_read_outside_any_transaction(shop_file: Path) -> None:
    damage_table(shop_file, "customer")
    open_database(str(shop_file))
    try:
        with pytest.raises(StorageError) as err:
            customers.get_card(1)
        assert err.value.kind is StorageKind.CORRUPT
        assert "malformed" in err.value.detail  # SQLite's own words are kept for the logs
    finally:
        close()


def test_open_database_refuses_a_junk_file_as_damaged(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"\x00\x01junk" * 1000)
    with pytest.raises(StorageError) as err:
        open_database(str(junk))
    assert err.value.kind is StorageKind.CORRUPT


def test_bugs_are_not_storage_errors(db: peewee.Database) -> None:
    """A mistake in our own SQL must stay a bug, so it reaches the crash log."""
    with pytest.raises((peewee.OperationalError, peewee.ProgrammingError)) as err:
        db.execute_sql("SELECT no_such_column FROM customer")
    assert not isinstance(err.value, StorageError)
    with pytest.raises(peewee.IntegrityError):
        db.execute_sql("INSERT INTO customer (id) VALUES (NULL)")


def _raw_error(tmp_path: Path, action: str) -> sqlite3.Error:
    raw = sqlite3.connect(":memory:", isolation_level=None)
    raw.execute("CREATE TABLE t (x UNIQUE)")
    raw.execute("INSERT INTO t VALUES (1)")
    try:
        raw.execute(action)
    except sqlite3.Error as exc:
        return exc
    finally:
        raw.close()
    raise AssertionError(f"{action} did not fail")


def test_storage_kind_of_sqlite_errors(tmp_path: Path) -> None:
    assert storage_kind(_raw_error(tmp_path, "INSERT INTO t VALUES (1)")) is None  # constraint
    assert storage_kind(_raw_error(tmp_path, "SELECT nothing FROM t")) is None  # our bug
    ro = tmp_path / "ro.sqlite3"
    sqlite3.connect(ro).close()
    conn = sqlite3.connect(f"{ro.as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.Error) as err:
            conn.execute("CREATE TABLE t (x)")
    finally:
        conn.close()
    assert storage_kind(err.value) is StorageKind.READ_ONLY
    with pytest.raises(sqlite3.Error) as err:
        sqlite3.connect(tmp_path / "missing" / "x.sqlite3")
    assert storage_kind(err.value) is StorageKind.UNREACHABLE


def test_a_file_that_cannot_be_opened_at_all(tmp_path: Path) -> None:
    from shopcrm.db.sqlite_database import StorageConnection

    with pytest.raises(StorageError) as err:
        sqlite3.connect(tmp_path / "gone" / "shop.sqlite3", factory=StorageConnection)
    assert err.value.kind is StorageKind.UNREACHABLE
    assert str(tmp_path / "gone" / "shop.sqlite3") in str(err.value)
