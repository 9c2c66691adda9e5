"""The staff list: add someone, deactivate and reactivate, refusals shown under the field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from shopcrm.core import staff
from shopcrm.ui.shop.staff_dialog import NAME, ROLE, STATUS, StaffDialog


@pytest.fixture
def dialog(qtbot, shop):
    dlg = StaffDialog()
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _rows(dialog: StaffDialog) -> list[tuple[str, str, str]]:
    table = dialog.table
    return [
        tuple(table.item(row, column).text() for column in (NAME, ROLE, STATUS))
        for row in range(table.rowCount())
    ]


def test_lists_everyone_with_role_and_status(dialog):
    assert _rows(dialog) == [("Owner", "Owner", "Active")]
    assert not dialog.toggle_button.isEnabled()  # nothing selected yet


def test_adding_a_cashier_with_the_keyboard(dialog, qtbot):
    qtbot.keyClicks(dialog.name, "Sam")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert [m.name for m in staff.list_staff()] == ["Owner", "Sam"]
    assert ("Sam", "Cashier", "Active") in _rows(dialog)
    assert dialog.name.text() == ""
    assert dialog.selected_member().name == "Sam"
    assert dialog.changed


def test_adding_an_owner(dialog, qtbot):
    dialog.name.setText("Maya")
    dialog.role.setCurrentIndex(dialog.role.findData("owner"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert staff.find_staff("Maya").role == "owner"


@pytest.mark.parametrize(("name", "words"), [("", "a name is needed"), ("Owner", "already")])
def test_a_refused_name_is_explained_under_the_field(dialog, qtbot, name, words):
    dialog.name.setText(name)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.name_error.isVisible()
    assert words in dialog.name_error.text().lower()
    assert len(staff.list_staff(include_inactive=True)) == 1
    assert not dialog.changed

    dialog.name.setText("Sam")  # put right: the message goes
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert not dialog.name_error.isVisible()


def test_deactivate_and_reactivate(dialog, qtbot):
    sam = staff.add_staff("Sam")
    dialog.reload(select_id=sam.id)
    assert dialog.toggle_button.text() == "&Deactivate"

    qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    assert [m.name for m in staff.list_staff()] == ["Owner"]
    assert _rows(dialog)[-1] == ("Sam", "Cashier", "Left")  # those who left come last
    assert dialog.toggle_button.text() == "&Reactivate"

    qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    assert [m.name for m in staff.list_staff()] == ["Owner", "Sam"]
    assert dialog.changed


def test_enter_adds_the_person_once_and_says_nothing_wrong(dialog, qtbot):
    """Enter used to add the person, then press Add again with the emptied name: "A name
    is needed" under a name that had just been added."""
    qtbot.waitUntil(dialog.name.hasFocus)
    qtbot.keyClicks(dialog.name, "Sam")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert [m.name for m in staff.list_staff()] == ["Owner", "Sam"]
    assert not dialog.name_error.isVisible() and dialog.name_error.text() == ""
    qtbot.waitUntil(dialog.name.hasFocus)  # ready for the next person
    qtbot.keyClicks(dialog.name, "Maya")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)  # to the role
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Down)  # Owner
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert sorted((m.name, m.role) for m in staff.list_staff()) == [
        ("Maya", "owner"),
        ("Owner", "owner"),
        ("Sam", "cashier"),
    ]
    assert not dialog.name_error.isVisible()
