"""One locale everywhere: the shop's formats (babel), never the computer's."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import peewee
import pytest

from shopcrm.core import formats, settings
from shopcrm.core.formats import ShopFormats, formats_for

NEW_YORK = ZoneInfo("America/New_York")
#: 02:30 UTC on 15 March is still the evening of the 14th in New York.
LATE = datetime(2024, 3, 15, 2, 30, tzinfo=UTC)
NNBSP, NBSP = "\u202f", "\u00a0"  # CLDR's group and currency spaces in French and German

SHOPS = {
    "en_US": ShopFormats("en_US", "USD", "US", NEW_YORK),
    "de_DE": ShopFormats("de_DE", "EUR", "DE", NEW_YORK),
    "fr_FR": ShopFormats("fr_FR", "EUR", "FR", NEW_YORK),
    "en_GB": ShopFormats("en_GB", "GBP", "GB", NEW_YORK),
}


@pytest.mark.parametrize(
    ("locale", "day", "medium", "moment", "month"),
    [
        ("en_US", "March 14, 2024", "Mar 14, 2024", f"Mar 14, 2024, 10:30{NNBSP}PM", "March 2024"),
        ("de_DE", "14. März 2024", "14.03.2024", "14.03.2024, 22:30", "März 2024"),
        ("fr_FR", "14 mars 2024", "14 mars 2024", "14 mars 2024, 22:30", "mars 2024"),
        ("en_GB", "14 March 2024", "14 Mar 2024", "14 Mar 2024, 22:30", "March 2024"),
    ],
)
def test_days_and_moments_in_the_shops_locale_on_the_tills_clock(
    locale, day, medium, moment, month
):
    shop = SHOPS[locale]
    assert shop.date(LATE) == day  # the UTC moment's day at the till, not in Greenwich
    assert shop.medium_date(LATE) == medium
    assert shop.date_time(LATE) == moment
    assert shop.month(date(2024, 3, 1)) == month
    assert shop.date(date(2024, 3, 14)) == day  # a plain day is never shifted


def test_a_naive_moment_is_utc():
    assert SHOPS["en_US"].date(datetime(2024, 3, 15, 2, 30)) == "March 14, 2024"


@pytest.mark.parametrize(
    ("locale", "money", "number", "percent", "recent", "old"),
    [
        ("en_US", "$1,234.50", "12,345", "25%", "Jul 12", "Jul 2026"),
        ("de_DE", f"1.234,50{NBSP}€", "12.345", f"25{NBSP}%", "12. Juli", "Juli 2026"),
        (
            "fr_FR",
            f"1{NNBSP}234,50{NBSP}€",
            f"12{NNBSP}345",
            f"25{NBSP}%",
            "12 juil.",
            "juil. 2026",
        ),
    ],
)
def test_money_numbers_percentages_and_short_days(locale, money, number, percent, recent, old):
    shop = SHOPS[locale]
    assert shop.money(123450) == money
    assert shop.money(None) == ""
    assert shop.number(12345) == number
    assert shop.percent(0.25) == percent
    assert shop.day_month(date(2026, 7, 12)) == recent
    assert shop.month_year(date(2026, 7, 12)) == old


def test_what_was_typed_is_read_the_shops_way():
    assert SHOPS["de_DE"].parse_money("12,50 €") == 1250
    assert SHOPS["en_US"].parse_money("$1,234.50") == 123450
    assert SHOPS["en_US"].parse_money("") is None
    with pytest.raises(ValueError, match="negative"):
        SHOPS["fr_FR"].parse_money("-3")


@pytest.mark.parametrize(
    ("locale", "known"), [("en_US", "July 12"), ("de_DE", "12. Juli"), ("fr_FR", "12 juillet")]
)
def test_a_birthday_without_its_year(locale, known):
    shop = SHOPS[locale]
    assert shop.birthday(7, 12) == known
    assert shop.birthday(2, 29) != ""  # a leap day with no year is a day all the same
    assert shop.birthday(None, 12) == ""
    assert shop.birthday(7, 12, 1990) == shop.date(date(1990, 7, 12))


def test_month_names_for_a_list():
    assert SHOPS["fr_FR"].month_names()[0] == "janvier"
    assert SHOPS["de_DE"].month_names()[2] == "März"
    assert len(SHOPS["en_US"].month_names()) == 12


@pytest.mark.parametrize(
    ("region", "example"),
    [("US", "(201) 555-0123"), ("GB", "07400 123456"), ("FR", "06 12 34 56 78")],
)
def test_a_phone_example_of_the_shops_own_region(region, example):
    assert ShopFormats("en_GB", "GBP", region).phone_example() == example


def test_no_phone_example_where_the_region_has_none():
    assert ShopFormats("en_GB", "GBP", "ZZ").phone_example() == ""


def test_plural_categories_follow_cldr():
    shop = SHOPS["en_US"]
    assert [shop.plural_category(n) for n in (0, 1, 2)] == ["other", "one", "other"]
    assert SHOPS["fr_FR"].plural_category(0) == "one"  # French counts nothing as singular
    assert [shop.plural_category(n, "pl") for n in (1, 3, 5, 22, 25)] == [
        "one",
        "few",
        "many",
        "few",
        "many",
    ]
    assert {shop.plural_category(n, "ja") for n in (0, 1, 2, 100)} == {"other"}


def test_plural_forms_by_category_with_the_number_written_the_locale_way():
    polish = {"one": "{n} wizyta", "few": "{n} wizyty", "many": "{n} wizyt", "other": "{n} wizyty"}
    shop = ShopFormats("pl_PL", "PLN", "PL")
    assert [shop.plural(n, polish) for n in (1, 3, 5, 1234)] == [
        "1 wizyta",
        "3 wizyty",
        "5 wizyt",
        f"1{NBSP}234 wizyty",
    ]


def test_english_words_counted_by_englishs_rules_in_every_locale():
    """The words are English, so "0 visits" even where French would say "0 visite"."""
    assert SHOPS["en_US"].count(1, "visit", "visits") == "1 visit"
    assert SHOPS["en_US"].count(2, "visit", "visits") == "2 visits"
    assert SHOPS["fr_FR"].count(0, "visit", "visits") == "0 visits"
    assert SHOPS["de_DE"].count(1234, "visit", "visits") == "1.234 visits"


def test_iso_days_in_stored_words_are_written_the_shops_way():
    shop = SHOPS["de_DE"]
    assert shop.days_in("20 points earned 2025-03-10 expired") == (
        "20 points earned 10. März 2025 expired"
    )
    assert shop.days_in("code 2025-13-45 stays") == "code 2025-13-45 stays"
    assert shop.days_in("no day here") == "no day here"


def test_the_same_settings_give_the_same_formats():
    shop = settings.ShopSettings(locale="de_DE", currency="EUR", phone_region="DE")
    assert formats_for(shop) is formats_for(shop)
    assert formats_for(shop).money(500) == f"5,00{NBSP}€"


def test_the_open_shops_formats_follow_a_settings_change(db: peewee.Database):
    settings.set_many({"locale": "en_US", "currency": "USD", "phone_region": "US"})
    assert formats.current().money(500) == "$5.00"
    assert formats.current() is formats.current()  # no query per figure
    settings.set_many({"locale": "de_DE", "currency": "EUR"})
    assert formats.current().money(500) == f"5,00{NBSP}€"


def test_another_database_is_another_shop(tmp_path):
    """Formats remembered for one shop's file are never used for another's."""
    from shopcrm.db import close, open_database

    open_database(str(tmp_path / "us.sqlite3"))
    settings.set_many({"locale": "en_US", "currency": "USD"})
    close()
    open_database(str(tmp_path / "fr.sqlite3"))
    settings.set_many({"locale": "fr_FR", "currency": "EUR"})
    assert formats.current().locale == "fr_FR"
    close()
    open_database(str(tmp_path / "us.sqlite3"))  # no settings change in between
    try:
        assert formats.current().money(500) == "$5.00"
    finally:
        close()


def test_babel_is_loaded_only_when_a_figure_is_written():
    """Cold start: importing the formats (and the screens that use them) loads no locale data."""
    code = (
        "import sys\n"
        "from shopcrm.core.formats import ShopFormats\n"
        "shop = ShopFormats('de_DE', 'EUR', 'DE')\n"
        "assert 'babel.dates' not in sys.modules, 'babel imported early'\n"
        "assert shop.money(500).startswith('5,00')\n"
        "assert 'babel.numbers' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_the_tills_own_clock_when_no_zone_is_given():
    """Moments are shown in the computer's time zone, read when written (a text remembered
    under one zone is never shown under another)."""
    from tests.cli.conftest import local_zone

    shop = ShopFormats("en_GB", "GBP", "GB")
    with local_zone("America/New_York"):
        assert shop.date_time(LATE) == "14 Mar 2024, 22:30"
        assert shop.date(LATE) == "14 March 2024"
    with local_zone("Asia/Tokyo"):
        assert shop.date_time(LATE) == "15 Mar 2024, 11:30"
        assert shop.date(LATE) == "15 March 2024"
