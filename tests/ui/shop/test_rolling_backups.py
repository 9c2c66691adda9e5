"""The app's rolling backups: off the GUI thread, only when data changed, failures in the status
bar. SQLite only: the app backs up a SQLite shop; a PostgreSQL shop is the server's (and
``shopcrm backup``'s), and the window does not start the timer for one."""

from __future__ import annotations

from pathlib import Path

import peewee
from PySide6.QtWidgets import QStatusBar

from shopcrm.core import settings
from shopcrm.core.backup import list_backups, make_backup
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.ui.shop.rolling_backups import RollingBackups
from tests.backends import sqlite_only

WAIT_MS = 20_000


def _backups(qtbot, every_ms: int = 3_600_000) -> RollingBackups:
    bar = QStatusBar()
    qtbot.addWidget(bar)
    return RollingBackups(bar, bar, every_ms, first_look_ms=0)


@sqlite_only
def test_backs_up_when_data_changed_and_not_otherwise(qtbot, db: peewee.Database) -> None:
    backups = _backups(qtbot)
    with qtbot.waitSignal(backups.finished, timeout=WAIT_MS) as first:
        assert backups.back_up()
        assert backups.op is not None and backups.op.running()  # off the GUI thread
        assert not backups.back_up()  # one at a time
    assert first.args == [""]
    (made,) = list_backups()
    with qtbot.waitSignal(backups.finished, timeout=WAIT_MS):
        backups.back_up()
    assert [e.path for e in list_backups()] == [made.path]  # nothing changed, nothing made
    add_customer(CustomerInput("New", "Regular"))
    with qtbot.waitSignal(backups.finished, timeout=WAIT_MS):
        backups.back_up()
    newest = list_backups()[0]
    assert newest.path != made.path and newest.verified
    assert not backups.isVisible() and not backups.isVisibleTo(backups.status_bar)


@sqlite_only
def test_the_timer_backs_up_by_itself(qtbot, db: peewee.Database) -> None:
    backups = _backups(qtbot, every_ms=50)
    with qtbot.waitSignal(backups.finished, timeout=WAIT_MS):
        backups.start()
    assert len(list_backups()) == 1
    backups.stop()


@sqlite_only
def test_a_failure_shows_in_the_status_bar(qtbot, db: peewee.Database, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    settings.set_value("backup_folder", str(tmp_path / "a-file" / "backups"))
    backups = _backups(qtbot)
    backups.status_bar.show()
    with qtbot.waitSignal(backups.finished, timeout=WAIT_MS) as failed:
        backups.back_up()
    assert failed.args[0]
    assert backups.isVisibleTo(backups.status_bar)
    assert backups.text() == "⚠ The last backup failed"
    assert "a-file" in backups.toolTip()


@sqlite_only
def test_a_failure_left_by_the_last_run_shows_at_start(qtbot, db: peewee.Database) -> None:
    make_backup().record.path.unlink()  # the newest backup is gone: listed as failed
    backups = _backups(qtbot)
    backups.start()
    backups.stop()
    qtbot.waitUntil(lambda: backups.isVisibleTo(backups.status_bar), timeout=WAIT_MS)
    assert "missing" in backups.toolTip()


def test_the_window_backs_up_only_a_sqlite_shop(window, backend: str) -> None:
    assert window.backups.enabled is (backend == "sqlite")


@sqlite_only
def test_the_backups_page_lists_and_backs_up_now(qtbot, window, tmp_path: Path) -> None:
    assert "&Backups…" in _tools(window)
    with qtbot.waitSignal(window.backups.page_action.triggered):
        window.backups.page_action.trigger()
    page = window.backups.page
    assert page is not None and page.isVisible()
    assert page.table.rowCount() == 0
    assert str(tmp_path / "data" / "backups") in page.folders.text()
    op = page.back_up()
    assert op is not None and not page.back_up_button.isEnabled()
    qtbot.waitUntil(lambda: page.op is None, timeout=WAIT_MS)
    assert page.table.rowCount() == 1
    assert page.table.item(0, 3).text() == "verified"
    assert page.message.text().startswith("Backed up to ")
    assert page.back_up_button.isEnabled()


@sqlite_only
def test_the_backups_page_says_why_a_backup_failed(qtbot, window, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    settings.set_value("backup_folder", str(tmp_path / "a-file" / "backups"))
    page = window.backups.show_page()
    page.back_up()
    qtbot.waitUntil(lambda: page.op is None, timeout=WAIT_MS)
    assert page.message.text().startswith("The backup failed: cannot use ")
    assert "Not a directory" in page.message.text()
    assert page.table.rowCount() == 0


def _tools(window) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Tools")
    return [action.text() for action in menu.actions()]
