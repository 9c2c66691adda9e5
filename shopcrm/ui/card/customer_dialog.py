"""The customer form, for quick-add (a first name is enough) and for editing.

The form does not judge the input itself: it hands everything to ``core.customers`` and shows
each refused field's message in red under that field, so the rules live in one place and the
command line gives the same answers. Nothing is saved while any field is refused. The change
is recorded as made by the person at the till (the window's :class:`Till`, unless given).
Quick-add from a search that found nobody starts with what was typed, in the field it belongs
to (:func:`fields_from_search`). While a new customer is typed in, the customers who may be
the same person show under the form (:mod:`.duplicate_panel`), looked for off the GUI
thread a moment after the typing stops; Save then reads "Save anyway", and Open opens the
one already saved instead.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core import customers
from shopcrm.core.customers import CustomerCard, CustomerInput
from shopcrm.core.errors import ShopError, ValidationError
from shopcrm.ui.card.duplicate_panel import DuplicatePanel
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.form_errors import error_label, show_error
from shopcrm.ui.widgets.formatting import shop_formats

if TYPE_CHECKING:
    from shopcrm.core.merging import Duplicate
    from shopcrm.ui.ops import Op

FIELDS = ("first_name", "last_name", "phone", "email", "birthday", "tags")
NO_YEAR = 1899  # the year spin box's "not set" value (valid years start at 1900)
#: How long after the last key the possible duplicates are looked for.
DUPLICATES_AFTER_MS = 300
_PHONE_LIKE = re.compile(r"[+(]?[0-9][0-9 ()./-]*")
_EMAIL_LIKE = re.compile(r"[^@\s]+@[^@\s]*")


def fields_from_search(text: str) -> dict[str, str]:
    """Where a search text belongs in a new customer's form: digits (as phones are written,
    3 or more) are the phone, an address with ``@`` the email, anything else the name (the
    first word the first name, the rest the last name), as typed."""
    text = " ".join(text.split())
    if not text:
        return {}
    if _EMAIL_LIKE.fullmatch(text):
        return {"email": text}
    if _PHONE_LIKE.fullmatch(text) and sum(char.isdigit() for char in text) >= 3:
        return {"phone": text}
    first, _, last = text.partition(" ")
    return {"first_name": first, "last_name": last} if last else {"first_name": first}


class CustomerDialog(QDialog):
    """Add a customer (``card=None``) or edit one; ``saved_card`` holds the result."""

    def __init__(
        self,
        parent: QWidget | None = None,
        card: CustomerCard | None = None,
        till: Till | None = None,
        search_text: str = "",
    ) -> None:
        super().__init__(parent)
        self._card = card
        self._till = till if till is not None else Till.of(parent)
        self.saved_card: CustomerCard | None = None
        #: The customer already saved that the cashier chose to open instead (a duplicate).
        self.opened_card: CustomerCard | None = None
        self.setWindowTitle(self.tr("Edit customer") if card else self.tr("New customer"))
        self.setMinimumWidth(420)

        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(_phone_hint(self.tr("optional"), self.tr("e.g. %1")))
        self.email = QLineEdit()
        self.email.setPlaceholderText(self.tr("optional"))
        self.birthday_day = QComboBox()
        self.birthday_month = QComboBox()
        self.birthday_year = QSpinBox()
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("comma-separated, e.g. regular, gluten-free"))
        self._fill_birthday_choices()
        self.do_not_contact = QCheckBox(self.tr("Asked not to be contacted (no vouchers)"))

        self.error_labels: dict[str, QLabel] = {name: error_label() for name in FIELDS}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._save_text = self.buttons.button(QDialogButtonBox.StandardButton.Save).text()
        self.duplicates = DuplicatePanel()
        self.duplicates.open_requested.connect(self.open_existing)
        self.duplicate_lookup: Op | None = None
        self._duplicate_timer = QTimer(self)
        self._duplicate_timer.setSingleShot(True)
        self._duplicate_timer.setInterval(DUPLICATES_AFTER_MS)
        self._duplicate_timer.timeout.connect(self.check_duplicates)
        if card is None:
            for line in (self.first_name, self.last_name, self.phone, self.email):
                line.textChanged.connect(self._duplicate_timer.start)
        self._lay_out()
        if card is not None:
            self._prefill(card)
        typed = fields_from_search(search_text) if card is None else {}
        for field, value in typed.items():
            getattr(self, field).setText(value)
        empty = [line for line in (self.first_name, self.last_name, self.phone) if not line.text()]
        (empty[0] if typed and empty else self.first_name).setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None = None,
        card: CustomerCard | None = None,
        till: Till | None = None,
        search_text: str = "",
    ) -> CustomerCard | None:
        """Show the form modally; the saved customer, or None when cancelled. A new
        customer's form starts with ``search_text`` in the field it belongs to."""
        return cls.ask_new(parent, card, till, search_text)[0]

    @classmethod
    def ask_new(
        cls,
        parent: QWidget | None = None,
        card: CustomerCard | None = None,
        till: Till | None = None,
        search_text: str = "",
    ) -> tuple[CustomerCard | None, bool]:
        """:meth:`ask`, and whether the card is a customer saved before that the cashier
        chose to open instead (a possible duplicate) rather than the one saved now."""
        dialog = cls(parent, card, till, search_text)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None, False
            if dialog.opened_card is not None:
                return dialog.opened_card, True
            return dialog.saved_card, False
        finally:
            dialog.deleteLater()

    def _fill_birthday_choices(self) -> None:
        not_set = self.tr("—")
        self.birthday_day.addItem(not_set, None)
        for day in range(1, 32):
            self.birthday_day.addItem(shop_formats().number(day), day)
        self.birthday_month.addItem(not_set, None)
        for month, name in enumerate(shop_formats().month_names(), start=1):
            self.birthday_month.addItem(name, month)
        self.birthday_year.setRange(NO_YEAR, date.today().year)
        self.birthday_year.setSpecialValueText(self.tr("year (optional)"))
        self.birthday_year.setValue(NO_YEAR)

    def _with_error(self, field: str, *widgets: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(6)
        for widget in widgets:
            row.addWidget(widget)
        if len(widgets) > 1:
            row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.error_labels[field])
        return box

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = (
            (self.tr("&First name:"), "first_name", (self.first_name,)),
            (self.tr("&Last name:"), "last_name", (self.last_name,)),
            (self.tr("&Phone:"), "phone", (self.phone,)),
            (self.tr("&Email:"), "email", (self.email,)),
            (
                self.tr("&Birthday:"),
                "birthday",
                (self.birthday_day, self.birthday_month, self.birthday_year),
            ),
            (self.tr("&Tags:"), "tags", (self.tags,)),
        )
        for text, field, widgets in rows:
            label = QLabel(text)
            label.setBuddy(widgets[0])
            form.addRow(label, self._with_error(field, *widgets))
        form.addRow("", self.do_not_contact)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.buttons)

    def _prefill(self, card: CustomerCard) -> None:
        self.first_name.setText(card.first_name)
        self.last_name.setText(card.last_name)
        self.phone.setText(card.phone)
        self.email.setText(card.email)
        self.birthday_day.setCurrentIndex(max(0, self.birthday_day.findData(card.birthday_day)))
        self.birthday_month.setCurrentIndex(
            max(0, self.birthday_month.findData(card.birthday_month))
        )
        self.birthday_year.setValue(card.birthday_year or NO_YEAR)
        self.tags.setText(", ".join(card.tags))
        self.do_not_contact.setChecked(card.do_not_contact)

    def customer_input(self) -> CustomerInput:
        """What the form holds, as the core's input (not yet checked)."""
        year = self.birthday_year.value()
        return CustomerInput(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            birthday_day=self.birthday_day.currentData(),
            birthday_month=self.birthday_month.currentData(),
            birthday_year=None if year == NO_YEAR else year,
            tags=[tag for tag in self.tags.text().split(",") if tag.strip()],
            do_not_contact=self.do_not_contact.isChecked(),
        )

    def typed_details(self) -> tuple[str, str, str, str]:
        """First and last name, phone and email as typed (what duplicates are looked for by)."""
        lines = (self.first_name, self.last_name, self.phone, self.email)
        return tuple(line.text() for line in lines)  # type: ignore[return-value]

    def check_duplicates(self) -> Op | None:
        """Look for customers who may be the one being typed in (a new customer only), off
        the GUI thread (milliseconds on SQLite, up to a tenth of a second on a busy server):
        the cashier keeps typing, and an answer about what is no longer typed is dropped."""
        self._duplicate_timer.stop()
        if self._card is None:
            from shopcrm.core.merging import possible_duplicates
            from shopcrm.ui.ops import run_op

            typed = self.typed_details()
            self.duplicate_lookup = run_op(
                self,
                lambda _task: possible_duplicates(*typed),
                lambda found: self._show_duplicates(typed, found),
                on_failure=lambda _error: None,  # busy or gone: saving will say so
            )
        return self.duplicate_lookup

    def _show_duplicates(self, typed: tuple[str, str, str, str], found: list[Duplicate]) -> None:
        if typed != self.typed_details():
            return  # a newer look-up is on its way
        self.duplicates.set_duplicates(found)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("Save &anyway") if found else self._save_text)

    def open_existing(self, customer_id: int) -> None:
        """Open the customer already saved instead of saving this one."""
        try:
            self.opened_card = customers.get_card(customer_id)
        except ShopError:
            self.check_duplicates()  # gone meanwhile: look again
            return
        self.accept()

    def save(self) -> bool:
        """Save through the core; on refusal show the messages and stay open."""
        data = self.customer_input()
        staff_id = self._till.staff_id if self._till is not None else None
        try:
            if self._card is None:
                self.saved_card = customers.add_customer(data, staff_id=staff_id)
            else:
                self.saved_card = customers.update_customer(self._card.id, data, staff_id=staff_id)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        self.show_errors({})
        self.accept()
        return True

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message in red under its field; the first refused field gets the focus."""
        first: str | None = None
        for field, label in self.error_labels.items():
            message = errors.get(field, "")
            show_error(label, message)
            if message and first is None:
                first = field
        if first is not None:
            self._focus_field(first)

    def _focus_field(self, field: str) -> None:
        widget = {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "phone": self.phone,
            "email": self.email,
            "birthday": self.birthday_day,
            "tags": self.tags,
        }[field]
        widget.setFocus(Qt.FocusReason.OtherFocusReason)


def _phone_hint(optional: str, example: str) -> str:
    """An example in the shop's own phone region ("optional, e.g. (201) 555-0123" in a US
    shop): a British example in an American shop shows the wrong way to type a number."""
    number = shop_formats().phone_example()
    return f"{optional}, {example.replace('%1', number)}" if number else optional
