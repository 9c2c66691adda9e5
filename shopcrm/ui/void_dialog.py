"""Asking why a visit is voided: the reason goes on the visit and on the reversing ledger lines.

A small dialog rather than an inline field because voiding is rare and cannot be undone; the
common reasons are offered, any other can be typed. OK stays disabled until there is a reason.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)


class VoidDialog(QDialog):
    """``VoidDialog.ask(parent, description)`` → the reason, or None when cancelled."""

    def __init__(self, parent: QWidget | None = None, description: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Void visit"))
        self.description = QLabel(description)
        self.description.setWordWrap(True)
        explain = QLabel(
            self.tr(
                "The visit stays in the history, struck through. The stamps and points it "
                "earned are taken back."
            )
        )
        explain.setWordWrap(True)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(
            [
                "",
                self.tr("Logged by mistake"),
                self.tr("Wrong customer"),
                self.tr("Logged twice"),
                self.tr("Purchase refunded"),
            ]
        )
        self.reason.lineEdit().setPlaceholderText(self.tr("Why is this visit voided?"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Void visit"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.currentTextChanged.connect(self._update_ok)

        layout = QVBoxLayout(self)
        layout.addWidget(self.description)
        layout.addWidget(explain)
        layout.addWidget(QLabel(self.tr("&Reason:"), buddy=self.reason))
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.reason.setFocus()
        self._update_ok()
        self.setMinimumWidth(360)

    def reason_text(self) -> str:
        return " ".join(self.reason.currentText().split())

    def _update_ok(self, *_args: object) -> None:
        self.ok_button.setEnabled(bool(self.reason_text()))

    def accept(self) -> None:
        if self.reason_text():
            super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None, description: str = "") -> str | None:
        """Show the dialog modally; the reason given, or None when cancelled."""
        dialog = cls(parent, description)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.reason_text() if accepted else None
        finally:
            dialog.deleteLater()
