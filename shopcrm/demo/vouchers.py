"""The demo shop's vouchers: last month's thank-you run, partly redeemed, and a few birthday
vouchers, so the card, the batch list and the counter have something to show.

The batches are issued by the use case itself. The redemptions are not: through
:func:`shopcrm.core.vouchers.redeem`, one transaction each, the 16,000 of a million-customer
demo took over three minutes (a commit, a lookup by code and a fresh view per voucher); they
are written here in one transaction, exactly as ``redeem`` writes a voucher redeemed without a
visit (the tests compare the two).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

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
)
from shopcrm.db import write_transaction
from shopcrm.db.models import Voucher, VoucherAttempt, VoucherBatch

#: The till the demo's redemptions were made at.
DEMO_TILL = "demo"
#: Vouchers redeemed per statement (well below any engine's limit on bound values).
_PER_UPDATE = 500

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
    # Last month's birthday treats run out in 12 days: the Today page has vouchers to remind
    # customers of, as a real shop's would.
    expiries = (vouchers.default_expiry(today), today + timedelta(days=12))
    for (spec, value, message), expires in zip(runs, expiries, strict=True):
        draft = vouchers.BatchDraft(spec, value, expires, message)
        try:
            batch = vouchers.issue_batch(draft, staff_id=staff_id)
        except ShopError:  # nobody matched in a tiny shop
            continue
        issued += len(batch.vouchers)
        ids = [v.id for v in batch.vouchers]
        mark_printed(ids)  # the owner printed them last month
        redeem_demo_vouchers([i for i in ids if rng.random() < 0.35], staff_id)
    return issued


def redeem_demo_vouchers(ids: Sequence[int], staff_id: int | None) -> None:
    """Redeem these vouchers (of a live batch, not yet redeemed) at the demo till, now, as
    :func:`shopcrm.core.vouchers.redeem` would without a visit: one transaction for all."""
    now = datetime.now(UTC)
    with write_transaction():
        for start in range(0, len(ids), _PER_UPDATE):
            Voucher.update(
                redeemed_at=now, redeemed_by=staff_id, redeemed_visit=None, redeemed_till=DEMO_TILL
            ).where(
                Voucher.id.in_(ids[start : start + _PER_UPDATE])
                & Voucher.redeemed_at.is_null()
                & Voucher.voided_at.is_null()
            ).execute()
        VoucherAttempt.delete().where(VoucherAttempt.till == DEMO_TILL).execute()
