"""A voucher run, for the owner: rule, the customers, the voucher, then Issue, then print.

The pages only read until Issue: :func:`shopcrm.core.vouchers.issue_batch` then picks the
customers again and writes the whole batch in one transaction, on a worker thread
(:mod:`shopcrm.ui.ops`) with a progress dialog and Cancel; a cancelled issue writes nothing. A
refusal is shown next to the field it is about (each page hears it through the run's
:class:`~shopcrm.ui.vouchers.wizard.state.RunDraft`) and summed up on the Issue page; issuing
is the commit point, after which the last page offers Print…, Save PDF… and Preview.

The wizard owns the one state of the run and the pages; the pages know only the state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QWidget, QWizard

from shopcrm.core.errors import ShopError, ValidationError
from shopcrm.core.vouchers import DuplicateBatchError, IssuedBatch, issue_batch
from shopcrm.ui.ops import Op, Task, run_op
from shopcrm.ui.shop.till import Till
from shopcrm.ui.vouchers.wizard.candidates_page import CandidatesPage
from shopcrm.ui.vouchers.wizard.done_page import DonePage
from shopcrm.ui.vouchers.wizard.rule_page import RulePage
from shopcrm.ui.vouchers.wizard.state import RunDraft
from shopcrm.ui.vouchers.wizard.summary_page import SummaryPage
from shopcrm.ui.vouchers.wizard.value_page import ValuePage
from shopcrm.ui.widgets.formatting import format_date
from shopcrm.ui.widgets.plural import plural_tr


class VoucherWizard(QWizard):
    """ "New voucher run"; ``batch_id`` is the batch issued (None until then).

    ``hand_picked`` are the customers the hand-picked rule sends to (the search results).
    ``issue_ended()`` after each attempt to issue, whatever its outcome."""

    issue_ended = Signal()

    def __init__(self, parent: QWidget | None = None, hand_picked: Sequence[int] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New voucher run"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.state = RunDraft(tuple(hand_picked), self)
        self.issuing: Op | None = None
        self.rule_page = RulePage(self.state)
        self.list_page = CandidatesPage(self.state)
        self.value_page = ValuePage(self.state)
        self.summary_page = SummaryPage(self.state)
        self.done_page = DonePage(self.state)
        for page in (
            self.rule_page,
            self.list_page,
            self.value_page,
            self.summary_page,
            self.done_page,
        ):
            self.addPage(page)
        self.summary_page.issue_requested.connect(self.issue)
        self.resize(920, 660)

    @property
    def batch_id(self) -> int | None:
        return self.state.issued.batch_id if self.state.issued else None

    @property
    def issued(self) -> IssuedBatch | None:
        return self.state.issued

    @classmethod
    def ask(cls, parent: QWidget | None = None, hand_picked: Sequence[int] = ()) -> int | None:
        """Run the wizard modally; the id of the batch issued, or None when none was."""
        wizard = cls(parent, hand_picked)
        try:
            wizard.exec()
            return wizard.batch_id
        finally:
            wizard.deleteLater()

    def issue(self) -> None:
        """Issue the batch (owner only) off the GUI thread; the wizard moves on once it is."""
        draft, again = self.state.draft, self.state.again
        if self.issuing is not None or draft is None:
            return
        draft = replace(draft, leave_out_holders=self.state.leave_out_holders)
        till = Till.of(self)
        words = QCoreApplication.translate("VoucherWizard", "issue vouchers")
        if till is not None and not till.requires_owner(words):
            return
        staff_id = till.staff_id if till else None
        owner = till.owner if till else None
        self.summary_page.show_error("")
        self.button(QWizard.WizardButton.CommitButton).setEnabled(False)

        def work(task: Task) -> IssuedBatch:
            return issue_batch(
                draft,
                staff_id=staff_id,
                again=again,
                progress=task.progress,
                cancelled=task.cancelled,
                owner=owner,
            )

        self.issuing = run_op(
            self,
            work,
            self._issued,
            on_failure=self._refused,
            writes=True,
            label=self.tr("Issuing the vouchers…"),
            title=self.windowTitle(),
        )
        self.issuing.ended.connect(self._issue_ended)

    def _issued(self, issued: IssuedBatch) -> None:
        self.state.set_issued(issued)
        self.next()  # the Issue page lets the wizard on now

    def _refused(self, exc: ShopError) -> None:
        """Say why, next to the fields, and stay on the Issue page."""
        if isinstance(exc, DuplicateBatchError):
            self.summary_page.show_error(self._duplicate_text(exc))
        elif isinstance(exc, ValidationError):
            self.state.errors_found.emit(dict(exc.errors))
            reasons = "; ".join(text[:1].upper() + text[1:] for text in exc.errors.values())
            self.summary_page.show_error(self.tr("Not issued: %1").replace("%1", reasons))
        else:
            self.summary_page.show_error(self.tr("Not issued: %1").replace("%1", str(exc)))

    def _issue_ended(self) -> None:
        self.issuing = None
        self.button(QWizard.WizardButton.CommitButton).setEnabled(True)
        self.issue_ended.emit()

    def reject(self) -> None:
        """Closing while the batch is being written stops the writing instead (nothing is
        issued); the wizard closes once it has stopped, at the next Cancel."""
        if self.issuing is not None:
            self.issuing.cancel()
            return
        self.list_page.stop()  # the customers still being looked for are not wanted now
        super().reject()

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
