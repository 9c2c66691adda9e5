"""Loyalty: stamp cards, points, rewards and tiers, kept as an append-only ledger so every
balance can be explained line by line.

- :mod:`.rules` — the owner's scheme as one value, and what a visit earns under it;
- :mod:`.arithmetic` — the ledger's reference arithmetic (replay, lots, expiry), pure functions;
- :mod:`.lots` — the lots kept in the database so the counter never replays a ledger;
- :mod:`.balances` — the balances kept beside the ledger, written with every line;
- :mod:`.account` — a customer's balances and status, redeeming, adjusting, the ledger lines;
- :mod:`.glance` — loyalty at a glance for a page of search results;
- :mod:`.lot_check` — are the stored lots what the ledger says (``shopcrm check``).

The ui and the command line import from here; the modules import each other directly.
"""

from shopcrm.core.loyalty.account import (
    MAX_ADJUST,
    MAX_LEDGER_LINES,
    Balances,
    LedgerLine,
    LoyaltyStatus,
    adjust_points,
    balances,
    current_rules,
    entries,
    ledger,
    redeem_points,
    redeem_stamp_card,
    status,
    write_off_expired,
)
from shopcrm.core.loyalty.arithmetic import ADJUST, EARN, EXPIRE, KINDS, REDEEM, REVERSE, add_months
from shopcrm.core.loyalty.glance import loyalty_glance, stamp_text
from shopcrm.core.loyalty.lot_check import lot_problems
from shopcrm.core.loyalty.rules import LoyaltyRules, TierStatus, tier_for

__all__ = [
    "ADJUST",
    "EARN",
    "EXPIRE",
    "KINDS",
    "MAX_ADJUST",
    "MAX_LEDGER_LINES",
    "REDEEM",
    "REVERSE",
    "Balances",
    "LedgerLine",
    "LoyaltyRules",
    "LoyaltyStatus",
    "TierStatus",
    "add_months",
    "adjust_points",
    "balances",
    "current_rules",
    "entries",
    "ledger",
    "lot_problems",
    "loyalty_glance",
    "redeem_points",
    "redeem_stamp_card",
    "stamp_text",
    "status",
    "tier_for",
    "write_off_expired",
]
