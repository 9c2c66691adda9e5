"""Reads the counter makes on every keystroke, for the few customers in the result list.

Written out in SQL (the same on SQLite and PostgreSQL) rather than built with peewee: building
these statements cost three times what running them did, on every keystroke. Each reads a
handful of index entries per customer, however long the customer's history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from shopcrm.db.connection import database, placeholders
from shopcrm.db.models import Visit


def kept_balances(customer_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """(stamps, points) kept in ``loyalty_balance``, for the customers that have a row."""
    if not customer_ids:
        return {}
    rows = database.obj.execute_sql(
        "SELECT customer_id, stamps, points FROM loyalty_balance"
        f" WHERE customer_id IN ({placeholders(len(customer_ids))})",
        list(customer_ids),
    )
    return {cid: (int(stamps), int(points)) for cid, stamps, points in rows}


def visits_since(customer_ids: Sequence[int], since: datetime, enough: int) -> dict[int, int]:
    """Each customer's visits (not voided) from ``since`` on, counted up to ``enough``: the
    customers with none are left out."""
    if not customer_ids:
        return {}
    db = database.obj
    p = db.param
    rows = db.execute_sql(
        "SELECT c.id, (SELECT COUNT(*) FROM (SELECT 1 FROM visit v"
        f" WHERE v.customer_id = c.id AND NOT v.voided AND v.visited_at >= {p} LIMIT {p}) r)"
        f" FROM customer c WHERE c.id IN ({placeholders(len(customer_ids))})",
        [Visit.visited_at.db_value(since), max(1, int(enough)), *customer_ids],
    )
    return {cid: int(count) for cid, count in rows if count}
