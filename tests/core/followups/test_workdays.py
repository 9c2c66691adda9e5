"""A complaint's age counts working days (Monday to Friday); the overdue cut-off agrees with
the age for every opening day around weekends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from shopcrm.core.followups import (
    latest_opened_past,
    next_working_day,
    working_days_between,
)

FRI, SAT, SUN, MON, TUE, WED = (date(2026, 12, d) for d in (4, 5, 6, 7, 8, 9))


@pytest.mark.parametrize(
    ("opened", "today", "age"),
    [
        (MON, MON, 0),
        (FRI, SAT, 0),
        (FRI, SUN, 0),
        (FRI, MON, 1),
        (FRI, TUE, 2),
        (FRI, WED, 3),
        (SAT, MON, 1),
        (SUN, MON, 1),
        (MON, date(2026, 12, 14), 5),  # a whole week later
        (FRI, date(2026, 12, 18), 10),
        (date(2026, 12, 2), MON, 3),  # a Wednesday: Thu, Fri, Mon
        (date(2026, 12, 1), FRI, 3),  # a Tuesday: Wed, Thu, Fri
        (MON, FRI - timedelta(days=7), 0),  # "today" before the opening: not negative
    ],
)
def test_age_in_working_days(opened: date, today: date, age: int) -> None:
    assert working_days_between(opened, today) == age


def test_next_working_day_skips_the_weekend() -> None:
    assert next_working_day(FRI) == MON
    assert next_working_day(SAT) == MON
    assert next_working_day(SUN) == MON
    assert next_working_day(MON) == TUE


@pytest.mark.parametrize("target", [0, 1, 2, 3, 7])
@pytest.mark.parametrize("today", [FRI, SAT, SUN, MON, TUE, WED])
def test_cut_off_is_exactly_where_the_age_passes_the_target(target: int, today: date) -> None:
    cutoff = latest_opened_past(target, today)
    assert working_days_between(cutoff, today) > target
    assert working_days_between(cutoff + timedelta(days=1), today) <= target
    for back in range(40):
        opened = today - timedelta(days=back)
        assert (opened <= cutoff) == (working_days_between(opened, today) > target)
