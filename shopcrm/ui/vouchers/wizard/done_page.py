"""The last page of a voucher run: the batch is issued; print it, save it or look at it first.

The page hears of the batch from the run's :class:`~shopcrm.ui.vouchers.wizard.state.RunDraft`
and prints through :class:`~shopcrm.ui.vouchers.printing.VoucherOutput` (off the GUI thread).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget, QWizardPage

from shopcrm.ui.vouchers.printing import VoucherOutput
from shopcrm.ui.vouchers.wizard.state import RunDraft
from shopcrm.ui.vouchers.wizard.summary_page import plain_label
from shopcrm.ui.widgets.form_errors import caption_label
from shopcrm.ui.widgets.plural import plural_tr


class DonePage(QWizardPage):
    """Print…, Save PDF… and Preview for the batch just issued."""

    def __init__(self, state: RunDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("Issued"))
        self.setSubTitle(self.tr("Every customer in the run has a voucher code: now print them."))
        self.setFinalPage(True)
        self.output: VoucherOutput | None = None
        self.result_text = plain_label()
        self.status = plain_label()
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
        state.issued_changed.connect(self.show_issued)

    def show_issued(self) -> None:
        issued = self.state.issued
        if issued is None:
            return
        count = len(issued.vouchers)
        self.result_text.setText(
            plural_tr("DonePage", "%n voucher(s) issued: “%1”.", count).replace("%1", issued.name)
        )
        self.output = VoucherOutput(self, batch_id=issued.batch_id, title=issued.name)
        self.output.done.connect(self.status.setText)
