"""How regular a customer is, as the search index's rank bucket (lower is found first).

The bucket depends on the number of visits in the trailing 12 months, in steps that double
(1, 2, 4, 8, …), so a visit moves a customer to another bucket only when it crosses a step:
most visits leave the search index untouched, which keeps logging a visit cheap. Customers who
have not visited in the last 12 months sit with those who never did; ``refresh_ranks`` moves
customers down as their old visits age out.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from shopcrm.db.search import DEFAULT_RANK

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
