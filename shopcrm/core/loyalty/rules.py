"""The owner's loyalty scheme as one value, and what a visit earns under it.

Pure functions: no database here, so the rules can be tested on their own and the demo shop
can earn exactly what a real visit would.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopcrm.core.money import currency_digits
from shopcrm.core.settings import ShopSettings, TierBasis


@dataclass(frozen=True)
class LoyaltyRules:
    stamps_per_card: int = 10  # 0: no stamp card
    stamp_min_amount_minor: int = 0  # 0: every visit earns a stamp
    stamp_reward: str = "Free coffee"
    points_per_unit: int = 1  # points per whole currency unit; 0: no points
    minor_per_unit: int = 100  # 100 for GBP/EUR, 1 for JPY
    rewards: tuple[tuple[str, int], ...] = (("Free coffee", 100), ("Slice of cake", 250))
    tier_basis: TierBasis = TierBasis.VISITS
    tiers: tuple[tuple[str, int], ...] = (("Silver", 10), ("Gold", 25))
    points_expiry_months: int = 12  # 0: never

    @classmethod
    def from_settings(cls, shop: ShopSettings) -> LoyaltyRules:
        return cls(
            stamps_per_card=shop.stamps_per_card,
            stamp_min_amount_minor=shop.stamp_min_amount,
            stamp_reward=shop.stamp_reward,
            points_per_unit=shop.points_per_unit,
            minor_per_unit=10 ** currency_digits(shop.currency),
            rewards=shop.rewards,
            tier_basis=shop.tier_basis,
            tiers=shop.tiers,
            points_expiry_months=shop.points_expiry_months,
        )

    def earned(self, amount_minor: int | None) -> tuple[int, int]:
        """(stamps, points) a visit with this amount earns (None: a visit with no sale)."""
        stamps = 0
        if self.stamps_per_card > 0 and (
            self.stamp_min_amount_minor <= 0
            or (amount_minor is not None and amount_minor >= self.stamp_min_amount_minor)
        ):
            stamps = 1
        points = 0
        if self.points_per_unit > 0 and amount_minor:
            points = amount_minor * self.points_per_unit // self.minor_per_unit
        return stamps, points


@dataclass(frozen=True)
class TierStatus:
    name: str | None  # None below the first tier
    measure: int  # visits, or whole currency units spent, over the last 12 months
    next_name: str | None
    next_at: int | None  # the measure the next tier needs

    @property
    def to_next(self) -> int | None:
        return None if self.next_at is None else max(0, self.next_at - self.measure)


def tier_for(rules: LoyaltyRules, visits_12m: int, spent_minor_12m: int) -> TierStatus:
    """The tier a customer holds now, and how far the next one is."""
    spend = rules.tier_basis == TierBasis.SPEND
    measure = spent_minor_12m // rules.minor_per_unit if spend else visits_12m
    current: str | None = None
    for name, threshold in sorted(rules.tiers, key=lambda t: t[1]):
        if measure >= threshold:
            current = name
        else:
            return TierStatus(current, measure, name, threshold)
    return TierStatus(current, measure, None, None)
