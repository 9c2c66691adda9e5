"""The shop's files are the owner's alone: the database, its -wal and -shm, the data folder.

SQLite-only: these are modes of files on disk (``db_path``); a PostgreSQL server keeps its own
files. POSIX modes: on Windows a file's privacy is its folder's ACL, and these checks do not
apply there.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from shopcrm.config import default_database
from shopcrm.db import close, open_database
from shopcrm.db.private_files import create_private_file, make_private_folder, tighten
from shopcrm.logs import setup_logging, stop_logging

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """The usual umask, and none at all: the modes must not come from the umask."""
    before = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(before)


def test_a_new_shop_and_its_wal_and_shm_are_owner_only(db_path: Path, umask: int) -> None:
    open_database(str(db_path))
    try:
        wal, shm = Path(f"{db_path}-wal"), Path(f"{db_path}-shm")
        assert wal.exists() and shm.exists()  # WAL mode, open: both are there now
        assert (mode(db_path), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
    finally:
        close()


def test_an_older_shop_left_readable_is_tightened_when_opened(db_path: Path) -> None:
    open_database(str(db_path))
    close()
    os.chmod(db_path, 0o644)  # as every shop made before this change was
    for suffix in ("-wal", "-shm"):  # and as SQLite left them beside it after a crash
        Path(f"{db_path}{suffix}").touch()
        os.chmod(f"{db_path}{suffix}", 0o664)
    open_database(str(db_path))
    try:
        assert mode(db_path) == 0o600
        assert mode(f"{db_path}-wal") == 0o600
        assert mode(f"{db_path}-shm") == 0o600
    finally:
        close()


def test_a_file_already_private_or_made_stricter_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite3"
    path.touch()
    os.chmod(path, 0o400)  # the owner made it read-only: never loosened
    assert tighten(path) is False
    assert mode(path) == 0o400
    assert tighten(tmp_path / "missing") is False


@pytest.mark.skipif(os.name == "posix" and os.geteuid() != 0, reason="chown needs root")
def test_another_users_file_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "theirs.sqlite3"
    path.touch()
    os.chmod(path, 0o644)
    os.chown(path, 12345, -1)
    assert tighten(path) is False
    assert mode(path) == 0o644


def test_create_private_file_makes_it_once_and_owner_only(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "backup.sqlite3"
    assert create_private_file(path) is True
    assert mode(path) == 0o600 and path.stat().st_size == 0
    path.write_bytes(b"kept")
    assert create_private_file(path) is False  # an existing file is never emptied
    assert path.read_bytes() == b"kept"


def test_a_backup_written_into_a_private_file_stays_private(db_path: Path, umask: int) -> None:
    """How backup code is to use it: create the file, then let SQLite write into it."""
    open_database(str(db_path))
    close()
    target = db_path.with_name("backup.sqlite3")
    create_private_file(target)
    source, copy = sqlite3.connect(db_path), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    assert mode(target) == 0o600
    assert sqlite3.connect(target).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_the_data_folder_and_its_logs_are_made_owner_only(tmp_path: Path, umask: int) -> None:
    data = tmp_path / "data"  # SHOPCRM_DATA_DIR (conftest), not made yet
    assert not data.exists()
    database = default_database()
    assert Path(database).parent == data
    assert mode(data) == 0o700
    logs = setup_logging(data / "logs")
    try:
        assert mode(logs.parent) == 0o700
    finally:
        stop_logging(data / "logs")


def test_an_older_data_folder_left_open_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    default_database()
    assert mode(data) == 0o700


def test_every_missing_parent_made_for_a_folder_is_owner_only(tmp_path: Path, umask: int) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    os.chmod(theirs, 0o755)
    make_private_folder(theirs / "a" / "b" / "c")
    assert [mode(theirs / part) for part in ("a", "a/b", "a/b/c")] == [0o700] * 3
    assert mode(theirs) == 0o755  # a folder that was there already is the user's: left as it is
