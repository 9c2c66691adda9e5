"""The shop's settings, declared once: each a field of :class:`ShopSettings` with its type,
its default, and (in the field's metadata) its title, help, parser and formatter.

The settings dialog and ``shopcrm settings`` are built from :data:`SETTINGS`, so a setting
added here shows up in both by itself. The field's name is the key it is stored under, and
the order of the fields matters: the currency comes before the amounts written in it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, Field, dataclass, field, fields
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from shopcrm.config import currency_for_region, locale_from_system, region_from_locale
from shopcrm.core.settings.parsers import (
    YES_NO,
    Context,
    choice,
    format_money,
    format_named_numbers,
    format_text,
    format_yes_no,
    number_between,
    parse_currency,
    parse_folder,
    parse_locale,
    parse_logo,
    parse_money,
    parse_named_numbers,
    parse_region,
    parse_text,
    parse_yes_no,
    read_folder,
    read_logo,
)

T = TypeVar("T")
_SPEC = "shopcrm.setting"


class TierBasis(StrEnum):
    """What a customer's tier counts over the last 12 months."""

    VISITS = "visits"
    SPEND = "spend"  # whole currency units


@dataclass(frozen=True)
class SettingSpec(Generic[T]):
    """How one setting is shown and typed: ``parse`` turns typed text into the value (or
    raises ValueError with the reason), ``format`` writes the value as the text that is stored
    and shown, and ``read`` takes back stored text (``parse`` unless set)."""

    title: str
    parse: Callable[[str, Context], T]
    format: Callable[[T, Context], str]
    help: str = ""
    choices: tuple[str, ...] = ()  # the only answers, when there is a fixed set
    read: Callable[[str, Context], T] | None = None

    def read_stored(self, text: str, context: Context) -> T:
        return (self.read or self.parse)(text, context)


def _setting(
    default: T,
    title: str,
    parse: Callable[[str, Context], T],
    format: Callable[[T, Context], str] = format_text,
    *,
    help: str = "",
    choices: tuple[str, ...] = (),
    read: Callable[[str, Context], T] | None = None,
) -> T:
    spec = SettingSpec(title, parse, format, help, choices, read)
    return field(default=default, metadata={_SPEC: spec})


def _guessed(guess: Callable[[], T], title: str, parse: Callable[[str, Context], T]) -> T:
    """A setting whose default is worked out from the computer's locale when first needed."""
    return field(default_factory=guess, metadata={_SPEC: SettingSpec(title, parse, format_text)})


@dataclass(frozen=True)
class ShopSettings:
    """Every shop setting, typed; read with :func:`shopcrm.core.settings.load`."""

    shop_name: str = _setting("My Shop", "Shop name", parse_text)
    shop_logo: str = _setting(
        "",
        "Logo on vouchers",
        parse_logo,
        help="a PNG or JPEG file; empty for none",
        read=read_logo,
    )
    currency: str = _guessed(currency_for_region, "Currency", parse_currency)
    locale: str = _guessed(locale_from_system, "Language and formats", parse_locale)
    phone_region: str = _guessed(region_from_locale, "Default phone region", parse_region)
    stamps_per_card: int = _setting(
        10, "Stamps for a reward", number_between(0, 100), help="0 turns the stamp card off"
    )
    stamp_min_amount: int = _setting(  # minor units
        0, "Least spend for a stamp", parse_money, format_money, help="0: every visit earns a stamp"
    )
    stamp_reward: str = _setting("Free coffee", "Stamp card reward", parse_text)
    points_per_unit: int = _setting(
        1, "Points per currency unit spent", number_between(0, 1000), help="0 turns points off"
    )
    rewards: tuple[tuple[str, int], ...] = _setting(
        (("Free coffee", 100), ("Slice of cake", 250)),
        "Rewards for points",
        parse_named_numbers,
        format_named_numbers,
        help="name=points; name=points",
    )
    tier_basis: TierBasis = _setting(  # noqa: RUF009 (a field(), and the enum is immutable)
        TierBasis.VISITS,
        "Tiers count",
        choice(TierBasis),
        choices=tuple(basis.value for basis in TierBasis),
    )
    tiers: tuple[tuple[str, int], ...] = _setting(
        (("Silver", 10), ("Gold", 25)),
        "Tiers (over the last 12 months)",
        parse_named_numbers,
        format_named_numbers,
        help="name=visits (or whole currency units spent); ...",
    )
    points_expiry_months: int = _setting(
        12, "Points expire after (months)", number_between(0, 120), help="0: points never expire"
    )
    voucher_visit_without_amount: bool = _setting(
        False,
        "Vouchers log a visit without an amount",
        parse_yes_no,
        format_yes_no,
        help="no: redeeming with a visit asks what they spent",
        choices=YES_NO,
    )
    complaint_target_days: int = _setting(
        2,
        "Resolve complaints within (working days)",
        number_between(0, 60),
        help="an open complaint older than this turns red; Monday to Friday count",
    )
    complaint_score_threshold: int = _setting(
        2,
        "A score this low opens a complaint",
        number_between(0, 5),
        help="satisfaction 1-5 at or below it; 0: never",
    )

    backup_folder: str = _setting(
        "",
        "Backups folder",
        parse_folder,
        help="empty: backups/ in shopcrm's data folder",
        read=read_folder,
    )
    backup_second_folder: str = _setting(
        "",
        "Second backups folder",
        parse_folder,
        help="a USB stick, say; skipped with a warning when it is not there; empty for none",
        read=read_folder,
    )
    backups_daily: int = _setting(12, "Daily backups kept", number_between(1, 1000))
    backups_weekly: int = _setting(10, "Weekly backups kept", number_between(0, 1000))
    backups_monthly: int = _setting(9, "Monthly backups kept", number_between(0, 1000))

    def as_dict(self) -> dict[str, Any]:
        """Every setting by key, in declaration order."""
        return {key: getattr(self, key) for key in SETTINGS}


_FIELDS: Mapping[str, Field[Any]] = {f.name: f for f in fields(ShopSettings)}

#: Every setting's spec by key, in declaration order.
SETTINGS: Mapping[str, SettingSpec[Any]] = MappingProxyType(
    {key: f.metadata[_SPEC] for key, f in _FIELDS.items()}
)


def default_of(key: str) -> Any:
    """A setting's default; the guessed ones are guessed now (it takes a moment)."""
    declared = _FIELDS[key]
    if declared.default is not MISSING:
        return declared.default
    assert declared.default_factory is not MISSING
    return declared.default_factory()
