"""Asking why something is voided: a visit (the reason goes on the visit and on the reversing
ledger lines), a voucher or a batch (the reason is told at the counter when the code is refused).

A small dialog rather than an inline field because voiding is rare and cannot be undone; the
common reasons are offered, any other can be typed. The button names the act and stays
disabled until there is a reason.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from shopcrm.ui.widgets.buddy_label import buddy_label


class ReasonDialog(QDialog):
    """A description, what voiding does, a reason (common ones offered) and a button naming
    the act. Subclasses give the words; ``reason_text()`` is the tidied reason."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        description: str,
        explanation: str,
        reasons: Sequence[str],
        placeholder: str,
        act: str,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.description = QLabel(description)
        self.description.setWordWrap(True)
        explain = QLabel(explanation)
        explain.setWordWrap(True)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(["", *reasons])
        if (typed := self.reason.lineEdit()) is not None:  # always, once editable
            typed.setPlaceholderText(placeholder)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(act)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.currentTextChanged.connect(self._update_ok)

        layout = QVBoxLayout(self)
        layout.addWidget(self.description)
        layout.addWidget(explain)
        layout.addWidget(buddy_label(self.tr("&Reason:"), self.reason))
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

    def ask_reason(self) -> str | None:
        """Show the dialog modally; the reason given, or None when cancelled."""
        try:
            accepted = self.exec() == QDialog.DialogCode.Accepted
            return self.reason_text() if accepted else None
        finally:
            self.deleteLater()


class VoidDialog(ReasonDialog):
    """``VoidDialog.ask(parent, description)`` → the reason a visit is voided, or None."""

    def __init__(self, parent: QWidget | None = None, description: str = "") -> None:
        super().__init__(
            parent,
            title=self.tr("Void visit"),
            description=description,
            explanation=self.tr(
                "The visit stays in the history, struck through. The stamps and points it "
                "earned are taken back."
            ),
            reasons=(
                self.tr("Logged by mistake"),
                self.tr("Wrong customer"),
                self.tr("Logged twice"),
                self.tr("Purchase refunded"),
            ),
            placeholder=self.tr("Why is this visit voided?"),
            act=self.tr("Void visit"),
        )

    @classmethod
    def ask(cls, parent: QWidget | None = None, description: str = "") -> str | None:
        return cls(parent, description).ask_reason()
