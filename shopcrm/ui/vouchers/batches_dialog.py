"""Every voucher batch with how it did, and the vouchers of the one selected.

From here the owner prints a batch or a few vouchers again (each reprint is marked COPY by the
core), and voids a voucher or a whole batch with a reason. The counts come from
:func:`~shopcrm.core.vouchers.list_batches`; nothing here works anything out from rows itself.

Both tables are read by read ops (:mod:`shopcrm.ui.ops`): a birthday batch of a big shop has
tens of thousands of vouchers (shown by a lazy model, and voided together by one write op). A
table waiting for its rows is greyed with a busy cursor and its title says so; each read is
numbered, and one that ends after a newer one was asked for (the owner clicked on to another
batch) is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core.errors import ShopError
from shopcrm.core.vouchers import (
    EXPIRED,
    VALID,
    BatchSummary,
    VoucherView,
    batch_vouchers,
    list_batches,
    local_today,
    void_batch,
)
from shopcrm.ui.ops import Op, run_op
from shopcrm.ui.shop.till import Till
from shopcrm.ui.vouchers.batch_tables import (
    BATCH_COLUMNS,
    TableReads,
    fill_batches,
    table,
)
from shopcrm.ui.vouchers.batch_voiding import confirm_void, void_in_op
from shopcrm.ui.vouchers.batch_vouchers_model import (
    BatchVouchersModel,
    selected_rows,
    vouchers_table,
)
from shopcrm.ui.vouchers.printing import VoucherOutput
from shopcrm.ui.vouchers.void_dialog import VoucherVoidDialog
from shopcrm.ui.vouchers.words import refusal
from shopcrm.ui.widgets.form_errors import caption_label, error_label, show_error
from shopcrm.ui.widgets.plural import plural_tr

#: Which vouchers a print button means right now (None: none are selected, or one is busy).
Chooser = Callable[[], VoucherOutput | None]


class VoucherBatchesDialog(QDialog):
    """The batch list above, the selected batch's vouchers below, actions beside each.
    ``vouchers_voided(n)`` once a void of chosen vouchers has ended (0: none was)."""

    vouchers_voided = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Voucher batches"))
        self.resize(1040, 680)
        self._batches: list[BatchSummary] = []
        self.voiding: Op | None = None
        self.output: VoucherOutput | None = None

        self.batches = table(
            [
                self.tr("Batch"),
                self.tr("Rule"),
                self.tr("Worth"),
                self.tr("Issued on"),
                self.tr("Valid until"),
                self.tr("Vouchers"),
                self.tr("Redeemed"),
                self.tr("Rate"),
                self.tr("State"),
            ]
        )
        self.batches.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.batches.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BATCH_COLUMNS.index("rule"), QHeaderView.ResizeMode.Stretch)
        self.batches.itemSelectionChanged.connect(self._batch_selected)

        code_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.vouchers_model = BatchVouchersModel(code_font, self)
        self.vouchers = vouchers_table(self.vouchers_model)
        self.vouchers.selectionModel().selectionChanged.connect(self._update_actions)
        self.batch_reads, self.voucher_reads = TableReads(self.batches), TableReads(self.vouchers)
        self.vouchers_title = QLabel()
        self.error = error_label()

        self.print_batch_button = self._print_button(self.tr("&Print batch"), self._batch_output)
        self.void_batch_button = QPushButton(self.tr("Void &batch…"))
        self.void_batch_button.clicked.connect(self.void_selected_batch)
        self.print_voucher_button = self._print_button(
            self.tr("Print &selected"), self._voucher_output
        )
        self.void_voucher_button = QPushButton(self.tr("&Void voucher…"))
        self.void_voucher_button.clicked.connect(self.void_selected_vouchers)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(lambda: self.refresh())
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.refresh()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> None:
        dialog = cls(parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def _print_button(self, text: str, output: Chooser) -> QPushButton:
        """A button whose menu prints, saves or previews (``output()`` says which vouchers)."""
        button = QPushButton(text)
        menu = QMenu(button)
        menu.addAction(self.tr("&Print…"), lambda: self._use(output, "print_"))
        menu.addAction(self.tr("&Save PDF…"), lambda: self._use(output, "save_pdf"))
        menu.addAction(self.tr("Pre&view"), lambda: self._use(output, "preview"))
        button.setMenu(menu)
        return button

    def _use(self, output: Chooser, method: str) -> None:
        chosen = output()
        if chosen is not None:
            getattr(chosen, method)()

    def _lay_out(self) -> None:
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.batches, 1)
        batch_buttons = QHBoxLayout()
        batch_buttons.addWidget(
            caption_label(self.tr("The rate counts the redeemed out of the vouchers not voided.")),
            1,
        )
        batch_buttons.addWidget(self.print_batch_button)
        batch_buttons.addWidget(self.void_batch_button)
        top_layout.addLayout(batch_buttons)

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.vouchers_title)
        bottom_layout.addWidget(self.vouchers, 1)
        voucher_buttons = QHBoxLayout()
        voucher_buttons.addWidget(
            caption_label(self.tr("A voucher printed before is printed again marked COPY.")), 1
        )
        voucher_buttons.addWidget(self.print_voucher_button)
        voucher_buttons.addWidget(self.void_voucher_button)
        bottom_layout.addLayout(voucher_buttons)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([260, 380])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    # -- reading -------------------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        """Read the batches again, keeping the selection (or selecting ``select_id``)."""
        keep = select_id if select_id is not None else self.selected_batch_id()
        request = self.batch_reads.start()
        self._update_actions()
        self.vouchers_title.setText(self.tr("Reading the voucher batches…"))
        run_op(
            self,
            lambda _task: list_batches(),
            lambda batches: self._batches_read(request, batches, keep),
            on_failure=lambda exc: self._read_refused(self.batch_reads, request, exc),
        )

    def _read_refused(self, reads: TableReads, request: int, exc: ShopError) -> None:
        if reads.end(request):
            if reads is self.batch_reads:
                self.vouchers_title.setText("")
            show_error(self.error, str(exc))
            self._update_actions()

    def _batches_read(self, request: int, batches: list[BatchSummary], keep: int | None) -> None:
        if not self.batch_reads.end(request):
            return
        self._batches = batches
        fill_batches(self.batches, self._batches, local_today())
        ids = [b.id for b in self._batches]
        self.batches.blockSignals(True)  # one read of the vouchers, below, not two
        if keep in ids:
            self.batches.selectRow(ids.index(keep))
        elif ids:
            self.batches.selectRow(0)
        self.batches.blockSignals(False)
        self._batch_selected()

    def selected_batch(self) -> BatchSummary | None:
        rows = self.batches.selectionModel().selectedRows()
        return self._batches[rows[0].row()] if rows else None

    def selected_batch_id(self) -> int | None:
        batch = self.selected_batch()
        return batch.id if batch else None

    def selected_vouchers(self) -> list[VoucherView]:
        shown = self.vouchers_model.vouchers()
        return [shown[row] for row in selected_rows(self.vouchers)]

    def select_vouchers(self, voucher_ids: Sequence[int]) -> None:
        """Add these vouchers (those shown) to the selection, in one change."""
        selection = self.vouchers.selectionModel()
        selection.select(
            self.vouchers_model.rows_selection(voucher_ids),
            selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
        )

    def _batch_selected(self, reselect: Sequence[int] = ()) -> None:
        """Read the selected batch's vouchers; ``reselect`` them once they are there."""
        batch = self.selected_batch()
        request = self.voucher_reads.start()
        self.vouchers_model.set_vouchers([])
        self._update_actions()
        if batch is None:  # nothing to read (and whatever is still being read is not wanted)
            self._vouchers_read(request, None, [], ())
            return
        self.vouchers_title.setText(
            self.tr("“%1”: reading the vouchers…").replace("%1", batch.name)
        )
        batch_id = batch.id
        run_op(
            self,
            lambda _task: batch_vouchers(batch_id),
            lambda vouchers: self._vouchers_read(request, batch, vouchers, reselect),
            on_failure=lambda exc: self._read_refused(self.voucher_reads, request, exc),
        )

    def _vouchers_read(
        self,
        request: int,
        batch: BatchSummary | None,
        vouchers: list[VoucherView],
        reselect: Sequence[int],
    ) -> None:
        if not self.voucher_reads.end(request):
            return
        self.vouchers_model.set_vouchers(vouchers)
        self._show_vouchers(batch)
        if reselect:
            self.select_vouchers(reselect)
        self._update_actions()

    def _show_vouchers(self, batch: BatchSummary | None) -> None:
        if batch is None:
            self.vouchers_title.setText(self.tr("No voucher batch yet: issue one from Vouchers."))
        else:
            count = plural_tr(
                "VoucherBatchesDialog", "%n voucher(s)", self.vouchers_model.rowCount()
            )
            self.vouchers_title.setText(f"“{batch.name}”: {count}")

    def _update_actions(self) -> None:
        """Nothing acts on a table still waiting for its rows."""
        reading = self.batch_reads.loading or self.voucher_reads.loading
        batch = None if self.batch_reads.loading else self.selected_batch()
        chosen = [] if reading else self.selected_vouchers()
        voiding = self.voiding is not None and self.voiding.running()
        self.print_batch_button.setEnabled(batch is not None)
        self.void_batch_button.setEnabled(batch is not None and not batch.batch_voided)
        self.print_voucher_button.setEnabled(bool(chosen))
        live = any(v.status in (VALID, EXPIRED) for v in chosen)
        self.void_voucher_button.setEnabled(live and not voiding)

    # -- printing ------------------------------------------------------------------------------

    def _batch_output(self) -> VoucherOutput | None:
        batch = self.selected_batch()
        if batch is None:
            return None
        return self._output(batch.name, batch_id=batch.id)

    def _voucher_output(self) -> VoucherOutput | None:
        chosen = self.selected_vouchers()
        if not chosen:
            return None
        title = chosen[0].batch_name if len(chosen) > 1 else chosen[0].customer_name
        return self._output(title, voucher_ids=[v.id for v in chosen])

    def _output(
        self, title: str, *, batch_id: int | None = None, voucher_ids: Sequence[int] = ()
    ) -> VoucherOutput | None:
        if self.output is not None and self.output.busy():
            return None
        if self.output is not None:
            self.output.deleteLater()
        self.output = VoucherOutput(self, batch_id=batch_id, voucher_ids=voucher_ids, title=title)
        self.output.done.connect(lambda _text: self._reload_vouchers())
        return self.output

    def _reload_vouchers(self) -> None:
        self._batch_selected(reselect=[v.id for v in self.selected_vouchers()])

    # -- voiding -------------------------------------------------------------------------------

    def _owner_may(self, words: str) -> tuple[bool, int | None]:
        till = Till.of(self)
        if till is not None and not till.requires_owner(words):
            return False, None
        return True, till.staff_id if till else None

    def void_selected_vouchers(self) -> Op | None:
        """Void the selected vouchers that can be (after a reason), all together in one write
        op; None when nothing was started. ``vouchers_voided`` tells how it ended."""
        chosen = [v for v in self.selected_vouchers() if v.status in (VALID, EXPIRED)]
        if not chosen or (self.voiding is not None and self.voiding.running()):
            return None
        allowed, staff_id = self._owner_may(self.tr("void vouchers"))
        reason = confirm_void(self, chosen) if allowed else None
        if reason is None:
            return None
        till = Till.of(self)
        owner = till.owner if till else None
        self.voiding = void_in_op(self, chosen, reason, staff_id, self._voided, owner)
        self._update_actions()
        return self.voiding

    def _voided(self, count: int, refused: str) -> None:
        show_error(self.error, refused)
        if count or refused:
            self.refresh()
        self._update_actions()
        self.vouchers_voided.emit(count)

    def void_selected_batch(self) -> bool:
        """Void the whole selected batch (after a reason): its unredeemed vouchers stop."""
        batch = self.selected_batch()
        if batch is None or batch.batch_voided:
            return False
        allowed, staff_id = self._owner_may(self.tr("void a voucher batch"))
        if not allowed:
            return False
        live = batch.issued - batch.redeemed - batch.voided
        description = (
            self.tr("Void the whole batch “%1”? %2 not redeemed yet will be refused at the till.")
            .replace("%1", batch.name)
            .replace("%2", plural_tr("VoucherBatchesDialog", "%n voucher(s)", live))
        )
        act = self.tr("Void the batch")
        reason = VoucherVoidDialog.ask(self, self.tr("Void batch"), description, act)
        if reason is None:
            return False
        try:
            till = Till.of(self)
            void_batch(batch.id, reason, staff_id=staff_id, owner=till.owner if till else None)
        except ShopError as exc:
            show_error(self.error, refusal(exc))
            return False
        show_error(self.error, "")
        self.refresh(batch.id)
        return True
