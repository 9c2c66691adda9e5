"""Focus never lost at the counter: after every flow the next scan or name lands in the search
box, driven with key events as a cashier (and a USB scanner, which types where the focus is)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from shopcrm.core import customers, loyalty, settings, visit_stats, visits, vouchers
from shopcrm.core.vouchers import (
    HAND_PICKED,
    BatchDraft,
    RuleSpec,
    VoucherValue,
    default_expiry,
    issue_batch,
    local_today,
)
from shopcrm.ui.card.customer_dialog import CustomerDialog, fields_from_search
from shopcrm.ui.vouchers.redeem_dialog import RedeemDialog


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _type(qtbot, text: str, enter: bool = False) -> None:
    """Key by key into whatever has the focus now, as a keyboard or a scanner does."""
    for char in text:
        qtbot.keyClick(_focused(), char)
    if enter:
        qtbot.keyClick(_focused(), Qt.Key.Key_Return)


def _when_dialog_opens(act: Callable[[QWidget], None]) -> None:
    """Act on the next modal dialog once it is up and has the keys, as a person sees it
    (its ``exec`` holds the test until then)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or QApplication.activeWindow() is not dialog:
            QTimer.singleShot(10, poll)
        else:
            act(dialog)

    QTimer.singleShot(0, poll)


def _open(window, qtbot, name: str) -> None:
    box = window.search.search_box
    qtbot.keyClicks(box, name)
    qtbot.waitUntil(lambda: window.search.model.rowCount() > 0)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.hasFocus())  # the card has it


def _ready_for_next(window, qtbot, previous: str) -> None:
    box = window.search.search_box
    qtbot.waitUntil(box.hasFocus)
    assert box.selectedText() == previous  # the next name replaces it
    _type(qtbot, "ben")
    assert box.text() == "ben"


@pytest.fixture
def anna(add_customer):
    settings.set_many({"currency": "GBP", "locale": "en_GB"})
    return add_customer("Anna", "Baker")


def _voucher_for(customer_id: int) -> str:
    today = local_today()
    draft = BatchDraft(
        RuleSpec(HAND_PICKED, today.replace(day=1), customer_ids=(customer_id,)),
        VoucherValue.amount(500),
        default_expiry(),
    )
    return issue_batch(draft).vouchers[0].code


def test_after_a_visit_is_logged(window, qtbot, anna):
    _open(window, qtbot, "anna")
    qtbot.keyClick(_focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.card.visit_panel.amount.hasFocus)
    _type(qtbot, "4.50", enter=True)
    assert visit_stats.visit_summary(anna.id).visits == 1
    _ready_for_next(window, qtbot, "anna")


def test_after_a_reward_is_redeemed_from_the_menu(window, qtbot, anna):
    settings.set_value("stamps_per_card", "2")
    for _ in range(2):
        visits.log_visit(anna.id, amount_minor=300)
    _open(window, qtbot, "anna")
    qtbot.keyClick(_focused(), Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # Customer
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_R)  # Redeem stamp card
    qtbot.waitUntil(lambda: loyalty.status(anna.id).stamps == 0)
    _ready_for_next(window, qtbot, "anna")


def test_a_code_scanned_while_the_card_has_the_focus_still_redeems(window, qtbot, anna):
    code = _voucher_for(anna.id)
    _open(window, qtbot, "anna")
    assert window.focusWidget() is window.card
    _type(qtbot, vouchers.grouped(code), enter=True)  # the scanner: code, then Enter
    dialog = window.findChild(RedeemDialog)
    assert dialog is not None and dialog.voucher is not None and dialog.voucher.code == code
    qtbot.waitUntil(dialog.amount.hasFocus)  # a voucher with a visit asks for the amount
    _type(qtbot, "12", enter=True)
    assert vouchers.get_voucher(code).status == "redeemed"
    _ready_for_next(window, qtbot, vouchers.grouped(code))


def test_a_name_typed_while_the_card_has_the_focus_searches(window, qtbot, anna, add_customer):
    add_customer("Ben", "Carter")
    _open(window, qtbot, "anna")
    _type(qtbot, "ben c")
    assert window.search.search_box.text() == "ben c"
    assert window.search.search_box.hasFocus()
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1)


