"""The shop's money format, read once per card so every figure on it agrees.

Amounts travel as integer minor units; this pairs them with the shop's currency and locale
(settings) for parsing what the cashier typed and for showing totals.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopcrm.core.money import format_amount, parse_amount
from shopcrm.core.settings import ShopSettings


@dataclass(frozen=True)
class ShopMoney:
    currency: str = "GBP"
    locale: str = "en_GB"

    @classmethod
    def from_settings(cls, shop: ShopSettings) -> ShopMoney:
        return cls(shop.currency, shop.locale)

    def format(self, minor: int | None) -> str:
        return format_amount(minor, self.currency, self.locale)

    def parse(self, text: str) -> int | None:
        """Minor units, None for nothing typed; ValueError (with the reason) for nonsense."""
        return parse_amount(text, self.currency, self.locale)
