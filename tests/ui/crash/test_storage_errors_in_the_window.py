"""A storage fault while the cashier saves: a warning in the shop's words, no crash log, and
the quick-add form stays open with everything typed still in it.

SQLite-only: the faults are made real on a database file (full, read-only, junk, locked); the
window shows a PostgreSQL ``StorageError`` by the same path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from shopcrm.core import customers
from shopcrm.core.customers import CustomerInput
from shopcrm.db import close, database, open_database
from shopcrm.ui.card.customer_dialog import CustomerDialog
from tests.storage_faults import (
    another_till_writing,
    checkpoint,
    fill_up,
    make_read_only,
    overwrite_with_junk,
)
from tests.ui.crash.conftest import Shown

pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def shop_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("SHOPCRM_BUSY_TIMEOUT_S", "0.3")
    path = tmp_path / "shop.sqlite3"
    open_database(str(path))
    customers.add_customer(CustomerInput("Ada", "Lovelace"))
    close()
    checkpoint(path)  # the shop is in the file itself, as after any restart
    open_database(str(path))
    yield path
    close()


def _full(path: Path) -> AbstractContextManager[object]:
    fill_up(database.obj)
    return nullcontext()


def _read_only(path: Path) -> AbstractContextManager[object]:
    close()
    make_read_only(path)
    open_database(str(path))
    return nullcontext()


def _junk(path: Path) -> AbstractContextManager[object]:
    overwrite_with_junk(path)
    return nullcontext()


def _locked(path: Path) -> AbstractContextManager[object]:
    return another_till_writing(path)


FAULTS: dict[str, tuple[Callable[[Path], AbstractContextManager[object]], str]] = {
    "full": (_full, "the disk is full"),
    "read_only": (_read_only, "the database file cannot be written"),
    "not_a_database": (_junk, "is not a shopcrm database or it is damaged"),
    "locked": (_locked, "the database is busy"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_the_typed_customer_stays_in_the_form(qtbot, shop_file: Path, shown: Shown, fault: str):
    make_fault, words = FAULTS[fault]
    dialog = CustomerDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.first_name, "Zofia")
    dialog.last_name.setText("Wiśniewska")  # QTest types Latin-1 only
    qtbot.keyClicks(dialog.phone, "+44 7911 123456")

    with make_fault(shop_file):
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(shown.notices) == 1, timeout=5000)

    assert words in shown.notices[0]
    assert "\n" not in shown.notices[0]
    assert shown.crashes == [] and shown.crash_logs() == []
    assert dialog.isVisible()
    assert dialog.saved_card is None
    assert dialog.first_name.text() == "Zofia"
    assert dialog.last_name.text() == "Wiśniewska"
    assert dialog.phone.text() == "+44 7911 123456"
