"""Follow-ups on the card, by keyboard (both engines): a complaint captured with Ctrl+Shift+F,
the text and Enter, shown pinned at the top; closed with a recovery voucher; a low score
given from the visit line (Alt+2) opening a complaint by itself; a late one in red."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from shopcrm.core import followups, vouchers
from shopcrm.db.care_models import Followup
from shopcrm.ui.followups.capture_dialog import CaptureDialog
from shopcrm.ui.followups.close_dialog import CloseDialog


def _when_dialog_opens(act: Callable[[QWidget], None]) -> None:
    """Act on the next modal dialog once it is up and has the keys (its ``exec`` holds the
    test until then)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or QApplication.activeWindow() is not dialog:
            QTimer.singleShot(10, poll)
        else:
            act(dialog)

    QTimer.singleShot(0, poll)


def _type(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)


def test_a_complaint_captured_by_keyboard_then_closed_with_a_voucher(
    qtbot, open_card, add_customer
) -> None:
    customer = add_customer("Olga", "Petrova")
    view = open_card(customer.id)
    assert not view.followups.isVisible()
    seen: list[str] = []

    def capture(dialog: QWidget) -> None:
        assert isinstance(dialog, CaptureDialog)
        assert dialog.kind() == "complaint" and dialog.about.hasFocus()
        seen.append(dialog.kind())
        _type(qtbot, "Cake was stale")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    _when_dialog_opens(capture)
    qtbot.keyClick(
        view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: view.followups.followups != [])
    assert seen == ["complaint"]
    (made,) = followups.open_followups(customer.id)
    assert (made.kind, made.about) == ("complaint", "Cake was stale")
    assert made.assignee is not None  # the person at the till
    assert view.followups.isVisible()
    assert "Cake was stale" in view.followups.texts()[0]
    assert "0 working days" in view.followups.texts()[0]

    def close(dialog: QWidget) -> None:
        assert isinstance(dialog, CloseDialog)
        assert dialog.resolution.hasFocus()
        _type(qtbot, "Refunded and apologised")
        qtbot.keyClick(dialog.give, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(dialog.amount.hasFocus)
        _type(qtbot, "5")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    _when_dialog_opens(close)
    row = view.followups._layout.itemAt(0).widget()
    done_button = next(b for b in row.findChildren(type(view.edit_button)) if "Done" in b.text())
    done_button.click()
    qtbot.waitUntil(lambda: view.followups.followups == [])
    closed = followups.get_followup(made.id)
    assert (closed.status, closed.resolution) == ("done", "Refunded and apologised")
    (voucher,) = vouchers.customer_vouchers(customer.id)
    assert voucher.value.amount_minor == 500
    assert closed.voucher_code is not None
    assert [v.code for v in view.vouchers.vouchers] == [voucher.code]  # shown on the card
    assert not view.followups.isVisible()


def test_a_low_score_from_the_visit_line_opens_a_complaint(qtbot, open_card, add_customer) -> None:
    customer = add_customer("Ben")
    view = open_card(customer.id)
    panel = view.visit_panel
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(panel.amount.hasFocus)
    _type(qtbot, "4.50")
    qtbot.keyClick(panel.amount, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(panel.feedback.hasFocus)
    assert panel.satisfaction.currentData() == 2 and panel.more.isVisible()
    _type(qtbot, "Coffee was cold")
    qtbot.keyClick(panel.feedback, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.followups.followups != [])
    (complaint,) = view.followups.followups
    assert complaint.kind == "complaint"
    assert complaint.about == "Scored the visit 2 of 5: Coffee was cold"
    assert "complaint" in panel.confirmation.text()


def test_a_score_above_the_threshold_opens_nothing(qtbot, open_card, add_customer) -> None:
    customer = add_customer("Cleo")
    view = open_card(customer.id)
    panel = view.visit_panel
    panel.start()
    qtbot.keyClick(panel.amount, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(panel.feedback, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.confirmation.isVisible())
    assert view.followups.followups == []
    assert Followup.select().count() == 0


def test_a_complaint_past_its_target_is_red(qtbot, open_card, add_customer) -> None:
    customer = add_customer("Dora")
    old = datetime.now(UTC) - timedelta(days=8)
    followups.add_followup(customer.id, "complaint", "Late order", now=old)
    view = open_card(customer.id)
    (shown,) = view.followups.followups
    assert shown.late and shown.age_days > 2
    label = view.followups._layout.itemAt(0).widget().findChildren(type(view.name))[0]
    assert label.toolTip() != ""
    assert label.palette().color(label.foregroundRole()) != view.name.palette().color(
        view.name.foregroundRole()
    )


def test_a_pinned_alert_for_a_week_and_a_snooze(qtbot, open_card, add_customer) -> None:
    from shopcrm.core import notes

    customer = add_customer("Eve")
    view = open_card(customer.id)
    editor = view.note_editor
    assert not editor.until.isEnabled()
    editor.text.setText("Ask how the move went")
    editor.pin.setChecked(True)
    editor.until.setCurrentIndex(editor.until.findData(7))
    editor.submit()
    (alert,) = view.pinned.notes
    assert alert.pinned_until == notes.local_today() + timedelta(days=6)
    assert "until" in view.pinned.findChildren(type(view.name))[0].text()
    view.pinned.snooze(alert.id, 1)
    assert view.pinned.texts() == [] and not view.pinned.isVisible()
    view.refresh_history()  # read again: still snoozed today, back tomorrow
    assert view.pinned.texts() == []
    tomorrow = notes.local_today() + timedelta(days=1)
    assert [n.text for n in notes.pinned_notes(customer.id, tomorrow)] == ["Ask how the move went"]
