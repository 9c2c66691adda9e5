"""The Follow-ups list (Customer → Follow-ups…): every follow-up, filtered by status (or
"overdue": open and late), kind and assignee; late ones in red. Enter or a double click opens
the customer's card; Done…, Drop… and Give to… act on the selected one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core import settings
from shopcrm.core.errors import ShopError
from shopcrm.core.followups import (
    KINDS,
    OVERDUE,
    FollowupView,
    drop_followup,
    list_followups,
    reassign_followup,
)
from shopcrm.core.staff import list_staff
from shopcrm.ui.followups.list_model import FollowupsModel
from shopcrm.ui.followups.words import kind_name, status_name
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.buddy_label import buddy_label
from shopcrm.ui.widgets.form_errors import error_label, show_error
from shopcrm.ui.widgets.plural import plural_tr
from shopcrm.ui.widgets.shop_money import ShopMoney


class FollowupsWindow(QDialog):
    """Non-modal; ``open_customer(id)`` when a row is opened."""

    open_customer = Signal(int)

    def __init__(self, parent: QWidget | None, till: Till | None) -> None:
        super().__init__(parent)
        self.till = till
        self.setWindowTitle(self.tr("Follow-ups"))
        self.status = QComboBox()
        for value, text in (
            ("open", status_name("open")),
            (OVERDUE, self.tr("Overdue")),
            ("done", status_name("done")),
            ("dropped", status_name("dropped")),
            (None, self.tr("All")),
        ):
            self.status.addItem(text, value)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Every kind"), None)
        for kind in KINDS:
            self.kind.addItem(kind_name(kind), kind)
        self.assignee = QComboBox()
        self.assignee.addItem(self.tr("Anybody"), None)
        for member in list_staff(include_inactive=True):
            self.assignee.addItem(member.name, member.id)
        self.model = FollowupsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.count = QLabel()
        self.error = error_label()
        self.done_button = QPushButton(self.tr("&Done…"))
        self.drop_button = QPushButton(self.tr("D&rop…"))
        self.open_button = QPushButton(self.tr("&Open card"))
        self.give_button = QPushButton(self.tr("&Give to…"))
        self.give_button.setToolTip(self.tr("Give the selected follow-up to someone else"))
        self.done_button.clicked.connect(self.close_selected)
        self.give_button.clicked.connect(lambda: self.give_selected())
        self.drop_button.clicked.connect(self.drop_selected)
        self.open_button.clicked.connect(lambda: self._open(self._row()))
        for combo in (self.status, self.kind, self.assignee):
            combo.currentIndexChanged.connect(self.refresh)

        filters = QHBoxLayout()
        filters.addWidget(buddy_label(self.tr("&Status:"), self.status))
        filters.addWidget(self.status)
        filters.addWidget(buddy_label(self.tr("&Kind:"), self.kind))
        filters.addWidget(self.kind)
        filters.addWidget(buddy_label(self.tr("&For:"), self.assignee))
        filters.addWidget(self.assignee)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.give_button)
        buttons.addWidget(self.drop_button)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(900, 480)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        rows = list_followups(
            status=self.status.currentData(),
            kind=self.kind.currentData(),
            assignee_id=self.assignee.currentData(),
            limit=1000,
        )
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.count.setText(plural_tr("FollowupsWindow", "%n follow-up(s)", len(rows)))
        show_error(self.error, "")

    def _row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def selected(self) -> FollowupView | None:
        return self.model.followup(self._row())

    def _open(self, row: int) -> None:
        followup = self.model.followup(row)
        if followup is not None:
            self.open_customer.emit(followup.customer_id)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self._open(self._row())
            return
        super().keyPressEvent(event)

    def close_selected(self) -> None:
        from shopcrm.ui.followups.close_dialog import CloseDialog

        followup = self.selected()
        if followup is None or followup.status != "open":
            return
        money = ShopMoney.from_settings(settings.load())
        if CloseDialog.ask(self, followup, money, self.till) is not None:
            self.refresh()

    def drop_selected(self) -> None:
        from shopcrm.ui.followups.close_dialog import DropDialog

        followup = self.selected()
        if followup is None or followup.status != "open":
            return
        reason = DropDialog.ask(self, f"{kind_name(followup.kind)}: {followup.about}")
        if reason is None:
            return
        try:
            drop_followup(followup.id, reason, staff_id=self.till.staff_id if self.till else None)
        except ShopError as exc:
            show_error(self.error, str(exc))
            return
        self.refresh()

    def give_selected(self, assignee_id: int | None = None) -> None:
        """Give the selected open follow-up to someone who works here now (asked for, among
        them, when ``assignee_id`` is not given)."""
        followup = self.selected()
        if followup is None or followup.status != "open":
            return
        if assignee_id is None:
            assignee_id = self._ask_assignee(followup)
            if assignee_id is None:
                return
        try:
            reassign_followup(
                followup.id, assignee_id, staff_id=self.till.staff_id if self.till else None
            )
        except ShopError as exc:
            show_error(self.error, str(exc))
            return
        self.refresh()

    def _ask_assignee(self, followup: FollowupView) -> int | None:
        people = list_staff()
        if not people:
            show_error(self.error, self.tr("Nobody works here yet: add staff in Settings"))
            return None
        names = [member.name for member in people]
        current = next((i for i, m in enumerate(people) if m.id == followup.assignee_id), 0)
        what = self.fontMetrics().elidedText(
            f"{kind_name(followup.kind)}: {followup.about}", Qt.TextElideMode.ElideRight, 360
        )
        question = self.tr("Who takes “%1” now?").replace("%1", what)
        name, chosen = QInputDialog.getItem(
            self, self.tr("Give to"), question, names, current, False
        )
        return people[names.index(name)].id if chosen else None
