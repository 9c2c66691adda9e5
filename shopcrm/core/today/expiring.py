"""Valid vouchers that expire in the next 14 days (today included): the counter reminds the
customer to use them. One row per voucher; redeemed or voided ones drop off at once. Read
through the index on the batch's expiry (batches are few; single vouchers are batches too)."""

from __future__ import annotations

from datetime import date, timedelta

from shopcrm.core import settings
from shopcrm.core.today.model import TodayRow
from shopcrm.core.vouchers.codes import grouped
from shopcrm.core.vouchers.values import VoucherValue
from shopcrm.db.models import Customer, Voucher, VoucherBatch
from shopcrm.db.rows import tuples

DAYS = 14


def vouchers_expiring(day: date, limit: int) -> list[TodayRow]:
    shop = settings.load()
    query = (
        Voucher.select(
            Voucher.id,
            Voucher.code,
            Customer.id,
            Customer.first_name,
            Customer.last_name,
            VoucherBatch.expires_on,
            VoucherBatch.value_kind,
            VoucherBatch.value_minor,
            VoucherBatch.value_percent,
            VoucherBatch.value_item,
            VoucherBatch.currency,
        )
        .join_from(Voucher, VoucherBatch)
        .join_from(Voucher, Customer)
        .where(
            (VoucherBatch.expires_on >= day)
            & (VoucherBatch.expires_on <= day + timedelta(days=DAYS))
            & VoucherBatch.voided_at.is_null()
            & Voucher.voided_at.is_null()
            & Voucher.redeemed_at.is_null()
            & Customer.erased_at.is_null()
        )
        .order_by(VoucherBatch.expires_on, Voucher.id)
        .limit(limit)
    )
    rows = []
    for vid, code, cid, first, last, expires, kind, minor, percent, item, currency in tuples(query):
        expires_on = VoucherBatch.expires_on.python_value(expires)
        value = VoucherValue(kind, minor, percent, item).describe(
            currency or shop.currency, shop.locale
        )
        in_days = (expires_on - day).days
        when = "today" if in_days == 0 else "tomorrow" if in_days == 1 else f"in {in_days} days"
        rows.append(
            TodayRow(
                cid,
                f"{first} {last}".strip(),
                f"voucher {value} expires {when} ({expires_on.isoformat()})",
                (in_days, vid),
                "voucher",
                {
                    "voucher_id": vid,
                    "code": grouped(code),
                    "value": value,
                    "expires_on": expires_on,
                    "in_days": in_days,
                },
            )
        )
    return rows
