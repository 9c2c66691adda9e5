"""The rhythm and segment rules on hand-made histories: every boundary, a day either side."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from shopcrm.core.segments.rules import FOREVER, Rules, derive, late_from

RULES = Rules()  # the defaults: 4 visits, 2.0x, new 60 days, regular 4, VIP 24, 60/180 days


def visits_every(days: float, count: int, last: date) -> list[tuple[datetime, int | None]]:
    end = datetime(last.year, last.month, last.day, 10, tzinfo=UTC)
    return [(end - timedelta(days=days * (count - 1 - i)), 500) for i in range(count)]


def is_late(history: list[tuple[datetime, int | None]], today: date, rules: Rules = RULES) -> bool:
    derived = derive(history, today, rules)
    return derived.late_from is not None and derived.late_from <= today


def test_late_exactly_at_the_multiple_is_not_late_and_a_day_past_is() -> None:
    last = date(2026, 3, 10)
    history = visits_every(10, 5, last)  # usual gap 10 days → late past 20 days away
    assert derive(history, last, RULES).usual_gap_tenths == 100
    assert not is_late(history, last + timedelta(days=20))
    assert is_late(history, last + timedelta(days=21))
    assert derive(history, last, RULES).late_from == last + timedelta(days=21)


def test_too_little_history_is_never_late() -> None:
    last = date(2026, 3, 10)
    three = visits_every(10, 3, last)
    assert derive(three, last, RULES).late_from is None
    assert not is_late(three, last + timedelta(days=400))
    assert is_late(three, last + timedelta(days=21), Rules(late_min_visits=3))


def test_at_least_a_week_away_before_anybody_is_late() -> None:
    last = date(2026, 3, 10)
    daily = visits_every(1, 10, last)  # 2x a one-day gap is two days, but the floor is 7
    assert not is_late(daily, last + timedelta(days=7))
    assert is_late(daily, last + timedelta(days=8))


@pytest.mark.parametrize(
    ("gap_tenths", "multiple_tenths", "late_after_days"),
    [(100, 20, 20), (105, 20, 21), (103, 25, 25), (71, 15, 10), (35, 20, 7)],
)
def test_the_late_day_is_exact_in_tenths(
    gap_tenths: int, multiple_tenths: int, late_after_days: int
) -> None:
    """10.5 × 2.0 = 21.0 → 22 days away is late; 10.3 × 2.5 = 25.75 → 26; 3.5 × 2 → floor 7."""
    last = date(2026, 1, 1)
    assert late_from(last, gap_tenths, multiple_tenths) == last + timedelta(
        days=late_after_days + 1
    )


def test_the_usual_gap_is_the_median_as_the_card_shows_it() -> None:
    last = date(2026, 3, 10)
    end = datetime(2026, 3, 10, 10, tzinfo=UTC)
    gaps = [3, 30, 5, 4]  # median of 3, 4, 5, 30 = 4.5 days
    times = [end]
    for gap in reversed(gaps):
        times.insert(0, times[0] - timedelta(days=gap))
    derived = derive([(t, None) for t in times], last, RULES)
    assert derived.usual_gap_tenths == 45
    assert derived.late_from == last + timedelta(days=10)  # 2 x 4.5 = 9: late 10 days away


def test_no_visits_no_segment() -> None:
    derived = derive([], date(2026, 3, 10), RULES)
    assert (derived.segment, derived.late_from, derived.segment_until) == (None, None, FOREVER)


def segment_on(history: list[tuple[datetime, int | None]], today: date, rules: Rules = RULES):
    return derive(history, today, rules).segment


def test_recency_thresholds_at_risk_and_lapsed() -> None:
    last = date(2026, 3, 10)
    history = visits_every(7, 30, last)
    assert segment_on(history, last + timedelta(days=59)) == "vip"
    assert segment_on(history, last + timedelta(days=60)) == "at_risk"
    assert segment_on(history, last + timedelta(days=179)) == "at_risk"
    assert segment_on(history, last + timedelta(days=180)) == "lapsed"
    # each segment says the last day it holds: the day before the next one begins
    assert derive(history, last + timedelta(days=60), RULES).segment_until == last + timedelta(
        days=179
    )
    assert derive(history, last + timedelta(days=180), RULES).segment_until == FOREVER


def test_frequency_thresholds_new_regular_vip_occasional() -> None:
    last = date(2026, 3, 10)
    assert segment_on(visits_every(7, 1, last), last) == "new"
    assert segment_on(visits_every(7, 3, last), last) == "new"
    assert segment_on(visits_every(7, 4, last), last) == "regular"  # 4 in 12 months
    assert segment_on(visits_every(7, 23, last), last) == "regular"
    assert segment_on(visits_every(7, 24, last), last) == "vip"
    # three visits a year apart: no longer new, not regular
    assert segment_on(visits_every(100, 3, last), last) == "occasional"
    assert segment_on(visits_every(20, 3, last), last) == "new"  # first visit 40 days ago
    tuned = Rules(regular_visits=2, new_days=10)
    assert segment_on(visits_every(20, 2, last), last, tuned) == "regular"


def test_the_new_period_ends_after_new_days() -> None:
    first = date(2026, 3, 1)
    history = visits_every(1, 2, first + timedelta(days=1))
    assert segment_on(history, first + timedelta(days=59)) == "new"
    assert derive(history, first + timedelta(days=2), RULES).segment_until == first + timedelta(
        days=59
    )
    # 59 days after the last visit is not yet at risk, and two visits are not regular
    assert segment_on(history, first + timedelta(days=60)) == "occasional"


def test_vip_by_spend_counts_visits_without_an_amount_as_nothing_spent() -> None:
    last = date(2026, 3, 10)
    rules = Rules(vip_spend_minor=2000)
    history = visits_every(7, 5, last)  # 5 x 500 = 2500 spent
    assert segment_on(history, last, rules) == "vip"
    cash_unknown = [(at, None) for at, _ in history]
    assert segment_on(cash_unknown, last, rules) == "regular"


def test_a_regular_falls_back_when_visits_leave_the_12_month_window() -> None:
    last = date(2026, 3, 10)
    history = visits_every(7, 4, last)  # exactly 4: regular until the oldest leaves
    oldest = history[0][0].date()
    derived = derive(history, last, RULES)
    assert derived.segment == "regular"
    at_risk_eve = last + timedelta(days=59)
    assert derived.segment_until == min(oldest + timedelta(days=364), at_risk_eve)
    spread = visits_every(110, 4, last)  # the oldest 330 days ago leaves before at risk
    derived = derive(spread, last, RULES)
    assert derived.segment == "regular"
    assert derived.segment_until == last + timedelta(days=34)
    assert segment_on(spread, last + timedelta(days=34)) == "regular"
    assert segment_on(spread, last + timedelta(days=35)) == "occasional"
    with_more = visits_every(7, 6, last)  # two to spare: the third oldest leaving counts
    third = with_more[2][0].date()
    assert derive(with_more, last, RULES).segment_until == min(
        third + timedelta(days=364), last + timedelta(days=59)
    )
