"""Loyalty at a glance for a page of search results: "7/10 · 120 pts · Gold".

Computed for all the rows at once with three queries (the balances kept beside the ledger,
expired lots, 12-month visits), through the very functions the card uses
(:mod:`shopcrm.core.loyalty.account`), so the list and the card never disagree. None of them
reads a regular's whole history: the balances are one row each, the expired lots come from
the open-lots index, and when tiers go by visits the visits are counted only as far as the
highest tier (a daily regular has hundreds in a year; the tier is the same after 25).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from shopcrm.core import settings
from shopcrm.core.loyalty import lots
from shopcrm.core.loyalty.account import ledger_sums, twelve_months
from shopcrm.core.loyalty.rules import LoyaltyRules, tier_for
from shopcrm.core.ranking import window_start
from shopcrm.core.settings import TierBasis
from shopcrm.db import read_snapshot
from shopcrm.db.counter_reads import visits_since


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
    rules = LoyaltyRules.from_settings(settings.load())
    with read_snapshot():
        sums = ledger_sums(customer_ids)
        expired = lots.pending(customer_ids, rules.points_expiry_months, now)
        recent = _tier_measures(customer_ids, rules, now)
    glance: dict[int, str] = {}
    for cid in customer_ids:
        stamps, points = sums[cid].as_tuple() if cid in sums else (0, 0)
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


def _tier_measures(
    customer_ids: Sequence[int], rules: LoyaltyRules, now: datetime
) -> dict[int, tuple[int, int]]:
    """What :func:`tier_for` needs of the last 12 months, per customer with visits there:
    (visits, spent) when tiers go by spend; (visits counted up to the highest tier, 0) when
    they go by visits, which names the same tier."""
    if rules.tier_basis == TierBasis.SPEND:
        return twelve_months(customer_ids, now)
    enough = max((threshold for _, threshold in rules.tiers), default=0)
    counted = visits_since(customer_ids, window_start(now), enough)
    return {cid: (count, 0) for cid, count in counted.items()}
