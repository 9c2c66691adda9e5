"""Opening reads the schema version without the write lock; only an upgrade takes it (on both
engines: on PostgreSQL the other till locks the tables against writers)."""

from __future__ import annotations

import pytest

from shopcrm.db import close, connect, parse_location
from shopcrm.db.migrations import LATEST, current_version, migrate
from shopcrm.db.storage_errors import StorageError, StorageKind
from tests.storage_faults import another_till_writing


def _database_at(path: str, version: int) -> None:
    db = connect(parse_location(path))
    migrate(db, target=version)
    close()


def test_an_up_to_date_database_opens_while_another_till_writes(
    empty_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = empty_location
    _database_at(path, LATEST)
    monkeypatch.setenv("SHOPCRM_BUSY_TIMEOUT_S", "0.2")
    with another_till_writing(path):
        db = connect(parse_location(path))
        try:
            assert migrate(db) == []
        finally:
            close()


def test_an_upgrade_waits_for_the_write_lock_and_says_busy(
    empty_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = empty_location
    _database_at(path, LATEST - 1)
    monkeypatch.setenv("SHOPCRM_BUSY_TIMEOUT_S", "0.2")
    with another_till_writing(path):
        db = connect(parse_location(path))
        try:
            with pytest.raises(StorageError) as err:
                migrate(db)
            assert err.value.kind is StorageKind.LOCKED
            assert current_version(db) == LATEST - 1
        finally:
            close()
    db = connect(parse_location(path))
    try:
        assert migrate(db) == [LATEST]  # once the other till is done, the upgrade goes through
    finally:
        close()
