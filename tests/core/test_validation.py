"""Checking what people type: each ``clean_*`` function on its own (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from shopcrm.core.errors import ValidationError
from shopcrm.core.validation import (
    MAX_NAME,
    MAX_NOTE,
    MAX_TAG,
    clean_birthday,
    clean_email,
    clean_name,
    clean_note,
    clean_phone,
    clean_tags,
    format_phone,
    parse_birthday,
)

# -- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("María", "María"),
        ("  Mary   Jane  ", "Mary Jane"),
        ("Mary\tJane\n", "Mary Jane"),
        ("王小明", "王小明"),
        ("O'Brien", "O'Brien"),
        ("Zoë 😀", "Zoë 😀"),
        ("x" * MAX_NAME, "x" * MAX_NAME),
    ],
)
def test_clean_name_keeps_names(typed: str, stored: str) -> None:
    assert clean_name(typed, required=True) == stored


def test_clean_name_required_and_optional() -> None:
    with pytest.raises(ValueError, match="first name"):
        clean_name("", required=True, field="first name")
    with pytest.raises(ValueError):
        clean_name("   \t ", required=True)
    assert clean_name("", required=False) == ""
    assert clean_name(None, required=False) == ""  # type: ignore[arg-type]


def test_clean_name_length() -> None:
    with pytest.raises(ValueError, match=str(MAX_NAME)):
        clean_name("x" * (MAX_NAME + 1), required=True)
    with pytest.raises(ValueError):
        clean_name("x" * 50 + " " + "y" * 50, required=False)  # 101 with the space
    assert clean_name("x" * 50 + "      " + "y" * 49, required=False) == "x" * 50 + " " + "y" * 49


@pytest.mark.parametrize("bad", ["Bob\x00", "Bob\x07", "Bob\x1b[31m", "Bob\x7f", "Bob\x9b"])
def test_clean_name_refuses_control_characters(bad: str) -> None:
    with pytest.raises(ValueError, match="control"):
        clean_name(bad, required=True)


# -- phones ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "region", "e164"),
    [
        ("020 7946 0958", "GB", "+442079460958"),
        ("(020) 7946-0958", "GB", "+442079460958"),
        ("+44 20 7946 0958", "US", "+442079460958"),
        ("0044 20 7946 0958", "DE", "+442079460958"),
        ("(201) 555-0123", "US", "+12015550123"),
        ("201.555.0123", "US", "+12015550123"),
        ("030 123456", "DE", "+4930123456"),
        ("01 23 45 67 89", "FR", "+33123456789"),
        ("  07911 123456 ", "GB", "+447911123456"),
        ("", "GB", ""),
        ("   ", "GB", ""),
    ],
)
def test_clean_phone_stores_e164(typed: str, region: str, e164: str) -> None:
    assert clean_phone(typed, region) == e164


@pytest.mark.parametrize(
    ("typed", "region"),
    [
        ("not a phone", "GB"),
        ("123", "GB"),
        ("12345678901234567890", "GB"),
        ("020 7946 0958", "US"),  # a national number of another country
        ("+44 20 7946 095", "GB"),
        ("+999 1234 5678", "GB"),
        ("@@@", "GB"),
    ],
)
def test_clean_phone_refuses(typed: str, region: str) -> None:
    with pytest.raises(ValueError):
        clean_phone(typed, region)


def test_format_phone() -> None:
    assert format_phone("+442079460958", "GB") == "020 7946 0958"
    assert format_phone("+442079460958", "US") == "+44 20 7946 0958"
    assert format_phone("", "GB") == ""


# -- email -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("maria.gonzalez@example.com", "maria.gonzalez@example.com"),
        ("  Maria@Example.COM ", "Maria@example.com"),  # the domain is case-insensitive
        ("a+tag@mail.example.co.uk", "a+tag@mail.example.co.uk"),
        ("josé@exämple.de", "josé@exämple.de"),
        ("", ""),
    ],
)
def test_clean_email(typed: str, stored: str) -> None:
    assert clean_email(typed) == stored


@pytest.mark.parametrize(
    "bad",
    [
        "maria",
        "maria@",
        "@example.com",
        "maria@example",
        "maria@example.",
        "maria@@example.com",
        "ma ria@example.com",
        "maria@exa mple.com",
        "maria@.com",
        "a" * 250 + "@x.com",
        "a\x00b@example.com",
        "ab\x7f@example.com",
    ],
)
def test_clean_email_refuses(bad: str) -> None:
    with pytest.raises(ValueError):
        clean_email(bad)


# -- birthdays -------------------------------------------------------------------------------

TODAY = date(2024, 6, 15)


@pytest.mark.parametrize(
    ("month", "day", "year"),
    [
        (5, 17, 1980),
        (2, 29, None),  # no year: Feb 29 is a birthday
        (2, 29, 2000),
        (12, 31, None),
        (1, 1, 1900),
        (6, 15, 2024),  # born today
        (None, None, None),
    ],
)
def test_clean_birthday_accepts(month: int | None, day: int | None, year: int | None) -> None:
    assert clean_birthday(month, day, year, today=TODAY) == (month, day, year)


@pytest.mark.parametrize(
    ("month", "day", "year", "why"),
    [
        (2, 30, None, "no day 30"),
        (2, 29, 2001, "no day 29"),
        (4, 31, None, "no day 31"),
        (13, 1, None, "1-12"),
        (0, 1, None, "1-12"),
        (5, 0, None, "no day 0"),
        (None, 17, None, "both"),
        (5, None, None, "both"),
        (None, None, 1980, "both"),
        (6, 16, 2024, "future"),
        (1, 1, 2025, "1900"),
        (1, 1, 1899, "1900"),
    ],
)
def test_clean_birthday_refuses(
    month: int | None, day: int | None, year: int | None, why: str
) -> None:
    with pytest.raises(ValueError, match=why):
        clean_birthday(month, day, year, today=TODAY)


def test_parse_birthday() -> None:
    assert parse_birthday("1980-05-17") == (5, 17, 1980)
    assert parse_birthday("05-17") == (5, 17, None)
    assert parse_birthday("5-7") == (5, 7, None)
    assert parse_birthday("") == (None, None, None)
    for bad in ("17/05/1980", "May 17", "02-30", "13-01", "1980-5", "x"):
        with pytest.raises(ValueError):
            parse_birthday(bad)


# -- notes and tags --------------------------------------------------------------------------


def test_clean_note() -> None:
    assert clean_note("  nut allergy  ") == "nut allergy"
    assert clean_note("x" * MAX_NOTE) == "x" * MAX_NOTE
    assert clean_note("line one\nline two") == "line one\nline two"
    for bad in ("", "   ", "\n\t", None):
        with pytest.raises(ValueError, match="empty"):
            clean_note(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="10,000"):
        clean_note("x" * (MAX_NOTE + 1))


def test_clean_tags() -> None:
    assert clean_tags(["VIP", " vip ", "Nut  Allergy", "", "  "]) == ["vip", "nut allergy"]
    assert clean_tags([]) == []
    assert clean_tags(["x" * MAX_TAG]) == ["x" * MAX_TAG]
    with pytest.raises(ValueError, match=str(MAX_TAG)):
        clean_tags(["x" * (MAX_TAG + 1)])


def test_validation_error_names_every_field() -> None:
    err = ValidationError({"phone": "not a phone number", "email": "not an email"})
    assert err.errors == {"phone": "not a phone number", "email": "not an email"}
    assert str(err) == "phone: not a phone number; email: not an email"
