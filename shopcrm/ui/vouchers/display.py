"""How a voucher looks at the counter: a banner of news in colour with a drawn icon (ready,
redeemed, or why not), and the voucher itself shown big (value, name, expiry, message)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core.vouchers import EXPIRED, REDEEMED, THROTTLED, VALID, VOIDED, VoucherView
from shopcrm.ui.widgets.formatting import format_date
from shopcrm.ui.widgets.palette_colors import blend, is_dark


class Tone(StrEnum):
    """How a voucher message looks: its colour and icon."""

    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"
    WAIT = "wait"  # the throttle's own icon: a clock, so "wait" never reads as "wrong"


INFO, SUCCESS, WARNING, ERROR, WAIT = Tone.INFO, Tone.SUCCESS, Tone.WARNING, Tone.ERROR, Tone.WAIT
_TONES = {
    INFO: (QColor(61, 125, 202), QStyle.StandardPixmap.SP_MessageBoxInformation),
    SUCCESS: (QColor(40, 150, 70), QStyle.StandardPixmap.SP_DialogApplyButton),
    WARNING: (QColor(230, 150, 0), QStyle.StandardPixmap.SP_MessageBoxWarning),
    ERROR: (QColor(205, 40, 40), QStyle.StandardPixmap.SP_MessageBoxCritical),
}
_STATUS_TONES: dict[str, Tone] = {VALID: SUCCESS, REDEEMED: ERROR, EXPIRED: WARNING, VOIDED: ERROR}


def day_text(day: date) -> str:
    """A calendar day (an expiry) the shop locale's long way, ``30 April 2026``."""
    return format_date(day)


def _drawn_icon(kind: str, colour: QColor, size: int, ratio: float) -> QPixmap:
    """A tick (redeemed) or a clock (wait) in a filled circle, in the style's icon size: the
    style has no icon for either that looks like its message box icons."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    pen = QPen(QColor("white"), max(2.0, size / 10))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    s = size / 32
    if kind == SUCCESS:
        points = (QPointF(9 * s, 17 * s), QPointF(14 * s, 22 * s), QPointF(23 * s, 11 * s))
        painter.drawPolyline(points)
    else:
        centre = QPointF(16 * s, 16 * s)
        painter.drawLine(centre, QPointF(16 * s, 8 * s))
        painter.drawLine(centre, QPointF(22 * s, 19 * s))
    painter.end()
    return pixmap


def _scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    if bold:
        font.setWeight(QFont.Weight.Bold)
    return font


class VoucherBanner(QFrame):
    """One line of news in colour with an icon: a refusal (amber or red), the voucher ready
    (blue) or redeemed (green). ``tone`` and ``reason`` say which, for tests and readers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voucherBanner")
        self._page = QPalette(self.palette())  # blended from, before any tint of ours
        self.tone = ""
        self.reason = ""
        self.icon = QLabel()
        self.title = QLabel()
        self.title.setFont(_scaled_font(self, 1.25, bold=True))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.title)
        words.addWidget(self.text)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(12)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(words, 1)
        self.setVisible(False)

    def show_news(self, tone: Tone, title: str, text: str = "", reason: str = "") -> None:
        self.tone, self.reason = tone, reason
        colour, standard = _TONES[tone]
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize, None, self)
        if tone == SUCCESS or reason == THROTTLED:
            kind = SUCCESS if tone == SUCCESS else WAIT
            pixmap = _drawn_icon(kind, colour, size, self.devicePixelRatioF())
        else:
            pixmap = self.style().standardIcon(standard, None, self).pixmap(size, size)
        self.icon.setPixmap(pixmap)
        self.title.setText(title)
        self.text.setText(text)
        self.text.setVisible(bool(text))
        base = self._page.color(QPalette.ColorRole.Base)
        background = blend(base, colour, 0.30 if is_dark(self._page) else 0.14)
        self.setStyleSheet(
            f"QFrame#voucherBanner {{ background: {background.name()};"
            f" border: 1px solid {colour.name()}; border-left: 6px solid {colour.name()};"
            " border-radius: 4px; }"
        )
        self.setVisible(True)

    def clear(self) -> None:
        self.tone = self.reason = ""
        self.setVisible(False)


class VoucherPanel(QFrame):
    """The voucher itself, large enough to read across the counter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel()
        self.value.setFont(_scaled_font(self, 2.2, bold=True))
        self.value.setWordWrap(True)
        self.status = QLabel()
        self.status.setFont(_scaled_font(self, 1.1, bold=True))
        self.name = QLabel()
        self.name.setFont(_scaled_font(self, 1.5))
        self.name.setWordWrap(True)
        self.code = QLabel()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(self.font().pointSizeF() * 1.1)
        self.code.setFont(mono)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.expiry = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        italic = self.message.font()
        italic.setItalic(True)
        self.message.setFont(italic)
        top = QHBoxLayout()
        top.addWidget(self.value, 1)
        top.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(4)
        column.addLayout(top)
        column.addWidget(self.name)
        column.addWidget(self.expiry)
        column.addWidget(self.code)
        column.addSpacing(6)
        column.addWidget(self.message)
        self.setVisible(False)

    def show_voucher(self, view: VoucherView) -> None:
        self.value.setText(view.value_text)
        self.name.setText(view.customer_name)
        self.code.setText(view.grouped_code)
        self.expiry.setText(self.tr("Valid until %1").replace("%1", day_text(view.expires_on)))
        self.message.setText(f"“{view.message}”" if view.message else "")
        self.message.setVisible(bool(view.message))
        words: dict[str, str] = {
            VALID: self.tr("Valid"),
            REDEEMED: self.tr("Redeemed"),
            EXPIRED: self.tr("Expired"),
            VOIDED: self.tr("Voided"),
        }
        self.status.setText(words.get(view.status, view.status))
        colour = _TONES[_STATUS_TONES.get(view.status, INFO)][0]
        self.status.setStyleSheet(f"color: {colour.name()};")
        self.setVisible(True)
