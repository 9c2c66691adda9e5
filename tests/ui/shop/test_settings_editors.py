"""The settings a shop owner fills in by hand: lists searched by name, tables of rewards and
tiers, the logo picked from a file. Driven with the keyboard and the mouse, saved with Save."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog

from shopcrm.core import settings
from shopcrm.ui.shop.logo_picker import LogoPicker
from shopcrm.ui.shop.named_numbers_table import NAME, NUMBER, NamedNumbersTable
from shopcrm.ui.shop.settings_dialog import SettingsDialog
from shopcrm.ui.shop.settings_lists import SearchableList


@pytest.fixture
def dialog(qtbot, shop):
    settings.set_many({"currency": "GBP", "locale": "en_GB"})
    return _shown(qtbot, SettingsDialog())


def _shown(qtbot, dlg: SettingsDialog) -> SettingsDialog:
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow)
    return dlg


def _save(qtbot, dialog: SettingsDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _append_to_shop_name(qtbot, dialog: SettingsDialog, text: str) -> None:
    line = dialog.editors["shop_name"].editor
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_End)
    qtbot.keyClicks(line, text)


def _list(dialog: SettingsDialog, key: str) -> SearchableList:
    editor = dialog.editors[key].editor
    assert isinstance(editor, SearchableList)
    return editor


def _table(dialog: SettingsDialog, key: str) -> NamedNumbersTable:
    editor = dialog.editors[key].editor
    assert isinstance(editor, NamedNumbersTable)
    return editor


def _logo(dialog: SettingsDialog) -> LogoPicker:
    editor = dialog.editors["shop_logo"].editor
    assert isinstance(editor, LogoPicker)
    return editor


# -- lists searched by name -----------------------------------------------------------------


def _pick(qtbot, combo: SearchableList, typed: str) -> list[str]:
    """Type part of a name into the list and take the first entry it offers; the offers."""
    combo.setFocus()
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(combo.lineEdit(), typed)
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    model = popup.model()
    offers = [model.index(row, 0).data() for row in range(model.rowCount())]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    return offers


@pytest.mark.parametrize(
    ("key", "typed", "offered", "stored"),
    [
        ("currency", "swiss fr", "Swiss Franc (CHF)", "CHF"),
        ("currency", "yen", "Japanese Yen (JPY)", "JPY"),
        ("locale", "german (switz", "German (Switzerland) (de_CH)", "de_CH"),
        ("locale", "portuguese (bra", "Portuguese (Brazil) (pt_BR)", "pt_BR"),
        ("phone_region", "zealand", "New Zealand (NZ, +64)", "NZ"),
        ("phone_region", "+353", "Ireland (IE, +353)", "IE"),
    ],
)
def test_a_list_entry_is_found_by_typing_part_of_its_name_and_saved(
    qtbot, dialog, key, typed, offered, stored
):
    combo = _list(dialog, key)
    offers = _pick(qtbot, combo, typed)
    assert offers[0] == offered
    assert all(typed.lower() in offer.lower() for offer in offers)
    assert combo.currentText() == offered
    _save(qtbot, dialog)
    assert not dialog.isVisible()
    assert getattr(settings.load(), key) == stored


def test_the_lists_show_the_current_choice_by_name(dialog):
    assert _list(dialog, "currency").currentText() == "British Pound (GBP)"
    assert _list(dialog, "locale").currentText() == "English (United Kingdom) (en_GB)"
    assert _list(dialog, "phone_region").currentText() == "United Kingdom (GB, +44)"
    assert dialog.changes() == {}


def test_a_shop_in_another_language_sees_the_names_in_it_too(qtbot, shop):
    settings.set_many({"currency": "EUR", "locale": "de_DE"})
    dlg = _shown(qtbot, SettingsDialog())
    assert _list(dlg, "currency").currentText() == "Euro (EUR)"
    assert _list(dlg, "locale").currentText() == "Deutsch (Deutschland) / German (Germany) (de_DE)"
    offers = _pick(qtbot, _list(dlg, "phone_region"), "schweiz")
    assert offers == ["Schweiz / Switzerland (CH, +41)"]


def test_a_typed_code_counts_and_unknown_text_is_refused_with_nothing_saved(qtbot, dialog):
    before = settings.load()
    combo = _list(dialog, "currency")
    combo.setFocus()
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(combo.lineEdit(), "Atlantis dollars")
    qtbot.keyClick(combo.completer().popup(), Qt.Key.Key_Escape)
    _append_to_shop_name(qtbot, dialog, " and Sons")
    _save(qtbot, dialog)
    error = dialog.editors["currency"].error
    assert error.isVisible()
    assert "Unknown currency 'Atlantis dollars'" in error.text()
    assert dialog.isVisible()
    assert settings.load() == before

    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(combo.lineEdit(), "usd")
    qtbot.keyClick(combo.completer().popup(), Qt.Key.Key_Escape)
    _save(qtbot, dialog)
    assert not dialog.isVisible()
    assert settings.load().currency == "USD"
    assert settings.load().shop_name == "My Shop and Sons"


# -- rewards and tiers as tables ------------------------------------------------------------


def _type_row(qtbot, table: NamedNumbersTable, name: str, number: str) -> None:
    """Add row, type the name, Tab, the number, Enter: as an owner does. A name with a
    control character is pasted (nobody types an escape)."""
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not table.table  # the name cell is being edited
    if name.isprintable():
        qtbot.keyClicks(editor, name)
    else:
        QApplication.clipboard().setText(name)
        qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # the number cell opens for typing
    qtbot.waitUntil(lambda: table.table.currentColumn() == NUMBER)
    editor = QApplication.focusWidget()
    assert editor is not None
    qtbot.keyClicks(editor, number)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def _click_row(qtbot, table: NamedNumbersTable, row: int) -> None:
    rect = table.table.visualRect(table.table.model().index(row, NAME))
    qtbot.mouseClick(table.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_reward_row_added_and_a_tier_row_removed_are_saved(qtbot, dialog):
    rewards = _table(dialog, "rewards")
    assert [rewards.cell(row, NAME) for row in range(2)] == ["Free coffee", "Slice of cake"]
    _type_row(qtbot, rewards, "Cake for two", "400")
    tiers = _table(dialog, "tiers")
    _click_row(qtbot, tiers, 0)
    qtbot.mouseClick(tiers.remove_button, Qt.MouseButton.LeftButton)
    _type_row(qtbot, tiers, "Platinum", "60")
    assert not dialog.editors["rewards"].error.isVisible()
    _save(qtbot, dialog)

    assert not dialog.isVisible()
    shop = settings.load()
    assert shop.rewards == (("Free coffee", 100), ("Slice of cake", 250), ("Cake for two", 400))
    assert shop.tiers == (("Gold", 25), ("Platinum", 60))


def test_an_empty_added_row_is_left_out(qtbot, dialog):
    rewards = _table(dialog, "rewards")
    qtbot.mouseClick(rewards.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(rewards.table, Qt.Key.Key_Escape)
    assert rewards.table.rowCount() == 3
    _save(qtbot, dialog)
    assert not dialog.isVisible()
    assert settings.load().rewards == (("Free coffee", 100), ("Slice of cake", 250))


@pytest.mark.parametrize(
    ("name", "number", "bad_column", "words"),
    [
        ("Cake for two", "lots", NUMBER, "Row 3: Cake for two: 'lots' is not a whole number"),
        ("Cake for two", "0", NUMBER, "must be between 1 and"),
        ("", "400", NAME, "Row 3: A name is needed"),
        ("Cake; coffee", "400", NAME, "cannot contain “;”"),
        ("Free \x1b[31mcake", "400", NAME, "control characters"),
    ],
)
def test_a_bad_cell_is_marked_and_explained_and_nothing_is_saved(
    qtbot, dialog, name, number, bad_column, words
):
    before = settings.load()
    _append_to_shop_name(qtbot, dialog, " and Sons")  # a good change too
    rewards = _table(dialog, "rewards")
    _type_row(qtbot, rewards, name, number)
    _save(qtbot, dialog)

    error = dialog.editors["rewards"].error
    assert error.isVisible()
    assert words.lower() in error.text().lower()
    assert dialog.isVisible()
    assert settings.load() == before
    bad = rewards.table.item(2, bad_column)
    good = rewards.table.item(2, 1 - bad_column)
    assert bad is not None and good is not None
    assert bad.background().style() != Qt.BrushStyle.NoBrush
    assert bad.toolTip() and not good.toolTip()
    assert (rewards.table.currentRow(), rewards.table.currentColumn()) == (2, bad_column)
    assert rewards.table.hasFocus()

    _click_row(qtbot, rewards, 2)  # the owner gives up on that row: the rest saves
    qtbot.mouseClick(rewards.remove_button, Qt.MouseButton.LeftButton)
    assert not error.isVisible()
    _save(qtbot, dialog)
    assert not dialog.isVisible()
    assert settings.load().shop_name == "My Shop and Sons"
    assert settings.load().rewards == before.rewards


def test_a_tier_named_twice_is_refused(qtbot, dialog):
    tiers = _table(dialog, "tiers")
    _type_row(qtbot, tiers, "Gold", "40")
    _save(qtbot, dialog)
    assert "Gold is named twice" in dialog.editors["tiers"].error.text()
    assert settings.load().tiers == (("Silver", 10), ("Gold", 25))


def test_the_tiers_number_column_says_what_the_tiers_count(qtbot, dialog):
    basis = dialog.editors["tier_basis"].editor
    header = _table(dialog, "tiers").table.horizontalHeaderItem(NUMBER)
    assert header is not None and header.text() == "Visits"
    basis.setFocus()
    qtbot.keyClick(basis, Qt.Key.Key_Down)
    assert header.text() == "Spent (whole units)"


# -- the logo -------------------------------------------------------------------------------


def _picture(path: Path, width: int = 120, height: int = 40, kind: str = "PNG") -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("navy"))
    assert image.save(str(path), kind)
    return path


def _browse_and_choose(qtbot, picker: LogoPicker, path: Path) -> None:
    """Click Browse…, and in the file dialog that opens choose ``path`` and press Open."""
    seen: list[QFileDialog] = []

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        seen.append(dialog)
        dialog.selectFile(str(path))
        dialog.accept()

    QTimer.singleShot(0, choose)
    qtbot.mouseClick(picker.browse_button, Qt.MouseButton.LeftButton)
    assert seen, "no file dialog opened"


def test_a_logo_browsed_for_shows_in_the_preview_and_is_saved_absolute(qtbot, dialog, tmp_path):
    logo = _picture(tmp_path / "corner café logo.png")
    picker = _logo(dialog)
    assert picker.preview.text() == "No logo"
    _browse_and_choose(qtbot, picker, logo)

    pixmap = picker.preview.pixmap()
    assert not pixmap.isNull()
    assert pixmap.width() <= picker.preview.width()
    assert pixmap.width() / pixmap.height() == pytest.approx(3, rel=0.05)  # its shape kept
    assert not dialog.editors["shop_logo"].error.isVisible()
    _save(qtbot, dialog)
    assert settings.load().shop_logo == str(logo.absolute())


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda folder: _write(folder / "logo.png", b"not a picture at all"), "PNG or JPEG"),
        (lambda folder: _write(folder / "cut.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40), "cannot be"),
        (lambda folder: _picture(folder / "banner.png", 12_000, 10), "12000×10 pixels"),
        (lambda folder: _write(folder / "huge.jpg", b"\xff\xd8\xff" + b"\0" * 6_000_000), "5 MB"),
    ],
)
def test_a_file_that_is_no_printable_picture_is_refused_and_the_old_logo_kept(
    qtbot, dialog, tmp_path, make, words
):
    good = _picture(tmp_path / "logo-ok.jpg", kind="JPEG")
    picker = _logo(dialog)
    _browse_and_choose(qtbot, picker, good)
    _browse_and_choose(qtbot, picker, make(tmp_path))

    error = dialog.editors["shop_logo"].error
    assert error.isVisible()
    assert words in error.text()
    assert picker.text() == str(good)
    assert not picker.preview.pixmap().isNull()
    _save(qtbot, dialog)
    assert settings.load().shop_logo == str(good)


def test_no_logo_clears_it(qtbot, shop, tmp_path):
    settings.set_value("shop_logo", str(_picture(tmp_path / "logo.png")))
    dlg = _shown(qtbot, SettingsDialog())
    picker = _logo(dlg)
    assert not picker.preview.pixmap().isNull()  # the stored logo is previewed on opening
    qtbot.mouseClick(picker.clear_button, Qt.MouseButton.LeftButton)
    assert picker.preview.text() == "No logo"
    _save(qtbot, dlg)
    assert settings.load().shop_logo == ""


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
