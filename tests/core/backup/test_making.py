"""Backups of the open shop (both engines): verified, owner-only, recorded, made only when the
data changed, copied to a second folder when it is there, and openable as a SQLite shop."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import peewee
import pytest

from shopcrm.core import settings
from shopcrm.core.backup import BackupFolderError, list_backups, main_folder, make_backup
from shopcrm.core.check import check_database
from shopcrm.core.customers import CustomerInput, add_customer, search_customers
from shopcrm.db import close, open_database


def _opened_copy(backup: Path, tmp_path: Path) -> Path:
    """A copy of the backup to open as a shop (opening writes beside a file; the backup
    itself stays as it was)."""
    copy = tmp_path / "opened" / "copy.sqlite3"
    copy.parent.mkdir(exist_ok=True)
    shutil.copyfile(backup, copy)
    return copy


def test_a_backup_is_verified_owner_only_and_opens_as_a_shop(
    db: peewee.Database, shop_location: str, tmp_path: Path
) -> None:
    add_customer(CustomerInput("Agnes", "Backup"))
    result = make_backup()
    record = result.record
    assert result.made and record.verified
    assert record.path.parent == main_folder(settings.load())
    assert stat.S_IMODE(record.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(record.path.with_suffix(".json").stat().st_mode) == 0o600
    assert record.bytes == record.path.stat().st_size > 0
    assert record.tables["customer"] == 1
    stored = json.loads(record.path.with_suffix(".json").read_text("utf-8"))
    assert stored["verified"] is True and stored["file"] == record.path.name
    assert not list(record.path.parent.glob(".*.part"))
    close()
    open_database(str(_opened_copy(record.path, tmp_path)))
    try:
        assert check_database().ok
        assert [c.first_name for c in search_customers("agnes")] == ["Agnes"]
    finally:
        close()
        open_database(shop_location)


def test_only_when_data_changed(db: peewee.Database) -> None:
    first = make_backup(only_if_changed=True)
    assert first.made
    again = make_backup(only_if_changed=True)
    assert not again.made and again.record.path == first.record.path
    add_customer(CustomerInput("Changed"))
    after = make_backup(only_if_changed=True)
    assert after.made and after.record.path != first.record.path
    assert after.record.tables["customer"] == first.record.tables["customer"] + 1


def test_an_absent_second_folder_is_skipped_with_a_warning(
    db: peewee.Database, tmp_path: Path
) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    settings.set_value("backup_second_folder", str(stick))
    stick.rmdir()
    result = make_backup()
    assert result.record.verified
    assert len(result.warnings) == 1 and "not there" in result.warnings[0]


def test_a_present_second_folder_gets_a_verified_copy(db: peewee.Database, tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    settings.set_value("backup_second_folder", str(stick))
    add_customer(CustomerInput("Twice"))
    result = make_backup()
    assert result.warnings == []
    copy = stick / result.record.path.name
    assert copy.read_bytes() == result.record.path.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    listed = list_backups()
    assert {e.path for e in listed} == {result.record.path, copy}
    assert all(e.verified for e in listed)


def test_a_manual_backup_goes_to_the_folder_given(db: peewee.Database, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    result = make_backup(mine)
    assert result.record.path.parent == mine and result.record.how == "manual"
    assert list_backups() == []  # not in the backups folder


@pytest.mark.parametrize("kind", ["missing", "file", "device"])
def test_a_folder_that_cannot_take_a_backup_is_refused(
    db: peewee.Database, tmp_path: Path, kind: str
) -> None:
    target = {"missing": tmp_path / "nope", "file": tmp_path / "f", "device": Path("/dev/null")}
    (tmp_path / "f").write_text("x")
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    with pytest.raises(BackupFolderError):
        make_backup(target[kind])
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before
    assert (tmp_path / "f").read_text() == "x"


def test_a_backups_folder_setting_that_is_a_file_is_refused(
    db: peewee.Database, tmp_path: Path
) -> None:
    from shopcrm.core.errors import ValidationError

    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ValidationError) as refused:
        settings.set_value("backup_folder", str(tmp_path / "a-file"))
    assert "not a folder" in refused.value.errors["backup_folder"]
    assert settings.load().backup_folder == ""


def test_a_backups_folder_made_with_its_parents_is_owner_only(
    db: peewee.Database, tmp_path: Path
) -> None:
    """Every folder a backup makes on its way is 0700, not only the last one (``mkdir``'s
    parents get the umask's mode)."""
    folder = tmp_path / "new" / "deeper" / "backups"
    settings.set_many({"backup_folder": str(folder)})
    assert make_backup().record.verified
    for made in (folder, folder.parent, folder.parent.parent):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made
