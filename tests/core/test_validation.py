"""Checking what people type: each ``clean_*`` function on its own (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.validation import (
    MAX_NAME,
    MAX_NOTE,
    MAX_TAG,
    checked_text,
    clean_birthday,
    clean_email,
    clean_name,
    clean_note,
    clean_phone,
    clean_tags,
    clean_text,
    format_phone,
    parse_birthday,
    quoted,
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


# -- every stored text -------------------------------------------------------------------------

HOSTILE_TEXT = [
    "\x1b[31mred\x1b[0m",
    "a\x00b",
    "a\rb",
    "\u202eevil",
    "\u2066isolated\u2069",
    "a\x85b",
    "a\x1fb",
    "\udcff\udcfe",
]


@pytest.mark.parametrize("bad", HOSTILE_TEXT)
@pytest.mark.parametrize("multiline", [False, True])
def test_clean_text_refuses_what_cannot_be_shown(bad: str, multiline: bool) -> None:
    with pytest.raises(ValueError, match=r"control characters|not valid text") as refused:
        clean_text(f"note {bad} end", limit=100, multiline=multiline)
    assert "\n" not in str(refused.value)


def test_clean_text_tidies_and_limits() -> None:
    assert clean_text("  two   words \t", limit=20) == "two words"
    assert clean_text(" line one\r\nline two\n", limit=30, multiline=True) == "line one\nline two"
    assert clean_text("", limit=5) == "" and clean_text(None, limit=5) == ""
    with pytest.raises(ValueError, match="say why"):
        clean_text("   ", limit=5, required="say why")
    with pytest.raises(ValueError, match="control characters"):
        clean_text("line one\nline two", limit=30)  # a single-line text has no line breaks
    assert clean_text("x" * 500, limit=500) == "x" * 500
    with pytest.raises(ValueError, match="at most 500 characters"):
        clean_text("x" * 1_000_000, limit=500)
    assert clean_text("👩‍👩‍👧 Zoë, ‏שלום, می‌خواهم", limit=100)  # joiners and marks of real scripts


def test_checked_text_names_the_field() -> None:
    assert checked_text("reason", " lost ", limit=10) == "lost"
    with pytest.raises(ValidationError) as refused:
        checked_text("reason", "x" * 11, limit=10)
    assert refused.value.errors == {"reason": "at most 10 characters"}


def test_quoted_input_stays_short() -> None:
    assert quoted("abc") == "'abc'"
    assert quoted("\x1b" + "x" * 1000) == repr("\x1b" + "x" * 39) + "…"


def test_birthdays_and_phones_refuse_hidden_characters() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_birthday("٠٤-١٧")
    with pytest.raises(ValueError, match="control"):
        clean_phone("020 7946 0958\x00", "GB")
    assert clean_phone("٠٢٠ ٧٩٤٦ ٠٩٥٨", "GB") == "+442079460958"  # digits of any script


def test_every_stored_text_is_limited_and_clean(db) -> None:
    """The use cases that store a text refuse control characters and over-long texts with the
    field named, and store nothing."""
    from shopcrm.core import loyalty, notes, staff, visits
    from shopcrm.core.customers import CustomerInput, add_customer
    from shopcrm.db.models import LoyaltyEntry, Note, Staff, Visit

    card = add_customer(CustomerInput("Ann"))
    visit = visits.log_visit(card.id, amount_minor=500)
    attempts = {
        "note": lambda text: notes.add_note(card.id, text),
        "note ": lambda text: visits.log_visit(card.id, note=text),
        "feedback": lambda text: visits.log_visit(card.id, feedback=text),
        "reason": lambda text: visits.void_visit(visit.id, text),
        "reason ": lambda text: loyalty.adjust_points(card.id, 5, text),
        "name": lambda text: staff.add_staff(text),
    }
    counts = lambda: [m.select().count() for m in (Note, Visit, LoyaltyEntry, Staff)]  # noqa: E731
    before = counts()
    for field, attempt in attempts.items():
        for bad in ("a\x1b[31mb", "\u202eevil", "x" * 1_000_000):
            with pytest.raises(ValidationError) as refused:
                attempt(bad)
            assert list(refused.value.errors) == [field.strip()], field
            assert len(str(refused.value)) < 100
    assert counts() == before


def test_inactive_staff_are_refused(db) -> None:
    from shopcrm.core import staff, visits
    from shopcrm.core.customers import CustomerInput, add_customer

    card = add_customer(CustomerInput("Ann"))
    kim = staff.add_staff("Kim")
    staff.set_active(kim.id, False)
    for acts in (
        lambda: visits.log_visit(card.id, staff_id=kim.id),
        lambda: staff.acting_staff("kim"),
        lambda: staff.acting_staff(str(kim.id)),
    ):
        with pytest.raises(ValidationError, match="does not work here any more"):
            acts()
    assert staff.acting_staff(None) == staff.default_staff().id
    for unknown in ("Nobody", "9223372036854775808", "²", 2**70):
        with pytest.raises(NotFoundError):
            staff.acting_staff(unknown)
