"""Tools → Audit log…: who changed what, when and at which till, newest first (owners only).

The rows come from :func:`shopcrm.core.audit_log.entries` a page at a time (:data:`PAGE` rows,
each page the rows older than the last one shown): the table's model fetches the next page
only when the view scrolls to its end (Qt's ``canFetchMore``/``fetchMore``), so a shop with a
million rows opens as fast as one with ten, and never reads them all. Choosing an action or a
first day reads the first page again. Opening it asks for the owner PIN when the shop has one
(:meth:`Till.requires_owner`), and core checks the proof again on every page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core.audit import ACTIONS
from shopcrm.core.audit_log import AuditLine, changes_text, entries
from shopcrm.core.errors import ShopError
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.formatting import shop_formats, show_days_the_shop_way

if TYPE_CHECKING:
    from shopcrm.core.owner import OwnerProof

#: Rows read at a time: a screenful or three.
PAGE = 100
_Index = QModelIndex | QPersistentModelIndex


class AuditModel(QAbstractTableModel):
    """The log as a table, read a page at a time; ``failed`` says why a page could not be."""

    failed = Signal(str)

    def __init__(self, owner: Callable[[], OwnerProof | None], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.owner = owner
        self.rows: list[AuditLine] = []
        self.more = False
        self.action: str | None = None
        self.since: datetime | None = None
        self.pages_read = 0
        self.headers = [
            self.tr("When"),
            self.tr("Who"),
            self.tr("Till"),
            self.tr("What"),
            self.tr("Subject"),
            self.tr("Changes"),
        ]

    def show(self, action: str | None, since: datetime | None) -> None:
        """Start again from the newest row that matches."""
        self.beginResetModel()
        self.rows, self.more, self.action, self.since = [], True, action, since
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self.more

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid() or not self.more:
            return
        try:
            page = entries(
                owner=self.owner(),
                since=self.since,
                action=self.action,
                before_id=self.rows[-1].id if self.rows else None,
                limit=PAGE,
            )
        except ShopError as exc:  # the owner mode ended, the database went away
            self.more = False
            self.failed.emit(str(exc))
            return
        self.pages_read += 1
        self.more = len(page) == PAGE
        if page:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        line = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return shop_formats().date_time(line.at)
        if column == 5:
            return changes_text(line.changes, shop_formats())
        return (line.staff or "—", line.till, line.action, line.subject)[column - 1]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class AuditView(QDialog):
    """The log with its filters: an action (or a family such as ``voucher.``) and a first day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Audit log"))
        till = Till.of(parent)
        self.model = AuditModel(lambda: till.owner if till is not None else None, self)
        self.action = QComboBox()
        self.action.addItem(self.tr("All changes"), None)
        for family in dict.fromkeys(name.split(".")[0] + "." for name in ACTIONS):
            self.action.addItem(family.rstrip(".") + " (" + self.tr("all") + ")", family)
            for name in ACTIONS:
                if name.startswith(family):
                    self.action.addItem("    " + name, name)
        what = QLabel(self.tr("&What:"))
        what.setBuddy(self.action)
        self.from_day = QCheckBox(self.tr("&From:"))
        self.day = QDateEdit()
        show_days_the_shop_way(self.day)
        start = date.today() - timedelta(days=30)
        self.day.setDate(QDate(start.year, start.month, start.day))
        self.day.setCalendarPopup(True)
        self.day.setEnabled(False)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.model.failed.connect(self.message.setText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        filters = QHBoxLayout()
        for control in (what, self.action, self.from_day, self.day):
            filters.addWidget(control)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        for widget in (self.table, self.message, buttons):
            layout.addWidget(widget)
        self.action.currentIndexChanged.connect(self.apply)
        self.from_day.toggled.connect(self.day.setEnabled)
        self.from_day.toggled.connect(self.apply)
        self.day.dateChanged.connect(self.apply)
        self.resize(900, 480)
        self.apply()

    def since(self) -> datetime | None:
        """The start of the chosen day on this computer's clock, in UTC (None: any time)."""
        if not self.from_day.isChecked():
            return None
        chosen = self.day.date()
        day = date(chosen.year(), chosen.month(), chosen.day())
        return datetime.combine(day, time()).astimezone(UTC)

    def apply(self) -> None:
        self.message.clear()
        self.model.show(self.action.currentData(), self.since())

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> AuditView | None:
        """Show the log (owners only, see :meth:`Till.requires_owner`); None when the PIN was
        not given."""
        till = Till.of(parent)
        action = QCoreApplication.translate("AuditView", "read the audit log")
        if till is not None and not till.requires_owner(action):
            return None
        view = cls(parent)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.show()
        return view
