"""Asking why a voucher (or a whole batch) is voided, which is also the confirmation.

Voiding cannot be undone, so the dialog says what will happen in words and its button names
the act ("Void 212 vouchers"); the reason is kept with the voucher for whoever asks later why a
code was refused.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from shopcrm.ui.widgets.reason_dialog import ReasonDialog


class VoucherVoidDialog(ReasonDialog):
    """``VoucherVoidDialog.ask(parent, title, description, act)`` → the reason, or None."""

    def __init__(
        self,
        parent: QWidget | None = None,
        title: str = "",
        description: str = "",
        act: str = "",
    ) -> None:
        super().__init__(
            parent,
            title=title or self.tr("Void voucher"),
            description=description,
            explanation=self.tr(
                "A voided voucher is refused at the counter with the reason below. "
                "This cannot be undone."
            ),
            reasons=(
                self.tr("Issued by mistake"),
                self.tr("Sent to the wrong customer"),
                self.tr("Printed wrongly"),
                self.tr("Customer lost it"),
                self.tr("Offer withdrawn"),
            ),
            placeholder=self.tr("Why is it voided?"),
            act=act or self.tr("Void voucher"),
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None = None, title: str = "", description: str = "", act: str = ""
    ) -> str | None:
        return cls(parent, title, description, act).ask_reason()
