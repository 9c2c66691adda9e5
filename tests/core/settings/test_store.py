"""Shop settings: read as one typed value in one query, changed from text all or nothing."""

from __future__ import annotations

import dataclasses

import peewee
import phonenumbers
import pytest

from shopcrm.core import settings
from shopcrm.core.errors import ValidationError
from shopcrm.core.money import format_amount
from shopcrm.core.settings import SETTINGS, ShopSettings, TierBasis, default_of
from shopcrm.db.models import Setting
from tests.statements import recorded_statements


def _stored() -> dict[str, str]:
    return {row.key: row.value for row in Setting.select()}


def test_defaults(db: peewee.Database) -> None:
    shop = settings.load()
    assert shop.shop_name == default_of("shop_name") == "My Shop"
    assert shop.phone_region in phonenumbers.SUPPORTED_REGIONS
    assert _stored() == {}  # defaults are worked out, not written


@pytest.mark.parametrize(("typed", "stored"), [("GB", "GB"), ("de", "DE"), ("Us", "US")])
def test_set_and_read_phone_region(db: peewee.Database, typed: str, stored: str) -> None:
    assert settings.set_value("phone_region", typed).phone_region == stored
    assert settings.load().phone_region == stored
    assert _stored() == {"phone_region": stored}


def test_setting_again_replaces(db: peewee.Database) -> None:
    settings.set_value("phone_region", "GB")
    settings.set_value("phone_region", "FR")
    assert settings.load().phone_region == "FR"
    assert Setting.select().where(Setting.key == "phone_region").count() == 1


@pytest.mark.parametrize("bad", ["XX", "", "GBR", "uk", "12", "G B", "🇬🇧", "GB\x1b[0m"])
def test_bad_region_refused(db: peewee.Database, bad: str) -> None:
    settings.set_value("phone_region", "DE")
    with pytest.raises(ValidationError) as err:
        settings.set_value("phone_region", bad)
    assert "phone_region" in err.value.errors
    assert settings.load().phone_region == "DE"


def test_unknown_setting_refused_naming_the_known_ones(db: peewee.Database) -> None:
    with pytest.raises(ValidationError) as err:
        settings.set_many({"shop_name": "Changed", "no_such_thing": "1"})
    assert set(err.value.errors) == {"no_such_thing"}
    assert err.value.errors["no_such_thing"] == f"no such setting (known: {', '.join(SETTINGS)})"
    assert _stored() == {}


def test_every_refusal_is_reported_at_once(db: peewee.Database) -> None:
    with pytest.raises(ValidationError) as err:
        settings.set_many({"stamps_per_card": "x", "tiers": "Gold", "nope": "1", "locale": "de"})
    assert set(err.value.errors) == {"stamps_per_card", "tiers", "nope"}
    assert _stored() == {}


def test_shop_name(db: peewee.Database) -> None:
    assert settings.set_value("shop_name", "Bäckerei Süß 🥐").shop_name == "Bäckerei Süß 🥐"
    assert settings.load().shop_name == "Bäckerei Süß 🥐"


def test_settings_survive_reopening(db: peewee.Database, shop_location: str) -> None:
    from shopcrm.db import close, open_database

    settings.set_value("phone_region", "JP")
    close()
    open_database(shop_location)
    assert settings.load().phone_region == "JP"


def test_the_settings_are_one_frozen_value(db: peewee.Database) -> None:
    shop = settings.load()
    assert isinstance(shop, ShopSettings)
    for key in SETTINGS:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(shop, key, default_of(key))
    assert settings.load() == shop and hash(settings.load()) == hash(shop)


def test_reading_is_one_query(db: peewee.Database) -> None:
    settings.set_many({"currency": "GBP", "locale": "en_GB", "stamp_min_amount": "5"})
    with recorded_statements(db) as statements:
        shop = settings.load()
    assert shop.stamp_min_amount == 500
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("SELECT")


# -- every declared setting (loyalty included) -------------------------------------------------

SHOPS = [
    {"currency": "GBP", "locale": "en_GB"},
    {"currency": "EUR", "locale": "de_DE"},
    {"currency": "JPY", "locale": "ja_JP"},
    {"currency": "CHF", "locale": "de_CH"},
]


