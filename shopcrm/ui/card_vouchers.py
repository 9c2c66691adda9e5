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

from shopcrm.core.voucher_views import VoucherView
from shopcrm.ui.redeem_dialog import day_text


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
        self._grid = QGridLayout(self.rows)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(4)
        self._grid.setColumnStretch(2, 1)
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
        while (item := self._grid.takeAt(0)) is not None:
            if item.widget() is not None:
                item.widget().deleteLater()
        self.row_buttons = []
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for row, view in enumerate(self.vouchers):
            value = QLabel(view.value_text)
            bold = value.font()
            bold.setWeight(QFont.Weight.DemiBold)
            value.setFont(bold)
            value.setToolTip(view.message)
            code = QLabel(view.grouped_code)
            code.setFont(mono)
            code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            until = QLabel(self.tr("until %1").replace("%1", day_text(view.expires_on)))
            until.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            redeem = QPushButton(self.tr("Redeem"))
            redeem.setToolTip(self.tr("Redeem %1 now").replace("%1", view.value_text))
            redeem.clicked.connect(lambda _=False, c=view.code: self.redeem_requested.emit(c))
            self.row_buttons.append(redeem)
            for column, widget in enumerate((value, code, until, redeem)):
                self._grid.addWidget(widget, row, column)
        self.rows.setVisible(bool(self.vouchers))
        self.empty.setVisible(not self.vouchers)

    def texts(self) -> list[str]:
        """Each voucher as the card says it: value, grouped code (for tests and logs)."""
        return [f"{view.value_text} {view.grouped_code}" for view in self.vouchers]
