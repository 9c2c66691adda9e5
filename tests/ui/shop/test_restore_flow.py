"""Tools → Backups… → Restore: the window lets go of the shop, the backup is put back, and the
window shows the restored shop (the customers, the lock held again); a backup that cannot be
restored changes nothing and the window goes on with the shop as it was. Both engines."""

from __future__ import annotations

from pathlib import Path

import peewee
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from shopcrm.core.backup import list_backups, make_backup
from shopcrm.core.customers import CustomerInput, add_customer, search_customers
from shopcrm.db import parse_location
from shopcrm.db.instance_lock import InstanceLock, holder
from shopcrm.ui.shop.backups_page import BackupsPage
from tests.backends import sqlite_only

WAIT_MS = 60_000


def _names(text: str) -> list[str]:
    return [f"{hit.first_name} {hit.last_name}" for hit in search_customers(text)]


def _answer_confirmation(qtbot, button_text: str) -> None:
    """Press ``button_text`` in the confirmation box as soon as it is up."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, press)
            return
        (button,) = [b for b in box.buttons() if b.text().replace("&", "") == button_text]
        button.click()

    QTimer.singleShot(0, press)


def _restore_from_page(qtbot, page: BackupsPage, row: int) -> tuple[bool, str]:
    page.table.selectRow(row)
    assert page.restore_button.isEnabled()
    _answer_confirmation(qtbot, "Restore")
    with qtbot.waitSignal(page.restore_ended, timeout=WAIT_MS) as ended:
        page.restore_selected()
    restored, said = ended.args
    return restored, said


def _lock(window, shop_location: str) -> InstanceLock | None:
    """The lock the app would hold for a SQLite shop (the window fixture has none)."""
    location = parse_location(shop_location)
    if location.kind != "sqlite":
        return None
    lock = InstanceLock(location.target)
    lock.acquire()
    window.instance_lock = lock
    return lock


def test_restore_from_the_page_brings_the_backup_back(
    qtbot, window, shop: peewee.Database, shop_location: str
) -> None:
    lock = _lock(window, shop_location)
    add_customer(CustomerInput("Bettina", "Before"))
    backup = make_backup().record.path
    add_customer(CustomerInput("Arnold", "After"))
    window.search.search_box.setText("after")
    window.search.run_search()
    assert window.search.model.rowCount() == 1
    page = window.backups.show_page()
    assert [e.path for e in page.entries] == [backup]

    restored, said = _restore_from_page(qtbot, page, 0)

    assert restored, said
    assert backup.name in said
    assert _names("after") == []  # recorded after the backup: gone
    assert _names("before") == ["Bettina Before"]
    assert window.search.model.rowCount() == 0  # the list was read again
    kinds = {e.kind for e in list_backups()}
    assert "before-restore" in kinds  # the shop as it was, kept
    if lock is not None:
        assert lock.held and holder(lock.database_path) is not None
        lock.release()
    add_customer(CustomerInput("Carla", "Later"))  # the window's shop is open again
    assert _names("later") == ["Carla Later"]
    assert "Restored" in page.message.text()


def test_a_damaged_backup_changes_nothing_and_the_window_goes_on(
    qtbot, window, shop: peewee.Database, shop_location: str, tmp_path: Path
) -> None:
    lock = _lock(window, shop_location)
    add_customer(CustomerInput("Arnold", "After"))
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    page = window.backups.show_page()
    _answer_confirmation(qtbot, "Restore")
    with qtbot.waitSignal(page.restore_ended, timeout=WAIT_MS) as ended:
        page.restore(junk, "junk")
    restored, said = ended.args
    assert not restored
    assert "cannot be restored" in said
    assert page.message.text().startswith("Not restored:")
    assert _names("after") == ["Arnold After"]
    if lock is not None:
        assert lock.held
        lock.release()


def test_cancel_in_the_confirmation_restores_nothing(
    qtbot, window, shop: peewee.Database, shop_location: str
) -> None:
    make_backup()
    add_customer(CustomerInput("Arnold", "After"))
    page = window.backups.show_page()
    page.table.selectRow(0)
    _answer_confirmation(qtbot, "Cancel")
    page.restore_selected()
    assert not page.restoring
    assert _names("after") == ["Arnold After"]


@sqlite_only
def test_a_second_app_on_the_file_refuses_the_restore(
    qtbot, window, shop: peewee.Database, shop_location: str
) -> None:
    """Another till (a second process in real life; a second connection here) has the file
    open: core refuses, nothing changes, and the window reopens its shop."""
    import sqlite3

    backup = make_backup().record.path
    add_customer(CustomerInput("Arnold", "After"))
    other = sqlite3.connect(parse_location(shop_location).target)
    other.execute("SELECT count(*) FROM customer").fetchone()
    try:
        page = window.backups.show_page()
        _answer_confirmation(qtbot, "Restore")
        with qtbot.waitSignal(page.restore_ended, timeout=WAIT_MS) as ended:
            page.restore(backup, "the backup")
    finally:
        other.close()
    restored, said = ended.args
    assert not restored and "nothing changed" in said
    assert _names("after") == ["Arnold After"]


def test_a_shop_with_a_pin_asks_for_it_and_owner_mode_ends_after(
    qtbot, window, shop: peewee.Database
) -> None:
    from shopcrm.core import staff
    from shopcrm.core.owner import set_pin
    from shopcrm.ui.shop.pin_dialog import PinDialog
    from tests.ui.shop.test_owner_mode import _when_modal

    member = staff.default_staff()
    assert member is not None
    set_pin(member.id, "2580")
    make_backup()
    add_customer(CustomerInput("Arnold", "After"))
    page = window.backups.show_page()
    page.table.selectRow(0)
    _answer_confirmation(qtbot, "Restore")
    asked = _when_modal(PinDialog, lambda d: d.reject())  # Esc: no PIN, no restore
    with qtbot.waitSignal(page.restore_ended, timeout=WAIT_MS) as ended:
        page.restore_selected()
    assert asked and ended.args == [False, ""]
    assert page.restore_button.isEnabled()
    assert _names("after") == ["Arnold After"]

    _answer_confirmation(qtbot, "Restore")
    _when_modal(PinDialog, lambda d: (d.pin.setText("2580"), d.try_accept()))
    with qtbot.waitSignal(page.restore_ended, timeout=WAIT_MS) as ended:
        page.restore_selected()
    assert ended.args[0], ended.args
    assert _names("after") == []
    assert window.till.owner is None  # the restored shop's PINs are asked for again


def test_the_backups_folder_is_chosen_on_the_page(
    qtbot, window, shop: peewee.Database, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from shopcrm.core import settings
    from tests.ui.shop.test_owner_mode import _when_modal

    chosen = tmp_path / "usb-stick"
    chosen.mkdir()
    page = window.backups.show_page()

    def pick(dialog) -> None:
        dialog.setDirectory(str(chosen))
        dialog.selectFile(str(chosen))
        dialog.accept()

    seen = _when_modal(QFileDialog, pick)
    page.choose_folder("backup_second_folder")
    assert seen
    assert settings.load().backup_second_folder == str(chosen)
    assert str(chosen) in page.folders.text()
    made = make_backup()
    assert (chosen / made.record.path.name).exists()  # the copy went there
