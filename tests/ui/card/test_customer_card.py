"""The card: details, pinned alerts, adding and pinning notes in the history."""

from __future__ import annotations

from PySide6.QtCore import Qt

from shopcrm.core import notes
from shopcrm.core.timeline import NOTE
from shopcrm.ui.card.customer_card import CustomerCardView
from shopcrm.ui.widgets.timeline_model import KIND_ROLE, PINNED_ROLE


def _card(qtbot, customer_id: int) -> CustomerCardView:
    view = CustomerCardView()
    qtbot.addWidget(view)
    assert view.show_customer(customer_id)
    view.show()
    return view


def test_card_shows_the_details(qtbot, add_customer):
    customer = add_customer(
        "María",
        "González",
        phone="+44 7911 123456",
        email="maria@example.com",
        birthday_month=3,
        birthday_day=14,
        tags=["regular", "oat milk"],
    )
    view = _card(qtbot, customer.id)
    assert view.name.text() == "María González"
    assert "7911" in view.phone.text()
    assert view.email.text() == "maria@example.com"
    assert "14" in view.birthday.text()
    assert "1986" not in view.birthday.text()
    assert view.since.text()
    assert set(view.tags.tags) == {"regular", "oat milk"}
    assert view.timeline_model.rowCount() == 0


def test_card_of_a_missing_customer_is_refused(qtbot, shop):
    view = CustomerCardView()
    qtbot.addWidget(view)
    assert not view.show_customer(12345)
    assert view.card is None


def test_add_note_and_pinned_note_from_the_editor(qtbot, add_customer):
    customer = add_customer("Olga")
    view = _card(qtbot, customer.id)

    qtbot.keyClicks(view.note_editor.text, "prefers oat milk")
    qtbot.keyClick(view.note_editor.text, Qt.Key.Key_Return)
    assert view.timeline_model.rowCount() == 1
    assert view.pinned.texts() == []

    view.note_editor.text.setText("nut allergy")
    view.note_editor.pin.setChecked(True)
    qtbot.mouseClick(view.note_editor.add_button, Qt.MouseButton.LeftButton)

    assert view.pinned.texts() == ["nut allergy"]
    assert view.pinned.isVisible()
    assert view.note_editor.text.text() == ""
    assert not view.note_editor.pin.isChecked()
    assert view.timeline_model.rowCount() == 2
    assert [n.text for n in notes.pinned_notes(customer.id)] == ["nut allergy"]


def test_empty_note_is_refused_inline(qtbot, add_customer):
    customer = add_customer("Olga")
    view = _card(qtbot, customer.id)
    qtbot.keyClick(view.note_editor.text, Qt.Key.Key_Return)
    assert not view.note_editor.error.isHidden()
    assert notes.note_count(customer.id) == 0


def test_pin_and_unpin_the_selected_note(qtbot, add_customer):
    customer = add_customer("Olga")
    notes.add_note(customer.id, "ask how the move went")
    view = _card(qtbot, customer.id)
    view.timeline_view.setFocus()
    qtbot.waitUntil(lambda: view.timeline_model.rowCount() == 1)
    assert not view.pin_button.isEnabled()

    view.select_item(0)
    assert view.pin_button.isEnabled()
    assert view.pin_button.text() == "Pin"
    qtbot.mouseClick(view.pin_button, Qt.MouseButton.LeftButton)
    assert view.pinned.texts() == ["ask how the move went"]

    qtbot.waitUntil(lambda: view.timeline_model.rowCount() == 1)
    assert view.timeline_model.index(0).data(PINNED_ROLE) is True

    view.pinned.unpin_requested.emit(view.pinned.notes[0].id)
    assert view.pinned.texts() == []
    assert not notes.pinned_notes(customer.id)


def test_add_note_and_pin_shortcuts_from_the_window(window, qtbot, add_customer):
    customer = add_customer("Olga")
    window.open_customer(customer.id)
    qtbot.keyClick(
        window.card,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(window.card.note_editor.text.hasFocus)
    qtbot.keyClicks(window.card.note_editor.text, "birthday cake on Friday")
    qtbot.keyClick(window.card.note_editor.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.card.timeline_model.rowCount() == 1)
    window.card.select_item(0)
    qtbot.keyClick(window.card.timeline_view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert window.card.pinned.texts() == ["birthday cake on Friday"]


def test_pin_button_only_for_notes(qtbot, add_customer):
    customer = add_customer("Olga")
    notes.add_note(customer.id, "likes the window seat")
    view = _card(qtbot, customer.id)
    assert view.timeline_model.index(0).data(KIND_ROLE) == NOTE
    view.select_item(0)
    assert view.pin_button.isEnabled()
    assert not view.void_button.isEnabled()
