"""A voucher run, for the owner: rule, the customers, the voucher, then Issue, then print.

The pages only read until Issue: :func:`shopcrm.core.vouchers.batches.issue_batch` then picks the
customers again and writes the whole batch in one transaction. A refusal is shown next to the
field it is about (on its page) and summed up on the Issue page; issuing is the commit point,
after which the last page offers Print…, Save PDF… and Preview for the new batch.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from shopcrm.core.errors import ShopError, ValidationError
from shopcrm.core.vouchers import (
    BatchDraft,
    DuplicateBatchError,
    IssuedBatch,
    describe,
    expires_text,
    issue_batch,
    message_for,
    month_name,
)
from shopcrm.ui.shop.till import Till
from shopcrm.ui.vouchers.printing import VoucherOutput
from shopcrm.ui.vouchers.wizard.candidates_page import CandidatesPage
from shopcrm.ui.vouchers.wizard.rule_page import RulePage
from shopcrm.ui.vouchers.wizard.value_page import ValuePage
from shopcrm.ui.widgets.form_errors import caption_label, error_label, show_error
from shopcrm.ui.widgets.formatting import format_date
from shopcrm.ui.widgets.plural import plural_tr

RULE_FIELDS = ("rule", "min_visits", "window", "top", "lapsed_days", "customers")
VALUE_FIELDS = ("value", "message", "expires", "name")


def _label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SummaryPage(QWizardPage):
    """Everything at a glance, and the Issue button (the commit point: no way back)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Issue the vouchers"))
        self.setSubTitle(self.tr("Check the run. Issuing gives every customer a voucher code."))
        self.setCommitPage(True)
        self.rows = {key: _label() for key in ("name", "rule", "customers", "value", "expires")}
        self.sample = _label()
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
        wizard = self.wizard()
        assert isinstance(wizard, VoucherWizard)
        show_error(self.error, "")
        draft = wizard.draft()
        shop = wizard.value_page.shop
        count = wizard.list_page.model.ticked_count()
        self.rows["name"].setText(wizard.value_page.name.text().strip())
        self.rows["rule"].setText(describe(draft.rule, month_name(draft.rule.month, shop.locale)))
        customers = plural_tr("SummaryPage", "%n customer(s)", count)
        left_out = len(wizard.list_page.model.excluded())
        if left_out:
            customers += " " + self.tr("(%1 left out by you)").replace("%1", str(left_out))
        if wizard.list_page.again:
            customers += " " + self.tr("(only those without a voucher from the earlier run)")
        self.rows["customers"].setText(customers)
        self.rows["value"].setText(draft.value.describe(shop.currency, shop.locale))
        self.rows["expires"].setText(expires_text(draft.expires_on, shop.locale))
        first = wizard.list_page.model.first_ticked()
        self.sample.setText(message_for(draft, first, shop) if first else "")
        wizard.setButtonText(
            QWizard.WizardButton.CommitButton,
            plural_tr("SummaryPage", "&Issue %n voucher(s)", count),
        )

    def validatePage(self) -> bool:
        wizard = self.wizard()
        assert isinstance(wizard, VoucherWizard)
        return wizard.issue()


class DonePage(QWizardPage):
    """The batch is issued: print it, save it as a PDF, or look at it first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Issued"))
        self.setSubTitle(self.tr("Every customer in the run has a voucher code: now print them."))
        self.setFinalPage(True)
        self.output: VoucherOutput | None = None
        self.result_text = _label()
        self.status = _label()
        self.print_button = QPushButton(self.tr("&Print…"))
        self.save_button = QPushButton(self.tr("&Save PDF…"))
        self.preview_button = QPushButton(self.tr("Pre&view"))
        self.print_button.clicked.connect(lambda: self.output and self.output.print_())
        self.save_button.clicked.connect(lambda: self.output and self.output.save_pdf())
        self.preview_button.clicked.connect(lambda: self.output and self.output.preview())
        buttons = QHBoxLayout()
        for button in (self.print_button, self.save_button, self.preview_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.result_text)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(
            caption_label(
                self.tr(
                    "You can print the batch again later from Vouchers → Voucher batches; "
                    "a second print of a voucher is marked COPY."
                )
            )
        )

    def show_issued(self, issued: IssuedBatch) -> None:
        count = len(issued.vouchers)
        self.result_text.setText(
            plural_tr("DonePage", "%n voucher(s) issued: “%1”.", count).replace("%1", issued.name)
        )
        self.output = VoucherOutput(self, batch_id=issued.batch_id, title=issued.name)
        self.output.done.connect(self.status.setText)


class VoucherWizard(QWizard):
    """ "New voucher run"; ``batch_id`` is the batch issued (None until then).

    ``hand_picked`` are the customers the hand-picked rule sends to (the search results)."""

    def __init__(self, parent: QWidget | None = None, hand_picked: Sequence[int] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New voucher run"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.batch_id: int | None = None
        self.issued: IssuedBatch | None = None
        self.rule_page = RulePage(hand_picked)
        self.list_page = CandidatesPage()
        self.value_page = ValuePage()
        self.summary_page = SummaryPage()
        self.done_page = DonePage()
        for page in (
            self.rule_page,
            self.list_page,
            self.value_page,
            self.summary_page,
            self.done_page,
        ):
            self.addPage(page)
        self.resize(920, 660)

    @classmethod
    def ask(cls, parent: QWidget | None = None, hand_picked: Sequence[int] = ()) -> int | None:
        """Run the wizard modally; the id of the batch issued, or None when none was."""
        wizard = cls(parent, hand_picked)
        try:
            wizard.exec()
            return wizard.batch_id
        finally:
            wizard.deleteLater()

    def draft(self) -> BatchDraft:
        """The run as chosen on the pages (the value page raises for an unreadable amount)."""
        return self.value_page.draft(self.list_page.model.excluded())

    def issue(self) -> bool:
        """Issue the batch (owner only); on refusal say why, next to the fields, and stay."""
        till = Till.of(self)
        words = QCoreApplication.translate("VoucherWizard", "issue vouchers")
        if till is not None and not till.requires_owner(words):
            return False
        error = self.summary_page.error
        try:
            issued = issue_batch(
                self.draft(),
                staff_id=till.staff_id if till else None,
                again=self.list_page.again,
            )
        except DuplicateBatchError as exc:
            show_error(error, self._duplicate_text(exc))
            return False
        except ValidationError as exc:
            self.rule_page.show_errors({k: v for k, v in exc.errors.items() if k in RULE_FIELDS})
            self.value_page.show_errors({k: v for k, v in exc.errors.items() if k in VALUE_FIELDS})
            reasons = [message[:1].upper() + message[1:] for message in exc.errors.values()]
            show_error(error, self.tr("Not issued: %1").replace("%1", "; ".join(reasons)))
            return False
        except ShopError as exc:
            show_error(error, self.tr("Not issued: %1").replace("%1", str(exc)))
            return False
        self.issued, self.batch_id = issued, issued.batch_id
        self.done_page.show_issued(issued)
        return True

    def _duplicate_text(self, exc: DuplicateBatchError) -> str:
        existing = exc.existing
        return (
            self.tr(
                "Not issued: “%1” was issued for this month and rule on %2 to %3 while this "
                "run was being prepared. Go back to the list: the run then goes only to the "
                "customers who did not get one."
            )
            .replace("%1", existing.name)
            .replace("%2", format_date(existing.issued_at))
            .replace("%3", plural_tr("VoucherWizard", "%n customer(s)", existing.issued))
        )
