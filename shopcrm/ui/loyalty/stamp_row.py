"""The stamp card as the customer knows it: a row of circles, filled for each stamp.

Painted rather than built from labels so it scales with the font and follows the palette (filled
circles in the highlight colour, empty ones as outlines in the muted text colour). With more
stamps than one card holds, the card is drawn full and the count says how many.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from shopcrm.ui.widgets.formatting import shop_formats
from shopcrm.ui.widgets.palette_colors import muted_text

_GAP_RATIO = 0.35


class StampRow(QWidget):
    """``set_stamps(stamps, per_card)``; hidden by the card when the shop has no stamp card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stamps = 0
        self._per_card = 10
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    @property
    def stamps(self) -> int:
        return self._stamps

    @property
    def per_card(self) -> int:
        return self._per_card

    @property
    def filled(self) -> int:
        """How many circles are drawn filled (a full card shows all of them)."""
        return min(self._stamps, self._per_card)

    def set_stamps(self, stamps: int, per_card: int) -> None:
        self._stamps = max(0, stamps)
        self._per_card = max(0, per_card)
        self.setToolTip(
            self.tr("%1 of %2 stamps")
            .replace("%1", shop_formats().number(stamps))
            .replace("%2", shop_formats().number(per_card))
        )
        self.updateGeometry()
        self.update()

    def _diameter(self) -> float:
        return self.fontMetrics().height() * 1.15

    def sizeHint(self) -> QSize:
        d = self._diameter()
        count = max(1, self._per_card)
        width = count * d + (count - 1) * d * _GAP_RATIO + 2
        return QSize(round(width), round(d + 2))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self._per_card <= 0:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        fill = palette.color(QPalette.ColorRole.Highlight)
        outline = muted_text(palette)
        d = self._diameter()
        step = d * (1 + _GAP_RATIO)
        for n in range(self._per_card):
            rect = QRectF(1 + n * step, 1, d, d).adjusted(0.75, 0.75, -0.75, -0.75)
            if n < self.filled:
                painter.setPen(QPen(fill, 1.5))
                painter.setBrush(fill)
            else:
                painter.setPen(QPen(outline, 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(rect)
        painter.end()
