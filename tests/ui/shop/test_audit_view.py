"""Tools → Audit log… (both engines): opens on the newest changes, reads a page at a time as
the table scrolls, filters by action and by day, and asks for the owner PIN in a shop with one
(nothing shown when it is not given)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication

from shopcrm.core import staff, visits
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.owner import set_pin
from shopcrm.ui.shop import audit_view
from shopcrm.ui.shop.audit_view import AuditView
from shopcrm.ui.shop.pin_dialog import PinDialog

PIN = "2580"


def _when_modal(kind: type, act: Callable[[object], None]) -> list[object]:
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


def _actions(view: AuditView) -> list[str]:
    return [line.action for line in view.model.rows]


def _open(window) -> AuditView:
    assert window.maintenance.audit_action in window.maintenance.actions()
    view = window.maintenance.show_audit()
    assert view is not None and view.isVisible()
    return view


def test_it_opens_on_the_newest_change_with_who_and_what(qtbot, window) -> None:
    ann = add_customer(CustomerInput("Ann")).id
    visits.log_visit(ann, amount_minor=1250, staff_id=window.till.staff_id)
    view = _open(window)
    assert _actions(view)[:2] == ["visit.log", "customer.add"]
    model = view.model
    cells = [model.data(model.index(0, column)) for column in range(model.columnCount())]
    assert cells[1] == window.till.staff.name and cells[3] == "visit.log" and cells[4] == str(ann)
    assert "12.50" in cells[5] and cells[2]
    view.close()


def test_it_reads_a_page_at_a_time(qtbot, window, monkeypatch) -> None:
    monkeypatch.setattr(audit_view, "PAGE", 5)
    ann = add_customer(CustomerInput("Ann")).id
    for _ in range(12):
        visits.log_visit(ann)
    view = _open(window)
    qtbot.waitUntil(lambda: view.model.pages_read >= 1)
    first = view.model.pages_read
    assert view.model.rowCount() == 5 * first < 14  # never every row at once
    while view.model.canFetchMore(view.model.index(-1, -1)):
        view.model.fetchMore(view.model.index(-1, -1))
    ids = [line.id for line in view.model.rows]
    assert len(ids) == len(set(ids)) == 14 and ids == sorted(ids, reverse=True)
    view.close()


def test_it_filters_by_action_and_by_day(qtbot, window) -> None:
    ann = add_customer(CustomerInput("Ann")).id
    visits.log_visit(ann)
    staff.add_staff("Jo Baker")
    view = _open(window)
    view.action.setCurrentIndex(view.action.findData("visit.log"))
    assert _actions(view) == ["visit.log"]
    view.action.setCurrentIndex(view.action.findData("staff."))
    assert _actions(view) == ["staff.add"]
    view.action.setCurrentIndex(0)
    tomorrow = date.today() + timedelta(days=1)
    view.from_day.setChecked(True)
    view.day.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    assert _actions(view) == []
    view.from_day.setChecked(False)
    assert "staff.add" in _actions(view)
    view.close()


def test_it_asks_for_the_owner_pin_and_shows_nothing_without_it(qtbot, window) -> None:
    set_pin(window.till.staff_id, PIN)
    seen = _when_modal(PinDialog, lambda d: d.reject())
    assert window.maintenance.show_audit() is None
    assert seen
    qtbot.waitUntil(lambda: not isinstance(QApplication.activeWindow(), PinDialog))
    seen = _when_modal(PinDialog, lambda d: (d.pin.setText(PIN), d.try_accept()))
    view = window.maintenance.show_audit()
    assert seen and view is not None
    assert _actions(view)[0] == "staff.pin"
    view.close()
