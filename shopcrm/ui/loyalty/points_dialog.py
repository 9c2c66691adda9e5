"""Asking for a number of points: a partial redemption, or an adjustment with its reason.

Both are small modal questions from the loyalty panel's menu; each ``ask_*`` classmethod is the
one place a test replaces or drives. Adjustments need a reason because it goes on the ledger the
customer may ask about later ("why this balance?").
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from shopcrm.core.loyalty import MAX_ADJUST
from shopcrm.ui.widgets.plural import plural_tr


class PointsDialog(QDialog):
    """Points (and, when adjusting, a reason); use ``ask_redeem`` or ``ask_adjust``."""

    def __init__(self, parent: QWidget | None, available: int, *, adjust: bool) -> None:
        super().__init__(parent)
        self.adjust = adjust
        self.setWindowTitle(self.tr("Adjust points") if adjust else self.tr("Redeem points"))
        self.points = QSpinBox()
        if adjust:
            self.points.setRange(-min(available, MAX_ADJUST), MAX_ADJUST)
            self.points.setValue(0)
        else:
            self.points.setRange(1, max(1, available))
            self.points.setValue(max(1, available))
        self.points.setSuffix(self.tr(" pts"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Why? (shown on the ledger)"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        balance = plural_tr("PointsDialog", "%n point(s) available", available)
        form.addRow(QLabel(balance))
        form.addRow(self.tr("&Points:"), self.points)
        if adjust:
            form.addRow(self.tr("&Reason:"), self.reason)
        form.addRow(self.buttons)
        self.points.setFocus()
        self.points.selectAll()

    def accept(self) -> None:
        if self.adjust and (not self.reason.text().strip() or self.points.value() == 0):
            return
        super().accept()

    @classmethod
    def ask_redeem(cls, parent: QWidget | None, available: int) -> int | None:
        """How many points to spend (up to ``available``), or None when cancelled."""
        dialog = cls(parent, available, adjust=False)
        try:
            return dialog.points.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    @classmethod
    def ask_adjust(cls, parent: QWidget | None, available: int) -> tuple[int, str] | None:
        """Points to add (negative: take away) and why, or None when cancelled."""
        dialog = cls(parent, available, adjust=True)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.points.value(), dialog.reason.text().strip()
        finally:
            dialog.deleteLater()
