"""What a voucher is worth: an amount off, a percentage off, or a free item described in words."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from shopcrm.core.errors import ValidationError
from shopcrm.core.money import format_amount, format_plain
from shopcrm.core.validation import clean_text


class ValueKind(StrEnum):
    """What a voucher is worth: an amount off, a percentage off, or a free item."""

    AMOUNT = "amount"
    PERCENT = "percent"
    ITEM = "item"


AMOUNT, PERCENT, ITEM = ValueKind.AMOUNT, ValueKind.PERCENT, ValueKind.ITEM
KINDS = (AMOUNT, PERCENT, ITEM)
MAX_AMOUNT_MINOR = 10**9
MAX_ITEM = 120


@dataclass(frozen=True)
class VoucherValue:
    kind: str
    amount_minor: int | None = None
    percent: int | None = None
    item: str = ""

    @classmethod
    def amount(cls, minor: int | None) -> VoucherValue:
        return cls(AMOUNT, amount_minor=minor)

    @classmethod
    def percent_off(cls, percent: int | None) -> VoucherValue:
        return cls(PERCENT, percent=percent)

    @classmethod
    def free_item(cls, item: str) -> VoucherValue:
        return cls(ITEM, item=(item or "").strip())

    def check(self) -> VoucherValue:
        """The value tidied as it is stored, or :class:`ValidationError` (field ``value``)."""
        problem = ""
        if self.kind == AMOUNT:
            if self.amount_minor is None or self.amount_minor <= 0:
                problem = "the amount must be more than zero"
            elif self.amount_minor > MAX_AMOUNT_MINOR:
                problem = "the amount is too large"
        elif self.kind == PERCENT:
            if self.percent is None or not 1 <= self.percent <= 100:
                problem = "the percentage is a whole number from 1 to 100"
        elif self.kind == ITEM:
            try:
                item = clean_text(self.item, limit=MAX_ITEM, required="say what the free item is")
                return replace(self, item=item)
            except ValueError as exc:
                problem = f"the item {exc}"
        else:
            problem = f"a voucher is worth an amount, a percentage or an item, not {self.kind!r}"
        if problem:
            raise ValidationError({"value": problem})
        return self

    def describe(self, currency: str, locale: str) -> str:
        """The voucher's headline: ``£5.00 off``, ``10% off`` (``10 % off`` in de_DE), or the
        item itself."""
        if self.kind == AMOUNT:
            return f"{format_amount(self.amount_minor, currency, locale)} off"
        if self.kind == PERCENT:
            from babel.numbers import format_percent

            return f"{format_percent((self.percent or 0) / 100, locale=locale)} off"
        return self.item

    def to_json(self, currency: str) -> dict[str, object]:
        data: dict[str, object] = {"kind": self.kind}
        if self.kind == AMOUNT and self.amount_minor is not None:
            data.update(amount=format_plain(self.amount_minor, currency), currency=currency)
            data["amount_minor"] = self.amount_minor
        elif self.kind == PERCENT:
            data["percent"] = self.percent
        else:
            data["item"] = self.item
        return data
