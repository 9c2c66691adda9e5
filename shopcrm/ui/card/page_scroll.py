"""A card page that scrolls up and down and never sideways.

A plain QScrollArea with ``widgetResizable`` lets its page become narrower than the page can be
drawn: with no sideways scrollbar, the right edge (the stamps count, the Redeem buttons, the
end of "Lifetime value") is simply cut off on a narrow card. This one asks for the page's
minimum width plus room for the vertical scrollbar, so the splitter and the window keep the card
wide enough, and it asks again whenever the page's contents change (another reward name, a
stamp card of 15).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QScrollArea, QStyle, QWidget


class PageScroll(QScrollArea):
    """Holds ``page``; its minimum width is the page's, so nothing on the page is cut off."""

    def __init__(self, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(page)
        page.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        page = self.widget()
        if page is None:
            return hint
        # Room for the scrollbar whether it shows or not: a page that just fits must not be
        # cut again when it grows taller than the view and the scrollbar appears.
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        margins = self.contentsMargins()
        width = page.minimumSizeHint().width() + bar + margins.left() + margins.right()
        width += 2 * self.frameWidth()
        return QSize(max(hint.width(), width), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the page's minimum may have changed: the card re-asks
        return super().eventFilter(watched, event)
