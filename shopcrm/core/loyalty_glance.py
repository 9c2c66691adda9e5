"""Loyalty at a glance for a page of search results: "7/10 · 120 pts · Gold".

Computed for all the rows at once with three queries (ledger sums, expired lots, 12-month
visits), the same arithmetic as the card (:mod:`shopcrm.core.loyalty`), so the list and the
card never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from shopcrm.core import lots, settings
from shopcrm.core.loyalty_rules import LoyaltyRules, tier_for
from shopcrm.core.ranking import window_start
from shopcrm.db import read_snapshot
from shopcrm.db.models import LoyaltyEntry, Visit


def _in(customer_ids: Sequence[int]) -> str:
    return ", ".join([LoyaltyEntry._meta.database.param] * len(customer_ids))


def _ledger_sums(customer_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Stamp and point balances per customer: the sums of their ledger lines (read from the
    (customer, time, stamps, points) index alone). SQL written out: this runs per keystroke."""
    rows = LoyaltyEntry._meta.database.execute_sql(
        "SELECT customer_id, SUM(stamps), SUM(points) FROM loyalty_entry"
        f" WHERE customer_id IN ({_in(customer_ids)}) GROUP BY customer_id",
        list(customer_ids),
    )
    return {cid: (int(stamps or 0), int(points or 0)) for cid, stamps, points in rows}


def _twelve_months(customer_ids: Sequence[int], now: datetime) -> dict[int, tuple[int, int]]:
    """Visits and spend per customer in the last 12 months (the visit index alone)."""
    db = Visit._meta.database
    rows = db.execute_sql(
        "SELECT customer_id, COUNT(*), COALESCE(SUM(amount_minor), 0) FROM visit"
        f" WHERE customer_id IN ({_in(customer_ids)}) AND NOT voided AND visited_at >= {db.param}"
        " GROUP BY customer_id",
        [*customer_ids, Visit.visited_at.db_value(window_start(now))],
    )
    return {cid: (int(count), int(spent)) for cid, count, spent in rows}


def stamp_text(stamps: int, per_card: int) -> str:
    """ "6/10" while collecting; "Full card + 4", "2 full cards" once there is a reward (the
    card says the same)."""
    cards = stamps // per_card if per_card else 0
    if cards == 0:
        return f"{stamps}/{per_card}"
    extra = stamps % per_card
    text = "Full card" if cards == 1 else f"{cards} full cards"
    return f"{text} + {extra}" if extra else text


def loyalty_glance(customer_ids: Sequence[int], now: datetime | None = None) -> dict[int, str]:
    if not customer_ids:
        return {}
    now = now or datetime.now(UTC)
    rules = LoyaltyRules.from_settings(settings.all_values())
    with read_snapshot():
        sums = _ledger_sums(customer_ids)
        expired = lots.pending(customer_ids, rules.points_expiry_months, now)
        recent = _twelve_months(customer_ids, now)
    glance: dict[int, str] = {}
    for cid in customer_ids:
        stamps, points = sums.get(cid, (0, 0))
        count, spent = recent.get(cid, (0, 0))
        if cid not in sums and not count:
            continue
        parts = []
        if rules.stamps_per_card:
            parts.append(stamp_text(stamps, rules.stamps_per_card))
        if rules.points_per_unit:
            parts.append(f"{points - expired.get(cid, 0)} pts")
        tier = tier_for(rules, count, spent).name
        if tier:
            parts.append(tier)
        glance[cid] = " · ".join(parts)
    return glance