def test_after_a_voucher_is_refused_and_the_dialog_closed(window, qtbot, anna):
    code = _voucher_for(anna.id)
    vouchers.void_voucher(code, "printed twice")
    _type(qtbot, code, enter=True)
    dialog = window.findChild(RedeemDialog)
    assert dialog is not None and dialog.banner.reason == "voided"
    qtbot.waitUntil(dialog.code.hasFocus)
    qtbot.keyClick(_focused(), Qt.Key.Key_Escape)
    _ready_for_next(window, qtbot, code)


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_Return])
def test_after_a_dialog_closed_by_esc_or_enter(window, qtbot, anna, key):
    _open(window, qtbot, "anna")
    _when_dialog_opens(lambda dialog: qtbot.keyClick(dialog.focusWidget(), key))
    qtbot.keyClick(_focused(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # Edit…
    _ready_for_next(window, qtbot, "anna")


def test_after_a_new_customer_is_saved(window, qtbot, anna):
    def add(dialog: QWidget) -> None:
        _type(qtbot, "Cleo", enter=True)

    _when_dialog_opens(add)
    qtbot.keyClick(_focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    cleo = customers.search_customers("cleo")[0]
    assert window.card.customer_id == cleo.id  # her card is open
    qtbot.waitUntil(window.search.search_box.hasFocus)


def test_alt_h_opens_the_cards_history_not_help(window, qtbot, anna):
    _open(window, qtbot, "anna")
    assert window.card.tabs.currentIndex() == 0
    qtbot.keyClick(_focused(), Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert window.card.tabs.currentIndex() == 1
    assert QApplication.activePopupWidget() is None  # no menu opened


def test_the_shortcuts_list_has_every_shortcut_of_the_window(window, qtbot, anna):
    from shopcrm.ui.help.shortcuts_dialog import NATIVE, ShortcutsDialog

    qtbot.keyClick(window.search.search_box, Qt.Key.Key_F1)
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    shown = dialog.texts()
    listed_keys = ", ".join(keys for keys, _, _ in shown)
    expected = [
        (key.toString(NATIVE), action.text())
        for action in window.findChildren(QAction)
        for key in action.shortcuts()
    ] + [(s.key().toString(NATIVE), s.whatsThis()) for s in window.findChildren(QShortcut)]
    assert len(expected) >= 12  # the menus' and the card's (Ctrl+Enter) and Esc
    for keys, does in expected:
        assert keys in listed_keys, does
    assert all(does for _, does, _ in shown)  # every row says what it does
    menus = {where for _, _, where in shown}
    assert {"File", "Edit", "Vouchers", "Help"} <= menus
    ctrl_enter = next(row for row in shown if "Log a visit" in row[1])
    assert "Ctrl+Return" in ctrl_enter[0]
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(window.search.search_box.hasFocus)


@pytest.mark.parametrize(
    ("typed", "fields"),
    [
        ("07911 123456", {"phone": "07911 123456"}),
        ("+44 (0)20 7946-0958", {"phone": "+44 (0)20 7946-0958"}),
        ("jane  doe smith", {"first_name": "jane", "last_name": "doe smith"}),
        ("Zoë", {"first_name": "Zoë"}),
        ("jane@example.com", {"email": "jane@example.com"}),
        ("12", {"first_name": "12"}),  # too few digits for a phone: as typed, into the name
        ("  ", {}),
    ],
)
def test_where_search_text_goes_in_a_new_customer(typed, fields):
    assert fields_from_search(typed) == fields


@pytest.mark.parametrize(
    ("typed", "field", "then"),
    [
        ("07911 123456", "phone", "first_name"),
        ("jane doe", "last_name", "phone"),
        ("jane@example.com", "email", "first_name"),
    ],
)
def test_quick_add_from_a_search_with_no_result_carries_the_text(
    window, qtbot, anna, typed, field, then
):
    seen: dict[str, str] = {}

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, CustomerDialog)
        seen.update({name: getattr(dialog, name).text() for name in ("first_name", "last_name")})
        seen.update(phone=dialog.phone.text(), email=dialog.email.text())
        seen["focus"] = next(n for n in seen if getattr(dialog, n, None) is dialog.focusWidget())
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)

    qtbot.keyClicks(window.search.search_box, typed)
    assert window.search.model.rowCount() == 0
    assert "Enter adds a new customer" in window.result_label.text()
    _when_dialog_opens(look)
    qtbot.keyClick(window.search.search_box, Qt.Key.Key_Return)
    assert seen[field] == typed.partition(" ")[2] if field == "last_name" else seen[field] == typed
    assert seen["focus"] == then  # the cursor waits in the first field still empty
    qtbot.waitUntil(window.search.search_box.hasFocus)
