"""Cells as other programs write them: birthdays and dates in every order the shop's locale
uses, yes/no consent in four languages, money with signs and group marks, apostrophes."""

from __future__ import annotations

from datetime import date

import pytest

from shopcrm.core.importing.fields import fold, guess_preset, match_columns
from shopcrm.core.importing.values import (
    parse_consent,
    parse_count,
    parse_date,
    parse_day,
    parse_money,
    parse_tags,
    unquote,
)


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("04-12", "en_US", (None, 4, 12)),  # Square: MM-DD, no year
        ("1985-04-12", "de_DE", (1985, 4, 12)),
        ("1985-04-12T00:00:00", "en_US", (1985, 4, 12)),
        ("--04-12", "en_US", (None, 4, 12)),
        ("0000-04-12", "en_US", (None, 4, 12)),  # a "no year" placeholder
        ("12.04.1985", "en_US", (1985, 4, 12)),  # dots are day first everywhere
        ("12.04.", "de_DE", (None, 4, 12)),
        ("12.04", "de_DE", (None, 4, 12)),
        ("12/04/1985", "en_GB", (1985, 4, 12)),
        ("12/04/1985", "fr_FR", (1985, 4, 12)),
        ("04/12/1985", "en_US", (1985, 4, 12)),
        ("4/12", "en_US", (None, 4, 12)),
        ("1985/04/12", "ja_JP", (1985, 4, 12)),
        ("12/04/85", "es_ES", (1985, 4, 12)),
    ],
)
def test_days(text: str, locale: str, expected: tuple[int | None, int, int]) -> None:
    assert parse_day(text, locale) == expected


@pytest.mark.parametrize("text", ["yesterday", "12", "1985", "12-04-1985-1", "31/31/31/31"])
def test_not_days(text: str) -> None:
    with pytest.raises(ValueError):
        parse_day(text, "en_GB")


def test_a_visit_date_needs_its_year() -> None:
    assert parse_date("03.11.2024", "de_DE") == date(2024, 11, 3)
    with pytest.raises(ValueError, match="no year"):
        parse_date("03.11.", "de_DE")
    with pytest.raises(ValueError, match="no such day"):
        parse_date("31.02.2024", "de_DE")
    # a time as an export writes it (ISO 8601 with its offset): the day it names
    assert parse_date("2024-11-03T16:12:01.473219+00:00", "en_GB") == date(2024, 11, 3)
    assert parse_date("2024-11-03T09:30Z", "en_GB") == date(2024, 11, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True), ("TRUE", True), ("Subscribed", True), ("ja", True), ("Sí", True),
        ("oui", True), ("no", False), ("FALSE", False), ("Unsubscribed", False),
        ("nein", False), ("non", False), ("Unknown", None), ("", None),
        ("NOT_SUBSCRIBED_YET", None),
    ],
)  # fmt: skip
def test_consent(text: str, expected: bool | None) -> None:
    assert parse_consent(text) is expected


@pytest.mark.parametrize(
    ("text", "currency", "locale", "minor"),
    [
        ("$1,234.56", "USD", "en_US", 123456),
        ("1.234,50 €", "EUR", "de_DE", 123450),
        ("45,00", "EUR", "de_DE", 4500),
        ("123.45", "CAD", "en_CA", 12345),
        ("-$5.00", "USD", "en_US", -500),
        ("($5.00)", "USD", "en_US", -500),
        ("¥1,200", "JPY", "ja_JP", 1200),
    ],
)
def test_money(text: str, currency: str, locale: str, minor: int) -> None:
    assert parse_money(text, currency, locale) == minor


def test_counts_tags_and_apostrophes() -> None:
    assert parse_count("1,234") == 1234 and parse_count("12.0") == 12 and parse_count("7") == 7
    assert parse_count("1.000") == 1000  # a thousand, the German way
    for bad in ("-3", "many", "٣", "1e9", "99999999999"):
        with pytest.raises(ValueError):
            parse_count(bad)
    assert parse_tags("vip, wholesale;newsletter") == ["vip", "wholesale", "newsletter"]
    assert unquote("'8779761975521") == "8779761975521"
    assert unquote(" '+880 1712-345678 ") == "+880 1712-345678"
    assert unquote("'tis a name") == "'tis a name"  # not a number: kept
    # what an export neutralised so a spreadsheet does not run it as a formula
    assert unquote("'=SUM(A1)") == "=SUM(A1)" and unquote("'-Dash") == "-Dash"
    assert unquote("'@home") == "@home" and unquote("''") == "''"


def test_headers_match_by_alias_in_four_languages() -> None:
    assert fold(" E-Mail-Adresse ") == "e mail adresse"
    headers = ["Prénom", "APELLIDOS", "E-Mail", "Téléphone", "Geburtsdatum", "Bemerkungen", "?"]
    assert match_columns(headers, "generic") == [
        "first_name", "last_name", "email", "phone", "birthday", "note", "ignore",
    ]  # fmt: skip
    assert guess_preset(["Square Customer ID", "First Name"]) == "square"
    assert guess_preset(["Customer ID", "Accepts Email Marketing", "Total Spent"]) == "shopify"
    assert guess_preset(["Name", "Phone"]) == "generic"
    # a second column for a field already filled is not imported
    assert match_columns(["Phone", "Mobile"], "generic") == ["phone", "ignore"]


@pytest.mark.parametrize(
    ("typed", "region"),
    [("020 7946 0958", "GB"), ("0171 2345678", "DE"), ("(415) 555-0132", "US"),
     ("+39 06 1234 5678", "IT"), ("+81 3-1234-5678", "GB"), ("+880 1712-345678", "BD")],
)  # fmt: skip
def test_the_import_indexes_a_phone_as_the_card_does(typed: str, region: str) -> None:
    """The import hands the search index the national form it parsed already: the same
    document as the one an edit on the card makes."""
    from shopcrm.core.validation import clean_phone_forms
    from shopcrm.db.search import SearchDocument

    e164, national = clean_phone_forms(typed, region)
    assert SearchDocument.for_customer(7, "Ann", "Lee", e164, national=national) == (
        SearchDocument.for_customer(7, "Ann", "Lee", e164)
    )
