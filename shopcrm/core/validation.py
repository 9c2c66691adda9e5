"""Checking what people type: names, phone numbers, email addresses, birthdays.

Each ``clean_*`` function returns the value to store or raises :class:`ValueError` with a short
message for the field; :func:`clean_customer` gathers all the messages into one
:class:`ValidationError` so a form can show every problem at once.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from datetime import date

MAX_NAME = 100
MAX_NOTE = 10_000
MAX_TAG = 40

# Deliberately simple: one @, something before it, a dotted domain after, no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def clean_name(value: str, *, required: bool, field: str = "name") -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise ValueError(f"a {field} is needed")
    if len(value) > MAX_NAME:
        raise ValueError(f"at most {MAX_NAME} characters")
    if _has_control(value):
        raise ValueError("contains control characters")
    return value


def _has_control(value: str) -> bool:
    # Every control character (C0, DEL and C1), not only those below 32.
    return any(unicodedata.category(c) == "Cc" for c in value)


def clean_phone(value: str, region: str) -> str:
    """A phone number in E.164 (``+442079460958``), or '' when none was given."""
    value = (value or "").strip()
    if not value:
        return ""
    import phonenumbers  # imported late (here and below): the window shows sooner

    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise ValueError("not a phone number") from None
    if not phonenumbers.is_possible_number(parsed):
        raise ValueError("not a possible phone number (too short or too long?)")
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"not a valid phone number for {region} (add the +country code?)")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@functools.lru_cache(maxsize=4096)
def format_phone(e164: str, region: str) -> str:
    """How a stored phone number is shown: national format at home, international abroad.
    (Remembered: the search rows show the same few dozen numbers keystroke after keystroke,
    and parsing one takes a tenth of a millisecond.)"""
    if not e164:
        return ""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    home = phonenumbers.region_code_for_number(parsed) == region
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, fmt)


def clean_email(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) > 254 or not _EMAIL.match(value) or _has_control(value):
        raise ValueError("not an email address (like name@example.com)")
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def clean_birthday(
    month: int | None, day: int | None, year: int | None, *, today: date | None = None
) -> tuple[int | None, int | None, int | None]:
    """Month and day (year optional) of a birthday, or all None when not given."""
    if month is None and day is None and year is None:
        return None, None, None
    if month is None or day is None:
        raise ValueError("give both the day and the month")
    if not 1 <= month <= 12:
        raise ValueError("the month must be 1-12")
    today = today or date.today()
    if year is not None and not 1900 <= year <= today.year:
        raise ValueError(f"the year must be between 1900 and {today.year}")
    last_day = calendar.monthrange(year if year is not None else 2000, month)[1]
    if not 1 <= day <= last_day:
        raise ValueError(f"{calendar.month_name[month]} has no day {day}")
    if year is not None and date(year, month, day) > today:
        raise ValueError("the birthday is in the future")
    return month, day, year


def parse_birthday(text: str) -> tuple[int | None, int | None, int | None]:
    """Birthday text from the command line: ``YYYY-MM-DD`` or ``MM-DD`` (or '' for none)."""
    text = (text or "").strip()
    if not text:
        return None, None, None
    m = re.fullmatch(r"(?:(\d{4})-)?(\d{1,2})-(\d{1,2})", text.lstrip("-"))
    if not m:
        raise ValueError("write the birthday as YYYY-MM-DD or MM-DD")
    year = int(m.group(1)) if m.group(1) else None
    return clean_birthday(int(m.group(2)), int(m.group(3)), year)


def clean_note(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValueError("the note is empty")
    if len(text) > MAX_NOTE:
        raise ValueError(f"a note holds at most {MAX_NOTE:,} characters")
    return text


def clean_tags(tags: list[str]) -> list[str]:
    cleaned: dict[str, None] = {}
    for tag in tags:
        tag = " ".join(tag.split()).lower()
        if not tag:
            continue
        if len(tag) > MAX_TAG:
            raise ValueError(f"a tag has at most {MAX_TAG} characters")
        cleaned[tag] = None
    return list(cleaned)
