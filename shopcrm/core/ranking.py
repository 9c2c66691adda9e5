"""How regular a customer is, as the search index's rank bucket (lower is found first).

The bucket depends on the number of visits in the trailing 12 months, in steps that double
(1, 2, 4, 8, …), so a visit moves a customer to another bucket only when it crosses a step:
most visits leave the search index untouched, which keeps logging a visit cheap. Customers who
have not visited in the last 12 months sit with those who never did; ``refresh_ranks`` moves
customers down as their old visits age out.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from shopcrm.core.progress import CancelCheck, Progress, stop_if_cancelled
from shopcrm.db.rows import pairs, tuples
from shopcrm.db.search import DEFAULT_RANK
from shopcrm.db.transactions import transactional

RANK_WINDOW = timedelta(days=365)
#: Visits in the window → bucket: 1 → 30, 2-3 → 28, 4-7 → 26, 8-15 → 24, ... never above 16.
_STEP = 2
_BEST = 16


def rank_bucket(visits_in_window: int) -> int:
    """The search rank of a customer with this many visits in the last 12 months."""
    if visits_in_window <= 0:
        return DEFAULT_RANK
    steps = visits_in_window.bit_length()  # 1 → 1, 2-3 → 2, 4-7 → 3, ...
    return max(_BEST, DEFAULT_RANK - _STEP * steps)


def window_start(now: datetime) -> datetime:
    return now - RANK_WINDOW


@transactional
def refresh_stale_ranks(
    now: datetime | None = None,
    batch: int = 2000,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Move customers whose old visits have aged out of the 12-month window to their new
    bucket; one transaction per batch of customers not re-ranked for a day. Returns how many
    changed bucket. Safe to run at any time (the GUI runs it when idle, the CLI on demand).

    ``progress`` counts the customers looked at (out of those stale at the start);
    ``cancelled`` is asked between batches: the batches done stay done, none is half done."""
    from datetime import UTC

    import peewee

    from shopcrm.db import database, write_transaction
    from shopcrm.db.models import CustomerStats, Visit
    from shopcrm.db.search import search_index
    from shopcrm.db.transactions import lock_customers

    now = now or datetime.now(UTC)
    stale_before = now - timedelta(days=1)
    changed = looked_at = 0
    total = 0
    if progress is not None:
        total = CustomerStats.select().where(CustomerStats.ranked_at < stale_before).count()
        progress(0, total)
    while True:
        stop_if_cancelled(cancelled)
        with write_transaction():
            ids = [
                cid
                for (cid,) in tuples(
                    CustomerStats.select(CustomerStats.customer)
                    .where(CustomerStats.ranked_at < stale_before)
                    .limit(batch)
                )
            ]
            if not ids:
                return changed
            lock_customers(ids)  # a visit logged meanwhile is counted, not overwritten
            recent = pairs(
                Visit.select(Visit.customer, peewee.fn.COUNT(Visit.id))
                .where(
                    Visit.customer.in_(ids)
                    & ~Visit.voided
                    & (Visit.visited_at >= window_start(now))
                )
                .group_by(Visit.customer)
            )
            index = search_index(database.obj)
            for cid in ids:
                rank = rank_bucket(recent.get(cid, 0))
                if index.rerank(cid, rank):
                    changed += 1
                    CustomerStats.update(rank=rank).where(CustomerStats.customer == cid).execute()
            CustomerStats.update(ranked_at=now).where(CustomerStats.customer.in_(ids)).execute()
        looked_at += len(ids)
        if progress is not None:
            progress(min(looked_at, total), total)
