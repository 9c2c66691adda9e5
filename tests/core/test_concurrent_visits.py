"""Four tills log 500 visits each to the same 20 customers at once (a SQLite file, or a
PostgreSQL server where writers really run side by side): every visit is kept, each
customer's visit statistics count all of them, and every loyalty ledger replays to the lots
stored on it, with expired points written off once and points spent from the right lots.

The visits are logged at times spread over the last two years, so old lots expire while
the tills race, and every tenth action spends points: the writes that read a balance or
the lots before changing them are the ones two tills could interleave."""

from __future__ import annotations

import multiprocessing
import random
from collections import Counter
from datetime import timedelta

import peewee
import pytest

from shopcrm.core.check import check_database
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.loyalty.lot_check import lot_problems
from shopcrm.db.models import CustomerStats, LoyaltyEntry, Visit, utcnow

PROCESSES = 4
VISITS_EACH = 500
CUSTOMERS = 20


def _till(location: str, till: int, customer_ids: list[int], start, results) -> None:
    """One till: open the shop, wait for the others, log its visits (spending points now
    and then), and report what happened."""
    from shopcrm.core import visits
    from shopcrm.core.errors import ValidationError
    from shopcrm.core.loyalty import account
    from shopcrm.db import close, open_database

    open_database(location)
    rng = random.Random(till)
    outcomes: Counter[str] = Counter()
    start.wait()
    for n in range(VISITS_EACH):
        customer_id = rng.choice(customer_ids)
        try:
            visits.log_visit(
                customer_id,
                amount_minor=rng.randint(100, 5_000),
                at=utcnow() - timedelta(days=rng.uniform(0, 730)),
            )
            outcomes["logged"] += 1
            if n % 10 == 9:
                account.redeem_points(customer_id, rng.randint(1, 60))
                outcomes["spent"] += 1
        except ValidationError:
            outcomes["not enough points"] += 1
        except Exception as exc:  # anything else reaching the cashier is the failure
            outcomes[f"{type(exc).__name__}: {exc}"] += 1
    close()
    results.put(dict(outcomes))


def test_four_processes_log_visits_to_the_same_customers(
    db: peewee.Database, shop_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite's lock is not fair: on a machine loaded far past its cores one writer can wait
    # more than the default 10 s while the others take turns. Waiting is not what this test
    # is about (the tills' processes inherit this).
    monkeypatch.setenv("SHOPCRM_BUSY_TIMEOUT_S", "120")
    ids = [add_customer(CustomerInput(first_name=f"Regular {n}")).id for n in range(CUSTOMERS)]

    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(PROCESSES), context.Queue()
    tills = [
        context.Process(target=_till, args=(shop_location, n, ids, start, results))
        for n in range(PROCESSES)
    ]
    for process in tills:
        process.start()
    outcomes = [results.get(timeout=240) for _ in tills]
    for process in tills:
        process.join(timeout=60)
        assert process.exitcode == 0

    total = sum((Counter(o) for o in outcomes), Counter())
    assert total["logged"] == PROCESSES * VISITS_EACH, total
    assert set(total) <= {"logged", "spent", "not enough points"}, total
    assert total["spent"] > 0
    assert Visit.select().count() == PROCESSES * VISITS_EACH

    for stats in CustomerStats.select():
        visits = Visit.select().where(Visit.customer == stats.customer_id)
        assert stats.visits == visits.count()
        assert stats.total_spent_minor == sum(v.amount_minor for v in visits)
    assert CustomerStats.select().count() == CUSTOMERS
    expired = LoyaltyEntry.select().where(LoyaltyEntry.kind == "expire").count()
    assert expired > 0  # old lots really were written off while the tills raced
    assert lot_problems() == []
    report = check_database()
    assert report.ok, report.problems