@pytest.mark.parametrize("shop", SHOPS, ids=lambda s: s["locale"])
def test_every_setting_round_trips(db: peewee.Database, shop: dict[str, str]) -> None:
    settings.set_many(shop)
    settings.set_many(
        {
            "shop_name": "Café Ünïcode",
            "stamps_per_card": "8",
            "stamp_min_amount": "1250" if shop["currency"] == "JPY" else "12.50",
            "stamp_reward": "Free latte",
            "points_per_unit": "3",
            "rewards": "Cake=250; Coffee=100",
            "tier_basis": "spend",
            "tiers": "Gold=500; Silver=200",
            "points_expiry_months": "6",
            "voucher_visit_without_amount": "yes",
            "complaint_target_days": "3",
            "complaint_score_threshold": "1",
            "backup_folder": "/media/shop backups",
            "backup_second_folder": "/media/usb-stick",
            "backups_daily": "7",
            "backups_weekly": "4",
            "backups_monthly": "24",
        }
    )
    shop = settings.load()
    text = settings.as_text(shop)
    assert list(text) == list(SETTINGS)
    stored = _stored()
    assert len(stored) == len(SETTINGS) - 2  # all but the logo and the phone region ...
    assert {key: text[key] for key in stored} == stored  # ... stored as their text
    assert settings.set_many(text) == shop
    assert settings.load() == shop
    assert settings.as_text() == text
    assert shop.stamp_min_amount == 1250  # ¥1250, or 12.50 in minor units
    assert shop.rewards == (("Coffee", 100), ("Cake", 250))
    assert shop.tiers == (("Silver", 200), ("Gold", 500))
    assert shop.tier_basis is TierBasis.SPEND
    assert shop.voucher_visit_without_amount is True
    assert (shop.complaint_target_days, shop.complaint_score_threshold) == (3, 1)
    assert (shop.backup_folder, shop.backups_daily, shop.backups_monthly) == (
        "/media/shop backups",
        7,
        24,
    )


def test_defaults_round_trip(db: peewee.Database) -> None:
    shop = settings.load()
    assert shop.stamps_per_card == 10
    assert shop.rewards == (("Free coffee", 100), ("Slice of cake", 250))
    assert shop.tiers == (("Silver", 10), ("Gold", 25))
    assert shop.tier_basis is TierBasis.VISITS and shop.points_expiry_months == 12
    assert settings.set_many(settings.as_text(shop)) == shop


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("shop_name", "   "),
        ("shop_name", "x" * 81),
        ("currency", "XYZ"),
        ("locale", "xx_YY_ZZ"),
        ("stamps_per_card", "-1"),
        ("stamps_per_card", "101"),
        ("stamps_per_card", "ten"),
        ("stamp_min_amount", "-5"),
        ("stamp_min_amount", "12.345"),
        ("stamp_min_amount", "lots"),
        ("stamp_reward", ""),
        ("points_per_unit", "1001"),
        ("points_per_unit", "1.5"),
        ("rewards", "Coffee"),
        ("rewards", "Coffee=0"),
        ("rewards", "Coffee=abc"),
        ("rewards", "Coffee=10; Coffee=20"),
        ("rewards", "=10"),
        ("tier_basis", "age"),
        ("tiers", "Gold=-1"),
        ("tiers", "Gold=25; Gold=30"),
        ("points_expiry_months", "121"),
        ("points_expiry_months", "-1"),
        ("shop_name", "Corner \x1b[31mShop"),
        ("shop_name", "Bell\x07"),
        ("shop_name", "CSI \x9b2J"),
        ("stamp_reward", "x" * 81),
        ("stamp_reward", "Free\x00coffee"),
        ("stamps_per_card", "1" + "0" * 30),
        ("stamps_per_card", "9" * 10_000),
        ("stamps_per_card", "٣"),
        ("stamps_per_card", "1_0"),
        ("stamp_min_amount", "1" + "0" * 30),
        ("stamp_min_amount", "9" * 10_000),
        ("rewards", f"Coffee={10**30}"),
        ("rewards", "Coffee=" + "9" * 10_000),
        ("rewards", "Coffee=1000000001"),
        ("rewards", "\x1b[2J=10"),
        ("rewards", "; ".join(f"R{n}={n + 1}" for n in range(21))),
        ("rewards", "A=1; " * 1000),
        ("tiers", f"Gold={10**30}"),
        ("currency", "GBP" * 10_000),
        ("locale", "en_GB" * 10_000),
        ("locale", "en_GB\x1b"),
        ("phone_region", "G" * 10_000),
        ("shop_logo", "no/such/picture.png"),
    ],
)
def test_bad_values_refused_and_nothing_stored(db: peewee.Database, key: str, bad: str) -> None:
    settings.set_many({"currency": "GBP", "locale": "en_GB"})
    stored = _stored()
    with pytest.raises(ValidationError) as err:
        settings.set_many({"shop_name": "Changed", key: bad})
    assert set(err.value.errors) == {key}
    reason = err.value.errors[key]
    assert reason and "\n" not in reason and len(reason) <= 120
    assert _stored() == stored


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("Silver=10; Gold=25", (("Silver", 10), ("Gold", 25))),
        ("Gold=25;Silver=10", (("Silver", 10), ("Gold", 25))),
        (
            "  Slice  of cake = 250 ;Free coffee=100;",
            (("Free coffee", 100), ("Slice of cake", 250)),
        ),
        ("A=1\nB=2", (("A", 1), ("B", 2))),
        ("Mr=Nice=5", (("Mr=Nice", 5),)),
        ("", ()),
    ],
)
def test_named_numbers_parsing(db: peewee.Database, text: str, parsed: tuple) -> None:
    assert settings.set_value("rewards", text).rewards == parsed
    assert settings.set_value("tiers", text).tiers == parsed
    assert settings.load().rewards == parsed


