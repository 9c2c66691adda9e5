"""The rows of the search results: one query's customers (the search limit keeps it small).

The model holds only the summaries of the current query, never the whole customer table, so it
stays fast with a million customers. Column order is what tells look-alikes apart at a glance:
name, phone, last visit, loyalty, tags.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from shopcrm.core.customers import CustomerSummary
from shopcrm.core.validation import format_phone

CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    PHONE = 1
    LAST_VISIT = 2
    LOYALTY = 3
    TAGS = 4


def _tr(text: str) -> str:
    return QCoreApplication.translate("SearchResultsModel", text)


_HEADERS = {
    Column.NAME: lambda: _tr("Name"),
    Column.PHONE: lambda: _tr("Phone"),
    Column.LAST_VISIT: lambda: _tr("Last visit"),
    Column.LOYALTY: lambda: _tr("Loyalty"),
    Column.TAGS: lambda: _tr("Tags"),
}


class SearchResultsModel(QAbstractTableModel):
    """A read-only table of :class:`CustomerSummary`; ``UserRole`` gives the customer id."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CustomerSummary] = []
        self._region = "GB"

    def set_results(self, rows: list[CustomerSummary], phone_region: str) -> None:
        """Replace the rows with a new query's results (a reset: the list is short)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._region = phone_region
        self.endResetModel()

    def customer_id(self, row: int) -> int | None:
        if 0 <= row < len(self._rows):
            return self._rows[row].id
        return None

    def summary(self, row: int) -> CustomerSummary | None:
        if 0 <= row < len(self._rows):
            return self._rows[row]
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            return _HEADERS[Column(section)]()
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, Column(index.column()))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == CUSTOMER_ID_ROLE:
            return row.id
        return None

    def _display(self, row: CustomerSummary, column: Column) -> str:
        if column == Column.NAME:
            return row.full_name
        if column == Column.PHONE:
            return format_phone(row.phone, self._region)
        if column == Column.LAST_VISIT:
            return row.last_visit or ""
        if column == Column.LOYALTY:
            return row.loyalty or ""
        return ", ".join(row.tags)

    def _tooltip(self, row: CustomerSummary) -> str:
        lines = [row.full_name]
        phone = format_phone(row.phone, self._region)
        lines.extend(value for value in (phone, row.email, ", ".join(row.tags)) if value)
        if row.match == "typo":
            lines.append(_tr("(close match: the spelling differs)"))
        return "\n".join(lines)
