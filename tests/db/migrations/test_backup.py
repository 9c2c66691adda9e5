"""The copy made before an upgrade: whole and verified, or not there under a backup's name.

SQLite files only: the copy is a file next to the database file (on PostgreSQL the server's
own backups are the copy, see :mod:`shopcrm.db.migrations.backup`).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shopcrm.db import StorageError, close, connect, open_database, parse_location
from shopcrm.db.migrations import LATEST, backup, current_version, partial_copy
from tests.db.migrations.old_shops import make_old_shop
from tests.storage_faults import damage_table


def _old_shop(path: Path, version: int = LATEST - 1) -> None:
    db = connect(parse_location(str(path)))
    make_old_shop(db, version)
    close()
    for made_on_the_way in _backups(path.parent):  # by the steps from version 1 up
        made_on_the_way.unlink()


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("shop.v*-backup-*.sqlite3"))


def _restores(copy: Path, version: int) -> bool:
    raw = sqlite3.connect(copy)
    try:
        ok = raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        held = raw.execute("SELECT max(version) FROM schema_migration").fetchone()[0]
        return ok and held == version
    finally:
        raw.close()


def test_the_backup_is_verified_owner_only_and_alone(tmp_path: Path) -> None:
    shop = tmp_path / "shop.sqlite3"
    _old_shop(shop)
    open_database(str(shop))
    close()
    (copy,) = _backups(tmp_path)
    assert _restores(copy, LATEST - 1)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [shop.name, copy.name, *(n for n in os.listdir(tmp_path) if n.startswith("shop.sqlite3-"))]
    )  # no .partial left, nothing beside the shop's own -wal/-shm


def test_a_copy_that_does_not_read_back_leaves_no_backup_and_no_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk returned something else than was written: a real fault in the copied file."""
    shop = tmp_path / "shop.sqlite3"
    _old_shop(shop)
    real_copy = backup._copy

    def copy_then_the_disk_fails(source: sqlite3.Connection, partial: Path) -> dict[str, int]:
        counts = real_copy(source, partial)
        damage_table(partial, "visit")
        return counts

    monkeypatch.setattr(backup, "_copy", copy_then_the_disk_fails)
    with pytest.raises(StorageError, match="did not read back whole"):
        open_database(str(shop))
    close()
    assert _backups(tmp_path) == []
    assert list(tmp_path.glob("*.partial*")) == []
    db = connect(parse_location(str(shop)))
    try:
        assert current_version(db) == LATEST - 1
    finally:
        close()


def _leftover(folder: Path, second: int, age_s: float) -> Path:
    partial = folder / f"shop.v{LATEST - 1}-backup-20260101T00000{second}Z.sqlite3.0a1b2c3d.partial"
    partial.write_bytes(b"half a copy")
    Path(f"{partial}-journal").write_bytes(b"its journal")
    then = time.time() - age_s
    os.utime(partial, (then, then))
    return partial


_HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
print("holding", flush=True)
sys.stdin.readline()
"""


@pytest.mark.skipif(os.name == "nt", reason="flock: on Windows a held file cannot be removed")
def test_a_killed_attempts_copy_goes_another_tills_copy_in_the_making_stays(
    tmp_path: Path,
) -> None:
    shop = tmp_path / "shop.sqlite3"
    _old_shop(shop)
    killed = _leftover(tmp_path, 0, age_s=partial_copy.FRESH_S + 5)
    in_the_making = _leftover(tmp_path, 1, age_s=3600)  # verifying a big copy writes nothing
    just_made = _leftover(tmp_path, 2, age_s=0)  # its maker may be about to lock it
    orphan = Path(f"{_leftover(tmp_path, 3, age_s=60)}-journal")  # its copy removed...
    Path(str(orphan).removesuffix("-journal")).unlink()  # ...by an attempt killed meanwhile
    os.utime(orphan, (time.time() - 60, time.time() - 60))
    other_till = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(in_the_making)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other_till.stdout is not None and other_till.stdout.readline() == "holding\n"
        open_database(str(shop))
        close()
    finally:
        other_till.communicate("")
    assert not killed.exists() and not Path(f"{killed}-journal").exists()
    assert not orphan.exists()
    assert in_the_making.exists() and just_made.exists()
    (copy,) = _backups(tmp_path)  # neither is taken for a backup
    assert _restores(copy, LATEST - 1)
