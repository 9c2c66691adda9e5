"""Are the stored loyalty lots what the ledger says? (``shopcrm check``, the tests.)

Every customer's ledger is replayed with :func:`.arithmetic.replay`, the reference
arithmetic, and what each earning line still holds is compared with its stored
``lot_remaining`` (:mod:`.lots`). Customers are read a block at a time, so a shop
with millions of ledger lines is checked in bounded memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from shopcrm.core.loyalty.arithmetic import Entry, replay
from shopcrm.db.models import LoyaltyEntry, utc_from_db

_CUSTOMERS_PER_READ = 20_000
_MAX_REPORTED = 20


def ledgers(
    customer_ids: Iterable[int] | None,
) -> Iterator[tuple[int, list[tuple[Any, ...]]]]:
    """(customer id, their ledger lines in id order), a block of customers per read."""
    db = LoyaltyEntry._meta.database
    p = db.param
    columns = (
        "SELECT customer_id, id, kind, stamps, points, created_at, reverses_id, visit_id,"
        " lot_id, lot_remaining FROM loyalty_entry"
    )
    if customer_ids is not None:
        blocks = [sorted(set(customer_ids))]
    else:
        low, high = db.execute_sql(
            "SELECT min(customer_id), max(customer_id) FROM loyalty_entry"
        ).fetchone()
        blocks = [
            [start, start + _CUSTOMERS_PER_READ]
            for start in range(low or 0, (high or -1) + 1, _CUSTOMERS_PER_READ)
        ]
    for block in blocks:
        if not block:
            continue
        if customer_ids is not None:
            where = f"customer_id IN ({', '.join([p] * len(block))})"
        else:
            where = f"customer_id >= {p} AND customer_id < {p}"
        rows = db.execute_sql(f"{columns} WHERE {where} ORDER BY customer_id, id", block)
        customer: int = -1  # customer ids start at 1
        mine: list[tuple[Any, ...]] = []
        for row in rows:
            if row[0] != customer:
                if mine:
                    yield customer, mine
                customer, mine = row[0], []
            mine.append(row[1:])
        if mine:
            yield customer, mine


def lot_problems(customer_ids: Iterable[int] | None = None) -> list[str]:
    """Disagreements between stored lots and the replayed ledger (all customers by default),
    and balances below zero; at most a screenful."""
    problems: list[str] = []
    for customer, lines in ledgers(customer_ids):
        entries = [
            Entry(eid, kind, stamps, points, utc_from_db(at), reverses, visit, lot)
            for eid, kind, stamps, points, at, reverses, visit, lot, _ in lines
        ]
        expected = {lot.entry_id: lot.remaining for lot in replay(entries, 0)}
        for eid, *_, stored in lines:
            if stored != expected.get(eid, 0):
                problems.append(
                    f"loyalty: customer {customer} line {eid} keeps {stored} points,"
                    f" the ledger says {expected.get(eid, 0)}"
                )
                break
        if sum(e.points for e in entries) < 0 or sum(e.stamps for e in entries) < 0:
            problems.append(f"loyalty: customer {customer} has a balance below zero")
        if len(problems) >= _MAX_REPORTED:
            break
    return problems
