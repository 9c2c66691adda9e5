"""Rewards and tiers as a small table: a name and a number per row, rows added and removed.

The setting is stored as ``Free coffee=100; Slice of cake=250`` (see
``core.settings.parsers.parse_named_numbers``); the table writes that text and the core's
parser judges it, row by row as cells are edited (so the bad cell is marked and named) and as
a whole (names twice, too many rows). An empty row is left out, as an empty part of the text
is. The table's own words are only for what its text format would garble: an empty name, and
a name holding the ``;`` that separates the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shopcrm.ui.widgets.formatting import shop_formats
from shopcrm.ui.widgets.palette_colors import blend, error_color

NAME, NUMBER = 0, 1
SEPARATOR = ";"


def split_pairs(text: str) -> list[tuple[str, str]]:
    """The rows of a stored ``name=number; ...`` text (as ``as_text`` writes it)."""
    rows = []
    for part in text.split(SEPARATOR):
        if part.strip():
            name, _, number = part.rpartition("=")
            rows.append((name.strip(), number.strip()))
    return rows


class NamedNumbersTable(QWidget):
    """``text()`` is the rows as the setting's text; ``problem()`` checks every row with
    ``parse`` (marking the bad cells) and says what is wrong, "" when nothing is;
    ``problem_changed`` carries that message as cells are edited (the cells are marked at
    once; the dialog shows the words once Save has been pressed)."""

    problem_changed = Signal(str)

    def __init__(
        self,
        parse: Callable[[str], Any],
        text: str,
        titles: tuple[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.parse = parse
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(list(titles))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NUMBER, QHeaderView.ResizeMode.ResizeToContents)
        rows = self.fontMetrics().height() * 7  # a header and about five rows, then it scrolls
        self.table.setMinimumHeight(rows)
        self.table.setMaximumHeight(rows)
        self.add_button = QPushButton(self.tr("Add row"))
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton(self.tr("Remove row"))
        self.remove_button.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.table)
        column.addLayout(buttons)
        self.set_text(text)
        self.table.itemChanged.connect(lambda _item: self.problem_changed.emit(self.problem()))
        self.table.currentCellChanged.connect(lambda *_cells: self._update_buttons())

    def set_text(self, text: str) -> None:
        self.table.setRowCount(0)
        for name, number in split_pairs(text):
            self._append(name, number)
        self._update_buttons()

    def _append(self, name: str, number: str) -> int:
        blocked = self.table.blockSignals(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, NAME, QTableWidgetItem(name))
        number_item = QTableWidgetItem(number)
        number_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, NUMBER, number_item)
        self.table.blockSignals(blocked)
        return row

    def add_row(self) -> None:
        """A new empty row, its name cell ready for typing."""
        row = self._append("", "")
        self.table.setCurrentCell(row, NAME)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.edit(self.table.currentIndex())
        self._update_buttons()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        self.table.setCurrentCell(min(row, self.table.rowCount() - 1), NAME)
        self._update_buttons()
        self.problem_changed.emit(self.problem())

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.table.currentRow() >= 0)

    def cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def rows(self) -> list[tuple[str, str]]:
        """Each row's name and number as typed, empty rows left out."""
        cells = [
            (self.cell(row, NAME), self.cell(row, NUMBER)) for row in range(self.table.rowCount())
        ]
        return [pair for pair in cells if any(pair)]

    def text(self) -> str:
        return "; ".join(f"{name}={number}" for name, number in self.rows())

    def problem(self, go_to_it: bool = False) -> str:
        """What is wrong with the rows ("" when nothing is); bad cells are marked, and with
        ``go_to_it`` the first becomes the current cell (not while typing: Tab moves on from
        the current cell)."""
        first = ""
        for row in range(self.table.rowCount()):
            column, reason = self._row_problem(row)
            for each in (NAME, NUMBER):
                self._mark(row, each, reason if each == column else "")
            if reason and not first:
                number = shop_formats().number(row + 1)
                first = self.tr("Row %1: %2").replace("%1", number).replace("%2", reason)
                if go_to_it:
                    self.table.setCurrentCell(row, column)
        if first:
            return first
        try:
            self.parse(self.text())
        except ValueError as exc:  # a name twice, too many rows
            return str(exc)
        return ""

    def _row_problem(self, row: int) -> tuple[int, str]:
        """The bad cell of a row and why (the core's words), or (-1, "")."""
        name, number = self.cell(row, NAME), self.cell(row, NUMBER)
        if not name and not number:
            return -1, ""
        if not name:  # "=5" would be refused as not written "name=number"
            return NAME, self.tr("a name is needed")
        if SEPARATOR in name:
            return NAME, self.tr("a name cannot contain “;”")
        try:
            self.parse(f"{name}=1")
        except ValueError as exc:
            return NAME, str(exc)
        try:
            self.parse(f"{name}={number}")
        except ValueError as exc:
            return NUMBER, str(exc)
        return -1, ""

    def _mark(self, row: int, column: int, reason: str) -> None:
        item = self.table.item(row, column)
        if item is None:
            return
        blocked = self.table.blockSignals(True)
        if reason:
            palette = self.table.palette()
            item.setBackground(
                blend(palette.color(palette.ColorRole.Base), error_color(palette), 0.25)
            )
        else:
            item.setData(Qt.ItemDataRole.BackgroundRole, None)
        item.setToolTip(reason[:1].upper() + reason[1:])
        self.table.blockSignals(blocked)
