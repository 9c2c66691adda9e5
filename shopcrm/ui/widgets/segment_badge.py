"""A customer's segment on screen: its name in the shop's language and a small coloured dot
(the badge on the search rows; the name is in the row's tooltip, so colour is never the only
sign). The dots are drawn once per segment and cached: painting a result list asks Python for
nothing."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

#: Colours readable on light and dark palettes alike.
_COLOURS = {
    "vip": "#b8860b",
    "regular": "#2e7d32",
    "new": "#1e88e5",
    "occasional": "#8d8d8d",
    "at_risk": "#e65100",
    "lapsed": "#c62828",
}


def segment_name(segment: str | None) -> str:
    names = {
        "new": QCoreApplication.translate("Segment", "New"),
        "regular": QCoreApplication.translate("Segment", "Regular"),
        "vip": QCoreApplication.translate("Segment", "VIP"),
        "at_risk": QCoreApplication.translate("Segment", "At risk"),
        "lapsed": QCoreApplication.translate("Segment", "Lapsed"),
        "occasional": QCoreApplication.translate("Segment", "Occasional"),
    }
    return names.get(segment or "", "")


@cache
def segment_icon(segment: str) -> QIcon:
    """A filled dot in the segment's colour (an empty icon for an unknown segment). The
    drawing classes load with the first dot, not with the window (PySide6's first sight of a
    class costs about a millisecond)."""
    from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

    colour = _COLOURS.get(segment)
    if colour is None:
        return QIcon()
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(3, 3, 10, 10)
    painter.end()
    return QIcon(pixmap)
