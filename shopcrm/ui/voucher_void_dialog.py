"""Asking why a voucher (or a whole batch) is voided, which is also the confirmation.

Voiding cannot be undone, so the dialog says what will happen in words and its button names
the act ("Void 212 vouchers"); it stays disabled until there is a reason, which is kept with
the voucher for whoever asks later why a code was refused.
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


class VoucherVoidDialog(QDialog):
    """``VoucherVoidDialog.ask(parent, title, description, act)`` → the reason, or None."""

    def __init__(
        self,
        parent: QWidget | None = None,
        title: str = "",
        description: str = "",
        act: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Void voucher"))
        self.description = QLabel(description)
        self.description.setWordWrap(True)
        explain = QLabel(
            self.tr(
                "A voided voucher is refused at the counter with the reason below. "
                "This cannot be undone."
            )
        )
        explain.setWordWrap(True)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(
            [
                "",
                self.tr("Issued by mistake"),
                self.tr("Sent to the wrong customer"),
                self.tr("Printed wrongly"),
                self.tr("Customer lost it"),
                self.tr("Offer withdrawn"),
            ]
        )
        self.reason.lineEdit().setPlaceholderText(self.tr("Why is it voided?"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(act or self.tr("Void voucher"))
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
        self.setMinimumWidth(380)

    def reason_text(self) -> str:
        return " ".join(self.reason.currentText().split())

    def _update_ok(self, *_args: object) -> None:
        self.ok_button.setEnabled(bool(self.reason_text()))

    def accept(self) -> None:
        if self.reason_text():
            super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None = None, title: str = "", description: str = "", act: str = ""
    ) -> str | None:
        """Show the dialog modally; the reason given, or None when cancelled."""
        dialog = cls(parent, title, description, act)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.reason_text() if accepted else None
        finally:
            dialog.deleteLater()
