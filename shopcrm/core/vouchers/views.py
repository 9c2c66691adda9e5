"""How a voucher and a batch look to their readers (the card, the counter, the batch list,
the command line's JSON), built from the stored rows with the shop's currency and locale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from shopcrm.core import settings
from shopcrm.core.formats import formats
from shopcrm.core.vouchers.codes import grouped
from shopcrm.core.vouchers.values import VoucherValue
from shopcrm.db.models import VoucherBatch


class VoucherStatus(StrEnum):
    VALID = "valid"
    REDEEMED = "redeemed"
    EXPIRED = "expired"
    VOIDED = "voided"


VALID, REDEEMED = VoucherStatus.VALID, VoucherStatus.REDEEMED
EXPIRED, VOIDED = VoucherStatus.EXPIRED, VoucherStatus.VOIDED


def local_today() -> date:
    return datetime.now().astimezone().date()


def month_name(first: date, locale: str) -> str:
    return formats(locale).month(first)


@dataclass(frozen=True)
class ShopContext:
    name: str
    currency: str
    locale: str

    @classmethod
    def current(cls) -> ShopContext:
        return cls.of(settings.load())

    @classmethod
    def of(cls, shop: settings.ShopSettings) -> ShopContext:
        return cls(shop.shop_name, shop.currency, shop.locale)


def expires_text(expires_on: date, locale: str) -> str:
    return formats(locale).date(expires_on)


def batch_value(batch: VoucherBatch) -> VoucherValue:
    return VoucherValue(batch.value_kind, batch.value_minor, batch.value_percent, batch.value_item)


def when_text(moment: datetime | None, locale: str) -> str:
    """A stored UTC moment on the till's clock, for messages: ``23 Nov 2026, 14:05``."""
    return formats(locale).date_time(moment) if moment else ""


@dataclass(frozen=True)
class VoucherView:
    id: int
    code: str  # ungrouped, as stored and encoded in the QR code and barcode
    batch_id: int
    batch_name: str
    customer_id: int
    customer_name: str
    value: VoucherValue
    value_text: str
    currency: str
    expires_on: date
    issued_at: datetime
    message: str
    printed: int
    redeemed_at: datetime | None
    redeemed_by: str | None
    redeemed_visit_id: int | None
    redeemed_till: str
    voided_at: datetime | None
    void_reason: str
    status: str

    @property
    def grouped_code(self) -> str:
        return grouped(self.code)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "code": self.grouped_code,
            "batch_id": self.batch_id,
            "batch": self.batch_name,
            "customer_id": self.customer_id,
            "name": self.customer_name,
            "value": self.value.to_json(self.currency),
            "value_text": self.value_text,
            "expires_on": self.expires_on.isoformat(),
            "issued_at": self.issued_at.isoformat(),
            "message": self.message,
            "printed": self.printed,
            "status": self.status,
            "redeemed_at": self.redeemed_at.isoformat() if self.redeemed_at else None,
            "redeemed_by": self.redeemed_by,
            "redeemed_visit_id": self.redeemed_visit_id,
            "voided_at": self.voided_at.isoformat() if self.voided_at else None,
            "void_reason": self.void_reason,
        }


@dataclass(frozen=True)
class BatchSummary:
    id: int
    name: str
    month: str | None
    rule: str
    rule_text: str
    value_text: str
    issued_at: datetime
    issued_by: str | None
    expires_on: date
    issued: int
    redeemed: int
    voided: int  # vouchers voided one by one (all of them when the batch is voided)
    batch_voided: bool

    @property
    def redemption_rate(self) -> float:
        """Redeemed out of the vouchers that could be (issued minus voided), 0..1."""
        live = self.issued - (0 if self.batch_voided else self.voided)
        return self.redeemed / live if live > 0 else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "month": self.month,
            "rule": self.rule,
            "rule_text": self.rule_text,
            "value_text": self.value_text,
            "issued_at": self.issued_at.isoformat(),
            "issued_by": self.issued_by,
            "expires_on": self.expires_on.isoformat(),
            "issued": self.issued,
            "redeemed": self.redeemed,
            "voided": self.voided,
            "batch_voided": self.batch_voided,
            "redemption_rate": round(self.redemption_rate, 4),
        }