def test_money_settings_follow_the_currency(db: peewee.Database) -> None:
    settings.set_many({"currency": "EUR", "locale": "de_DE", "stamp_min_amount": "5,50"})
    assert settings.load().stamp_min_amount == 550
    assert settings.as_text()["stamp_min_amount"] == "5.50"
    assert _stored()["stamp_min_amount"] == "5.50"
    # currency and amount changed together (in any order): the amount is in the new currency
    settings.set_many({"stamp_min_amount": "500", "currency": "JPY"})
    assert settings.load().stamp_min_amount == 500
    assert settings.as_text()["stamp_min_amount"] == "500"


def test_an_amount_left_behind_by_a_currency_change_falls_back_to_its_default(
    db: peewee.Database,
) -> None:
    settings.set_many({"currency": "EUR", "locale": "de_DE", "stamp_min_amount": "5,50"})
    changed = settings.set_many({"currency": "JPY"})  # "5.50" yen cannot be
    assert changed.stamp_min_amount == 0 == default_of("stamp_min_amount")
    assert settings.load() == changed


BROKEN = {
    "shop_name": "Corner \x1b[31mShop",
    "shop_logo": "/no/such/logo.png",
    "currency": "XYZ",
    "locale": "xx_YY_ZZ",
    "phone_region": "XX",
    "stamps_per_card": "many",
    "stamp_min_amount": "12.345",
    "stamp_reward": "",
    "points_per_unit": "9" * 10_000,
    "rewards": f"Coffee={10**30}",
    "tier_basis": "age",
    "tiers": "Gold",
    "points_expiry_months": "-1",
    "voucher_visit_without_amount": "maybe",
    "complaint_target_days": "61",
    "complaint_score_threshold": "6",
    "backup_folder": "/backups/\x1b[31m",
    "backup_second_folder": "x" * 5000,
    "backups_daily": "0",
    "backups_weekly": "-1",
    "backups_monthly": "lots",
}


def test_a_stored_value_that_no_longer_parses_falls_back_to_its_default(
    db: peewee.Database,
) -> None:
    """Written by an older version, by hand, or before the limits: the till still opens."""
    assert set(BROKEN) == set(SETTINGS)
    Setting.insert_many(list(BROKEN.items()), fields=[Setting.key, Setting.value]).execute()
    shop = settings.load()
    for key in SETTINGS:
        assert getattr(shop, key) == default_of(key), key


