"""Giving one customer a voucher from their card: a birthday, or making up for a bad day.

The value (an amount, a percentage or a free item), a personal message and the expiry; the core
issues it in one transaction (``vouchers.issue_single``) and every refusal is shown under the
field it is about. Afterwards the card offers to print it through the shop's print flow
(:mod:`shopcrm.ui.vouchers.printing`: a printer, or a PDF drawn off the GUI thread).
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

from shopcrm.core.customers import CustomerCard
from shopcrm.core.errors import ShopError, ValidationError
from shopcrm.core.vouchers import (
    AMOUNT,
    ITEM,
    MAX_ITEM,
    MAX_VALID_DAYS,
    PERCENT,
    IssuedVoucher,
    VoucherValue,
    default_expiry,
    field_meanings,
    grouped,
    issue_single,
    local_today,
)
from shopcrm.ui.shop.till import Till
from shopcrm.ui.vouchers.printing import VoucherOutput
from shopcrm.ui.widgets.buddy_label import buddy_label
from shopcrm.ui.widgets.form_errors import caption_label, error_label, show_error
from shopcrm.ui.widgets.formatting import (
    shop_formats,
    show_days_the_shop_way,
    show_percent_the_shop_way,
)
from shopcrm.ui.widgets.qt_dates import pydate, qdate
from shopcrm.ui.widgets.shop_money import ShopMoney


def default_message(card: CustomerCard, today: date) -> str:
    """ "Happy birthday" when the birthday is this month or next, a thank-you otherwise."""
    month = card.birthday_month
    if month is not None and (month - today.month) % 12 in (0, 1):
        return "Happy birthday, {first_name}!"
    return "Thank you, {first_name}! With our compliments."


class SingleVoucherDialog(QDialog):
    """``SingleVoucherDialog.ask(parent, card, money)`` → the voucher issued, or None."""

    def __init__(self, parent: QWidget | None, card: CustomerCard, money: ShopMoney) -> None:
        super().__init__(parent)
        self.card = card
        self.money = money
        self.issued: IssuedVoucher | None = None
        self.setWindowTitle(self.tr("Give %1 a voucher").replace("%1", card.full_name))
        today = local_today()

        self.kind = QComboBox()
        for kind, text in (
            (AMOUNT, self.tr("Amount off")),
            (PERCENT, self.tr("Percentage off")),
            (ITEM, self.tr("Free item")),
        ):
            self.kind.addItem(text, kind)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("e.g. %1").replace("%1", money.format(500)))
        self.percent = QSpinBox()
        self.percent.setRange(1, 100)
        self.percent.setValue(10)
        show_percent_the_shop_way(self.percent)
        self.item = QLineEdit()
        self.item.setMaxLength(MAX_ITEM)
        self.item.setPlaceholderText(self.tr("e.g. A free coffee"))
        self.value_fields = QStackedWidget()
        for field in (self.amount, self.percent, self.item):
            self.value_fields.addWidget(field)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.message = QLineEdit(default_message(card, today))
        self.message.setMaxLength(600)
        fields = ", ".join("{" + name + "}" for name in ("first_name", "name", "shop"))
        self.message_help = caption_label(
            self.tr("Fields like %1 are filled in for them.").replace("%1", fields)
        )
        self.message_help.setToolTip(
            "\n".join(
                "{" + name + "}: " + words
                for name, words in field_meanings(money.currency, money.locale, today).items()
            )
        )
        self.expires = QDateEdit(qdate(default_expiry(today)))
        self.expires.setCalendarPopup(True)
        show_days_the_shop_way(self.expires, shop_formats().date_pattern("short"))
        self.expires.setMinimumDate(qdate(today))
        self.expires.setMaximumDate(qdate(today + timedelta(days=MAX_VALID_DAYS)))
        self.errors = {key: error_label() for key in ("value", "message", "expires", "other")}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Give voucher"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.amount.textEdited.connect(lambda _text: show_error(self.errors["value"], ""))
        self.item.textEdited.connect(lambda _text: show_error(self.errors["value"], ""))
        self.message.textEdited.connect(lambda _text: show_error(self.errors["message"], ""))
        self._lay_out()
        self.amount.setFocus()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0" * 52))

    def _lay_out(self) -> None:
        value_row = QHBoxLayout()
        value_row.addWidget(self.kind)
        value_row.addWidget(self.value_fields, 1)
        form = QFormLayout(self)
        form.addRow(buddy_label(self.tr("&Value:"), self.kind), value_row)
        form.addRow("", self.errors["value"])
        form.addRow(buddy_label(self.tr("&Message:"), self.message), self.message)
        form.addRow("", self.message_help)
        form.addRow("", self.errors["message"])
        form.addRow(buddy_label(self.tr("Valid &until:"), self.expires), self.expires)
        form.addRow("", self.errors["expires"])
        form.addRow(self.errors["other"])
        form.addRow(self.buttons)

    def _kind_changed(self, index: int) -> None:
        self.value_fields.setCurrentIndex(index)
        show_error(self.errors["value"], "")
        if (field := self.value_fields.currentWidget()) is not None:
            field.setFocus()

    def value(self) -> tuple[VoucherValue, str]:
        """What the fields say the voucher is worth, and why the amount cannot be read ("" when
        it can: then the core checks the value)."""
        kind = self.kind.currentData()
        if kind == AMOUNT:
            try:
                return VoucherValue.amount(self.money.parse(self.amount.text())), ""
            except ValueError as exc:
                return VoucherValue.amount(None), str(exc)  # refused by the core too
        if kind == PERCENT:
            return VoucherValue.percent_off(self.percent.value()), ""
        return VoucherValue.free_item(self.item.text()), ""

    def expiry(self) -> date:
        chosen = self.expires.date()
        return pydate(chosen)

    def accept(self) -> None:
        """Issue the voucher through the core; on refusal say why and keep the dialog open."""
        for label in self.errors.values():
            show_error(label, "")
        till = Till.of(self.parentWidget())
        value, unreadable = self.value()
        try:
            issued = issue_single(
                self.card.id,
                value,
                self.expiry(),
                self.message.text(),
                staff_id=till.staff_id if till else None,
            )
        except ValidationError as exc:
            errors = dict(exc.errors, **({"value": unreadable} if unreadable else {}))
            for field, message in errors.items():
                show_error(self.errors.get(field, self.errors["other"]), message)
            return
        except ShopError as exc:
            show_error(self.errors["other"], str(exc))
            return
        self.issued = issued.vouchers[0]
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, card: CustomerCard, money: ShopMoney
    ) -> IssuedVoucher | None:
        """Show the dialog modally; the voucher issued, or None when cancelled."""
        dialog = cls(parent, card, money)
        try:
            return dialog.issued if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class PrintChoice(StrEnum):
    PRINT = "print"
    PDF = "pdf"


PRINT, PDF = PrintChoice.PRINT, PrintChoice.PDF


def ask_print(parent: QWidget, voucher: IssuedVoucher) -> PrintChoice | None:
    """Print the voucher just given now? ``"print"``, ``"pdf"`` or "" for not now (tests
    replace this)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(parent.tr("Voucher given"))
    box.setText(
        parent.tr("%1 has a new voucher, %2. Print it now?")
        .replace("%1", voucher.name)
        .replace("%2", grouped(voucher.code))
    )
    print_button = box.addButton(parent.tr("&Print…"), QMessageBox.ButtonRole.AcceptRole)
    pdf_button = box.addButton(parent.tr("&Save as PDF…"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(parent.tr("Not now"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(print_button)
    try:
        box.exec()
        clicked = box.clickedButton()
        return PRINT if clicked is print_button else PDF if clicked is pdf_button else None
    finally:
        box.deleteLater()


def offer_to_print(parent: QWidget, voucher: IssuedVoucher) -> VoucherOutput | None:
    """Ask, then print or save the voucher through the shop's print flow (the PDF drawn off
    the GUI thread, COPY on a reprint); the output, kept by the caller while it works."""
    how = ask_print(parent, voucher)
    if not how:
        return None
    output = VoucherOutput(
        parent,
        voucher_ids=[voucher.id],
        title=parent.tr("Voucher for %1").replace("%1", voucher.name),
    )
    if how == PRINT:
        output.print_()
    else:
        output.save_pdf("single")
    return output
