"""Loyalty at a glance for a page of search results: "7/10 · 120 pts · Gold".

Computed for all the rows at once with three queries (ledger, 12-month visits), the same
arithmetic as the card (:mod:`shopcrm.core.loyalty`), so the list and the card never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

import peewee

from shopcrm.core import settings
from shopcrm.core.ledger import Entry, due_expiries
from shopcrm.core.loyalty_rules import LoyaltyRules, tier_for
from shopcrm.core.ranking import window_start
from shopcrm.db.models import LoyaltyEntry, Visit, utc_from_db


def loyalty_glance(customer_ids: Sequence[int], now: datetime | None = None) -> dict[int, str]:
    if not customer_ids:
        return {}
    now = now or datetime.now(UTC)
    rules = LoyaltyRules.from_settings(settings.all_values())
    entries: dict[int, list[Entry]] = defaultdict(list)
    query = LoyaltyEntry.select(
        LoyaltyEntry.id,
        LoyaltyEntry.customer,
        LoyaltyEntry.kind,
        LoyaltyEntry.stamps,
        LoyaltyEntry.points,
        LoyaltyEntry.created_at,
        LoyaltyEntry.reverses,
    ).where(LoyaltyEntry.customer.in_(list(customer_ids)))
    sql, params = query.sql()
    # Raw rows: a page of regulars holds thousands of ledger lines, too many for model objects.
    for eid, cid, kind, stamps, points, at, reverses in LoyaltyEntry._meta.database.execute_sql(
        sql, params
    ):
        entries[cid].append(Entry(eid, kind, stamps, points, utc_from_db(at), reverses))
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
        mine = entries.get(cid, [])
        count, spent = recent.get(cid, (0, 0))
        if not mine and not count:
            continue
        parts = []
        if rules.stamps_per_card:
            parts.append(f"{sum(e.stamps for e in mine)}/{rules.stamps_per_card}")
        if rules.points_per_unit:
            expired = sum(
                lot.remaining for lot in due_expiries(mine, rules.points_expiry_months, now)
            )
            parts.append(f"{sum(e.points for e in mine) - expired} pts")
        tier = tier_for(rules, int(count), int(spent)).name
        if tier:
            parts.append(tier)
        glance[cid] = " · ".join(parts)
    return glance
