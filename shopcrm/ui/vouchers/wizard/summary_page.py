"""The fourth page of a voucher run: everything at a glance, and the Issue button.

Issue is the commit point: the page asks for it with ``issue_requested`` and moves on only once
the run's :class:`~shopcrm.ui.vouchers.wizard.state.RunDraft` holds the batch issued; the wizard
does the issuing (off the GUI thread) and says here why it was refused.

Customers who already hold a live voucher issued this month (from a run under another rule, or
given from their card) are counted here before anything is issued, with the choice to leave
them out (ticked: a second voucher the same month is rarely meant).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from shopcrm.core.vouchers import describe, expires_text, message_for, month_name
from shopcrm.ui.vouchers.wizard.state import RunDraft
from shopcrm.ui.widgets.form_errors import caption_label, error_label, show_error
from shopcrm.ui.widgets.formatting import shop_formats
from shopcrm.ui.widgets.plural import plural_tr


def plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SummaryPage(QWizardPage):
    """The run in words; ``issue_requested()`` when the owner presses Issue."""

    issue_requested = Signal()

    def __init__(self, state: RunDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("Issue the vouchers"))
        self.setSubTitle(self.tr("Check the run. Issuing gives every customer a voucher code."))
        self.setCommitPage(True)
        keys = ("name", "rule", "customers", "value", "expires")
        self.rows = {key: plain_label() for key in keys}
        self.sample = plain_label()
        self.holders = plain_label()
        self.leave_out = QCheckBox(self.tr("&Leave them out of this run"))
        self.leave_out.toggled.connect(self._leave_out_toggled)
        self.error = error_label()
        form = QFormLayout()
        for key, text in (
            ("name", self.tr("Batch:")),
            ("rule", self.tr("Rule:")),
            ("customers", self.tr("Customers:")),
            ("value", self.tr("Worth:")),
            ("expires", self.tr("Valid until:")),
        ):
            form.addRow(text, self.rows[key])
        form.addRow(self.tr("First message:"), self.sample)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.holders)
        layout.addWidget(self.leave_out)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(
            caption_label(
                self.tr(
                    "Issuing cannot be undone; a batch can be voided later from Vouchers → "
                    "Voucher batches, and its codes are then refused at the till."
                )
            )
        )

    def initializePage(self) -> None:
        state = self.state
        self.show_error("")
        self.holders.setText(
            plural_tr(
                "SummaryPage",
                "Already holding a live voucher issued this month: %n customer(s).",
                state.holders,
            )
        )
        self.holders.setVisible(state.holders > 0)
        self.leave_out.setVisible(state.holders > 0)
        self.leave_out.setChecked(state.leave_out_holders)
        self._show_counts()

    def _leave_out_toggled(self, checked: bool) -> None:
        self.state.leave_out_holders = checked
        self._show_counts()

    def issued_count(self) -> int:
        """How many vouchers Issue writes: the ticked customers, less those left out."""
        state = self.state
        return state.ticked - (state.holders if state.leave_out_holders else 0)

    def _show_counts(self) -> None:
        state = self.state
        draft, shop = state.draft, state.shop
        assert draft is not None, "the voucher page sets it on Next"
        count = self.issued_count()
        self.rows["name"].setText(draft.name.strip())
        self.rows["rule"].setText(describe(draft.rule, month_name(draft.rule.month, shop.locale)))
        customers = plural_tr("SummaryPage", "%n customer(s)", count)
        if state.excluded:
            customers += " " + self.tr("(%1 left out by you)").replace(
                "%1", shop_formats().number(len(state.excluded))
            )
        if state.again:
            customers += " " + self.tr("(only those without a voucher from the earlier run)")
        if state.holders and state.leave_out_holders:
            customers += " " + plural_tr(
                "SummaryPage", "(%n holding one from this month left out)", state.holders
            )
        self.rows["customers"].setText(customers)
        self.rows["value"].setText(draft.value.describe(shop.currency, shop.locale))
        self.rows["expires"].setText(expires_text(draft.expires_on, shop.locale))
        first = state.first_ticked
        self.sample.setText(message_for(draft, first, shop) if first else "")
        wizard = self.wizard()
        if wizard is not None:
            wizard.setButtonText(
                QWizard.WizardButton.CommitButton,
                plural_tr("SummaryPage", "&Issue %n voucher(s)", count),
            )

    def show_error(self, text: str) -> None:
        show_error(self.error, text)

    def validatePage(self) -> bool:
        """On only once the batch is issued; until then Issue asks for it."""
        if self.state.issued is not None:
            return True
        self.issue_requested.emit()
        return False
