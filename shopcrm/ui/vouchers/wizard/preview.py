"""One voucher as it will read on paper, drawn on screen while the owner writes the message.

The card shows the shop, what it is worth, who it is for, the filled message and the last day;
while the template cannot be filled, the reason replaces the message, in red, so nothing
half-filled is ever mistaken for the real thing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from shopcrm.ui.widgets.palette_colors import error_color, muted_text, subtle_tint

#: Stands in for the code, which is drawn only when the voucher is issued.
SAMPLE_CODE = "XXXX-XXXX-XXXX-X"


def _label(scale: float = 1.0, *, bold: bool = False, wrap: bool = False) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    label.setFont(font)
    return label


class VoucherPreview(QFrame):
    """A voucher-shaped card; :meth:`show_voucher` fills it, :meth:`show_problem` explains."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, subtle_tint(palette, 0.08))
        self.setPalette(palette)
        self.setMinimumWidth(300)

        self.shop = _label(0.95, bold=True)
        self.value = _label(1.8, bold=True, wrap=True)
        self.customer = _label(1.05, wrap=True)
        self.message = _label(wrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = _label(wrap=True)
        red = self.problem.palette()
        red.setColor(QPalette.ColorRole.WindowText, error_color(red))
        self.problem.setPalette(red)
        self.problem.setVisible(False)
        self.expires = _label(0.9)
        self.code = _label(1.1, bold=True)
        self.code.setText(SAMPLE_CODE)
        muted = self.expires.palette()
        muted.setColor(QPalette.ColorRole.WindowText, muted_text(muted))
        for label in (self.expires, self.code, self.shop):
            label.setPalette(muted)
        self.code.setToolTip(self.tr("Each voucher gets its own code when the run is issued"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(6)
        layout.addWidget(self.shop)
        layout.addWidget(self.value)
        layout.addWidget(self.customer)
        layout.addSpacing(4)
        layout.addWidget(self.message)
        layout.addWidget(self.problem)
        layout.addSpacing(10)
        layout.addWidget(self.expires)
        layout.addWidget(self.code)

    def show_voucher(
        self, *, shop: str, value: str, customer: str, message: str, expires: str
    ) -> None:
        self.shop.setText(shop)
        self.value.setText(value)
        self.customer.setText(self.tr("For %1").replace("%1", customer) if customer else "")
        self.message.setText(message)
        self.expires.setText(expires)
        self.message.setVisible(True)
        self.problem.setVisible(False)

    def show_problem(self, problem: str) -> None:
        """The message cannot be written: say why where it would have been."""
        self.problem.setText(problem[:1].upper() + problem[1:])
        self.problem.setVisible(True)
        self.message.setVisible(False)

    def message_text(self) -> str:
        """What the preview shows in the message's place (the message or the problem)."""
        return self.problem.text() if self.problem.isVisibleTo(self) else self.message.text()
