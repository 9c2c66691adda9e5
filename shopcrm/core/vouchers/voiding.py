"""Voiding a voucher or a whole batch (owner): it stays on record, and can no longer be redeemed."""

from __future__ import annotations

from datetime import UTC, datetime

from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.staff import known_staff
from shopcrm.core.validation import MAX_REASON, checked_text
from shopcrm.core.vouchers.lookup import get_batch, get_voucher
from shopcrm.core.vouchers.views import REDEEMED, VOIDED, BatchSummary, VoucherView
from shopcrm.db import write_transaction
from shopcrm.db.models import Voucher, VoucherBatch


def _clean_reason(reason: str) -> str:
    return checked_text("reason", reason, limit=MAX_REASON, required="say why it is voided")


def void_voucher(code_or_id: str | int, reason: str, *, staff_id: int | None = None) -> VoucherView:
    """Void one voucher that has not been redeemed (owner)."""
    reason = _clean_reason(reason)
    with write_transaction():
        known_staff(staff_id)
        voucher = get_voucher(code_or_id)
        if voucher.status == REDEEMED:
            raise ValidationError({"voucher": "it was redeemed already and cannot be voided"})
        if voucher.status == VOIDED:
            raise ValidationError({"voucher": "it is voided already"})
        Voucher.update(voided_at=datetime.now(UTC), voided_by=staff_id, void_reason=reason).where(
            (Voucher.id == voucher.id) & Voucher.redeemed_at.is_null()
        ).execute()
        return get_voucher(voucher.id)


def void_batch(batch_id: int, reason: str, *, staff_id: int | None = None) -> BatchSummary:
    """Void a whole batch (owner): its vouchers not yet redeemed can no longer be."""
    reason = _clean_reason(reason)
    with write_transaction():
        known_staff(staff_id)
        batch = VoucherBatch.get_or_none(VoucherBatch.id == batch_id)
        if batch is None:
            raise NotFoundError(f"no voucher batch {batch_id}")
        if batch.voided_at is not None:
            raise ValidationError({"batch": "it is voided already"})
        batch.voided_at, batch.voided_by_id, batch.void_reason = datetime.now(UTC), staff_id, reason
        batch.save()
        return get_batch(batch_id)
