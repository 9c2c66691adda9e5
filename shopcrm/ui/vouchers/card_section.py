"""The customer's valid vouchers on the card, each one a button away from being redeemed.

A voucher the customer forgot at home can still be redeemed from here: the card knows the code.
Only valid vouchers are listed (redeemed, expired and voided ones are history, not something to
offer); "Redeem voucher…" opens the dialog for a scanned code, "Give a voucher…" issues one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core.vouchers import VoucherView
from shopcrm.ui.vouchers.display import day_text


class CardVouchers(QWidget):
    """``set_vouchers`` shows them; ``redeem_requested(code)`` from a row's Redeem button,
    ``scan_requested`` and ``give_requested`` from the buttons below."""

    redeem_requested = Signal(str)
    scan_requested = Signal()
    give_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vouchers: list[VoucherView] = []
        self.row_buttons: list[QPushButton] = []
        self.empty = QLabel(self.tr("No vouchers"))
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.rows = QWidget()
        self._rows = QVBoxLayout(self.rows)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(8)
        self.scan_button = QPushButton(self.tr("Redeem voucher…"))
        self.scan_button.setToolTip(self.tr("Scan or type a voucher's code"))
        self.scan_button.clicked.connect(self.scan_requested)
        self.give_button = QPushButton(self.tr("Give a voucher…"))
        self.give_button.setToolTip(self.tr("Issue a voucher to this customer now"))
        self.give_button.clicked.connect(self.give_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.scan_button)
        buttons.addWidget(self.give_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.empty)
        column.addWidget(self.rows)
        column.addLayout(buttons)
        self.set_vouchers([])

    def set_vouchers(self, vouchers: list[VoucherView]) -> None:
        """Show ``vouchers`` (the valid ones, newest first), or "No vouchers"."""
        self.vouchers = list(vouchers)
        while (item := self._rows.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self.row_buttons = []
        for view in self.vouchers:
            self._rows.addWidget(self._row(view))
        self.rows.setVisible(bool(self.vouchers))
        self.empty.setVisible(not self.vouchers)

    def _row(self, view: VoucherView) -> QWidget:
        """Two lines per voucher, so a long free item never pushes Redeem off a narrow card:
        the value, then the code and the expiry; Redeem beside both."""
        value = QLabel(view.value_text)
        bold = value.font()
        bold.setWeight(QFont.Weight.DemiBold)
        value.setFont(bold)
        value.setWordWrap(True)
        value.setToolTip(view.message)
        code = QLabel(view.grouped_code)
        code.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        until = QLabel(self.tr("until %1").replace("%1", day_text(view.expires_on)))
        until.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        details = QHBoxLayout()
        details.setSpacing(10)
        details.addWidget(code)
        details.addWidget(until)
        details.addStretch(1)
        redeem = QPushButton(self.tr("Redeem"))
        redeem.setToolTip(self.tr("Redeem %1 now").replace("%1", view.value_text))
        redeem.clicked.connect(lambda _=False, c=view.code: self.redeem_requested.emit(c))
        self.row_buttons.append(redeem)
        row = QWidget()
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(0, 1)
        grid.addWidget(value, 0, 0)
        grid.addLayout(details, 1, 0)
        grid.addWidget(redeem, 0, 1, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        return row

    def texts(self) -> list[str]:
        """Each voucher as the card says it: value, grouped code (for tests and logs)."""
        return [f"{view.value_text} {view.grouped_code}" for view in self.vouchers]
