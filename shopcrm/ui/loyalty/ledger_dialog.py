""" "Why this balance?": every line of the customer's loyalty ledger, with the balance after it.

Being transparent is the point of an append-only ledger: when a customer asks why they have 40
points, the cashier opens this and reads the answer line by line (earned on a visit, redeemed for
a coffee, taken back when a visit was voided, expired after 12 months) and who did it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core.loyalty import EARN, EXPIRE, LedgerLine
from shopcrm.ui.widgets.formatting import format_date_time, shop_formats
from shopcrm.ui.widgets.item_flags import read_only_flags
from shopcrm.ui.widgets.timeline_model import loyalty_title

_Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("LedgerModel", text)


def _signed(value: int) -> str:
    number = shop_formats().number(abs(value))
    return "" if value == 0 else (f"+{number}" if value > 0 else f"−{number}")


class LedgerModel(QAbstractTableModel):
    """Ledger lines, newest first, as a read-only table."""

    COLUMNS = ("When", "What", "Stamps", "Points", "Reason", "Who", "Balance after")

    def __init__(self, lines: Sequence[LedgerLine] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines = list(lines)

    def set_lines(self, lines: Sequence[LedgerLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def line(self, row: int) -> LedgerLine | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return _tr(self.COLUMNS[section])
        return super().headerData(section, orientation, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return read_only_flags(index)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        line = self.line(index.row()) if index.isValid() else None
        if line is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, line: LedgerLine, column: int) -> str:
        if column == 0:
            return format_date_time(line.created_at)
        if column == 1:
            return _tr("Earned") if line.kind == EARN else loyalty_title(line.kind)
        if column == 2:
            return _signed(line.stamps)
        if column == 3:
            return _signed(line.points)
        if column == 4:
            reason = shop_formats().days_in(line.reason) if line.kind == EXPIRE else line.reason
            return reason or (_tr("a visit") if line.visit_id else "")
        if column == 5:
            return line.staff or ""
        return (
            _tr("%1 stamps · %2 pts")
            .replace("%1", shop_formats().number(line.stamps_after))
            .replace("%2", shop_formats().number(line.points_after))
        )


class LedgerDialog(QDialog):
    """A window over the ledger; not modal, so it can stay open beside the card."""

    def __init__(
        self, lines: Sequence[LedgerLine], name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Why this balance? — %1").replace("%1", name))
        self.model = LedgerModel(lines, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        summary = QLabel(
            self.tr("Every change to the stamps and points, newest first.")
            if lines
            else self.tr("No stamps or points yet.")
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 420)
