"""What the card remembers about a customer's habits, computed from their visits.

``summarise`` is pure (a list of visits in, numbers out) so it can be checked against
hand-computed examples; ``visit_summary`` reads one customer's visits (a few thousand rows at
most, through the (customer, time) index) and summarises them.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from shopcrm.core.ranking import window_start
from shopcrm.db.models import Visit, utc_from_db


@dataclass(frozen=True)
class VisitSummary:
    visits: int
    total_spent_minor: int
    average_spend_minor: int | None  # over the visits with a purchase
    first_visit: datetime | None
    last_visit: datetime | None
    usual_gap_days: float | None  # median days between visits
    lifetime_value_minor: int  # everything spent since the first visit
    last_12_months_minor: int
    last_note: str

    def to_json(self) -> dict[str, object]:
        return {
            "visits": self.visits,
            "total_spent_minor": self.total_spent_minor,
            "average_spend_minor": self.average_spend_minor,
            "first_visit": self.first_visit.isoformat() if self.first_visit else None,
            "last_visit": self.last_visit.isoformat() if self.last_visit else None,
            "usual_gap_days": self.usual_gap_days,
            "lifetime_value_minor": self.lifetime_value_minor,
            "last_12_months_minor": self.last_12_months_minor,
            "last_note": self.last_note,
        }


def summarise(visits: Sequence[tuple[datetime, int | None, str]], now: datetime) -> VisitSummary:
    """Summarise (time, amount, note) of the customer's non-voided visits, in any order."""
    ordered = sorted(visits, key=lambda v: v[0])
    amounts = [amount for _, amount, _ in ordered if amount is not None]
    total = sum(amounts)
    gaps = [
        (later[0] - earlier[0]).total_seconds() / 86400
        for earlier, later in itertools.pairwise(ordered)
    ]
    since = window_start(now)
    notes = [note for _, _, note in ordered if note]
    return VisitSummary(
        visits=len(ordered),
        total_spent_minor=total,
        average_spend_minor=round(total / len(amounts)) if amounts else None,
        first_visit=ordered[0][0] if ordered else None,
        last_visit=ordered[-1][0] if ordered else None,
        usual_gap_days=round(statistics.median(gaps), 1) if gaps else None,
        lifetime_value_minor=total,
        last_12_months_minor=sum(a for t, a, _ in ordered if a is not None and t >= since),
        last_note=notes[-1] if notes else "",
    )


def visit_summary(customer_id: int, now: datetime | None = None) -> VisitSummary:
    query = Visit.select(Visit.visited_at, Visit.amount_minor, Visit.note).where(
        (Visit.customer == customer_id) & ~Visit.voided
    )
    sql, params = query.sql()
    rows = Visit._meta.database.execute_sql(sql, params).fetchall()
    visits = [(utc_from_db(at), amount, note) for at, amount, note in rows]
    return summarise(visits, now or datetime.now(UTC))