def test_an_existing_database_reads_as_it_was_written(db: peewee.Database) -> None:
    """The text rows a shop already has (written by the untyped settings) read back typed."""
    rows = {
        "shop_name": "Bäckerei Süß",
        "currency": "EUR",
        "locale": "de_DE",
        "phone_region": "DE",
        "stamps_per_card": "8",
        "stamp_min_amount": "5.50",
        "points_per_unit": "2",
        "rewards": "Kaffee=100; Kuchen=250",
        "tier_basis": "spend",
        "tiers": "Silber=200; Gold=500",
        "points_expiry_months": "0",
    }
    Setting.insert_many(list(rows.items()), fields=[Setting.key, Setting.value]).execute()
    shop = settings.load()
    assert (shop.shop_name, shop.currency, shop.locale) == ("Bäckerei Süß", "EUR", "de_DE")
    assert (shop.stamps_per_card, shop.stamp_min_amount, shop.points_per_unit) == (8, 550, 2)
    assert shop.rewards == (("Kaffee", 100), ("Kuchen", 250))
    assert shop.tier_basis is TierBasis.SPEND and shop.points_expiry_months == 0
    text = settings.as_text(shop)
    assert {key: text[key] for key in rows} == rows  # stored exactly as before


def test_a_three_decimal_currency_keeps_its_amounts(db: peewee.Database) -> None:
    """Tunisian dinar (3 decimals) in a comma-decimal locale: 1,250 TND stays 1,250."""
    settings.set_many({"currency": "TND", "locale": "fr_TN", "stamp_min_amount": "1,250"})
    assert settings.load().stamp_min_amount == 1250
    settings.set_value("stamp_min_amount", "2500,5")
    assert settings.load().stamp_min_amount == 2_500_500


def test_a_three_decimal_currency_round_trips_through_text(db: peewee.Database) -> None:
    settings.set_many({"currency": "TND", "locale": "fr_TN", "stamp_min_amount": "1,250"})
    shop = settings.load()
    assert settings.set_many(settings.as_text(shop)) == shop


def test_an_ambiguous_three_decimal_amount_is_refused(db: peewee.Database) -> None:
    """1,250 KWD in en_US: a thousand (the locale's group comma) or 1.250 (by habit)?"""
    settings.set_many({"currency": "KWD", "locale": "en_US", "stamp_min_amount": "1.250"})
    with pytest.raises(ValidationError) as err:
        settings.set_value("stamp_min_amount", "1,250")
    assert "ambiguous" in err.value.errors["stamp_min_amount"]
    assert settings.load().stamp_min_amount == 1250


MONEY_CURRENCIES = ["JPY", "EUR", "GBP", "CHF", "TND", "KWD", "BHD"]  # 0, 2 and 3 decimals
MONEY_LOCALES = ["de_DE", "fr_FR", "fr_TN", "ar_TN", "ar_KW", "en_GB", "en_US", "de_CH"]
AMOUNTS = [0, 1, 50, 999, 1000, 1250, 12_500, 1_250_000, 1_234_567_890, 10**12]  # minor units


@pytest.mark.parametrize("locale", MONEY_LOCALES)
@pytest.mark.parametrize("currency", MONEY_CURRENCIES)
def test_money_settings_round_trip_in_every_currency_and_locale(
    db: peewee.Database, currency: str, locale: str
) -> None:
    """An amount typed as the screen shows it is kept exactly; its text form (shown in the
    settings dialog and by ``shopcrm settings``) sets it again unchanged, as does storage."""
    settings.set_many({"currency": currency, "locale": locale})
    for minor in AMOUNTS:
        shown = format_amount(minor, currency, locale)
        settings.set_value("stamp_min_amount", shown)
        shop = settings.load()
        assert shop.stamp_min_amount == minor, shown
        text = settings.as_text(shop)
        assert settings.set_many(text) == shop, text["stamp_min_amount"]
        assert settings.load() == shop
        assert settings.as_text() == text
