"""Rank buckets: visits in the last 12 months → the search index's rank (lower is first)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from shopcrm.core.ranking import RANK_WINDOW, rank_bucket, window_start
from shopcrm.db.search import DEFAULT_RANK


def test_buckets_step_at_powers_of_two() -> None:
    assert rank_bucket(0) == rank_bucket(-3) == DEFAULT_RANK
    assert [rank_bucket(n) for n in (1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 10**6)] == [
        30, 28, 28, 26, 26, 24, 24, 22, 22, 20, 20, 18, 16,
    ]  # fmt: skip


@given(st.integers(0, 10_000))
def test_more_visits_never_rank_lower(visits: int) -> None:
    assert 16 <= rank_bucket(visits + 1) <= rank_bucket(visits) <= DEFAULT_RANK
    # the bucket changes only when the count crosses a power of two
    if rank_bucket(visits + 1) != rank_bucket(visits):
        n = visits + 1
        assert n & (n - 1) == 0


def test_window_is_the_last_365_days() -> None:
    now = datetime(2025, 3, 1, 12, tzinfo=UTC)
    assert timedelta(days=365) == RANK_WINDOW
    assert window_start(now) == datetime(2024, 3, 1, 12, tzinfo=UTC)
    # across a leap day, 365 days reach one calendar day short of "a year ago"
    assert window_start(datetime(2024, 3, 1, tzinfo=UTC)) == datetime(2023, 3, 2, tzinfo=UTC)
