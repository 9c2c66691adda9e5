"""Working days: Monday to Friday, the days a complaint's age counts.

A complaint opened on a Friday and still open on Monday is one working day old, not three:
the owner's target ("resolve within two days") means days the shop can act. Public holidays
are not known to the app and count as working days.
"""

from __future__ import annotations

from datetime import date, timedelta

_WEEK = 7
_WORKING = 5


def is_working_day(day: date) -> bool:
    return day.weekday() < _WORKING


def working_days_between(opened: date, today: date) -> int:
    """How many working days lie after ``opened`` up to and including ``today``: 0 on the day
    it was opened (and over the weekend that follows a Friday), 1 on the next working day."""
    if today <= opened:
        return 0
    days = (today - opened).days
    weeks, rest = divmod(days, _WEEK)
    count = weeks * _WORKING
    for step in range(1, rest + 1):
        if is_working_day(opened + timedelta(days=weeks * _WEEK + step)):
            count += 1
    return count


def next_working_day(day: date) -> date:
    """The first working day after ``day``."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def latest_opened_past(target: int, today: date) -> date:
    """The last day a complaint may have been opened on to be more than ``target`` working
    days old ``today``: every complaint opened on it or before is past the target. The query
    of overdue complaints compares the opening time with it, so it walks an index instead of
    computing every open complaint's age."""
    day, counted = today, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted > target:
                return day - timedelta(days=1)
        day -= timedelta(days=1)
