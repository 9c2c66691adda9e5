"""Restoring a backup (both engines): the shop comes back as it was at the backup, the shop as
it was before is backed up first, and a backup that cannot be trusted is refused with nothing
changed (the damaged files are SQLite files on both engines: a backup is always one)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from shopcrm.core import settings
from shopcrm.core.backup import (
    RestoreRefused,
    app_holding,
    list_backups,
    make_backup,
    restore_backup,
)
from shopcrm.core.check import check_database
from shopcrm.core.customers import CustomerInput, add_customer, search_customers
from shopcrm.db import close, open_database, parse_location
from tests.backends import sqlite_only
from tests.cli.hostile import dump


def _backup_of_two(location: str) -> Path:
    open_database(location)
    add_customer(CustomerInput("Kept", "One"))
    add_customer(CustomerInput("Kept", "Two"))
    path = make_backup().record.path
    add_customer(CustomerInput("Later", "Three"))
    close()
    return path


def test_restore_brings_the_shop_back_and_keeps_what_it_replaced(shop_location: str) -> None:
    backup = _backup_of_two(shop_location)
    result = restore_backup(backup, parse_location(shop_location))
    assert result.kept is not None and result.kept.is_file()
    open_database(shop_location)
    try:
        assert check_database().ok
        assert sorted(c.last_name for c in search_customers("kept")) == ["One", "Two"]
        assert search_customers("later") == []
        kinds = {e.path: e.kind for e in list_backups()}
        assert kinds[result.kept] == "before-restore"
        add_customer(CustomerInput("After", "Restore"))  # ids and sequences move on
    finally:
        close()
    if not shop_location.startswith("postgresql"):
        assert os.stat(shop_location).st_mode & 0o777 == 0o600
        assert not list(Path(shop_location).parent.glob(".*.part"))


def _truncated(backup: Path, tmp: Path) -> Path:
    out = tmp / "truncated.sqlite3"
    out.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    return out


def _random(_: Path, tmp: Path) -> Path:
    out = tmp / "random.sqlite3"
    out.write_bytes(os.urandom(200_000))
    return out


def _other_program(_: Path, tmp: Path) -> Path:
    out = tmp / "other.sqlite3"
    other = sqlite3.connect(out)
    other.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    other.commit()
    other.close()
    return out


def _damaged_page(backup: Path, tmp: Path) -> Path:
    out = tmp / "damaged.sqlite3"
    data = bytearray(backup.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = bytes(range(251, 0, -1)) * 32 + bytes(8192 - 251 * 32)
    out.write_bytes(bytes(data))
    return out


def _folder(_: Path, tmp: Path) -> Path:
    out = tmp / "a-folder.sqlite3"
    out.mkdir()
    return out


def _newer(backup: Path, tmp: Path) -> Path:
    out = tmp / "newer.sqlite3"
    out.write_bytes(backup.read_bytes())
    newer = sqlite3.connect(out)
    newer.execute("INSERT INTO schema_migration VALUES (999, 'from the future', 'x')")
    newer.commit()
    newer.close()
    return out


BAD: dict[str, Callable[[Path, Path], Path]] = {
    "truncated": _truncated,
    "random bytes": _random,
    "another program's database": _other_program,
    "a damaged page": _damaged_page,
    "a folder": _folder,
    "/dev/null": lambda _backup, _tmp: Path("/dev/null"),
    "missing": lambda _backup, tmp: tmp / "nothing-here.sqlite3",
    "a newer schema": _newer,
}


@pytest.mark.parametrize("kind", list(BAD))
def test_a_backup_that_cannot_be_trusted_is_refused_with_nothing_changed(
    shop_location: str, tmp_path: Path, kind: str
) -> None:
    backup = _backup_of_two(shop_location)
    bad = BAD[kind](backup, tmp_path)
    open_database(shop_location)
    folder = Path(settings.load().backup_folder or tmp_path / "data" / "backups")
    close()
    before = dump(shop_location), sorted(folder.iterdir())
    with pytest.raises(RestoreRefused) as refused:
        restore_backup(bad, parse_location(shop_location))
    assert "\n" not in str(refused.value)
    assert (dump(shop_location), sorted(folder.iterdir())) == before


_HOLDER = """
import sys
from shopcrm.db import open_database
from shopcrm.core.customers import search_customers
open_database(sys.argv[1])
search_customers("kept")
print("open", flush=True)
sys.stdin.readline()
"""


@sqlite_only
def test_a_database_another_process_has_open_is_not_replaced(shop_location: str) -> None:
    """A till still running on the file: refused before anything (no backup taken either)."""
    backup = _backup_of_two(shop_location)
    assert app_holding(shop_location) is None
    folder = backup.parent
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, shop_location],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "open"
        before = dump(shop_location), sorted(folder.iterdir())
        assert app_holding(shop_location)
        with pytest.raises(RestoreRefused, match="in use"):
            restore_backup(backup, parse_location(shop_location))
        assert (dump(shop_location), sorted(folder.iterdir())) == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert app_holding(shop_location) is None


_APP_HOLDING = """
import sys
from shopcrm.db.instance_lock import InstanceLock
with InstanceLock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.readline()
"""


@sqlite_only
def test_a_shop_an_app_window_holds_is_not_replaced_and_the_app_is_named(
    shop_location: str,
) -> None:
    """The window's instance lock (no connection needed): refused, naming its process."""
    backup = _backup_of_two(shop_location)
    app = subprocess.Popen(
        [sys.executable, "-c", _APP_HOLDING, shop_location],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert app.stdin is not None and app.stdout is not None
    try:
        assert app.stdout.readline().strip() == "held"
        before = dump(shop_location)
        with pytest.raises(RestoreRefused, match=f"process {app.pid} on .*in use"):
            restore_backup(backup, parse_location(shop_location))
        assert dump(shop_location) == before
    finally:
        app.stdin.close()
        app.wait(timeout=30)
    assert app_holding(shop_location) is None
