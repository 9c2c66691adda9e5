"""Loyalty at a glance for a page of search results: "7/10 · 120 pts · Gold".

Computed for all the rows at once with three queries (ledger sums, expired lots, 12-month
visits), the same arithmetic as the card (:mod:`shopcrm.core.loyalty`), so the list and the
card never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import peewee

from shopcrm.core import lots, settings
from shopcrm.core.loyalty_rules import LoyaltyRules, tier_for
from shopcrm.core.ranking import window_start
from shopcrm.db.models import LoyaltyEntry, Visit


def _ledger_sums(customer_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Stamp and point balances per customer: the sums of their ledger lines."""
    query = (
        LoyaltyEntry.select(
            LoyaltyEntry.customer,
            peewee.fn.SUM(LoyaltyEntry.stamps),
            peewee.fn.SUM(LoyaltyEntry.points),
        )
        .where(LoyaltyEntry.customer.in_(list(customer_ids)))
        .group_by(LoyaltyEntry.customer)
        .tuples()
    )
    return {cid: (int(stamps or 0), int(points or 0)) for cid, stamps, points in query}


def loyalty_glance(customer_ids: Sequence[int], now: datetime | None = None) -> dict[int, str]:
    if not customer_ids:
        return {}
    now = now or datetime.now(UTC)
    rules = LoyaltyRules.from_settings(settings.all_values())
    sums = _ledger_sums(customer_ids)
    expired = lots.pending(customer_ids, rules.points_expiry_months, now)
    recent = {
        cid: (count, spent)
        for cid, count, spent in Visit.select(
            Visit.customer,
            peewee.fn.COUNT(Visit.id),
            peewee.fn.COALESCE(peewee.fn.SUM(Visit.amount_minor), 0),
        )
        .where(
            Visit.customer.in_(list(customer_ids))
            & ~Visit.voided
            & (Visit.visited_at >= window_start(now))
        )
        .group_by(Visit.customer)
        .tuples()
    }
    glance: dict[int, str] = {}
    for cid in customer_ids:
        stamps, points = sums.get(cid, (0, 0))
        count, spent = recent.get(cid, (0, 0))
        if cid not in sums and not count:
            continue
        parts = []
        if rules.stamps_per_card:
            parts.append(f"{stamps}/{rules.stamps_per_card}")
        if rules.points_per_unit:
            parts.append(f"{points - expired.get(cid, 0)} pts")
        tier = tier_for(rules, int(count), int(spent)).name
        if tier:
            parts.append(tier)
        glance[cid] = " · ".join(parts)
    return glance
