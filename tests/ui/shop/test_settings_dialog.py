"""The settings dialog: built from the declared settings, saves through the core, refuses inline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit

from shopcrm.core import customers, settings, visits
from shopcrm.core.customers import CustomerInput
from shopcrm.core.settings import SETTINGS, TierBasis
from shopcrm.ui.shop.named_numbers_table import NamedNumbersTable
from shopcrm.ui.shop.settings_dialog import SettingsDialog
from shopcrm.ui.shop.settings_lists import SearchableList


@pytest.fixture
def dialog(qtbot, shop):
    settings.set_many({"currency": "GBP", "locale": "en_GB"})
    dlg = SettingsDialog()
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _type(dialog: SettingsDialog, key: str, text: str) -> None:
    """Put ``text`` in a setting's editor: typed over a line or a list's line, or as the rows
    of a table (the table's own tests type into its cells)."""
    editor = dialog.editors[key].editor
    if isinstance(editor, NamedNumbersTable):
        editor.set_text(text)
        return
    line = editor.lineEdit() if isinstance(editor, SearchableList) else editor
    assert isinstance(line, QLineEdit)
    line.selectAll()
    line.insert(text)


def _save(qtbot, dialog: SettingsDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_one_row_per_declared_setting_with_current_text(dialog):
    assert list(dialog.editors) == list(SETTINGS)
    current = settings.as_text()
    for key, editor in dialog.editors.items():
        assert editor.text() == current[key]
    assert isinstance(dialog.editors["tier_basis"].editor, QComboBox)
    assert dialog.editors["stamps_per_card"].editor.toolTip() == "0 turns the stamp card off"


def test_a_setting_with_a_fixed_set_of_answers_lists_exactly_the_declared_ones(dialog):
    combo = dialog.editors["tier_basis"].editor
    assert isinstance(combo, QComboBox)
    answers = [combo.itemData(i) for i in range(combo.count())]
    assert answers == list(SETTINGS["tier_basis"].choices) == [b.value for b in TierBasis]
    assert [combo.itemText(i) for i in range(combo.count())] == ["Visits", "Spend"]


def test_a_new_minimum_spend_is_saved_and_the_next_visit_follows_it(qtbot, dialog):
    customer = customers.add_customer(CustomerInput("Olga"))
    _type(dialog, "stamp_min_amount", "5.00")
    _type(dialog, "stamps_per_card", "5")
    assert dialog.changes() == {"stamp_min_amount": "5.00", "stamps_per_card": "5"}
    _save(qtbot, dialog)

    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    shop = settings.load()
    assert shop.stamp_min_amount == 500
    assert shop.stamps_per_card == 5
    assert visits.log_visit(customer.id, amount_minor=300).stamps_earned == 0
    assert visits.log_visit(customer.id, amount_minor=500).stamps_earned == 1


def test_the_tier_basis_is_chosen_from_a_list(qtbot, dialog):
    combo = dialog.editors["tier_basis"].editor
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("spend"))
    _save(qtbot, dialog)
    assert settings.load().tier_basis is TierBasis.SPEND


@pytest.mark.parametrize(
    ("key", "text", "words"),
    [
        ("currency", "XXX1", "unknown currency"),
        ("stamps_per_card", "abc", "whole number"),
        ("tiers", "Gold=", "not a whole number"),
        ("tiers", "Gold=" + "9" * 31, "between 1 and"),
        ("stamp_reward", "Free \x1b[31mcoffee", "control characters"),
    ],
)
def test_a_bad_value_is_explained_under_its_field_and_nothing_is_saved(
    qtbot, dialog, key, text, words
):
    before, before_text = settings.load(), settings.as_text()
    _type(dialog, "shop_name", "Corner Café")  # a good change alongside is not saved either
    _type(dialog, key, text)
    _save(qtbot, dialog)

    error = dialog.editors[key].error
    assert error.isVisible()
    assert words in error.text().lower()
    assert not dialog.editors["shop_name"].error.isVisible()
    assert dialog.isVisible()
    assert dialog.editors[key].focus_widget().hasFocus()
    assert settings.load() == before

    _type(dialog, key, before_text[key])  # put it right: the other change saves, it closes
    _save(qtbot, dialog)
    assert not dialog.isVisible()
    assert settings.load().shop_name == "Corner Café"


def test_nothing_changed_saves_nothing(qtbot, dialog):
    assert dialog.changes() == {}
    _save(qtbot, dialog)
    assert dialog.saved == settings.load()


def test_edit_settings_menu_opens_the_dialog_and_redraws_the_results(window, qtbot, add_customer):
    customer = add_customer("Olga")
    visits.log_visit(customer.id, amount_minor=1000)
    qtbot.keyClicks(window.search.search_box, "olga")
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1)
    assert window.search.model.summary(0).loyalty.startswith("1/10")

    def change() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        _type(dialog, "stamps_per_card", "8")
        dialog.save()

    QTimer.singleShot(0, change)
    window.settings_action.trigger()
    assert settings.load().stamps_per_card == 8
    assert window.search.model.summary(0).loyalty.startswith("1/8")
