"""The Follow-ups and Feedback lists (both engines): filters, late rows in red, a row opening
the customer's card, closing from the list; and the main window's Customer menu entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from shopcrm.core import followups, settings, staff
from shopcrm.core.visits import log_visit
from shopcrm.db.care_models import AuditEntry
from shopcrm.ui.followups.capture_dialog import CaptureDialog
from shopcrm.ui.followups.close_dialog import CloseDialog
from shopcrm.ui.followups.feedback_window import FeedbackWindow
from shopcrm.ui.followups.list_window import FollowupsWindow
from shopcrm.ui.shop.till import Till
from tests.ui.shop.test_owner_mode import _when_modal


def _shop(add_customer) -> dict[str, int]:
    ann = add_customer("Ann", "Late").id
    bob = add_customer("Bob", "Soon").id
    jo = staff.add_staff("Jo Baker").id
    old = datetime.now(UTC) - timedelta(days=8)
    late = followups.add_followup(ann, "complaint", "Stale bread", now=old).id
    call = followups.add_followup(bob, "callback", "Ring about cake", assignee_id=jo).id
    return {"ann": ann, "bob": bob, "jo": jo, "late": late, "call": call}


def test_filters_and_late_rows(qtbot, qtmodeltester, add_customer) -> None:
    ids = _shop(add_customer)
    window = FollowupsWindow(None, Till())
    qtbot.addWidget(window)
    qtmodeltester.check(window.model)
    assert {f.id for f in window.model.rows} == {ids["late"], ids["call"]}
    window.kind.setCurrentIndex(window.kind.findData("callback"))
    assert [f.id for f in window.model.rows] == [ids["call"]]
    window.kind.setCurrentIndex(0)
    window.assignee.setCurrentIndex(window.assignee.findData(ids["jo"]))
    assert [f.id for f in window.model.rows] == [ids["call"]]
    window.assignee.setCurrentIndex(0)
    window.status.setCurrentIndex(window.status.findData("overdue"))
    assert [f.id for f in window.model.rows] == [ids["late"]]
    index = window.model.index(0, 0)
    assert window.model.data(index, Qt.ItemDataRole.ForegroundRole) is not None  # red
    assert window.model.data(window.model.index(0, 4), Qt.ItemDataRole.DisplayRole) != ""
    with qtbot.waitSignal(window.open_customer) as opened:
        window.table.doubleClicked.emit(index)
    assert opened.args == [ids["ann"]]


def test_close_from_the_list(qtbot, add_customer) -> None:
    ids = _shop(add_customer)
    window = FollowupsWindow(None, Till())
    qtbot.addWidget(window)
    window.show()
    row = next(i for i, f in enumerate(window.model.rows) if f.id == ids["call"])
    window.table.selectRow(row)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CloseDialog)
        assert not dialog.give.isVisible()  # a call-back gives no voucher
        dialog.resolution.setText("Rang, all good")
        dialog.ok_button.click()

    QTimer.singleShot(0, answer)
    window.close_selected()
    assert followups.get_followup(ids["call"]).status == "done"
    assert ids["call"] not in [f.id for f in window.model.rows]


def test_give_a_follow_up_to_someone_else(qtbot, add_customer) -> None:
    ids = _shop(add_customer)
    sam = staff.add_staff("Sam Reed").id
    gone = staff.add_staff("Lee Gone").id
    staff.set_active(gone, False)
    window = FollowupsWindow(None, Till())
    qtbot.addWidget(window)
    window.show()
    window.table.selectRow(next(i for i, f in enumerate(window.model.rows) if f.id == ids["call"]))

    asked: list[list[str]] = []

    def choose(name: str | None):
        def act(dialog: QInputDialog) -> None:
            asked.append(dialog.comboBoxItems())
            if name is None:
                dialog.reject()
            else:
                dialog.setTextValue(name)
                dialog.accept()

        return act

    _when_modal(QInputDialog, choose(None))
    window.give_button.click()
    assert followups.get_followup(ids["call"]).assignee_id == ids["jo"]  # Cancel: unchanged
    assert "Lee Gone" not in asked[0] and {"Jo Baker", "Sam Reed"} <= set(asked[0])

    _when_modal(QInputDialog, choose("Sam Reed"))
    window.give_button.click()
    assert followups.get_followup(ids["call"]).assignee_id == sam
    row = next(f for f in window.model.rows if f.id == ids["call"])
    assert row.assignee == "Sam Reed"  # the list read again
    assert AuditEntry.select().where(AuditEntry.action == "followup.assign").count() == 1

    window.table.selectRow(next(i for i, f in enumerate(window.model.rows) if f.id == ids["call"]))
    window.give_selected(gone)  # someone who left: refused in one line, nothing changed
    assert window.error.isVisible() and "\n" not in window.error.text()
    assert followups.get_followup(ids["call"]).assignee_id == sam


def test_feedback_window_shows_the_monthly_average(qtbot, add_customer) -> None:
    settings.set_value("complaint_score_threshold", "0")
    ann = add_customer("Ann").id
    log_visit(ann, satisfaction=2, feedback="Slow")
    log_visit(ann, satisfaction=5, feedback="Lovely")
    window = FeedbackWindow()
    qtbot.addWidget(window)
    assert window.months.rowCount() == 1
    assert window.months.item(0, 2).text() == "3.5"
    assert window.comments.rowCount() == 2
    assert window.comments.item(0, 4).text() == "Lovely"
    window.scores.setCurrentIndex(1)  # low (1-2)
    assert [window.comments.item(r, 4).text() for r in range(window.comments.rowCount())] == [
        "Slow"
    ]
    with qtbot.waitSignal(window.open_customer) as opened:
        window.comments.doubleClicked.emit(window.comments.model().index(0, 0))
    assert opened.args == [ann]


def test_the_customer_menu_has_the_follow_up_entries(qtbot, window, add_customer) -> None:
    customer = add_customer("Ann")
    texts = [a.text() for a in window.followup_actions.actions()]
    assert any("Ctrl+Shift+F" in t for t in texts)
    window.open_customer(customer.id)
    seen = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(isinstance(dialog, CaptureDialog))
        dialog.reject()

    QTimer.singleShot(0, answer)
    window.followup_actions.capture_action.trigger()
    assert seen == [True]
    lists = window.followup_actions.show_followups()
    assert lists.isVisible()
    assert window.followup_actions.show_feedback().isVisible()
