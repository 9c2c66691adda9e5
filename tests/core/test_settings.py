"""Shop settings: declared once with a type and default, stored in the database."""

from __future__ import annotations

import peewee
import phonenumbers
import pytest

from shopcrm.config import SETTINGS
from shopcrm.core import settings
from shopcrm.core.errors import ValidationError
from shopcrm.core.money import format_amount
from shopcrm.db.models import Setting


def test_defaults(db: peewee.Database) -> None:
    assert settings.get("shop_name") == SETTINGS["shop_name"].default == "My Shop"
    assert settings.phone_region() in phonenumbers.SUPPORTED_REGIONS


@pytest.mark.parametrize(("typed", "stored"), [("GB", "GB"), ("de", "DE"), ("Us", "US")])
def test_set_and_get_phone_region(db: peewee.Database, typed: str, stored: str) -> None:
    assert settings.set_value("phone_region", typed) == stored
    assert settings.get("phone_region") == stored
    assert settings.phone_region() == stored


def test_setting_again_replaces(db: peewee.Database) -> None:
    settings.set_value("phone_region", "GB")
    settings.set_value("phone_region", "FR")
    assert settings.phone_region() == "FR"
    assert Setting.select().where(Setting.key == "phone_region").count() == 1


@pytest.mark.parametrize("bad", ["XX", "", "GBR", "uk", "12", "G B", "🇬🇧"])
def test_bad_region_refused(db: peewee.Database, bad: str) -> None:
    settings.set_value("phone_region", "DE")
    with pytest.raises(ValidationError) as err:
        settings.set_value("phone_region", bad)
    assert "phone_region" in err.value.errors
    assert settings.phone_region() == "DE"


def test_unknown_setting_refused(db: peewee.Database) -> None:
    with pytest.raises(ValidationError) as err:
        settings.set_value("no_such_thing", "1")
    assert "no_such_thing" in err.value.errors
    with pytest.raises(ValidationError):
        settings.get("no_such_thing")


def test_shop_name(db: peewee.Database) -> None:
    assert settings.set_value("shop_name", "Bäckerei Süß 🥐") == "Bäckerei Süß 🥐"
    assert settings.get("shop_name") == "Bäckerei Süß 🥐"


def test_settings_survive_reopening(db: peewee.Database, db_path) -> None:
    from shopcrm.db import close, open_database

    settings.set_value("phone_region", "JP")
    close()
    open_database(str(db_path))
    assert settings.phone_region() == "JP"


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
        }
    )
    values = settings.all_values()
    assert set(values) == set(SETTINGS)
    text = settings.as_text(values)
    assert set(text) == set(SETTINGS)
    assert settings.set_many(text) == values
    assert settings.all_values() == values
    assert settings.as_text() == text
    assert values["stamp_min_amount"] == 1250  # ¥1250, or 12.50 in minor units
    assert values["rewards"] == (("Coffee", 100), ("Cake", 250))
    assert values["tiers"] == (("Silver", 200), ("Gold", 500))


def test_defaults_round_trip(db: peewee.Database) -> None:
    values = settings.all_values()
    assert values["stamps_per_card"] == 10
    assert values["rewards"] == (("Free coffee", 100), ("Slice of cake", 250))
    assert values["tiers"] == (("Silver", 10), ("Gold", 25))
    assert values["tier_basis"] == "visits" and values["points_expiry_months"] == 12
    assert settings.set_many(settings.as_text(values)) == values


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
    ],
)
def test_bad_values_refused_and_nothing_stored(db: peewee.Database, key: str, bad: str) -> None:
    settings.set_many({"currency": "GBP", "locale": "en_GB"})
    stored = {row.key: row.value for row in Setting.select()}
    with pytest.raises(ValidationError) as err:
        settings.set_many({"shop_name": "Changed", key: bad})
    assert key in err.value.errors
    assert err.value.errors[key]
    assert {row.key: row.value for row in Setting.select()} == stored


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
    assert settings.set_value("rewards", text) == parsed
    assert settings.set_value("tiers", text) == parsed
    assert settings.get("rewards") == parsed


def test_money_settings_follow_the_currency(db: peewee.Database) -> None:
    settings.set_many({"currency": "EUR", "locale": "de_DE", "stamp_min_amount": "5,50"})
    assert settings.get("stamp_min_amount") == 550
    assert settings.as_text()["stamp_min_amount"] == "5.50"
    # currency and amount changed together: the amount is read in the new currency
    settings.set_many({"currency": "JPY", "stamp_min_amount": "500"})
    assert settings.get("stamp_min_amount") == 500
    assert settings.as_text()["stamp_min_amount"] == "500"


def test_a_stored_value_that_no_longer_parses_falls_back_to_its_default(
    db: peewee.Database,
) -> None:
    Setting.insert(key="stamps_per_card", value="many").on_conflict_replace().execute()
    assert settings.get("stamps_per_card") == 10


def test_a_three_decimal_currency_keeps_its_amounts(db: peewee.Database) -> None:
    """Tunisian dinar (3 decimals) in a comma-decimal locale: 1,250 TND stays 1,250."""
    settings.set_many({"currency": "TND", "locale": "fr_TN", "stamp_min_amount": "1,250"})
    assert settings.get("stamp_min_amount") == 1250
    settings.set_value("stamp_min_amount", "2500,5")
    assert settings.get("stamp_min_amount") == 2_500_500


def test_a_three_decimal_currency_round_trips_through_text(db: peewee.Database) -> None:
    settings.set_many({"currency": "TND", "locale": "fr_TN", "stamp_min_amount": "1,250"})
    values = settings.all_values()
    assert settings.set_many(settings.as_text(values)) == values


def test_an_ambiguous_three_decimal_amount_is_refused(db: peewee.Database) -> None:
    """1,250 KWD in en_US: a thousand (the locale's group comma) or 1.250 (by habit)?"""
    settings.set_many({"currency": "KWD", "locale": "en_US", "stamp_min_amount": "1.250"})
    with pytest.raises(ValidationError) as err:
        settings.set_value("stamp_min_amount", "1,250")
    assert "ambiguous" in err.value.errors["stamp_min_amount"]
    assert settings.get("stamp_min_amount") == 1250


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
        values = settings.all_values()
        assert values["stamp_min_amount"] == minor, shown
        text = settings.as_text(values)
        assert settings.set_many(text) == values, text["stamp_min_amount"]
        assert settings.all_values() == values
        assert settings.as_text() == text
