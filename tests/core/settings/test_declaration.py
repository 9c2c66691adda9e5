"""The declaration: every setting is one typed field, and its text form reads back as itself."""

from __future__ import annotations

import dataclasses
import typing

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from shopcrm.core.settings import (
    MAX_NAMED,
    MAX_TEXT,
    MAX_THRESHOLD,
    SETTINGS,
    Context,
    ShopSettings,
    TierBasis,
    default_of,
)
from shopcrm.core.settings.store import STORED_LOCALE

HINTS = typing.get_type_hints(ShopSettings)


def test_every_field_is_declared_once_with_its_spec() -> None:
    names = [f.name for f in dataclasses.fields(ShopSettings)]
    assert names == list(SETTINGS) == list(HINTS)
    for key, spec in SETTINGS.items():
        assert spec.title and spec.title[0].isupper(), key
    keys = list(SETTINGS)
    money = [key for key, spec in SETTINGS.items() if "amount" in key]
    assert all(keys.index("currency") < keys.index(key) for key in money)


@pytest.mark.parametrize("key", list(SETTINGS))
def test_every_default_has_its_declared_type_and_reads_back(key: str) -> None:
    default = default_of(key)
    hint = HINTS[key]
    assert isinstance(default, typing.get_origin(hint) or hint), key
    context = Context(default_of("currency"), STORED_LOCALE)
    text = SETTINGS[key].format(default, context)
    assert SETTINGS[key].read_stored(text, context) == default


def test_the_types_callers_rely_on() -> None:
    assert HINTS["stamp_min_amount"] is int  # minor units
    assert HINTS["rewards"] == HINTS["tiers"] == tuple[tuple[str, int], ...]
    assert HINTS["tier_basis"] is TierBasis
    assert SETTINGS["tier_basis"].choices == ("visits", "spend")


def test_the_settings_are_frozen() -> None:
    shop = ShopSettings(currency="GBP", locale="en_GB", phone_region="GB")
    for key in SETTINGS:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(shop, key, default_of(key))
    assert dataclasses.replace(shop, shop_name="Other").shop_name == "Other"


_word = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"),
        blacklist_characters=";\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
    min_size=1,
    max_size=12,
)
_line = st.lists(_word, min_size=1, max_size=6).map(" ".join).filter(lambda t: len(t) <= MAX_TEXT)
_named = st.dictionaries(_line, st.integers(1, MAX_THRESHOLD), max_size=MAX_NAMED).map(
    lambda found: tuple(sorted(found.items(), key=lambda item: item[1]))
)
VALUES: dict[str, st.SearchStrategy[object]] = {
    "shop_name": _line,
    "shop_logo": st.just(""),
    "currency": st.sampled_from(["GBP", "EUR", "JPY", "TND", "KWD", "CHF", "USD"]),
    "locale": st.sampled_from(["en_GB", "de_DE", "fr_TN", "ar_KW", "ja_JP", "de_CH"]),
    "phone_region": st.sampled_from(["GB", "DE", "US", "JP", "TN"]),
    "stamps_per_card": st.integers(0, 100),
    "stamp_min_amount": st.integers(0, 10**12),
    "stamp_reward": _line,
    "points_per_unit": st.integers(0, 1000),
    "rewards": _named,
    "tier_basis": st.sampled_from(TierBasis),
    "tiers": _named,
    "points_expiry_months": st.integers(0, 120),
    "voucher_visit_without_amount": st.booleans(),
    "complaint_target_days": st.integers(0, 60),
    "complaint_score_threshold": st.integers(0, 5),
    "backup_folder": st.sampled_from(["", "/tmp", "/media/usb stick/shop backups"]),
    "backup_second_folder": st.sampled_from(["", "/media/ünï/backups", "/tmp"]),
    "backups_daily": st.integers(1, 1000),
    "backups_weekly": st.integers(0, 1000),
    "backups_monthly": st.integers(0, 1000),
}


def test_every_setting_has_a_strategy_here() -> None:
    assert set(VALUES) == set(SETTINGS)


@hypothesis_settings(max_examples=400, deadline=None)
@given(
    data=st.data(),
    key=st.sampled_from(list(VALUES)),
    currency=st.sampled_from(["GBP", "JPY", "TND", "BHD"]),
)
def test_every_value_round_trips_through_its_text(
    data: st.DataObject, key: str, currency: str
) -> None:
    """Formatted (to store it or to show it), a value is read back and typed back as itself."""
    value = data.draw(VALUES[key])
    spec = SETTINGS[key]
    stored = Context(currency, STORED_LOCALE)
    text = spec.format(value, stored)
    assert spec.read_stored(text, stored) == value
    for locale in ("en_GB", "de_DE", "fr_TN"):
        assert spec.parse(text, Context(currency, locale)) == value, (text, locale)
