"""Places a shop's database must not live are refused with a reason, and nothing is made there.

SQLite-only: these are places for a database file (paths, folders, devices, network shares,
another program's file). A PostgreSQL server's refusals are in ``test_postgres_connection.py``.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from shopcrm.db import DatabaseLocationError, close, open_database, parse_location
from shopcrm.db.locations import mount_type
from shopcrm.errors import ShopError


def test_location_errors_are_shop_errors_and_still_value_errors() -> None:
    assert issubclass(DatabaseLocationError, ShopError)
    assert issubclass(DatabaseLocationError, ValueError)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "empty"),
        ("  ", "empty"),
        ("sqlite:///", "empty"),
        (":memory:", "forgets the shop"),
        ("file::memory:?cache=shared", "forgets the shop"),
        ("/dev/null", "device"),
        ("/dev/full", "device"),
        ("postgresql://127.0.0.1:99999/shop", "not a usable database URL .*out of range"),
        ("postgres://u:secret@host:abc/shop", "not a usable database URL"),
    ],
)
def test_refused_locations(value: str, reason: str) -> None:
    with pytest.raises(DatabaseLocationError, match=reason):
        parse_location(value)
    with pytest.raises(DatabaseLocationError, match=reason):
        open_database(value)


def test_a_refused_url_never_shows_its_password() -> None:
    with pytest.raises(DatabaseLocationError) as refused:
        parse_location("postgresql://shop:s3cret@host:70000/shop")
    assert "s3cret" not in str(refused.value)


@pytest.mark.parametrize(
    "value",
    [
        "//server/share/shop.sqlite3",
        r"\\server\share\shop.sqlite3",
        "fileserver:/export/shop.sqlite3",
        "nas.local:/volume1/shop.sqlite3",
        "smb://server/share/shop.sqlite3",
        "nfs://server/export/shop.sqlite3",
        "SMB://server/share/shop.sqlite3",
        "file://server/share/shop.sqlite3",
    ],
)
def test_network_paths_are_refused_with_sqlites_warning(value: str) -> None:
    with pytest.raises(DatabaseLocationError) as err:
        parse_location(value)
    message = str(err.value)
    assert "network" in message
    assert "SQLite's own documentation warns" in message
    assert "PostgreSQL" in message
    assert "\n" not in message


def test_a_drive_letter_is_not_a_network_host() -> None:
    """``C:/shop.sqlite3`` has one letter before the colon: a Windows drive, not a host."""
    assert "network" not in _refusal("C:/shop.sqlite3")


def _refusal(value: str) -> str:
    try:
        parse_location(value)
    except DatabaseLocationError as exc:
        return str(exc)
    return ""


def test_a_missing_folder_is_refused_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "typo" / "shop.sqlite3"
    with pytest.raises(DatabaseLocationError, match=f"the folder {tmp_path / 'typo'} does not"):
        parse_location(str(target))
    with pytest.raises(DatabaseLocationError, match="does not exist"):
        open_database(str(target))
    assert not (tmp_path / "typo").exists()


def test_network_mounts_are_recognised_in_the_mounts_table() -> None:
    mounts = (
        "/dev/vda / ext4 rw 0 0\n"
        "fileserver:/export /mnt/shop nfs4 rw 0 0\n"
        "//nas/share /mnt/nas\\040share cifs rw 0 0\n"
        "tmpfs /mnt/shop/local tmpfs rw 0 0\n"
    )
    assert mount_type(Path("/home/till"), mounts) == "ext4"
    assert mount_type(Path("/mnt/shop/data"), mounts) == "nfs4"
    assert mount_type(Path("/mnt/nas share/x"), mounts) == "cifs"
    assert mount_type(Path("/mnt/shop/local/x"), mounts) == "tmpfs"  # the longest mount wins


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_another_programs_database_is_refused_and_left_as_it_was(
    tmp_path: Path, journal: str
) -> None:
    other = tmp_path / "accounts.db"
    raw = sqlite3.connect(other)
    raw.execute(f"PRAGMA journal_mode = {journal}")
    raw.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total INTEGER)")
    raw.execute("INSERT INTO invoice (total) VALUES (1200)")
    raw.commit()
    raw.close()
    before = _digest(other)
    files_before = sorted(os.listdir(tmp_path))
    with pytest.raises(DatabaseLocationError) as err:
        open_database(str(other))
    close()
    assert str(err.value) == (
        f"{other} is a SQLite database of another program; shopcrm will not add its tables to it"
    )
    assert _digest(other) == before
    assert sorted(os.listdir(tmp_path)) == files_before  # no -wal or -shm left behind


def test_an_empty_sqlite_file_becomes_a_shop(tmp_path: Path) -> None:
    empty = tmp_path / "new.sqlite3"
    sqlite3.connect(empty).close()  # a zero-byte file, as `sqlite3 new.sqlite3` leaves
    open_database(str(empty))
    try:
        raw = sqlite3.connect(empty)
        assert raw.execute("SELECT count(*) FROM schema_migration").fetchone()[0] > 0
        raw.close()
    finally:
        close()


def test_a_shop_database_opens_again(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite3"
    open_database(str(path))
    close()
    open_database(str(path))
    close()
