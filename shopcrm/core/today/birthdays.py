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
    """Soonest first; one index lookup per (month, day), stopping at ``limit`` rows (a shop
    of a million customers has some 19,000 birthdays a week)."""
    rows: list[TodayRow] = []
    for (month, mday), on in sorted(birthday_days(day).items(), key=lambda item: item[1]):
        if len(rows) >= limit:
            break
        query = (
            Customer.select(
                Customer.id, Customer.first_name, Customer.last_name, Customer.birthday_year
            )
            .where(
                (Customer.birthday_month == month)
                & (Customer.birthday_day == mday)
                & Customer.erased_at.is_null()
            )
            .order_by(Customer.id)
            .limit(limit - len(rows))
        )
        for cid, first, last, year in tuples(query):
            rows.append(_row(cid, f"{first} {last}".strip(), on, day, year))
    rows.sort(key=lambda r: r.sort_key)
    return rows


def _row(cid: int, name: str, on: date, day: date, year: int | None) -> TodayRow:
    in_days = (on - day).days
    age = on.year - year if year else None
    when = "today" if in_days == 0 else "tomorrow" if in_days == 1 else f"in {in_days} days"
    reason = f"birthday {when} ({on.isoformat()})" + (f", turns {age}" if age else "")
    return TodayRow(
        cid, name, reason, (in_days, cid), "birthday", {"on": on, "in_days": in_days, "age": age}
    )
