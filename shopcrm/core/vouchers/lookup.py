"""Reading vouchers and batches back: one voucher by code or id, a customer's or a batch's
vouchers, and every batch with its issued, redeemed and voided counts."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import date

import peewee

from shopcrm.core.errors import NotFoundError
from shopcrm.core.vouchers.codes import parse
from shopcrm.core.vouchers.rules import RuleSpec, describe
from shopcrm.core.vouchers.views import (
    EXPIRED,
    REDEEMED,
    VALID,
    VOIDED,
    BatchSummary,
    ShopContext,
    VoucherView,
    batch_value,
    local_today,
    month_name,
)
from shopcrm.db.models import Customer, Staff, Voucher, VoucherBatch
from shopcrm.db.rows import pairs, tuples

_VIEW_COLUMNS = (
    Voucher,
    VoucherBatch,
    Customer.first_name,
    Customer.last_name,
)


def _status(voucher: Voucher, batch: VoucherBatch, today: date) -> str:
    if voucher.redeemed_at is not None:
        return REDEEMED
    if voucher.voided_at is not None or batch.voided_at is not None:
        return VOIDED
    if batch.expires_on < today:
        return EXPIRED
    return VALID


def views_of(
    query: peewee.ModelSelect[Voucher], shop: ShopContext | None = None
) -> list[VoucherView]:
    shop = shop or ShopContext.current()
    today = local_today()
    rows = list(
        query.select(Voucher, VoucherBatch, Customer.id, Customer.first_name, Customer.last_name)
        .join_from(Voucher, VoucherBatch)
        .join_from(Voucher, Customer)
    )  # a model graph: row.batch and row.customer come from the join, not a query per row
    staff_ids = {r.redeemed_by_id for r in rows if r.redeemed_by_id}
    staff = pairs(Staff.select(Staff.id, Staff.name).where(Staff.id.in_(staff_ids)))
    views = []
    for row in rows:
        batch = row.batch
        value = batch_value(batch)
        views.append(
            VoucherView(
                id=row.id,
                code=row.code,
                batch_id=batch.id,
                batch_name=batch.name,
                customer_id=row.customer_id,
                customer_name=row.customer.full_name,
                value=value,
                value_text=value.describe(batch.currency or shop.currency, shop.locale),
                currency=batch.currency or shop.currency,
                expires_on=batch.expires_on,
                issued_at=batch.issued_at,
                message=row.message,
                printed=row.printed,
                redeemed_at=row.redeemed_at,
                redeemed_by=staff.get(row.redeemed_by_id),
                redeemed_visit_id=row.redeemed_visit_id,
                redeemed_till=row.redeemed_till,
                voided_at=row.voided_at or batch.voided_at,
                void_reason=row.void_reason or batch.void_reason,
                status=_status(row, batch, today),
            )
        )
    return views


def get_voucher(code_or_id: str | int) -> VoucherView:
    """A voucher by id or by code (typed in any forgiving form)."""
    if isinstance(code_or_id, int):
        where = Voucher.id == code_or_id
    else:
        where = Voucher.code == parse(code_or_id)
    views = views_of(Voucher.select().where(where))
    if not views:
        raise NotFoundError(f"no voucher {code_or_id}")
    return views[0]


def customer_vouchers(customer_id: int, *, only_valid: bool = False) -> list[VoucherView]:
    """A customer's vouchers, newest first (for the card)."""
    views = views_of(
        Voucher.select().where(Voucher.customer == customer_id).order_by(Voucher.id.desc())
    )
    return [v for v in views if v.status == VALID] if only_valid else views


def batch_vouchers(batch_id: int) -> list[VoucherView]:
    if not VoucherBatch.select().where(VoucherBatch.id == batch_id).exists():
        raise NotFoundError(f"no voucher batch {batch_id}")
    return views_of(Voucher.select().where(Voucher.batch == batch_id).order_by(Voucher.id))


def _summaries(batch_ids: Collection[int] | None = None) -> list[BatchSummary]:
    shop = ShopContext.current()
    counts = Voucher.select(
        Voucher.batch,
        peewee.fn.COUNT(Voucher.id),
        peewee.fn.COUNT(Voucher.redeemed_at),
        peewee.fn.COUNT(Voucher.voided_at),
    ).group_by(Voucher.batch)
    batches = VoucherBatch.select().order_by(VoucherBatch.issued_at.desc(), VoucherBatch.id.desc())
    if batch_ids is not None:
        batches = batches.where(VoucherBatch.id.in_(list(batch_ids)))
        counts = counts.where(Voucher.batch.in_(list(batch_ids)))
    by_batch = {bid: (n, redeemed, voided) for bid, n, redeemed, voided in tuples(counts)}
    staff = pairs(Staff.select(Staff.id, Staff.name))
    summaries = []
    for batch in batches:
        issued, redeemed, voided = by_batch.get(batch.id, (0, 0, 0))
        params = json.loads(batch.rule_params or "{}")
        picked = params.pop("customers", None)  # stored as a count, not the ids
        spec = RuleSpec(
            batch.rule, date.fromisoformat((batch.month or "2000-01") + "-01"), **params
        )
        summaries.append(
            BatchSummary(
                id=batch.id,
                name=batch.name,
                month=batch.month,
                rule=batch.rule,
                rule_text=describe(spec, month_name(spec.month, shop.locale), picked),
                value_text=batch_value(batch).describe(batch.currency, shop.locale),
                issued_at=batch.issued_at,
                issued_by=staff.get(batch.issued_by_id),
                expires_on=batch.expires_on,
                issued=issued,
                redeemed=redeemed,
                voided=issued - redeemed if batch.voided_at else voided,
                batch_voided=batch.voided_at is not None,
            )
        )
    return summaries


def list_batches() -> list[BatchSummary]:
    """Every batch, newest first, with its issued, redeemed and voided counts."""
    return _summaries()


def get_batch(batch_id: int) -> BatchSummary:
    found = _summaries([batch_id])
    if not found:
        raise NotFoundError(f"no voucher batch {batch_id}")
    return found[0]
