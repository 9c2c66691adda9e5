"""The Feedback list (Customer → Feedback…): what customers said about their visits, newest
first, with the average score of each month above it; filtered by period and by score (the
low ones are what the shop acts on). Enter or a double click opens the customer's card.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core.followups import FeedbackRow, feedback_list, monthly_averages
from shopcrm.core.vouchers import local_today
from shopcrm.ui.widgets.buddy_label import buddy_label
from shopcrm.ui.widgets.formatting import format_date, shop_formats, show_days_the_shop_way
from shopcrm.ui.widgets.qt_dates import pydate, qdate

#: The period shown when the window opens: the last twelve months.
DEFAULT_DAYS = 365


def stars(score: int | None) -> str:
    return "★" * score + "☆" * (5 - score) if score else ""


def _table(columns: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(len(columns) - 1, QHeaderView.ResizeMode.Stretch)
    return table


class FeedbackWindow(QDialog):
    """Non-modal; ``open_customer(id)`` when a comment is opened."""

    open_customer = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Feedback"))
        self.rows: list[FeedbackRow] = []
        today = local_today()
        pattern = shop_formats().date_pattern("medium")
        self.since = QDateEdit(qdate(today - timedelta(days=DEFAULT_DAYS)))
        self.until = QDateEdit(qdate(today))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            show_days_the_shop_way(edit, pattern)
            edit.dateChanged.connect(self.refresh)
        self.scores = QComboBox()
        for text, wanted in (
            (self.tr("Every score"), ()),
            (self.tr("Low (1-2)"), (1, 2)),
            (self.tr("Middling (3)"), (3,)),
            (self.tr("Good (4-5)"), (4, 5)),
        ):
            self.scores.addItem(text, wanted)
        self.scores.currentIndexChanged.connect(self.refresh)
        self.months = _table([self.tr("Month"), self.tr("Scores"), self.tr("Average")])
        self.months.setMaximumHeight(self.fontMetrics().height() * 9)
        self.comments = _table(
            [self.tr("Day"), self.tr("Score"), self.tr("Customer"), self.tr("Staff"),
             self.tr("Comment")]
        )  # fmt: skip
        self.comments.doubleClicked.connect(lambda index: self._open(index.row()))

        filters = QHBoxLayout()
        filters.addWidget(buddy_label(self.tr("&From:"), self.since))
        filters.addWidget(self.since)
        filters.addWidget(buddy_label(self.tr("&To:"), self.until))
        filters.addWidget(self.until)
        filters.addWidget(buddy_label(self.tr("&Score:"), self.scores))
        filters.addWidget(self.scores)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.months)
        layout.addWidget(self.comments, 1)
        self.resize(860, 560)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        shop = shop_formats()
        since, until = pydate(self.since.date()), pydate(self.until.date())
        months = monthly_averages(since, until)[::-1]  # the latest month first
        self.months.setRowCount(len(months))
        for row, month in enumerate(months):
            year, number = (int(part) for part in month.month.split("-"))
            values = (
                shop.month_year(date(year, number, 1)),
                shop.number(month.scores),
                shop.number(Decimal(str(round(month.average, 2)))),
            )
            for column, value in enumerate(values):
                self.months.setItem(row, column, QTableWidgetItem(value))
        self.rows = feedback_list(
            since=since, until=until, scores=self.scores.currentData(), limit=1000
        )
        self.comments.setRowCount(len(self.rows))
        for row, item in enumerate(self.rows):
            cells = (
                format_date(item.visited_at),
                stars(item.satisfaction),
                item.customer_name,
                item.staff or "",
                item.feedback,
            )
            for column, value in enumerate(cells):
                self.comments.setItem(row, column, QTableWidgetItem(value))
        self.comments.resizeColumnsToContents()

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.open_customer.emit(self.rows[row].customer_id)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.comments.hasFocus():
            self._open(self.comments.currentRow())
            return
        super().keyPressEvent(event)
