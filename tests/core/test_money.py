"""Amounts as typed at the till (``parse_amount``) and as shown (``format_amount``)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shopcrm.core.money import currency_digits, format_amount, format_plain, parse_amount


@pytest.mark.parametrize(
    ("text", "currency", "locale", "minor"),
    [
        ("12,50", "GBP", "en_GB", 1250),
        ("12.50", "GBP", "en_GB", 1250),
        ("12.5", "GBP", "en_GB", 1250),
        ("12", "GBP", "en_GB", 1200),
        ("0", "GBP", "en_GB", 0),
        ("0.00", "GBP", "en_GB", 0),
        (".50", "GBP", "en_GB", 50),
        ("1,250.50", "GBP", "en_GB", 125050),
        ("1,250", "GBP", "en_GB", 125000),  # a lone comma before three digits groups in en
        ("1,250,000.5", "GBP", "en_GB", 125000050),
        ("1.250,50", "EUR", "de_DE", 125050),
        ("1.250", "EUR", "de_DE", 125000),  # a lone point before three digits groups in de
        ("12,50", "EUR", "de_DE", 1250),
        ("12.50", "EUR", "de_DE", 1250),
        ("1 250,50", "EUR", "fr_FR", 125050),
        ("1\u00a0250,50", "EUR", "fr_FR", 125050),
        ("1\u202f250,50", "EUR", "fr_FR", 125050),
        ("1'250.50", "CHF", "de_CH", 125050),
        ("1\u2019250.50", "CHF", "de_CH", 125050),  # the Swiss group mark as formatted
        ("CHF 1\u2019250.50", "CHF", "de_CH", 125050),
        ("￥1,250", "JPY", "ja_JP", 1250),  # the full-width yen a ja_JP screen shows
        ("£12.50", "GBP", "en_GB", 1250),
        ("  £ 12.50  ", "GBP", "en_GB", 1250),
        ("12,50 €", "EUR", "de_DE", 1250),
        ("€12.50", "EUR", "en_IE", 1250),
        ("$3.99", "USD", "en_US", 399),
        ("GBP 3", "GBP", "en_GB", 300),
        ("1250", "JPY", "ja_JP", 1250),
        ("1,250", "JPY", "ja_JP", 1250),
        ("¥1,250", "JPY", "ja_JP", 1250),
        ("10000000000", "GBP", "en_GB", 10**12),  # the largest amount
        ("1.250,50", "GBP", "en_GB", 125050),  # both marks: the last one is the decimal
        ("1,250.50", "EUR", "de_DE", 125050),
        # three decimals: a lone point before three digits is the decimal in every locale,
        # the locale's own decimal comma too (a thousand and more: 1250, or both marks)
        ("1.250", "TND", "fr_TN", 1250),
        ("1,250", "TND", "fr_TN", 1250),
        ("2500,5", "TND", "fr_TN", 2_500_500),
        ("1 250,500", "TND", "fr_TN", 1_250_500),
        ("1.250", "TND", "ar_TN", 1250),  # the point is the group mark in ar_TN
        ("1,250", "TND", "ar_TN", 1250),
        ("1.250,500", "TND", "ar_TN", 1_250_500),
        ("1.250.000", "TND", "ar_TN", 1_250_000_000),  # repeated: groups
        ("1.250", "TND", "de_DE", 1250),
        ("1,250", "TND", "de_DE", 1250),
        ("1,250.500", "TND", "de_DE", 1_250_500),
        ("0.5", "TND", "fr_TN", 500),
        ("0,05", "TND", "fr_TN", 50),
        ("1.250", "KWD", "en_US", 1250),
        ("1,250.000", "KWD", "en_US", 1_250_000),
        ("1.250,000", "KWD", "en_US", 1_250_000),  # both marks, the other way round
        ("1250", "KWD", "en_US", 1_250_000),
        ("1,250,000", "KWD", "en_US", 1_250_000_000),
        ("1.250", "BHD", "ar_BH", 1250),
        ("1.250", "BHD", "de_CH", 1250),
        ("1’250.500", "BHD", "de_CH", 1_250_500),
        ("\u200f1.234,250\u00a0د.ت.\u200f", "TND", "ar_TN", 1_234_250),  # as ar_TN shows it
        ("\u200f1,234.250\u00a0د.ك.\u200f", "KWD", "ar_KW", 1_234_250),
        ("1.2500", "CLF", "de_DE", 12500),  # four decimals
        ("1.250", "CLF", "de_DE", 12500),
    ],
)
def test_parse_amount(text: str, currency: str, locale: str, minor: int) -> None:
    assert parse_amount(text, currency, locale) == minor


@pytest.mark.parametrize("text", ["", "   ", None])
def test_nothing_typed_is_no_amount(text: str | None) -> None:
    assert parse_amount(text, "GBP", "en_GB") is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "currency", "locale", "reason"),
    [
        ("-5", "GBP", "en_GB", "negative"),
        ("-0.01", "GBP", "en_GB", "negative"),
        ("−5", "GBP", "en_GB", "negative"),  # a real minus sign
        ("(5.00)", "GBP", "en_GB", "negative"),
        ("abc", "GBP", "en_GB", "not an amount"),
        ("12a", "GBP", "en_GB", "not an amount"),
        ("1e3", "GBP", "en_GB", "not an amount"),
        ("£", "GBP", "en_GB", "not an amount"),
        ("12.", "GBP", "en_GB", "not an amount"),
        ("1.2.3", "GBP", "en_GB", "not an amount"),
        ("12,34,56", "GBP", "en_GB", "not an amount"),
        ("12.505", "GBP", "en_GB", "at most 2 decimals"),
        ("1.250", "GBP", "en_GB", "at most 2 decimals"),  # a point is the decimal in en
        ("1,250", "EUR", "de_DE", "at most 2 decimals"),  # a comma is the decimal in de
        ("12.5", "JPY", "ja_JP", "at most 0 decimals"),
        ("12,50", "JPY", "ja_JP", "at most 0 decimals"),
        ("10000000000.01", "GBP", "en_GB", "too large"),
        ("12;50", "GBP", "en_GB", "not an amount"),
        ("1 2 3 4 5 6 7 8 9 0 1 2 3 4", "GBP", "en_GB", "too large"),
        ("1.250,505", "GBP", "en_GB", "at most 2 decimals"),  # was read as 1,250,505 pounds
        ("1,250", "KWD", "en_US", "ambiguous"),  # a group mark, or the decimals by habit?
        ("1,250", "KWD", "ar_KW", "ambiguous"),
        ("1,250", "BHD", "de_CH", "ambiguous"),
        ("12.5055", "GBP", "en_GB", "at most 2 decimals"),  # four digits are never a group
        ("1.2505", "TND", "fr_TN", "at most 3 decimals"),
        ("1.250.5", "TND", "fr_TN", "not an amount"),
        ("\u200f-5", "TND", "ar_TN", "negative"),
    ],
)
def test_bad_amounts_refused_with_a_reason(
    text: str, currency: str, locale: str, reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_amount(text, currency, locale)


@pytest.mark.parametrize(
    ("minor", "currency", "locale", "shown"),
    [
        (1250, "GBP", "en_GB", "£12.50"),
        (0, "GBP", "en_GB", "£0.00"),
        (5, "GBP", "en_GB", "£0.05"),
        (123456789, "USD", "en_US", "$1,234,567.89"),
        (1250, "EUR", "de_DE", "12,50\u00a0€"),
        (1250, "JPY", "en_US", "¥1,250"),
        (1250, "JPY", "ja_JP", "￥1,250"),
    ],
)
def test_format_amount(minor: int, currency: str, locale: str, shown: str) -> None:
    assert format_amount(minor, currency, locale) == shown


def test_format_no_amount_is_empty() -> None:
    assert format_amount(None, "GBP", "en_GB") == ""


@pytest.mark.parametrize(
    ("minor", "currency", "plain"),
    [
        (1250, "GBP", "12.50"),
        (5, "GBP", "0.05"),
        (0, "EUR", "0.00"),
        (1250, "JPY", "1250"),
        (1250, "TND", "1.250"),
        (1_250_000, "KWD", "1250.000"),
    ],
)
def test_format_plain(minor: int, currency: str, plain: str) -> None:
    assert format_plain(minor, currency) == plain


def test_currency_digits() -> None:
    assert currency_digits("GBP") == currency_digits("EUR") == 2
    assert currency_digits("JPY") == 0
    assert currency_digits("TND") == currency_digits("KWD") == currency_digits("BHD") == 3


# Currencies with 0, 2, 3 and 4 decimals, and locales with a decimal comma or point, a group
# point, comma, space, narrow space or Swiss mark, and right-to-left direction marks.
CURRENCIES = ["JPY", "EUR", "GBP", "CHF", "TND", "KWD", "BHD", "CLF"]
LOCALES = [
    "de_DE",
    "fr_FR",
    "fr_TN",
    "ar_TN",
    "ar_KW",
    "en_GB",
    "en_US",
    "de_CH",
    "ja_JP",
    "sv_SE",
    "pt_BR",
]


@settings(max_examples=200, deadline=None)
@given(
    minor=st.integers(0, 10**12),
    where=st.sampled_from(
        [
            ("GBP", "en_GB"),
            ("EUR", "de_DE"),
            ("EUR", "fr_FR"),
            ("USD", "en_US"),
            ("JPY", "ja_JP"),
            ("CHF", "de_CH"),
            ("SEK", "sv_SE"),
            ("BRL", "pt_BR"),
        ]
    ),
)
def test_what_is_shown_or_stored_reads_back(minor: int, where: tuple[str, str]) -> None:
    currency, locale = where
    assert parse_amount(format_amount(minor, currency, locale), currency, locale) == minor
    assert parse_amount(format_plain(minor, currency), currency, locale) == minor


@settings(max_examples=400, deadline=None)
@given(
    minor=st.one_of(
        st.integers(0, 10**12),
        st.sampled_from([0, 1, 5, 50, 250, 999, 1000, 1250, 12500, 125000, 1_250_000]),
    ),
    currency=st.sampled_from(CURRENCIES),
    locale=st.sampled_from(LOCALES),
)
def test_every_currency_reads_back_in_every_locale(minor: int, currency: str, locale: str) -> None:
    """Shown (``format_amount``) and plain (``format_plain``, settings) text read back exactly,
    whatever the currency's decimals and the locale's marks: ``1.250`` TND is never 1250."""
    assert parse_amount(format_amount(minor, currency, locale), currency, locale) == minor
    assert parse_amount(format_plain(minor, currency), currency, locale) == minor
