"""Regulars who are late against their own rhythm (see :mod:`shopcrm.core.segments.rules`).

A customer is on the list from their ``late_from`` day for ``late_list_days`` days: long
enough to be noticed and called, after which they are a matter for the at-risk and lapsed
segments rather than the morning list. The rows are a range of the index on ``late_from``,
the biggest usual spenders first (then the most frequent: the shortest usual gap).
"""

from __future__ import annotations

from datetime import date, timedelta

from shopcrm.core import settings
from shopcrm.core.today.model import TodayRow
from shopcrm.db.models import Customer, CustomerStats, utc_from_db
from shopcrm.db.rows import tuples

#: Rows read beyond the limit, in case some of the top are erased customers.
_ROOM = 20


def late_regulars(day: date, limit: int) -> list[TodayRow]:
    shop = settings.load()
    since = day - timedelta(days=shop.late_list_days)
    usual_spend = CustomerStats.total_spent_minor / CustomerStats.visits
    # The top of the range from the covering index alone (see migration 13), with room for
    # erased customers, who are then left out; names only for those.
    top = (
        CustomerStats.select(
            CustomerStats.customer,
            CustomerStats.usual_gap_tenths,
            CustomerStats.visits,
            CustomerStats.total_spent_minor,
        )
        .where((CustomerStats.late_from > since) & (CustomerStats.late_from <= day))
        .order_by(usual_spend.desc(), CustomerStats.usual_gap_tenths, CustomerStats.customer)
        .limit(limit + _ROOM)
    )
    ranked = list(tuples(top))
    people = {
        cid: (first, last, last_visit)
        for cid, first, last, last_visit in tuples(
            Customer.select(
                Customer.id, Customer.first_name, Customer.last_name, CustomerStats.last_visit_at
            )
            .join(CustomerStats, on=CustomerStats.customer == Customer.id)
            .where(Customer.id.in_([r[0] for r in ranked]) & Customer.erased_at.is_null())
        )
    }
    rows: list[TodayRow] = []
    for cid, gap, visits, spent in ranked:
        if cid not in people or len(rows) >= limit:
            continue
        first, last, last_visit = people[cid]
        last_day = utc_from_db(last_visit).date()
        away = (day - last_day).days
        spend = spent // visits if visits else 0
        gap_days = gap / 10
        # The spend stays a number (babel's money text cost a fifth of the section's time);
        # the GUI writes it for the rows it shows.
        reason = f"usually every {gap_days:g} days, last visit {away} days ago, {visits} visits"
        rows.append(
            TodayRow(
                cid,
                f"{first} {last}".strip(),
                reason,
                (-spend, gap, cid),
                "late",
                {
                    "last_visit": last_day,
                    "days_away": away,
                    "usual_gap_days": gap_days,
                    "usual_spend_minor": spend,
                    "visits": visits,
                },
            )
        )
    return rows
