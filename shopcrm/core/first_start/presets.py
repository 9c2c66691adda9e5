"""The loyalty schemes a new shop can start from, so the owner answers one question on the first
start instead of eight. Each preset is only a set of setting values (as the settings dialog
and ``shopcrm settings set`` take them): everything stays changeable afterwards, one by one.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class LoyaltyPreset:
    """``settings`` maps setting keys to the text they are set from."""

    key: str
    title: str
    help: str
    settings: MappingProxyType[str, str]


def _preset(key: str, title: str, help: str, **settings: str) -> LoyaltyPreset:
    return LoyaltyPreset(key, title, help, MappingProxyType(settings))


_ALL = (
    _preset(
        "stamps-and-points",
        "Stamp card and points",
        "A stamp per visit (10 for a reward), a point per currency unit for rewards, and"
        " Silver and Gold tiers by visits: shopcrm's defaults.",
        stamps_per_card="10",
        stamp_min_amount="0",
        points_per_unit="1",
        rewards="Free coffee=100; Slice of cake=250",
        tier_basis="visits",
        tiers="Silver=10; Gold=25",
        points_expiry_months="12",
    ),
    _preset(
        "stamp-card",
        "Stamp card only",
        "A stamp per visit, a reward at 10 stamps; no points, no tiers. For a café, a bakery,"
        " a hairdresser.",
        stamps_per_card="10",
        stamp_min_amount="0",
        points_per_unit="0",
        rewards="",
        tier_basis="visits",
        tiers="",
        points_expiry_months="12",
    ),
    _preset(
        "points",
        "Points and rewards",
        "A point per currency unit spent, rewards that cost points, tiers by spend; no stamp"
        " card. For baskets of very different sizes.",
        stamps_per_card="0",
        stamp_min_amount="0",
        points_per_unit="1",
        rewards="Small gift=100; Gift voucher=500",
        tier_basis="spend",
        tiers="Silver=300; Gold=1000",
        points_expiry_months="12",
    ),
    _preset(
        "none",
        "No loyalty scheme (for now)",
        "Customers, notes and visits only; a scheme can be turned on later in the settings.",
        stamps_per_card="0",
        stamp_min_amount="0",
        points_per_unit="0",
        rewards="",
        tier_basis="visits",
        tiers="",
        points_expiry_months="0",
    ),
)

#: Every preset by key, in the order they are offered.
PRESETS: MappingProxyType[str, LoyaltyPreset] = MappingProxyType({p.key: p for p in _ALL})
DEFAULT_PRESET = "stamps-and-points"
