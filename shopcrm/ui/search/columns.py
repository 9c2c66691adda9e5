"""The results' columns always fit the list's width: no sideways scrolling at the counter.

Phone, last visit and loyalty are short and of a known shape, so they get the width of a
typical value in the list's own font (they grow with the system's font size and never with the
data, so the columns do not jump while typing); the name and the tags share what is left, the
name the larger part. Longer text is elided, and the cell's tooltip holds all of it. The list
asks for at least the width where every column still has some room, so the splitter never
squeezes it into a sideways scrollbar.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from shopcrm.ui.search.results_model import Column

#: Typical values of the fixed columns, measured in the list's font (digits are all as wide).
SAMPLES = {
    Column.PHONE: "+44 0000 000000",
    Column.LAST_VISIT: "00 Sept 0000",
    Column.LOYALTY: "10/10 · 000 pts · Silver",
}
NAME_SHARE = 0.6  # of the width the fixed columns leave
NAME_LEAST_CHARS = 14  # "Martina Rossi" still readable at the narrowest
TAGS_LEAST_CHARS = 6


class ResultColumns(QObject):
    """Lays out ``table``'s columns on every resize and font change (see the module doc)."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)  # fit() gives the tags exactly the remainder
        header.setMinimumSectionSize(self._chars(TAGS_LEAST_CHARS))
        self._viewport = table.viewport()
        self._viewport.installEventFilter(self)
        table.installEventFilter(self)
        self.fit()

    def _chars(self, count: int) -> int:
        return self.table.fontMetrics().averageCharWidth() * count

    def fixed_widths(self) -> dict[Column, int]:
        """The width of each fixed column: its typical value plus the cell's padding."""
        metrics = self.table.fontMetrics()
        padding = 2 * metrics.averageCharWidth()
        return {col: metrics.horizontalAdvance(text) + padding for col, text in SAMPLES.items()}

    def least_width(self) -> int:
        """The narrowest the list can be with every column still shown without scrolling."""
        # The vertical scrollbar's width is the style's scrollbar extent (asking the style
        # itself would load QStyle's enums, milliseconds of every start).
        bar = self.table.verticalScrollBar().sizeHint().width()
        columns = sum(self.fixed_widths().values())
        columns += self._chars(NAME_LEAST_CHARS) + self._chars(TAGS_LEAST_CHARS)
        return columns + bar + 2 * self.table.frameWidth()

    def fit(self) -> None:
        """Fixed columns at their width, the name its share of the rest, the tags the remainder."""
        header = self.table.horizontalHeader()
        fixed = self.fixed_widths()
        for column, width in fixed.items():
            header.resizeSection(column, width)
        rest = self.table.viewport().width() - sum(fixed.values())
        tags_least = self._chars(TAGS_LEAST_CHARS)
        name = max(self._chars(NAME_LEAST_CHARS), round(rest * NAME_SHARE))
        name = max(0, min(name, rest - tags_least))
        header.resizeSection(Column.NAME, name)
        header.resizeSection(Column.TAGS, max(tags_least, rest - name))
        self.table.setMinimumWidth(self.least_width())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (kind == QEvent.Type.Resize and watched is self._viewport) or (
            kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and watched is self.table
        ):
            self.fit()
        return False
