"""Loyalty at a glance for a page of search results: "7/10 · 120 pts · Gold".

Computed for all the rows at once with three queries (ledger, 12-month visits), the same
arithmetic as the card (:mod:`shopcrm.core.loyalty`), so the list and the card never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import peewee

from shopcrm.core import settings
from shopcrm.core.ledger import REVERSE, Entry, add_months, due_expiries
from shopcrm.core.loyalty_rules import LoyaltyRules, tier_for
from shopcrm.core.ranking import window_start
from shopcrm.db.models import LoyaltyEntry, Visit, utc_from_db


def _ledger_sums(
    customer_ids: Sequence[int], rules: LoyaltyRules, now: datetime
) -> tuple[dict[int, tuple[int, int]], list[int]]:
    """Stamp and point sums per customer in SQL, and the customers whose ledger must be
    replayed because some of their points may have expired unwritten.

    Spending (redeem, expire, take-away) always takes the oldest points first, and every
    point earned up to a cut-off is older than any earned after it; so when everything spent
    adds up to at least what was earned before the cut-off, none of those points are left and
    nothing can be pending expiry. Regulars, whose expiries are written off at each visit,
    pass this test, and their thousands of ledger lines are never read one by one.
    """
    if rules.points_expiry_months > 0:
        # A few days late, so month-end clamping can only widen the set of "old" points.
        cutoff = add_months(now, -rules.points_expiry_months) + timedelta(days=4)
    else:
        cutoff = None
    old = (
        peewee.fn.SUM(
            peewee.Case(
                None,
                [
                    (
                        (LoyaltyEntry.points > 0) & (LoyaltyEntry.created_at <= cutoff),
                        LoyaltyEntry.points,
                    )
                ],
                0,
            )
        )
        if cutoff is not None
        else peewee.Value(0)
    )
    spent = peewee.fn.SUM(
        peewee.Case(
            None,
            [
                (
                    (LoyaltyEntry.points < 0) & (LoyaltyEntry.kind != REVERSE),
                    LoyaltyEntry.points * -1,
                )
            ],
            0,
        )
    )
    query = (
        LoyaltyEntry.select(
            LoyaltyEntry.customer,
            peewee.fn.SUM(LoyaltyEntry.stamps),
            peewee.fn.SUM(LoyaltyEntry.points),
            old,
            spent,
        )
        .where(LoyaltyEntry.customer.in_(list(customer_ids)))
        .group_by(LoyaltyEntry.customer)
        .tuples()
    )
    sums: dict[int, tuple[int, int]] = {}
    replay: list[int] = []
    for cid, stamps, points, old_points, spent_points in query:
        sums[cid] = (int(stamps or 0), int(points or 0))
        if int(old_points or 0) > int(spent_points or 0):
            replay.append(cid)
    return sums, replay


def loyalty_glance(customer_ids: Sequence[int], now: datetime | None = None) -> dict[int, str]:
    if not customer_ids:
        return {}
    now = now or datetime.now(UTC)
    rules = LoyaltyRules.from_settings(settings.all_values())
    sums, need_replay = _ledger_sums(customer_ids, rules, now)
    entries: dict[int, list[Entry]] = defaultdict(list)
    if need_replay:
        query = LoyaltyEntry.select(
            LoyaltyEntry.id,
            LoyaltyEntry.customer,
            LoyaltyEntry.kind,
            LoyaltyEntry.stamps,
            LoyaltyEntry.points,
            LoyaltyEntry.created_at,
            LoyaltyEntry.reverses,
        ).where(LoyaltyEntry.customer.in_(need_replay))
        sql, params = query.sql()
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
        stamps, points = sums.get(cid, (0, 0))
        count, spent = recent.get(cid, (0, 0))
        if cid not in sums and not count:
            continue
        parts = []
        if rules.stamps_per_card:
            parts.append(f"{stamps}/{rules.stamps_per_card}")
        if rules.points_per_unit:
            mine = entries.get(cid, [])
            expired = sum(
                lot.remaining for lot in due_expiries(mine, rules.points_expiry_months, now)
            )
            parts.append(f"{points - expired} pts")
        tier = tier_for(rules, int(count), int(spent)).name
        if tier:
            parts.append(tier)
        glance[cid] = " · ".join(parts)
    return glance
