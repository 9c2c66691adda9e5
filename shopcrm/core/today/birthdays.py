"""Birthdays in the coming week: today and the six days after, across the new year.

A 29 February birthday is celebrated on 28 February in a year without one (the shop greets
them the day before the month ends rather than a day late, in March). The days are turned
into (month, day) pairs and read through the index on the customer's birthday.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from shopcrm.core.today.model import TodayRow
from shopcrm.db.models import Customer
from shopcrm.db.rows import tuples

DAYS = 7


def birthday_days(day: date, days: int = DAYS) -> dict[tuple[int, int], date]:
    """Each (month, day) of a birthday celebrated in the ``days`` days from ``day``, with the
    date it is celebrated on."""
    celebrated: dict[tuple[int, int], date] = {}
    for offset in range(days):
        on = day + timedelta(days=offset)
        celebrated[(on.month, on.day)] = on
        if on.month == 2 and on.day == 28 and not calendar.isleap(on.year):
            celebrated[(2, 29)] = on
    return celebrated


def birthdays(day: date, limit: int) -> list[TodayRow]:
    celebrated = birthday_days(day)
    pairs = list(celebrated)
    months = sorted({month for month, _ in pairs})
    query = Customer.select(
        Customer.id,
        Customer.first_name,
        Customer.last_name,
        Customer.birthday_month,
        Customer.birthday_day,
        Customer.birthday_year,
    ).where(
        Customer.birthday_month.in_(months)
        & Customer.birthday_day.in_(sorted({d for _, d in pairs}))
        & Customer.erased_at.is_null()
    )
    rows = []
    for cid, first, last, month, mday, year in tuples(query):
        on = celebrated.get((month, mday))
        if on is None:
            continue  # month and day each in the week, but not together
        in_days = (on - day).days
        age = on.year - year if year else None
        when = "today" if in_days == 0 else "tomorrow" if in_days == 1 else f"in {in_days} days"
        reason = f"birthday {when} ({on.isoformat()})" + (f", turns {age}" if age else "")
        rows.append(
            TodayRow(
                cid,
                f"{first} {last}".strip(),
                reason,
                (in_days, cid),
                "birthday",
                {"on": on, "in_days": in_days, "age": age},
            )
        )
    rows.sort(key=lambda r: r.sort_key)
    return rows[:limit]
