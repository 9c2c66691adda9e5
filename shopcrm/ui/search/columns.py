"""The results' columns always fit the list's width: no sideways scrolling at the counter.

Phone, last visit and loyalty are short and of a known shape, so they get the width of a
typical value in the list's own font (they grow with the system's font size and never with the
data, so the columns do not jump while typing); the name and the tags share what is left, the
name the larger part. Longer text is elided, and the cell's tooltip holds all of it. The list
asks for at least the width where every column still has some room, so the splitter never
squeezes it into a sideways scrollbar.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
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


class ResultsTable(QTableView):
    """The results list, its columns laid out on every resize and font change (see the module
    doc).

    The viewport's resizes arrive as this view's own :meth:`resizeEvent` (the scroll area passes
    them on), so the view never asks for its viewport widget: Python's first sight of that
    widget, made in C++, costs ~9 ms of type discovery in PySide6, which a start would pay.
    """

    def __init__(self) -> None:
        super().__init__()
        self._viewport_size = QSize(0, 0)  # until the first resize: laid out before it shows
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)  # fit() gives the tags exactly the remainder
        header.setMinimumSectionSize(self._chars(TAGS_LEAST_CHARS))
        self.fit()

    def viewport_size(self) -> QSize:
        """The size of the area that shows the rows (the view less its frame and scrollbars)."""
        return QSize(self._viewport_size)

    def _chars(self, count: int) -> int:
        return self.fontMetrics().averageCharWidth() * count

    def fixed_widths(self) -> dict[Column, int]:
        """The width of each fixed column: its typical value plus the cell's padding."""
        metrics = self.fontMetrics()
        padding = 2 * metrics.averageCharWidth()
        return {col: metrics.horizontalAdvance(text) + padding for col, text in SAMPLES.items()}

    def least_width(self) -> int:
        """The narrowest the list can be with every column still shown without scrolling."""
        # The vertical scrollbar's width is the style's scrollbar extent (asking the style
        # itself would load QStyle's enums, milliseconds of every start).
        bar = self.verticalScrollBar().sizeHint().width()
        columns = sum(self.fixed_widths().values())
        columns += self._chars(NAME_LEAST_CHARS) + self._chars(TAGS_LEAST_CHARS)
        return columns + bar + 2 * self.frameWidth()

    def fit(self) -> None:
        """Fixed columns at their width, the name its share of the rest, the tags the remainder."""
        header = self.horizontalHeader()
        fixed = self.fixed_widths()
        for column, width in fixed.items():
            header.resizeSection(column, width)
        rest = self._viewport_size.width() - sum(fixed.values())
        tags_least = self._chars(TAGS_LEAST_CHARS)
        name = max(self._chars(NAME_LEAST_CHARS), round(rest * NAME_SHARE))
        name = max(0, min(name, rest - tags_least))
        header.resizeSection(Column.NAME, name)
        header.resizeSection(Column.TAGS, max(tags_least, rest - name))
        self.setMinimumWidth(self.least_width())

    def resizeEvent(self, event: QResizeEvent) -> None:  # the viewport's, see the class doc
        # Columns first, then the view's own handling: it sets its scrollbars' ranges from them.
        self._viewport_size = QSize(event.size())
        self.fit()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()
        super().changeEvent(event)
