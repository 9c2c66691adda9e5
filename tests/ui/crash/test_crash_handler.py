"""An exception no screen caught: a crash log with the traceback, a friendly dialog, and the
window goes on working; a ShopError is only a warning."""

from __future__ import annotations

import faulthandler
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, qCritical, qWarning
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from shopcrm.config import logs_dir
from shopcrm.core.errors import NotFoundError, StorageError, StorageKind
from shopcrm.ui import crash
from shopcrm.ui.crash.dialog import CrashDialog
from tests.ui.crash.conftest import Shown

pytestmark = pytest.mark.qt_no_exception_capture


class Till(QWidget):
    """A small window: one button with a bug behind it, one that works."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
        self.clicks = 0
        self.broken = QPushButton("Broken")
        self.working = QPushButton("Working")
        self.broken.clicked.connect(self.explode)
        self.working.clicked.connect(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.broken)
        layout.addWidget(self.working)

    def explode(self) -> None:
        raise self.error

    def count(self) -> None:
        self.clicks += 1


@pytest.fixture
def till(qtbot) -> Till:
    window = Till(RuntimeError("the till exploded"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_an_exception_in_a_slot_is_logged_shown_and_survived(qtbot, till: Till, shown: Shown):
    qtbot.mouseClick(till.broken, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown.crashes) == 1)

    (log,) = shown.crash_logs()
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "in explode" in text
    assert text.rstrip().endswith("RuntimeError: the till exploded")
    path, details = shown.crashes[0]
    assert path == log
    assert details == text
    assert shown.notices == []

    qtbot.mouseClick(till.working, Qt.MouseButton.LeftButton)  # the window still works
    assert till.clicks == 1
    assert till.isVisible()
    app_log = (logs_dir() / "shopcrm.log").read_text(encoding="utf-8")
    assert "crash: RuntimeError" in app_log


@pytest.mark.parametrize(
    "error",
    [
        StorageError(StorageKind.FULL, "the disk is full: free some space, then try again"),
        NotFoundError("no customer with id 7"),
    ],
)
def test_a_shop_error_is_a_warning_not_a_crash(qtbot, shown: Shown, error: Exception):
    window = Till(error)
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.broken, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown.notices) == 1)
    assert shown.notices == [str(error)]
    assert shown.crashes == []
    assert shown.crash_logs() == []
    qtbot.mouseClick(window.working, Qt.MouseButton.LeftButton)
    assert window.clicks == 1


def test_a_crash_repeating_shows_one_dialog_at_a_time(qtbot, till: Till, shown: Shown):
    for _ in range(3):
        qtbot.mouseClick(till.broken, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown.crashes) == 1)
    qtbot.wait(20)
    assert len(shown.crashes) == 1
    assert len(shown.crash_logs()) == 3  # each one is still on record


def test_an_exception_in_a_thread_reaches_the_window(qtbot, shown: Shown):
    def work() -> None:
        raise ValueError("a worker failed")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(shown.crashes) == 1)
    assert "ValueError: a worker failed" in shown.crash_logs()[0].read_text(encoding="utf-8")


def test_qt_messages_go_to_the_app_log(shown: Shown):
    qWarning("a warning from Qt")
    qCritical("a critical message from Qt")
    text = (logs_dir() / "shopcrm.log").read_text(encoding="utf-8")
    assert "WARNING shopcrm.crash: Qt: a warning from Qt" in text
    assert "ERROR shopcrm.crash: Qt: a critical message from Qt" in text


def test_uninstall_puts_the_previous_hooks_back(qapp, tmp_path: Path):
    before = (sys.excepthook, threading.excepthook, faulthandler.is_enabled())
    handler = crash.install(tmp_path / "logs")
    assert sys.excepthook == handler.handle
    assert faulthandler.is_enabled()
    assert (tmp_path / "logs" / "faults.log").exists()
    handler.uninstall()
    assert (sys.excepthook, threading.excepthook, faulthandler.is_enabled()) == before


def test_copy_details_puts_the_traceback_on_the_clipboard(qtbot, tmp_path: Path):
    details = "Traceback (most recent call last):\n  ...\nRuntimeError: boom\n"
    dialog = CrashDialog(None, tmp_path / "crash-1.txt", details)
    qtbot.addWidget(dialog)
    assert str(tmp_path / "crash-1.txt") in dialog.where.text()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == details


def test_the_app_starts_its_logs_in_the_data_folder(tmp_path: Path):
    """A real start: the rotating log and the fault log are in the data folder's logs/."""
    data = tmp_path / "data"
    env = dict(
        os.environ,
        SHOPCRM_STARTUP_PROBE="1",
        QT_QPA_PLATFORM="offscreen",
        SHOPCRM_DATA_DIR=str(data),
    )
    code = "import sys; from shopcrm.ui.app import run; sys.exit(run(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "shop.sqlite3")],
        env=env,
        timeout=60,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    log = (data / "logs" / "shopcrm.log").read_text(encoding="utf-8")
    assert "starting" in log and "closed" in log
    assert (data / "logs" / "faults.log").exists()


def test_a_refusal_is_logged_by_kind_without_the_customers_words(qtbot, shown: Shown):
    window = Till(NotFoundError("no customer called Zofia Wiśniewska, +44 7911 123456"))
    qtbot.addWidget(window)
    qtbot.mouseClick(window.broken, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown.notices) == 1)
    log = (logs_dir() / "shopcrm.log").read_text(encoding="utf-8")
    assert "not done: NotFoundError" in log
    assert "Zofia" not in log and "7911" not in log
