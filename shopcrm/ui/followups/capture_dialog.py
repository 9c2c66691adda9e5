"""Capturing a follow-up at the counter in seconds: Ctrl+Shift+F on the card, type what it is
about, Enter.

The kind starts as a complaint (what the counter most needs to capture while the customer
is still there); Alt with the underlined letter picks another without leaving the text.
The due date follows the kind's default (next working day, today, in a week) until it is
changed by hand, and the follow-up goes to whoever is at the till unless someone else is
chosen.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from shopcrm.core.errors import ShopError, ValidationError
from shopcrm.core.followups import (
    CALLBACK,
    CHECKIN,
    COMPLAINT,
    MAX_ABOUT,
    OTHER,
    FollowupView,
    add_followup,
    default_due,
)
from shopcrm.core.staff import list_staff
from shopcrm.core.vouchers import local_today
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.buddy_label import buddy_label
from shopcrm.ui.widgets.form_errors import error_label, show_error
from shopcrm.ui.widgets.formatting import shop_formats, show_days_the_shop_way
from shopcrm.ui.widgets.qt_dates import pydate, qdate


class CaptureDialog(QDialog):
    """``CaptureDialog.ask(parent, customer_id, name, till)`` → the follow-up opened, or None."""

    def __init__(
        self, parent: QWidget | None, customer_id: int, name: str, till: Till | None
    ) -> None:
        super().__init__(parent)
        self.customer_id = customer_id
        self.till = till
        self.made: FollowupView | None = None
        self.setWindowTitle(self.tr("Follow-up for %1").replace("%1", name))
        self.today = local_today()
        self.kinds = QButtonGroup(self)
        row = QHBoxLayout()
        for kind, text in (
            (COMPLAINT, self.tr("&Complaint")),
            (CALLBACK, self.tr("Call &back")),
            (CHECKIN, self.tr("Check &in")),
            (OTHER, self.tr("O&ther")),
        ):
            button = QRadioButton(text)
            button.setProperty("kind", kind)
            self.kinds.addButton(button)
            row.addWidget(button)
        self.kinds.buttons()[0].setChecked(True)
        self.kinds.buttonToggled.connect(self._kind_changed)
        self.about = QLineEdit()
        self.about.setMaxLength(MAX_ABOUT)
        self.about.setPlaceholderText(self.tr("What is it about?"))
        self.due = QDateEdit(qdate(default_due(COMPLAINT, self.today)))
        self.due.setCalendarPopup(True)
        show_days_the_shop_way(self.due, shop_formats().date_pattern("medium"))
        self.due.setMinimumDate(qdate(self.today))
        self.due.setMaximumDate(qdate(self.today + timedelta(days=366)))
        self._due_by_hand = False
        self.due.editingFinished.connect(self._due_edited)
        self.assignee = QComboBox()
        for member in list_staff():
            self.assignee.addItem(member.name, member.id)
        if till is not None and till.staff_id is not None:
            self.assignee.setCurrentIndex(max(0, self.assignee.findData(till.staff_id)))
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Open follow-up"))
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.about.textEdited.connect(lambda _text: show_error(self.error, ""))

        form = QFormLayout(self)
        form.addRow(row)
        form.addRow(buddy_label(self.tr("&About:"), self.about), self.about)
        form.addRow(buddy_label(self.tr("&Due:"), self.due), self.due)
        form.addRow(buddy_label(self.tr("&For:"), self.assignee), self.assignee)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.about.setFocus()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0" * 56))

    def kind(self) -> str:
        checked = self.kinds.checkedButton()
        return str(checked.property("kind")) if checked is not None else COMPLAINT

    def set_kind(self, kind: str) -> None:
        for button in self.kinds.buttons():
            if button.property("kind") == kind:
                button.setChecked(True)

    def _due_edited(self) -> None:
        self._due_by_hand = pydate(self.due.date()) != default_due(self.kind(), self.today)

    def _kind_changed(self, *_args: object) -> None:
        if not self._due_by_hand:
            self.due.setDate(qdate(default_due(self.kind(), self.today)))
        self.about.setFocus()

    def accept(self) -> None:
        """Open the follow-up through the core; a refusal is shown and the dialog stays."""
        try:
            self.made = add_followup(
                self.customer_id,
                self.kind(),
                self.about.text(),
                due_on=pydate(self.due.date()),
                assignee_id=self.assignee.currentData(),
                staff_id=self.till.staff_id if self.till else None,
            )
        except ValidationError as exc:
            show_error(self.error, "; ".join(exc.errors.values()))
            self.about.setFocus()
            return
        except ShopError as exc:
            show_error(self.error, str(exc))
            return
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, customer_id: int, name: str, till: Till | None
    ) -> FollowupView | None:
        dialog = cls(parent, customer_id, name, till)
        try:
            return dialog.made if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
