"""Customers who already hold a live voucher issued this month.

A second run in the same month under another rule (regulars, then top spenders, say) would
otherwise hand some customers a second voucher without anyone noticing: the duplicate check
(:func:`~shopcrm.core.vouchers.batches.find_duplicate`) only knows the same rule. The wizard
counts them before issuing and the owner may leave them out (``BatchDraft.leave_out_holders``).

"Live" is what the counter would still accept: not redeemed, not voided (nor its batch), not
expired. "This month" is the calendar month of the moment of issuing, on this computer's clock.
"""

from __future__ import annotations

from datetime import UTC, datetime

from shopcrm.db.models import Voucher, VoucherBatch
from shopcrm.db.rows import tuples


def month_start(now: datetime) -> datetime:
    """The first moment of ``now``'s local calendar month, in UTC."""
    local = now.astimezone()
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return first.astimezone(UTC)


def live_voucher_holders(now: datetime | None = None) -> frozenset[int]:
    """Every customer holding a live voucher from a batch issued this month (runs and single
    vouchers alike). A month's batches are few, so their vouchers are read through the batch
    ids rather than by scanning the voucher table."""
    now = now or datetime.now(UTC)
    today = now.astimezone().date()
    batches = VoucherBatch.select(VoucherBatch.id).where(
        (VoucherBatch.issued_at >= month_start(now))
        & (VoucherBatch.issued_at <= now)
        & VoucherBatch.voided_at.is_null()
        & (VoucherBatch.expires_on >= today)
    )
    query = (
        Voucher.select(Voucher.customer)
        .where(
            Voucher.batch.in_(batches) & Voucher.redeemed_at.is_null() & Voucher.voided_at.is_null()
        )
        .distinct()
    )
    return frozenset(customer_id for (customer_id,) in tuples(query))
