"""The vouchers of one batch as a table model, for the lower half of the batches window.

A birthday batch of a big shop has tens of thousands of vouchers; a table widget made an item
per cell for every one of them on the GUI thread (9,052 vouchers: about 420 ms, the window
frozen). The model holds the core's :class:`~shopcrm.core.vouchers.VoucherView` list as it came
and puts a row into words only when the view first asks for it, as
:mod:`shopcrm.ui.vouchers.wizard.candidates_model` does: the rows nobody scrolls to cost
nothing. A cell is only ever text the core worked out, in the shop's words; the voucher's id
rides along in every cell (``UserRole``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from shopcrm.core.vouchers import VOIDED, VoucherView
from shopcrm.ui.vouchers.words import STATUS_WORDS
from shopcrm.ui.widgets.formatting import format_date_time, shop_formats
from shopcrm.ui.widgets.palette_colors import muted_text

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    CUSTOMER = 0
    CODE = 1
    STATUS = 2
    PRINTED = 3
    REDEEMED_AT = 4
    REDEEMED_BY = 5


#: The columns by name, in order (what the tests read a row by).
VOUCHER_COLUMNS = tuple(column.name.lower() for column in Column)
_COLUMNS = len(Column)


def _tr(text: str) -> str:
    return QCoreApplication.translate("VoucherBatchesDialog", text)


_HEADERS = {
    Column.CUSTOMER: lambda: _tr("Customer"),
    Column.CODE: lambda: _tr("Code"),
    Column.STATUS: lambda: _tr("Status"),
    Column.PRINTED: lambda: _tr("Printed"),
    Column.REDEEMED_AT: lambda: _tr("Redeemed on"),
    Column.REDEEMED_BY: lambda: _tr("By"),
}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

_Texts = tuple[str, str, str, str, str, str]


class BatchVouchersModel(QAbstractTableModel):
    """One row a voucher, the code in ``code_font``; voided ones greyed, with the reason."""

    def __init__(self, code_font: QFont, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[VoucherView] = []
        self._texts: dict[int, _Texts] = {}  # by row, once shown
        self._code_font = code_font
        self._shop = shop_formats()
        self._muted = muted_text(QPalette())

    def set_vouchers(self, vouchers: Sequence[VoucherView]) -> None:
        """Show these vouchers (the view's selection goes with the old ones)."""
        self.beginResetModel()
        self._rows = list(vouchers)
        self._texts = {}
        self._shop = shop_formats()
        self.endResetModel()

    def vouchers(self) -> list[VoucherView]:
        return self._rows

    def voucher(self, row: int) -> VoucherView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows_selection(self, voucher_ids: Iterable[int]) -> QItemSelection:
        """The rows of these vouchers (those still shown) as one selection of whole rows,
        contiguous rows merged: 9,000 rows selected one by one take seconds."""
        wanted = set(voucher_ids)
        rows = [row for row, voucher in enumerate(self._rows) if voucher.id in wanted]
        selection = QItemSelection()
        last = _COLUMNS - 1
        start = 0
        for n, row in enumerate(rows):
            if n + 1 == len(rows) or rows[n + 1] != row + 1:
                selection.select(self.index(rows[start], 0), self.index(row, last))
                start = n + 1
        return selection

    def _row_texts(self, row: int) -> _Texts:
        texts = self._texts.get(row)
        if texts is None:
            voucher, shop = self._rows[row], self._shop
            texts = (
                voucher.customer_name,
                voucher.grouped_code,
                STATUS_WORDS[voucher.status](),
                shop.number(voucher.printed) if voucher.printed else "",
                format_date_time(voucher.redeemed_at, shop) if voucher.redeemed_at else "",
                voucher.redeemed_by or "",
            )
            self._texts[row] = texts
        return texts

    # -- Qt's side -----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMNS

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        voucher = self._rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row_texts(row)[column]
        if role == Qt.ItemDataRole.UserRole:
            return voucher.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.PRINTED:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and column == Column.CODE:
            return self._code_font
        if role == Qt.ItemDataRole.ForegroundRole and voucher.status == VOIDED:
            return self._muted
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.STATUS and voucher.void_reason:
            return _tr("Voided: %1").replace("%1", voucher.void_reason)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[Column(section)]()
        if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.PRINTED:
            return _RIGHT
        return None


def selected_rows(view: QTableView) -> list[int]:
    """The rows chosen in ``view``, in order, read from the selection's ranges: Qt's
    ``selectedRows()`` asks the model for its size a few times per row, a third of a second
    for 9,000 rows when the model is Python's."""
    selection = view.selectionModel().selection()
    rows: set[int] = set()
    for n in range(selection.count()):
        part = selection.at(n)
        rows.update(range(part.top(), part.bottom() + 1))
    return sorted(rows)


def vouchers_table(model: BatchVouchersModel) -> QTableView:
    """A read-only view of whole rows, several of which may be chosen (to print or void).

    Its columns fit what is on screen, not every row: measuring each of 9,000 rows to size a
    column would undo the lazy model. Its header gets a selection of its own, always empty:
    to draw a section Qt asks whether the whole column is selected, which with all 9,000 rows
    selected is 54,000 calls into the model, 0.15-0.3 s at every repaint of the header (and
    the header never highlights the selection anyway)."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(Column.CUSTOMER, QHeaderView.ResizeMode.Stretch)
    header.setResizeContentsPrecision(0)
    header.setSelectionModel(QItemSelectionModel(model, header))
    return view
