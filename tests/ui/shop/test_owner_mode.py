"""The owner PIN in the window (both engines): the banner of a shop without a PIN, the PIN
prompt an owner action opens, owner mode in the status bar, and Ctrl+L / Lock."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from shopcrm.core import settings, staff
from shopcrm.core.owner import OwnerRequired, require_owner, set_pin
from shopcrm.ui.shop.pin_dialog import PinDialog, SetPinDialog

PIN = "2580"


def _when_modal(kind: type, act: Callable[[object], None]) -> list[object]:
    """Run ``act`` on the next modal dialog of ``kind`` once it shows (it blocks in exec)."""
    seen: list[object] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(10, poll)
            return
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(0, poll)
    return seen


def _owner_id() -> int:
    member = staff.default_staff()
    assert member is not None
    return member.id


def test_a_shop_without_a_pin_shows_the_banner_and_needs_no_pin(qtbot, window) -> None:
    qtbot.waitUntil(window.pin_banner.isVisible)
    assert window.till.requires_owner("change settings") is True  # no dialog: no PIN yet
    qtbot.mouseClick(window.pin_banner.dismiss_button, Qt.MouseButton.LeftButton)
    assert not window.pin_banner.isVisible()
    window.pin_banner.refresh()
    assert not window.pin_banner.isVisible()  # dismissed for the session


def test_setting_the_first_pin_from_the_banner(qtbot, window) -> None:
    qtbot.waitUntil(window.pin_banner.isVisible)

    def fill(dialog) -> None:
        dialog.new.setText(PIN)
        dialog.again.setText(PIN)
        dialog.try_accept()

    seen = _when_modal(SetPinDialog, fill)
    window.pin_banner.set_pin()
    assert seen and not window.pin_banner.isVisible()
    with pytest.raises(OwnerRequired):
        require_owner(None)


def test_a_wrong_pin_says_so_and_esc_changes_nothing(qtbot, window) -> None:
    set_pin(_owner_id(), PIN)
    errors: list[str] = []

    def wrong_then_escape(dialog) -> None:
        dialog.pin.setText("1111")
        dialog.try_accept()
        errors.append(dialog.error.text())
        assert dialog.isVisible() and dialog.pin.text() == ""
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    _when_modal(PinDialog, wrong_then_escape)
    assert window.till.requires_owner("change settings") is False
    assert errors == ["Wrong PIN"]
    assert window.till.owner is None and not window.owner_status.isVisible()


def test_the_right_pin_enters_owner_mode_until_ctrl_l(qtbot, window) -> None:
    set_pin(_owner_id(), PIN)
    qtbot.waitUntil(lambda: window.till.staff_id is not None)
    at_the_till = window.till.staff_id

    def right(dialog) -> None:
        texts = [label.text() for label in dialog.findChildren(type(dialog.error))]
        assert "Only an owner may change settings. An owner's PIN, please." in texts
        dialog.pin.setText(PIN)
        dialog.try_accept()

    _when_modal(PinDialog, right)
    assert window.till.requires_owner("change settings") is True
    proof = window.till.owner
    assert proof is not None
    assert window.owner_status.isVisible()
    assert window.owner_status.label.text() == "Owner mode: Owner"
    assert window.till.staff_id == at_the_till  # permission, not who is at the till
    settings.set_many({"shop_name": "Owner's"}, owner=proof)
    assert window.till.requires_owner("change settings") is True  # no second prompt
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.search.search_box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.till.owner is None and not window.owner_status.isVisible()
    with pytest.raises(OwnerRequired, match="owner mode has ended"):
        settings.set_many({"shop_name": "Locked"}, owner=proof)
    assert settings.load().shop_name == "Owner's"


def test_the_lock_button_and_a_refused_core_call(qtbot, window) -> None:
    set_pin(_owner_id(), PIN)
    _when_modal(PinDialog, lambda d: (d.pin.setText(PIN), d.try_accept()))
    assert window.till.requires_owner("manage staff")
    qtbot.mouseClick(window.owner_status.lock_button, Qt.MouseButton.LeftButton)
    assert window.till.owner is None
    with pytest.raises(OwnerRequired):
        staff.add_staff("Mallory", "owner", owner=window.till.owner)


def test_changing_a_pin_in_the_window_needs_the_old_one(qtbot, shop) -> None:
    set_pin(_owner_id(), PIN)
    dialog = SetPinDialog()
    qtbot.addWidget(dialog)
    assert dialog.old.isEnabled()
    dialog.new.setText("13579")
    dialog.again.setText("13570")
    dialog.try_accept()
    assert dialog.error.text() == "The two new PINs differ"
    dialog.again.setText("13579")
    dialog.old.setText("0000")
    dialog.try_accept()
    assert dialog.error.text() == "Wrong PIN" and not dialog.done_for
    dialog.old.setText(PIN)
    dialog.try_accept()
    assert dialog.done_for == "Owner"
    with pytest.raises(OwnerRequired, match="wrong PIN"):
        set_pin(_owner_id(), "2222", old_pin=PIN)


def test_a_slowed_down_owner_is_told_how_long_to_wait(qtbot, shop) -> None:
    set_pin(_owner_id(), PIN)
    dialog = PinDialog("void vouchers")
    qtbot.addWidget(dialog)
    for _ in range(3):
        dialog.pin.setText("0000")
        dialog.try_accept()
    dialog.pin.setText(PIN)
    dialog.try_accept()
    assert dialog.error.text().startswith("Too many wrong PINs: wait ")
    assert dialog.proof is None
