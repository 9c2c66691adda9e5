"""The Follow-ups list's table: one page of follow-ups (at most a thousand, read by the core
with their filters), late ones in red."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication

from shopcrm.core.followups import COMPLAINT, FollowupView
from shopcrm.ui.followups.words import kind_name, status_name
from shopcrm.ui.widgets.formatting import format_date, shop_formats
from shopcrm.ui.widgets.palette_colors import error_color

Index = QModelIndex | QPersistentModelIndex


class FollowupsModel(QAbstractTableModel):
    COLUMNS = ("kind", "customer", "about", "due", "age", "assignee", "status")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[FollowupView] = []

    def set_rows(self, rows: list[FollowupView]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def followup(self, row: int) -> FollowupView | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Kind"),
            self.tr("Customer"),
            self.tr("About"),
            self.tr("Due"),
            self.tr("Working days open"),
            self.tr("For"),
            self.tr("Status"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = 0) -> object:
        followup = self.followup(index.row())
        if followup is None or not index.isValid():
            return None
        if role == Qt.ItemDataRole.ForegroundRole and followup.late:
            return error_color(QApplication.palette())
        if role == Qt.ItemDataRole.UserRole:
            return followup.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = self.COLUMNS[index.column()]
        if column == "kind":
            return kind_name(followup.kind)
        if column == "customer":
            return followup.customer_name
        if column == "about":
            return followup.about.splitlines()[0] if followup.about else ""
        if column == "due":
            return format_date(followup.due_on)
        if column == "age":
            return shop_formats().number(followup.age_days) if followup.kind == COMPLAINT else ""
        if column == "assignee":
            return followup.assignee or ""
        return status_name(followup.status)
