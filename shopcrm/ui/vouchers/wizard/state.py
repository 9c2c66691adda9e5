"""The one state of a voucher run while it is being prepared, shared by the wizard's pages.

Each page writes what it decides here (the rule page the rule, the list page who is left out,
the voucher page the draft) and reads what the pages before it decided; no page knows another
page, nor the wizard. The wizard writes the batch once it is issued, and hands refusals back
through :attr:`RunDraft.errors_found`, which each page answers for its own fields.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from shopcrm.core.vouchers import (
    BatchDraft,
    BatchSummary,
    Candidate,
    IssuedBatch,
    RuleSpec,
    ShopContext,
)


class RunDraft(QObject):
    """What the owner has chosen so far; ``errors_found(field -> message)`` after a refusal,
    ``issued_changed()`` once the batch is written."""

    errors_found = Signal(dict)
    issued_changed = Signal()

    def __init__(self, hand_picked: tuple[int, ...] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hand_picked = tuple(dict.fromkeys(hand_picked))
        self.spec: RuleSpec | None = None  # the rule page's
        self.excluded: frozenset[int] = frozenset()  # the list page's: unticked by the owner
        self.duplicate: BatchSummary | None = None  # the same month and rule, issued already
        self.ticked = 0
        self.first_ticked: Candidate | None = None  # whom the preview is written for
        self.holders = 0  # ticked, and holding a live voucher issued this month already
        self.leave_out_holders = True  # the Issue page's choice: not a second voucher
        self.shop = ShopContext("", "GBP", "en_GB")
        self.draft: BatchDraft | None = None  # the voucher page's, with ``excluded`` in it
        self.issued: IssuedBatch | None = None

    @property
    def again(self) -> bool:
        """Issue as a second run for the month and rule (only to those without a voucher)."""
        return self.duplicate is not None

    def set_issued(self, issued: IssuedBatch) -> None:
        self.issued = issued
        self.issued_changed.emit()
