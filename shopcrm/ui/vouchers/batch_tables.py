"""The batches table of the batches window, filled from the core's summaries, and the reads
of both its tables. A cell is only ever text the core worked out, put in the shop's words;
the id of the row's batch rides along in every cell (``UserRole``). A batch's vouchers, which
can be tens of thousands, are a lazy model instead
(:mod:`shopcrm.ui.vouchers.batch_vouchers_model`)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem

from shopcrm.core.vouchers import BatchSummary
from shopcrm.ui.vouchers.words import batch_state
from shopcrm.ui.widgets.formatting import format_birthday, format_date, shop_formats
from shopcrm.ui.widgets.palette_colors import muted_text
from shopcrm.ui.widgets.plural import plural_tr

BATCH_COLUMNS = (
    "name",
    "rule",
    "value",
    "issued_at",
    "expires",
    "issued",
    "redeemed",
    "rate",
    "state",
)
_NUMBERS = ("issued", "redeemed", "rate")


def _tr(text: str) -> str:
    return QCoreApplication.translate("VoucherBatchesDialog", text)


def _day_text(day: date) -> str:
    """A calendar day the way the issue date reads ("31 December 2026")."""
    return format_birthday(day.month, day.day, day.year)


class TableReads:
    """The reads of one table, numbered: while the latest runs the table is greyed with a busy
    cursor, and the end of an older one (the owner clicked on meanwhile) is told apart."""

    def __init__(self, widget: QAbstractItemView) -> None:
        self.widget = widget
        self.latest = 0
        self.loading = False

    def start(self) -> int:
        self.latest += 1
        self.loading = True
        self.widget.setEnabled(False)
        self.widget.setCursor(Qt.CursorShape.BusyCursor)
        return self.latest

    def end(self, request: int) -> bool:
        """Whether ``request`` is the latest read (if so, the table is usable again)."""
        if request != self.latest:
            return False
        self.loading = False
        self.widget.setEnabled(True)
        self.widget.unsetCursor()
        return True


def table(headers: list[str]) -> QTableWidget:
    """A read-only table of whole rows, as both halves of the window use."""
    widget = QTableWidget(0, len(headers))
    widget.setHorizontalHeaderLabels(headers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setAlternatingRowColors(True)
    widget.setShowGrid(False)
    widget.setWordWrap(False)
    widget.verticalHeader().setVisible(False)
    widget.horizontalHeader().setHighlightSections(False)
    return widget


def _fill_row(
    widget: QTableWidget,
    row: int,
    cells: dict[str, str],
    columns: tuple[str, ...],
    key: int,
    muted: bool = False,
) -> dict[str, QTableWidgetItem]:
    """Fill one row; its items by column name, for the caller's finishing touches."""
    items = {}
    for column, name in enumerate(columns):
        item = QTableWidgetItem(cells[name])
        item.setData(Qt.ItemDataRole.UserRole, key)
        if name in _NUMBERS:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if muted:
            item.setForeground(muted_text(widget.palette()))
        widget.setItem(row, column, item)
        items[name] = item
    return items


def fill_batches(widget: QTableWidget, batches: list[BatchSummary], today: date) -> None:
    """One row a batch; voided and expired ones greyed. Signals stay blocked while filling."""
    shop = shop_formats()
    widget.setUpdatesEnabled(False)
    widget.blockSignals(True)
    widget.clearSelection()
    widget.setRowCount(len(batches))
    for row, batch in enumerate(batches):
        cells = {
            "name": batch.name,
            "rule": batch.rule_text,
            "value": batch.value_text,
            "issued_at": format_date(batch.issued_at, shop),
            "expires": _day_text(batch.expires_on),
            "issued": shop.number(batch.issued),
            "redeemed": shop.number(batch.redeemed),
            "rate": shop.percent(batch.redemption_rate),
            "state": batch_state(batch, today),
        }
        muted = batch.batch_voided or batch.expires_on < today
        items = _fill_row(widget, row, cells, BATCH_COLUMNS, batch.id, muted)
        tip = _batch_tip(batch)
        items["name"].setToolTip(tip)
        items["rule"].setToolTip(tip)
    widget.blockSignals(False)
    widget.setUpdatesEnabled(True)


def _batch_tip(batch: BatchSummary) -> str:
    lines = [batch.name, batch.rule_text]
    if batch.issued_by:
        lines.append(_tr("Issued by %1").replace("%1", batch.issued_by))
    if batch.voided:
        lines.append(plural_tr("VoucherBatchesDialog", "%n voucher(s) voided", batch.voided))
    return "\n".join(lines)
