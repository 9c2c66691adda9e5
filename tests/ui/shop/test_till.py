"""The person at the till: chosen in the status bar, remembered, recorded on every change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from shopcrm.core import staff, visits
from shopcrm.db import parse_location
from shopcrm.db.models import Customer, Note, Visit
from shopcrm.ui.card.customer_dialog import CustomerDialog
from shopcrm.ui.main_window import MainWindow
from shopcrm.ui.shop.till import Till


@pytest.fixture
def team(shop):
    """The "Owner" every new shop starts with (a fresh till's person), and a cashier."""
    owner = staff.default_staff()
    assert owner is not None and owner.name == "Owner"
    return owner, staff.add_staff("Sam", "cashier")


def _loaded(qtbot, window: MainWindow, staff_id: int | None) -> None:
    qtbot.waitUntil(lambda: window.till.staff_id == staff_id)


def _visits_of(customer_id: int) -> list[visits.VisitView]:
    return [visits.get_visit(v.id) for v in Visit.select().where(Visit.customer == customer_id)]


def _choose(qtbot, window: MainWindow, name: str) -> None:
    """Pick a person the way the keyboard does: arrows on the (closed) combo."""
    combo = window.till_switcher
    target = next(i for i in range(combo.count()) if combo.itemText(i).startswith(name))
    step = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, step)


def test_the_till_starts_with_the_owner_after_the_window_shows(team, window, qtbot):
    owner, _sam = team
    _loaded(qtbot, window, owner.id)
    combo = window.till_switcher
    assert combo.currentText() == "Owner"
    staff.add_staff("Maya", "owner")
    combo.reload()
    assert [combo.itemText(i) for i in range(combo.count()) if combo.itemText(i)] == [
        "Maya (owner)",
        "Owner",
        "Sam",
        "Manage staff…",
    ]
    assert combo.currentText() == "Owner"


def test_switching_person_is_recorded_on_the_next_visit_note_and_change(
    team, window, qtbot, add_customer
):
    owner, sam = team
    customer = add_customer("Olga")
    _loaded(qtbot, window, owner.id)

    window.switch_staff_action.trigger()  # Ctrl+Shift+S: the list of staff drops down
    qtbot.waitUntil(window.till_switcher.view().isVisible)
    window.till_switcher.hidePopup()
    qtbot.waitUntil(window.till_switcher.hasFocus)
    _choose(qtbot, window, "Sam")
    assert window.till.staff_id == sam.id

    window.open_customer(customer.id)
    card = window.card
    card.start_visit()
    qtbot.keyClicks(card.visit_panel.amount, "4.50")
    with qtbot.waitSignal(card.customer_changed):
        qtbot.keyClick(card.visit_panel.amount, Qt.Key.Key_Return)
    assert [v.staff for v in _visits_of(customer.id)] == ["Sam"]

    window.add_note_action.trigger()
    qtbot.keyClicks(card.note_editor.text, "likes oat milk")
    qtbot.keyClick(card.note_editor.text, Qt.Key.Key_Return)
    assert [n.staff_id for n in Note.select().where(Note.customer == customer.id)] == [sam.id]

    def rename() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CustomerDialog)
        dialog.last_name.setText("Novak")
        dialog.save()

    QTimer.singleShot(0, rename)
    window.edit_customer_action.trigger()
    assert Customer.get_by_id(customer.id).updated_by_id == sam.id


def test_quick_add_records_the_person_at_the_till(team, window, qtbot):
    owner, _sam = team
    _loaded(qtbot, window, owner.id)
    dialog = CustomerDialog(window)
    qtbot.addWidget(dialog)
    dialog.first_name.setText("Zofia")
    assert dialog.save()
    assert Customer.get_by_id(dialog.saved_card.id).updated_by_id == owner.id


def test_the_person_is_remembered_for_this_till(team, window, qtbot, shop_location):
    _owner, sam = team
    _loaded(qtbot, window, _owner.id)
    _choose(qtbot, window, "Sam")
    window.close()

    again = MainWindow(parse_location(shop_location))
    qtbot.addWidget(again)
    _loaded(qtbot, again, sam.id)
    assert again.till_switcher.currentText() == "Sam"


def test_manage_staff_entry_opens_the_staff_list_and_keeps_the_person(
    team, window, qtbot, monkeypatch
):
    from shopcrm.ui.shop.staff_dialog import StaffDialog

    owner, sam = team
    _loaded(qtbot, window, owner.id)
    opened: list[object] = []
    monkeypatch.setattr(StaffDialog, "ask", staticmethod(lambda parent: opened.append(parent)))
    combo = window.till_switcher
    for _ in range(combo.count()):  # arrows on the closed list never reach the command
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert opened == []
    assert combo.currentText() == "Sam"
    combo.showPopup()  # from the open list it is one keystroke away: the last entry
    qtbot.waitUntil(combo.view().isVisible)
    qtbot.keyClick(combo.view(), Qt.Key.Key_End)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
    assert opened == [window]
    assert combo.currentText() == "Sam"
    assert window.till.staff_id == sam.id


def test_someone_deactivated_leaves_the_till(team, window, qtbot, monkeypatch):
    owner, sam = team
    _loaded(qtbot, window, owner.id)
    _choose(qtbot, window, "Sam")

    from shopcrm.ui.shop.staff_dialog import StaffDialog

    def sam_leaves(_parent) -> bool:
        staff.set_active(sam.id, False)
        return True

    monkeypatch.setattr(StaffDialog, "ask", staticmethod(sam_leaves))
    window.manage_staff_action.trigger()
    assert window.till.staff_id == owner.id
    assert window.till_switcher.findText("Sam") == -1


def test_nobody_at_the_till_until_someone_is_added(team, window, qtbot, monkeypatch):
    from shopcrm.ui.shop.staff_dialog import StaffDialog

    owner, _sam = team
    _loaded(qtbot, window, owner.id)
    for member in team:
        staff.set_active(member.id, False)
    window.load_till()
    assert window.till.staff_id is None
    assert window.till_switcher.currentText() == "Nobody at the till"
    assert window.till_switcher.itemText(window.till_switcher.count() - 1) == "Manage staff…"

    added: list[int] = []
    monkeypatch.setattr(
        StaffDialog,
        "ask",
        staticmethod(lambda _parent: added.append(staff.add_staff("Ana", "owner").id) or True),
    )
    window.manage_staff_action.trigger()
    assert window.till.staff_id == added[0]
    assert window.till_switcher.currentText() == "Ana (owner)"


def test_owner_actions_go_through_one_gate(shop):
    assert Till().requires_owner("change the shop's settings") is True
