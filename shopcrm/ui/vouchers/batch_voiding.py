"""Voiding the vouchers chosen in the batches window: the owner's reason, then one write op.

The whole choice goes to :func:`~shopcrm.core.vouchers.void_vouchers` in one call, so it is one
transaction however many there are (9,000 vouchers one by one took about 45 s with the window
frozen, a durable commit each). It runs off the GUI thread with a progress dialog and Cancel;
a refusal (one was redeemed at the till meanwhile) voids none and is said under the tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from shopcrm.core.errors import ShopError
from shopcrm.core.owner import OwnerProof
from shopcrm.core.vouchers import VoidedVouchers, VoucherView, void_vouchers
from shopcrm.ui.ops import Op, Task, run_op
from shopcrm.ui.vouchers.void_dialog import VoucherVoidDialog
from shopcrm.ui.vouchers.words import refusal
from shopcrm.ui.widgets.plural import plural_tr

#: ``ended(count, refused)``: how many were voided, and the refusal to show ("" for none).
Ended = Callable[[int, str], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("VoucherBatchesDialog", text)


def confirm_void(parent: QWidget, chosen: Sequence[VoucherView]) -> str | None:
    """The owner's reason for voiding ``chosen``, or None when they thought better of it."""
    if len(chosen) == 1:
        description = (
            _tr("Void %1's voucher %2 (%3)?")
            .replace("%1", chosen[0].customer_name)
            .replace("%2", chosen[0].grouped_code)
            .replace("%3", chosen[0].value_text)
        )
    else:
        description = plural_tr("VoucherBatchesDialog", "Void %n voucher(s)?", len(chosen))
    act = plural_tr("VoucherBatchesDialog", "Void %n voucher(s)", len(chosen))
    return VoucherVoidDialog.ask(parent, _tr("Void voucher"), description, act)


def void_in_op(
    parent: QWidget,
    chosen: Sequence[VoucherView],
    reason: str,
    staff_id: int | None,
    ended: Ended,
    owner: OwnerProof | None = None,
) -> Op:
    """Void ``chosen`` together in a write op; ``ended`` is called once, however it ends."""
    ids = [v.id for v in chosen]
    # A refusal of a single voucher does not name it (the core words it as the card does).
    prefix = f"{chosen[0].grouped_code}: " if len(chosen) == 1 else ""

    def work(task: Task) -> VoidedVouchers:
        return void_vouchers(
            ids,
            reason,
            staff_id=staff_id,
            progress=task.progress,
            cancelled=task.cancelled,
            owner=owner,
        )

    def refused(exc: ShopError) -> None:
        ended(0, prefix + refusal(exc))

    return run_op(
        parent,
        work,
        lambda done: ended(done.count, ""),
        on_failure=refused,
        on_cancelled=lambda: ended(0, ""),
        writes=True,
        label=plural_tr("VoucherBatchesDialog", "Voiding %n voucher(s)…", len(ids)),
        title=_tr("Void voucher"),
    )
