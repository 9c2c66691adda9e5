"""Four tills redeem the same 1,000 vouchers at once on one database (a SQLite file, or a
PostgreSQL server): each is redeemed exactly once, every other try is answered "already
redeemed", and no "database is locked" reaches anyone."""

from __future__ import annotations

import multiprocessing
import random
from collections import Counter
from datetime import timedelta

import peewee

from shopcrm.core import vouchers
from shopcrm.core.vouchers import HAND_PICKED, RuleSpec, VoucherValue
from shopcrm.db.models import Customer, Voucher, utcnow
from tests.core.vouchers.voucher_shop import MONTH, TODAY

PROCESSES = 4
CODES = 1_000


def _till(db_path: str, till: int, codes: list[str], start, results) -> None:
    """One till: open the database, wait for the others, try every code (in its own order)."""
    from shopcrm.core.vouchers import VoucherRefused, redeem
    from shopcrm.db import close, open_database

    open_database(db_path)
    random.Random(till).shuffle(codes)
    outcomes: Counter[str] = Counter()
    start.wait()
    for code in codes:
        try:
            redeem(code, till=f"till {till}")
            outcomes["redeemed"] += 1
        except VoucherRefused as exc:
            outcomes[exc.reason] += 1
        except Exception as exc:  # anything else escaping to the cashier is the failure
            outcomes[f"{type(exc).__name__}: {exc}"] += 1
    close()
    results.put(dict(outcomes))


def test_four_processes_redeem_the_same_thousand_codes(db: peewee.Database, shop_location: str):
    now = utcnow()
    Customer.insert_many(
        [{"first_name": f"Regular {n}", "created_at": now, "updated_at": now} for n in range(CODES)]
    ).execute()
    ids = tuple(cid for (cid,) in Customer.select(Customer.id).tuples())
    draft = vouchers.BatchDraft(
        RuleSpec(HAND_PICKED, MONTH, customer_ids=ids),
        VoucherValue.amount(300),
        TODAY + timedelta(days=30),
    )
    codes = [v.code for v in vouchers.issue_batch(draft).vouchers]
    assert len(codes) == CODES

    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(PROCESSES), context.Queue()
    tills = [
        context.Process(target=_till, args=(shop_location, n, list(codes), start, results))
        for n in range(PROCESSES)
    ]
    for process in tills:
        process.start()
    outcomes = [results.get(timeout=300) for _ in tills]
    for process in tills:
        process.join(timeout=60)
        assert process.exitcode == 0

    total = sum((Counter(o) for o in outcomes), Counter())
    assert total == {"redeemed": CODES, "already_redeemed": CODES * (PROCESSES - 1)}, total
    assert Voucher.select().where(Voucher.redeemed_at.is_null()).count() == 0
    by_till = Counter(till for (till,) in Voucher.select(Voucher.redeemed_till).tuples())
    assert sum(by_till.values()) == CODES
    assert len(by_till) > 1  # the tills really did race each other
