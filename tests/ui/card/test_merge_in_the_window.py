"""Duplicates and merging in the window (both engines): the new customer form shows who may
be the same person as the cashier types (Open, or Save anyway, by keyboard); Customer →
Merge with… finds the duplicate, previews what moves, asks the owner PIN and merges;
Customer → Undo merge… gives everything back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from shiboken6 import isValid

from shopcrm.core import customers, notes, staff
from shopcrm.core.owner import set_pin
from shopcrm.core.visits import log_visit
from shopcrm.db.models import Customer, Visit
from shopcrm.ui.card.customer_dialog import CustomerDialog
from shopcrm.ui.card.merge_dialog import MergeDialog
from shopcrm.ui.card.undo_merge_dialog import UndoMergeDialog
from shopcrm.ui.shop.pin_dialog import PinDialog

PIN = "2580"


def _when_modal(kind: type, act: Callable[[Any], None]) -> list[object]:
    """Run ``act`` on the next modal dialog of ``kind`` once it shows (it blocks in exec).
    A failing ``act`` closes the dialog (the test fails rather than waits forever) and its
    error is what ``seen`` holds."""
    seen: list[object] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(10, poll)
            return
        try:
            act(dialog)
        except BaseException as exc:
            seen.append(exc)
            dialog.reject()
        else:
            seen.append(dialog)

    QTimer.singleShot(0, poll)
    return seen


def _close_later(dialog: Any) -> None:
    """Close ``dialog`` in a few seconds, unless it is gone by then."""
    QTimer.singleShot(5000, lambda: isValid(dialog) and dialog.isVisible() and dialog.reject())


def _done(seen: list[object]) -> None:
    assert seen, "the dialog did not open"
    if isinstance(seen[0], BaseException):
        raise seen[0]


def _look(qtbot, dialog: CustomerDialog) -> None:
    """Look for duplicates now and wait for the answer (it comes from a worker thread)."""
    lookup = dialog.check_duplicates()
    assert lookup is not None
    qtbot.waitUntil(lambda: not lookup.running(), timeout=10_000)


def test_the_form_shows_possible_duplicates_and_enter_opens_one(qtbot, add_customer) -> None:
    ann = add_customer("Ann", "Smith", phone="020 7946 0958")
    dialog = CustomerDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first_name, "Anne")
    qtbot.keyClicks(dialog.phone, "+44 20 7946 0958")
    qtbot.waitUntil(dialog.duplicates.isVisible, timeout=3000)
    assert dialog.duplicates.customer_ids() == [ann.id]
    assert "same phone" in dialog.duplicates.list.item(0).text()
    shown = dialog.duplicates.list
    assert shown.height() >= shown.sizeHintForRow(0) > 0  # the row can be read
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.text() == "Save &anyway"

    dialog.duplicates.list.setFocus()
    qtbot.keyClick(dialog.duplicates.list, Qt.Key.Key_Return)
    assert dialog.result() == CustomerDialog.DialogCode.Accepted
    assert dialog.opened_card is not None and dialog.opened_card.id == ann.id
    assert dialog.saved_card is None and customers.customer_count() == 1


def test_save_anyway_saves_a_second_customer(qtbot, add_customer) -> None:
    add_customer("Ann", "Smith", phone="020 7946 0958")
    dialog = CustomerDialog()
    qtbot.addWidget(dialog)
    dialog.first_name.setText("Ann")
    dialog.last_name.setText("Smith")
    _look(qtbot, dialog)  # what the timer does a moment after typing stops
    assert dialog.duplicates.isVisibleTo(dialog)
    dialog.first_name.setText("Zofia")
    _look(qtbot, dialog)
    assert not dialog.duplicates.isVisibleTo(dialog)  # nobody by that name
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.text() != "Save &anyway"
    dialog.first_name.setText("Ann")
    _look(qtbot, dialog)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.saved_card is not None and customers.customer_count() == 2


def test_ctrl_n_opening_the_duplicate_shows_its_card(qtbot, window, add_customer) -> None:
    ann = add_customer("Ann", "Smith", email="ann@example.com")

    def fill(dialog) -> None:
        dialog.first_name.setText("Annie")
        dialog.email.setText("ann@example.com")
        _look(qtbot, dialog)
        qtbot.mouseClick(dialog.duplicates.open_button, Qt.MouseButton.LeftButton)

    seen = _when_modal(CustomerDialog, fill)
    window.new_customer_action.trigger()
    _done(seen)
    assert customers.customer_count() == 1
    assert window.right.currentWidget() is window.card and window.card.customer_id == ann.id


def test_merge_from_the_card_with_the_owner_pin_and_undo_it(qtbot, window, add_customer) -> None:
    ann = add_customer("Ann", "Smith", phone="020 7946 0958")
    anne = add_customer("Anne", "Smyth", email="anne@example.com")
    log_visit(anne.id, amount_minor=1250)
    notes.add_note(anne.id, "Allergic to nuts", pinned=True)
    owner = staff.default_staff()
    assert owner is not None
    set_pin(owner.id, PIN)
    window.open_customer(ann.id)

    def merge(dialog) -> None:
        qtbot.keyClicks(dialog.search, "Smyth")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # into the results, the first chosen
        assert dialog.other_id() == anne.id and dialog.merged is None  # Enter only chooses
        text = dialog.summary.text()
        assert "Anne Smyth is merged into Ann Smith" in text and "1 visit," in text
        assert "1 note" in text and "email" in text
        _when_modal(PinDialog, lambda pin: (pin.pin.setText(PIN), pin.try_accept()))
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        _close_later(dialog)  # should Alt+M not merge, the test fails rather than waits
        qtbot.keyClick(dialog.results, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)

    seen = _when_modal(MergeDialog, merge)
    merge_action = next(a for a in window.menuBar().actions() if a.text() == "&Customer").menu()
    merge_action.aboutToShow.emit()
    actions = {a.text(): a for a in merge_action.actions()}
    assert actions["&Merge with…"].isEnabled()
    actions["&Merge with…"].trigger()

    _done(seen)
    assert Customer.get_by_id(anne.id).merged_into == ann.id
    assert Visit.get(Visit.customer == ann.id).amount_minor == 1250
    assert window.card.customer_id == ann.id
    assert [n.text for n in notes.pinned_notes(ann.id)] == ["Allergic to nuts"]
    qtbot.waitUntil(lambda: window.card.memory.isVisible())
    assert window.card.email.text() == "anne@example.com"

    def undo(dialog) -> None:
        assert dialog.merges.count() == 1
        assert dialog.merges.item(0).text().startswith("Anne Smyth, merged ")
        qtbot.keyClick(dialog.merges, Qt.Key.Key_Return)  # the default button: Undo merge

    seen = _when_modal(UndoMergeDialog, undo)
    actions["Un&do merge…"].trigger()  # still in owner mode: no second PIN
    _done(seen)
    assert Customer.get_by_id(anne.id).merged_into is None
    assert Visit.get(Visit.customer == anne.id).amount_minor == 1250
    assert window.card.email.text() == "—"
    assert window.card.name.text() == "Ann Smith"


def test_a_merged_customers_card_says_where_they_went(qtbot, open_card, add_customer) -> None:
    from shopcrm.core.merging import merge_customers

    ann = add_customer("Ann", "Smith")
    anne = add_customer("Anne", "Smith")
    merge_customers(ann.id, anne.id)
    view = open_card(anne.id)
    assert view.name.text() == "Anne Smith (merged into Ann Smith)"


def test_a_refused_merge_says_why_in_the_dialog(qtbot, add_customer) -> None:
    from shopcrm.core.merging import merge_customers

    ann = add_customer("Ann", "Smith")
    anne = add_customer("Anne", "Smith")
    bob = add_customer("Bob", "Smith")
    dialog = MergeDialog(customers.get_card(ann.id))
    qtbot.addWidget(dialog)
    dialog.search.setText("Smith")
    dialog.look_up()
    ids = [
        dialog.results.item(r).data(Qt.ItemDataRole.UserRole) for r in range(dialog.results.count())
    ]
    assert ann.id not in ids and {anne.id, bob.id} <= set(ids)
    dialog.results.setCurrentRow(ids.index(bob.id))
    assert dialog.merge_button.isEnabled()
    merge_customers(anne.id, bob.id)  # another till, meanwhile
    dialog.merge()
    assert dialog.error.text() == f"Customer {bob.id} was merged into customer {anne.id} already"
    assert dialog.merged is None


def test_an_answer_about_what_is_no_longer_typed_is_dropped(qtbot, add_customer) -> None:
    add_customer("Ann", "Smith", phone="020 7946 0958")
    dialog = CustomerDialog()
    qtbot.addWidget(dialog)
    dialog.phone.setText("020 7946 0958")
    lookup = dialog.check_duplicates()
    dialog.phone.setText("020 7946 0000")  # typed on while the first look-up ran
    assert lookup is not None
    qtbot.waitUntil(lambda: not lookup.running(), timeout=10_000)
    assert not dialog.duplicates.isVisibleTo(dialog)
    _look(qtbot, dialog)
    assert not dialog.duplicates.isVisibleTo(dialog)  # nobody has the number typed now
