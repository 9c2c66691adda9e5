"""The Today page: the start page on the right of the counter window (Ctrl+T brings it back).

One tree: a heading per section with its count, the customers under it, each with the reason
they are there. Enter or a double-click opens the card. The rows are computed off the GUI
thread (:func:`shopcrm.ui.ops.run_op`) after the window shows, and again whenever something
may have taken a reason away (a visit logged, a voucher redeemed, a customer changed), so a
row goes as soon as its reason does. The core is imported inside the work, not at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shopcrm.ui.ops import Op, Task, run_op

if TYPE_CHECKING:
    from shopcrm.core.today import Today

#: Section keys with their headings, in the page's order.
CUSTOMER_ROLE = Qt.ItemDataRole.UserRole


class TodayTree(QTreeWidget):
    """Enter on a customer row opens the card (Qt's tree would only expand or collapse)."""

    open_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            if item is not None and item.data(0, CUSTOMER_ROLE):
                self.open_requested.emit(int(item.data(0, CUSTOMER_ROLE)))
                return
        super().keyPressEvent(event)


#: What asks for action comes first: a complaint past its target, a promised call, a regular
#: drifting away; then the greetings and the vouchers about to lapse. (The command line's JSON
#: keeps the core's order.)
SHOWN_FIRST = (
    "complaints_overdue",
    "followups_due",
    "late_regulars",
    "birthdays",
    "vouchers_expiring",
)


class TodayPage(QWidget):
    """``open_requested(customer_id)`` when a row is chosen; :meth:`refresh` reads again."""

    open_requested = Signal(int)
    refreshed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayPage")
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setText(self.tr("Today"))
        self.tree = TodayTree()
        self.tree.setObjectName("todayTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Customer"), self.tr("Why")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemActivated.connect(self._activated)
        self.tree.open_requested.connect(self.open_requested)
        self.status = QLabel(self.tr("Looking at today…"))
        self.status.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status)
        self.op: Op | None = None
        self._again = False
        self.today: Today | None = None

    def headings(self) -> dict[str, str]:
        return {
            "birthdays": self.tr("Birthdays this week"),
            "followups_due": self.tr("Follow-ups due"),
            "late_regulars": self.tr("Regulars who are late"),
            "vouchers_expiring": self.tr("Vouchers expiring in the next 14 days"),
            "complaints_overdue": self.tr("Complaints past their target"),
        }

    def refresh(self) -> None:
        """Read the page again off the GUI thread (once more after, if asked while reading)."""
        if self.op is not None:
            self._again = True
            return

        def work(_task: Task) -> Today:
            from shopcrm.core.today import today_page
            from shopcrm.core.vouchers.views import local_today

            return today_page(local_today())

        self.op = run_op(self, work, self._show, on_failure=self._failed)
        self.op.ended.connect(self._ended)

    def _ended(self) -> None:
        self.op = None
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, error: Exception) -> None:
        self.status.setText(str(error))

    def _show(self, today: Today) -> None:
        from shopcrm.ui.today.reasons import reason_text
        from shopcrm.ui.widgets.formatting import shop_formats
        from shopcrm.ui.widgets.plural import plural_tr

        shop = shop_formats()
        self.today = today
        self.title.setText(self.tr("Today, %1").replace("%1", shop.date(today.day)))
        current = self._current_key()
        self.tree.clear()
        headings = self.headings()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        order = [k for k in SHOWN_FIRST if k in today.sections]
        for key in [*order, *(k for k in today.sections if k not in order)]:
            rows = today.sections[key]
            count = plural_tr("TodayPage", "%n customer(s)", len(rows)) if rows else self.tr("none")
            heading = QTreeWidgetItem([f"{headings.get(key, key)} — {count}", ""])
            heading.setFont(0, bold)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(heading)
            heading.setFirstColumnSpanned(True)  # only once in the tree
            for row in rows:
                reason = reason_text(row.kind, row.detail, shop, row.reason)
                item = QTreeWidgetItem(heading, [row.name, reason])
                item.setData(0, CUSTOMER_ROLE, row.customer_id)
                item.setData(1, CUSTOMER_ROLE, f"{key}:{row.customer_id}")
                item.setToolTip(1, reason)
            heading.setExpanded(True)
        self._fit_names()
        self._restore_current(current)
        self.status.setText(self.tr("Enter or a double-click opens the card."))
        self.refreshed.emit()

    def _current_key(self) -> Any:
        item = self.tree.currentItem()
        return item.data(1, CUSTOMER_ROLE) if item is not None else None

    def _fit_names(self) -> None:
        """The name column as wide as the longest name (the headings span both columns and
        do not count), at most two fifths of the page: the reasons get the rest."""
        metrics = self.tree.fontMetrics()
        widest = max((metrics.horizontalAdvance(i.text(0)) for i in self.rows()), default=0)
        wanted = widest + self.tree.indentation() + 3 * metrics.averageCharWidth()
        self.tree.setColumnWidth(0, min(wanted, max(120, self.tree.viewport().width() * 2 // 5)))

    def rows(self) -> list[QTreeWidgetItem]:
        """The customer rows, in order (the headings left out)."""
        items = []
        for top in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(top)
            if heading is not None:
                items += [c for i in range(heading.childCount()) if (c := heading.child(i))]
        return items

    def _restore_current(self, key: Any) -> None:
        rows = self.rows()
        for item in rows:
            if key is not None and item.data(1, CUSTOMER_ROLE) == key:
                self.tree.setCurrentItem(item)
                return
        if rows:
            self.tree.setCurrentItem(rows[0])

    def customer_ids(self, section: str) -> list[int]:
        """The customers a section shows now (for tests and the keyboard)."""
        return [row.customer_id for row in self.today.sections[section]] if self.today else []

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        customer_id = item.data(0, CUSTOMER_ROLE)
        if customer_id:
            self.open_requested.emit(int(customer_id))
