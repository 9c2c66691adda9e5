"""Setting up a new shop: the first start's one use case, shared by the window and the CLI.

- :mod:`.presets` — the loyalty schemes a new shop starts from (a stamp card, points, ...);
- :mod:`.setup` — :func:`set_up_shop`: name, currency, language and formats, phone region,
  the owner (and their PIN) and a loyalty preset, in one transaction; :func:`shop_is_new`,
  which tells a shop nobody has set up or used yet from one that holds data.
"""

from shopcrm.core.first_start.presets import DEFAULT_PRESET, PRESETS, LoyaltyPreset
from shopcrm.core.first_start.setup import (
    SetUpShop,
    ShopSetup,
    check_setup,
    set_up_shop,
    shop_is_new,
)

__all__ = [
    "DEFAULT_PRESET",
    "PRESETS",
    "LoyaltyPreset",
    "SetUpShop",
    "ShopSetup",
    "check_setup",
    "set_up_shop",
    "shop_is_new",
]
