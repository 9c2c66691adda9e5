"""Checking what people type: every stored text, names, phone numbers, email addresses, birthdays.

Each ``clean_*`` function returns the value to store or raises :class:`ValueError` with a short
message for the field; a use case gathers the messages into one :class:`ValidationError` so a
form can show every problem at once (:func:`checked_text` does it for a single field).

Every text the shop stores goes through :func:`clean_text`: it has a length limit, and no control
characters, direction overrides or broken characters. They would be invisible on the card, but
could rewrite a terminal line, reverse a printed name, or stop a PDF or a CSV export.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from datetime import date

from shopcrm.core.errors import ValidationError

MAX_NAME = 100
MAX_NOTE = 10_000
MAX_TAG = 40
MAX_REASON = 500
MAX_STAFF_NAME = 60

# Deliberately simple: one @, something before it, a dotted domain after, no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


#: Invisible marks that turn the direction of the text around them (the "Trojan source" ones).
DIRECTION_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def clean_text(
    value: str | None, *, limit: int, required: str = "", multiline: bool = False
) -> str:
    """The text to store: trimmed, runs of spaces made one (single-line texts), at most
    ``limit`` characters, free of control characters. ``required`` is the message for an empty
    text (empty is allowed without it); ``multiline`` keeps line breaks and tabs."""
    value = (value or "").replace("\r\n", "\n") if multiline else (value or "")
    value = value.strip()
    bad = bad_character(value, multiline)
    if bad:
        raise ValueError(bad)
    if not multiline:
        value = " ".join(value.split())
    if required and not value:
        raise ValueError(required)
    if len(value) > limit:
        raise ValueError(f"at most {limit:,} characters")
    return value


def checked_text(
    field: str, value: str | None, *, limit: int, required: str = "", multiline: bool = False
) -> str:
    """:func:`clean_text` for a use case with one text: a :class:`ValidationError` naming
    ``field`` instead of a :class:`ValueError`."""
    try:
        return clean_text(value, limit=limit, required=required, multiline=multiline)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from None


def bad_character(value: str, multiline: bool) -> str:
    if value.isprintable():  # no Cc, Cs or Cf (direction marks) in it: the common case, fast
        return ""
    allowed = "\t\n" if multiline else "\t"
    for char in value:
        if char in allowed:
            continue
        category = unicodedata.category(char)
        if category == "Cs":  # a byte that was not UTF-8, smuggled in as a lone surrogate
            return "is not valid text (not UTF-8)"
        if category == "Cc" or char in DIRECTION_CONTROLS:  # C0, DEL and C1; bidi overrides
            return f"contains control characters (U+{ord(char):04X})"
    return ""


def quoted(text: str, limit: int = 40) -> str:
    """Someone's input inside a message: quoted, escaped, and short (a message is one line,
    even when what was typed is a megabyte)."""
    return repr(text[:limit]) + ("…" if len(text) > limit else "")


def clean_name(value: str, *, required: bool, field: str = "name") -> str:
    return clean_text(value, limit=MAX_NAME, required=f"a {field} is needed" if required else "")


def _has_control(value: str) -> bool:
    return bool(bad_character(value, multiline=False))


def clean_phone(value: str, region: str) -> str:
    """A phone number in E.164 (``+442079460958``), or '' when none was given."""
    return clean_phone_forms(value, region)[0]


def clean_phone_forms(value: str, region: str) -> tuple[str, str]:
    """:func:`clean_phone`, and the number's national format (``020 7946 0958``; '' with no
    number): an import gives the search index both without parsing the number twice."""
    value = (value or "").strip()
    if not value:
        return "", ""
    bad = bad_character(value, multiline=False)
    if bad:
        raise ValueError(bad)
    import phonenumbers  # imported late (here and below): the window shows sooner

    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise ValueError("not a phone number") from None
    if not phonenumbers.is_possible_number(parsed):
        raise ValueError("not a possible phone number (too short or too long?)")
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"not a valid phone number for {region} (add the +country code?)")
    return (
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL),
    )


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
    m = re.fullmatch(r"(?:([0-9]{4})-)?([0-9]{1,2})-([0-9]{1,2})", text.lstrip("-"))
    if not m:
        raise ValueError("write the birthday as YYYY-MM-DD or MM-DD")
    year = int(m.group(1)) if m.group(1) else None
    return clean_birthday(int(m.group(2)), int(m.group(3)), year)


def clean_note(text: str) -> str:
    return clean_text(text, limit=MAX_NOTE, required="the note is empty", multiline=True)


def clean_tags(tags: list[str]) -> list[str]:
    cleaned: dict[str, None] = {}
    for tag in tags:
        tag = clean_text(tag, limit=MAX_TAG).lower()
        if tag:
            cleaned[tag] = None
    return list(cleaned)
