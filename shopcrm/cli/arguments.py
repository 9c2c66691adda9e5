"""What the command line accepts as an argument, checked before anything runs.

Each type refuses with a one-line reason (argparse puts it after the argument's name): ids are
whole numbers from 1 to 2**63-1 in ASCII digits (SQLite stores no bigger integer, and ``٣`` or
``²`` are digits to Python but not to a shop owner), counts stay inside their range, dates and
times inside what a shop can mean. The texts themselves are checked by core, where the GUI's
go through the same rules.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import NoReturn, TypeVar

T = TypeVar("T")
MAX_ID = 2**63 - 1
_WHOLE = re.compile(r"[+-]?[0-9]{1,19}")


class UsageError(Exception):
    """The command line itself is wrong (argparse's complaint, made one line)."""


class Parser(argparse.ArgumentParser):
    """argparse, but its complaints are one line and raised, not printed with the usage."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see: {self.prog} --help)")


def _shown(text: str) -> str:
    from shopcrm.core.validation import quoted

    return quoted(text)


def _whole(text: str, low: int, high: int, what: str) -> int:
    stripped = text.strip()
    value = int(stripped) if _WHOLE.fullmatch(stripped) else None
    if value is None or not low <= value <= high:
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not {what}")
    return value


def record_id(text: str) -> int:
    """The id of a customer, visit, batch…"""
    return _whole(text, 1, MAX_ID, f"an id (a whole number from 1 to {MAX_ID})")


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` to ``high``, in ASCII digits."""

    def parse(text: str) -> int:
        return _whole(text, low, high, f"a whole number from {low} to {high}")

    return parse


def record_ids(text: str) -> tuple[int, ...]:
    """Ids separated by commas: ``12,40,51``."""
    parts = [part for part in text.replace(" ", "").split(",") if part]
    if not parts:
        raise argparse.ArgumentTypeError("customer ids separated by commas: 12,40,51")
    return tuple(record_id(part) for part in parts)


#: Any whole number SQLite can store; the use case judges its range and names the field.
integer = whole_number(-MAX_ID, MAX_ID)


def field_value(field: str, parse: Callable[[str], T], text: str) -> T:
    """``parse(text)``, its :class:`ValueError` made a :class:`ValidationError` naming
    ``field``: for values read once the command runs, so they are refused like the use case's
    own (exit 1, the field named)."""
    from shopcrm.core.errors import ValidationError

    try:
        return parse(text)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from None


def moment(text: str) -> datetime:
    """An ISO 8601 time (``2026-11-23T14:30``, a zone optional: without one it is this
    computer's local time, as the person at the till means it), in UTC."""
    stripped = text.strip()
    try:
        if not (stripped.isascii() and stripped.isprintable()):
            raise ValueError
        parsed = datetime.fromisoformat(stripped)
        if parsed.tzinfo is None:
            parsed = parsed.astimezone()
        return parsed.astimezone(UTC)
    except ValueError:
        pass
    except (OverflowError, OSError):  # the edges of the calendar, in some time zone
        raise ValueError(f"{_shown(text)} is too far in the past or future") from None
    raise ValueError(f"{_shown(text)} is not an ISO 8601 time (2026-11-23T14:30)")


def calendar_day(text: str) -> date:
    """A day written ``YYYY-MM-DD``."""
    stripped = text.strip()
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", stripped):
        try:
            return date.fromisoformat(stripped)
        except ValueError:
            pass
    raise ValueError(f"a date is written YYYY-MM-DD, not {_shown(text)}")


def search_text(text: str) -> str:
    """What the counter's search box takes: something, and not a book."""
    from shopcrm.core.customers import MAX_QUERY
    from shopcrm.core.validation import clean_text

    try:
        return clean_text(
            text, limit=MAX_QUERY, required="type part of a name, a phone number or an email"
        )
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def staff_reference(text: str) -> str:
    """A staff member's name or id (looked up once the database is open)."""
    from shopcrm.core.validation import MAX_STAFF_NAME, clean_text

    try:
        return clean_text(text, limit=MAX_STAFF_NAME, required="say who: a name or a staff id")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def refuse_broken_text(argv: Sequence[str]) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates; they can be neither stored
    nor printed, so such an argument is refused before anything else."""
    for text in argv:
        if any("\ud800" <= char <= "\udfff" for char in text):
            raise UsageError(f"the argument {_shown(text)} is not valid text (not UTF-8)")
