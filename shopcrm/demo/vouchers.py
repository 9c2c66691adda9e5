"""The demo shop's vouchers: last month's thank-you run, partly redeemed, and a few birthday
vouchers, so the card, the batch list and the counter have something to show."""

from __future__ import annotations

import random
from datetime import timedelta

from shopcrm.core import vouchers
from shopcrm.core.errors import ShopError
from shopcrm.core.staff import default_staff
from shopcrm.core.vouchers import (
    BIRTHDAYS,
    TOP_SPENDERS,
    RuleSpec,
    VoucherValue,
    local_today,
    mark_printed,
    redeem,
)
from shopcrm.db.models import VoucherBatch

_MESSAGE = (
    "Dear {first_name}, thank you for your {visits} visits in {month}."
    " Here is a little something from all of us at {shop}."
)


def add_demo_vouchers(customers: int, seed: int = 0) -> int:
    """Issue the demo's batches (once per shop) and redeem some; returns vouchers issued."""
    if VoucherBatch.select().exists():
        return 0
    rng = random.Random(seed)
    today = local_today()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    owner = default_staff()
    staff_id = owner.id if owner else None
    issued = 0
    runs = (
        (
            RuleSpec(TOP_SPENDERS, last_month, top=max(8, min(200, customers // 40))),
            VoucherValue.amount(500),
            _MESSAGE,
        ),
        (
            RuleSpec(BIRTHDAYS, last_month),
            VoucherValue.free_item("A slice of birthday cake"),
            "Happy birthday, {first_name}! Come and celebrate with a slice on us.",
        ),
    )
    for spec, value, message in runs:
        draft = vouchers.BatchDraft(spec, value, vouchers.default_expiry(today), message)
        try:
            batch = vouchers.issue_batch(draft, staff_id=staff_id)
        except ShopError:  # nobody matched in a tiny shop
            continue
        issued += len(batch.vouchers)
        ids = [v.id for v in batch.vouchers]
        mark_printed(ids)  # the owner printed them last month
        for voucher in batch.vouchers:
            if rng.random() < 0.35:
                redeem(voucher.code, staff_id=staff_id, till="demo")
    return issued
