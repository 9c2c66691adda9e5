"""Logging and voiding visits from the card, with the keyboard, over a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from shopcrm.core import loyalty, settings, visits
from shopcrm.core.timeline import VISIT
from shopcrm.db.models import Visit
from shopcrm.ui.card.customer_card import CustomerCardView
from shopcrm.ui.widgets.reason_dialog import VoidDialog
from shopcrm.ui.widgets.timeline_model import ITEM_ROLE


def _visit_count(customer_id: int) -> int:
    return Visit.select().where(Visit.customer == customer_id).count()


def _log_with_keyboard(qtbot, view: CustomerCardView, amount: str) -> None:
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(view.visit_panel.amount.hasFocus)
    qtbot.keyClicks(view.visit_panel.amount, amount)
    qtbot.keyClick(view.visit_panel.amount, Qt.Key.Key_Return)


def test_log_a_visit_with_the_keyboard_only(qtbot, open_card, add_customer):
    customer = add_customer("María", "González")
    view = open_card(customer.id)
    assert view.memory.text("visits") == "no visits yet"
    changed = []
    view.customer_changed.connect(changed.append)

    _log_with_keyboard(qtbot, view, "12.50")

    assert _visit_count(customer.id) == 1
    assert changed == [customer.id]
    assert view.memory.text("visits") == "1 visit"
    assert "£12.50 in total" in view.memory.text("spent")
    first = view.timeline_model.index(0).data(ITEM_ROLE)
    assert (first.kind, first.amount_minor, first.stamps, first.points) == (VISIT, 1250, 1, 12)
    assert first.staff == "Owner"
    assert view.loyalty.stamps.stamps == 1
    assert view.loyalty.points.text() == "12 pts"
    assert view.visit_panel.amount.text() == ""
    assert "£12.50" in view.visit_panel.confirmation.text()
    assert not view.visit_panel.amount.hasFocus()  # a second Enter logs nothing by accident


def test_comma_amount_and_a_visit_with_no_purchase(qtbot, open_card, add_customer):
    customer = add_customer("Olga")
    view = open_card(customer.id)
    _log_with_keyboard(qtbot, view, "3,20")
    _log_with_keyboard(qtbot, view, "")
    amounts = [v.amount_minor for v in Visit.select().order_by(Visit.id)]
    assert amounts == [320, None]
    assert view.memory.text("visits") == "2 visits"
    assert view.loyalty.stamps.stamps == 2


def test_ctrl_enter_works_from_inside_the_card(qtbot, open_card, add_customer):
    customer = add_customer("Olga")
    view = open_card(customer.id)
    view.tabs.setCurrentIndex(1)
    view.note_editor.text.setFocus()
    qtbot.waitUntil(view.note_editor.text.hasFocus)
    qtbot.keyClick(view.note_editor.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(view.visit_panel.amount.hasFocus)
    assert _visit_count(customer.id) == 0


@pytest.mark.parametrize("typed", ["-3", "abc", "12.345"])
def test_bad_amount_is_refused_inline_and_nothing_saved(qtbot, open_card, add_customer, typed):
    customer = add_customer("Olga")
    view = open_card(customer.id)
    _log_with_keyboard(qtbot, view, typed)
    assert _visit_count(customer.id) == 0
    assert view.visit_panel.error.isVisible()
    assert view.visit_panel.error.text()
    assert view.visit_panel.amount.text() == typed  # kept, to be corrected
    assert view.memory.text("visits") == "no visits yet"

    qtbot.keyClicks(view.visit_panel.amount, "4")  # typing again clears the message
    assert not view.visit_panel.error.isVisible()


def test_note_satisfaction_and_feedback_go_with_the_visit(qtbot, open_card, add_customer):
    customer = add_customer("Olga")
    view = open_card(customer.id)
    panel = view.visit_panel
    panel.amount.setText("8")
    panel.note.setText("oat flat white")
    panel.more_button.setChecked(True)
    assert panel.more.isVisible()
    panel.satisfaction.setCurrentIndex(4)
    panel.feedback.setText("a bit slow today")
    qtbot.keyClick(panel.feedback, Qt.Key.Key_Return)
    visit = Visit.get()
    assert (visit.note, visit.satisfaction, visit.feedback) == (
        "oat flat white",
        4,
        "a bit slow today",
    )
    assert view.memory.text("last_note") == "oat flat white"
    assert not panel.more.isVisible()
    assert "a bit slow today" in view.timeline_model.index(0).data(Qt.ItemDataRole.DisplayRole)


def _answer_void_dialog(qtbot, reason: str) -> None:
    """Fill in the void dialog once it is up, as the cashier would."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VoidDialog)
        assert not dialog.ok_button.isEnabled()
        qtbot.keyClicks(dialog.reason.lineEdit(), reason)
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()

    QTimer.singleShot(0, answer)


