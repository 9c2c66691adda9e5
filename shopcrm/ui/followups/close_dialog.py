"""Closing a follow-up: how it was resolved and, for a complaint, a service-recovery voucher
given in the same step (the core issues it in the closing's transaction: either both happen
or neither). Dropping one says why it is no longer needed.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from shopcrm.core.errors import ShopError, ValidationError
from shopcrm.core.followups import COMPLAINT, FollowupView, close_followup
from shopcrm.core.validation import MAX_REASON
from shopcrm.core.vouchers import MAX_VALID_DAYS, VoucherValue, local_today
from shopcrm.ui.followups.words import kind_name
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.buddy_label import buddy_label
from shopcrm.ui.widgets.form_errors import error_label, show_error
from shopcrm.ui.widgets.formatting import shop_formats, show_days_the_shop_way
from shopcrm.ui.widgets.qt_dates import pydate, qdate
from shopcrm.ui.widgets.reason_dialog import ReasonDialog
from shopcrm.ui.widgets.shop_money import ShopMoney

#: A recovery voucher is valid this long unless changed: long enough to come back.
RECOVERY_DAYS = 60


class CloseDialog(QDialog):
    """``CloseDialog.ask(parent, followup, money, till)`` → the closed follow-up, or None."""

    def __init__(
        self, parent: QWidget | None, followup: FollowupView, money: ShopMoney, till: Till | None
    ) -> None:
        super().__init__(parent)
        self.followup = followup
        self.money = money
        self.till = till
        self.closed: FollowupView | None = None
        self.setWindowTitle(self.tr("Close follow-up"))
        about = QLabel(f"{kind_name(followup.kind)} — {followup.customer_name}: {followup.about}")
        about.setWordWrap(True)
        self.resolution = QLineEdit()
        self.resolution.setMaxLength(MAX_REASON)
        self.resolution.setPlaceholderText(self.tr("How was it resolved?"))
        self.give = QCheckBox(self.tr("Give a service-recovery &voucher"))
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("e.g. %1").replace("%1", money.format(500)))
        today = local_today()
        self.expires = QDateEdit(qdate(today + timedelta(days=RECOVERY_DAYS)))
        self.expires.setCalendarPopup(True)
        show_days_the_shop_way(self.expires, shop_formats().date_pattern("medium"))
        self.expires.setMinimumDate(qdate(today))
        self.expires.setMaximumDate(qdate(today + timedelta(days=MAX_VALID_DAYS)))
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Mark done"))
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.give.toggled.connect(self._voucher_shown)

        form = QFormLayout(self)
        form.addRow(about)
        form.addRow(buddy_label(self.tr("&Resolution:"), self.resolution), self.resolution)
        if followup.kind == COMPLAINT:
            form.addRow(self.give)
            form.addRow(buddy_label(self.tr("&Amount:"), self.amount), self.amount)
            form.addRow(buddy_label(self.tr("Valid &until:"), self.expires), self.expires)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self._voucher_shown(False)
        self.resolution.setFocus()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0" * 56))

    def _voucher_shown(self, shown: bool) -> None:
        self.amount.setEnabled(shown)
        self.expires.setEnabled(shown)
        if shown:
            self.amount.setFocus()

    def accept(self) -> None:
        voucher, expires = None, None
        if self.give.isChecked():
            try:
                voucher = VoucherValue.amount(self.money.parse(self.amount.text()))
            except ValueError as exc:
                show_error(self.error, str(exc))
                self.amount.setFocus()
                return
            expires = pydate(self.expires.date())
        try:
            self.closed = close_followup(
                self.followup.id,
                self.resolution.text(),
                voucher=voucher,
                voucher_expires=expires,
                staff_id=self.till.staff_id if self.till else None,
            )
        except ValidationError as exc:
            show_error(self.error, "; ".join(exc.errors.values()))
            return
        except ShopError as exc:
            show_error(self.error, str(exc))
            return
        super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        followup: FollowupView,
        money: ShopMoney,
        till: Till | None,
    ) -> FollowupView | None:
        dialog = cls(parent, followup, money, till)
        try:
            return dialog.closed if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class DropDialog(ReasonDialog):
    """``DropDialog.ask(parent, description)`` → why a follow-up is dropped, or None."""

    def __init__(self, parent: QWidget | None = None, description: str = "") -> None:
        super().__init__(
            parent,
            title=self.tr("Drop follow-up"),
            description=description,
            explanation=self.tr("It leaves the open follow-ups; the reason is kept with it."),
            reasons=(
                self.tr("No longer needed"),
                self.tr("Customer could not be reached"),
                self.tr("Opened by mistake"),
            ),
            placeholder=self.tr("Why is it dropped?"),
            act=self.tr("Drop"),
        )

    @classmethod
    def ask(cls, parent: QWidget | None = None, description: str = "") -> str | None:
        return cls(parent, description).ask_reason()
