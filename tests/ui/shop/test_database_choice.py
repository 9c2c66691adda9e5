"""The settings' Database choice: typed like a user would, kept in this computer's settings
file (never in the shop's database), and a URL with a password refused under the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from shopcrm import config
from shopcrm.core import settings
from shopcrm.db.models import Setting
from shopcrm.ui.shop.settings_dialog import SettingsDialog


@pytest.fixture
def dialog(qtbot, shop):
    settings.set_many({"currency": "GBP", "locale": "en_GB"})
    dlg = SettingsDialog()
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def _save(qtbot, dialog: SettingsDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _type_url(qtbot, dialog: SettingsDialog, text: str) -> None:
    choice = dialog.database
    qtbot.mouseClick(choice.server_button, Qt.MouseButton.LeftButton)
    choice.url.setFocus()
    choice.url.selectAll()
    qtbot.keyClicks(choice.url, text)


def test_it_shows_the_database_this_computer_opens(dialog) -> None:
    assert dialog.database.file_button.isChecked()
    assert dialog.database.file.text() == config.default_database()


def test_a_server_url_is_kept_for_this_computer_only(qtbot, dialog, tmp_path: Path) -> None:
    url = "postgresql://till@shop-server:5433/shop?sslmode=require"
    _type_url(qtbot, dialog, url)
    _save(qtbot, dialog)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert config.chosen_database() == url
    assert config.default_database() == url
    assert url in (tmp_path / "config" / "machine.ini").read_text()
    assert not Setting.select().where(Setting.value.contains("shop-server")).exists()


def test_a_url_with_a_password_is_refused_under_the_field(qtbot, dialog, tmp_path: Path) -> None:
    _type_url(qtbot, dialog, "postgresql://till:hunter2@shop-server/shop")
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.result() != SettingsDialog.DialogCode.Accepted
    error = dialog.database.error
    assert error.isVisible() and ".pgpass" in error.text()
    assert config.chosen_database() is None
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"hunter2" not in path.read_bytes(), path


def test_a_file_typed_back_in_is_kept(qtbot, dialog, tmp_path: Path) -> None:
    target = tmp_path / "other-shop.sqlite3"
    choice = dialog.database
    choice.file.setFocus()
    choice.file.selectAll()
    qtbot.keyClicks(choice.file, str(target))
    _save(qtbot, dialog)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert config.default_database() == str(target)