def test_void_the_visit_strikes_it_through_and_takes_loyalty_back(qtbot, open_card, add_customer):
    customer = add_customer("Olga")
    view = open_card(customer.id)
    _log_with_keyboard(qtbot, view, "25")
    assert (view.loyalty.stamps.stamps, view.loyalty.status.points) == (1, 25)

    view.tabs.setCurrentIndex(1)
    view.select_item(0)
    assert view.void_button.isEnabled()
    _answer_void_dialog(qtbot, "Wrong customer")
    view.void_selected_visit()

    visit = Visit.get()
    assert visit.voided and visit.void_reason == "Wrong customer"
    assert (view.loyalty.stamps.stamps, view.loyalty.status.points) == (0, 0)
    assert view.memory.text("visits") == "no visits yet"
    items = [
        view.timeline_model.index(r).data(ITEM_ROLE) for r in range(view.timeline_model.rowCount())
    ]
    voided = next(item for item in items if item.kind == VISIT)
    assert voided.voided
    row = items.index(voided)
    assert view.timeline_model.index(row).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert "Voided: Wrong customer" in view.timeline_model.index(row).data()
    assert any(item.loyalty_kind == "reverse" for item in items)
    assert loyalty.ledger(customer.id)[0].kind == "reverse"


def test_cancelling_the_void_dialog_changes_nothing(qtbot, open_card, add_customer, monkeypatch):
    customer = add_customer("Olga")
    visits.log_visit(customer.id, amount_minor=500)
    view = open_card(customer.id)
    view.select_item(0)
    monkeypatch.setattr(VoidDialog, "ask", classmethod(lambda cls, parent, text: None))
    view.void_selected_visit()
    assert not Visit.get().voided


def test_card_of_a_regular_with_five_thousand_visits_opens(qtbot, open_card, add_customer, db):
    customer = add_customer("Regular")
    start = datetime.now(UTC) - timedelta(days=5000)
    with db.atomic():  # written directly: 5,000 use-case calls would take the test's time
        Visit.insert_many(
            [
                {
                    "customer": customer.id,
                    "visited_at": start + timedelta(days=n),
                    "amount_minor": 300,
                }
                for n in range(5000)
            ]
        ).execute()
    visits.log_visit(customer.id, amount_minor=300)  # refreshes the customer's statistics
    view = open_card(customer.id)
    assert view.timeline_model.rowCount() == 50  # only the first page
    assert view.memory.text("visits") == "5,001 visits"
    assert view.memory.text("gap") == "every 1 day"


def test_ctrl_enter_in_the_main_window_logs_a_visit_with_the_person_at_the_till(
    window, qtbot, add_customer
):
    settings.set_many({"currency": "GBP", "locale": "en_GB"})
    customer = add_customer("Olga")
    window.open_customer(customer.id)
    card = window.card
    qtbot.waitUntil(card.hasFocus)
    qtbot.keyClick(card, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(card.visit_panel.amount.hasFocus)
    qtbot.keyClicks(card.visit_panel.amount, "12,50")
    with qtbot.waitSignal(card.customer_changed):
        qtbot.keyClick(card.visit_panel.amount, Qt.Key.Key_Return)
    visit = Visit.get()
    assert visit.amount_minor == 1250
    assert visit.staff_id == window.till.staff_id is not None


def test_last_visits_note_is_the_last_visits_not_an_older_one(qtbot, open_card, add_customer):
    customer = add_customer("Olga")
    view = open_card(customer.id)
    panel = view.visit_panel
    panel.note.setText("oat flat white")
    qtbot.keyClick(panel.note, Qt.Key.Key_Return)
    assert view.memory.text("last_note") == "oat flat white"
    _log_with_keyboard(qtbot, view, "3")  # today's visit: no note
    assert view.memory.text("last_note") == ""
    assert view.memory.values["last_note"].isHidden()  # no older note passed off as today's
