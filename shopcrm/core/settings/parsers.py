"""Text to value and back for the shop's settings: what the settings dialog and
``shopcrm settings set`` accept, and the text a value is stored and shown as.

A parser takes what a person typed and returns the value, or raises :class:`ValueError` whose
message is the one-line reason shown next to the field. Everything is bounded before it is
looked at: settings end up on printed vouchers, in the terminal and on every card, so a text
has a length limit and no control characters (a terminal escape starts with one), a number is
read only when it has few enough digits to be sane, and the logo must really be a picture.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from shopcrm.core.validation import bad_character, clean_text

E = TypeVar("E", bound=StrEnum)

MAX_TEXT = 80  # a shop name or a reward: one line on a voucher
MAX_PATH = 1024
MAX_NAMED_TEXT = 2000  # "Free coffee=100; Slice of cake=250; ..." as a whole
MAX_NAMED = 20  # rewards or tiers
MAX_THRESHOLD = 1_000_000_000  # points for a reward, visits or whole units spent for a tier
MAX_LOGO_BYTES = 5 * 1024 * 1024
_MAX_DIGITS = 12  # more digits than any bound here: refused before int() reads them
_MAX_AMOUNT_TEXT = 64
_MAX_CODE = 40  # a currency, region or locale code, generously
_PICTURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG and JPEG signatures
_NUMBER = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True)
class Context:
    """What a parser or formatter needs besides the text: the currency amounts are in, and
    the locale they are typed in (stored amounts are read locale-neutrally)."""

    currency: str
    locale: str


def shown(text: str, limit: int = 20) -> str:
    """The typed text quoted for a message: one line, cut short if long."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _path_text(text: str) -> str:
    """A file path as typed (inner spaces are part of it), bounded and printable."""
    text = text.strip()
    if len(text) > MAX_PATH:
        raise ValueError(f"at most {MAX_PATH} characters")
    bad = bad_character(text, multiline=False)
    if bad:
        raise ValueError(bad)
    return text


def parse_text(text: str, _: Context) -> str:
    """One line of words: spaces collapsed, not empty, bounded, no control characters or
    direction overrides (the same rule as every stored text, :func:`clean_text`)."""
    return clean_text(text, limit=MAX_TEXT, required="cannot be empty")


def format_text(value: object, _: Context) -> str:
    return str(value)


def whole_number(text: str) -> int:
    """ASCII digits only (``int()`` also takes ``٣`` and ``1_000``), and no more of them than a
    sane setting has: ``int()`` of a huge string is slow, and refused above 4300 digits."""
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        raise ValueError("expected a whole number")
    if len(text.lstrip("+-").lstrip("0")) > _MAX_DIGITS:
        raise ValueError("that number is too large")
    return int(text)


def number_between(low: int, high: int) -> Callable[[str, Context], int]:
    def parse(text: str, _: Context) -> int:
        value = whole_number(text)
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}")
        return value

    return parse


def tenths_between(low: float, high: float) -> Callable[[str, Context], float]:
    """A number with at most one decimal (``2``, ``2.5``; a comma is read as the point too),
    kept to tenths so that multiplying by it is exact in tenths."""

    def parse(text: str, _: Context) -> float:
        typed = text.strip().replace(",", ".")
        if not re.fullmatch(r"[0-9]{1,6}(\.[0-9])?", typed):
            raise ValueError("expected a number with at most one decimal, e.g. 2.5")
        value = int(typed.replace(".", "")) / (10 if "." in typed else 1)
        if not low <= value <= high:
            raise ValueError(f"must be between {low:g} and {high:g}")
        return value

    return parse


def format_tenths(value: float, _: Context) -> str:
    return f"{value:.1f}"


def parse_money(text: str, context: Context) -> int:
    """An amount in the shop's currency, typed as the locale writes it; nothing typed is 0."""
    from shopcrm.core.money import parse_amount

    if len(text.strip()) > _MAX_AMOUNT_TEXT:
        raise ValueError("that amount is too large")
    return parse_amount(text, context.currency, context.locale) or 0


def format_money(value: int, context: Context) -> str:
    """Plain digits with a point (``12.50``, ``1.250`` TND), whatever the locale: this text is
    both what is stored (read back locale-neutrally) and what the settings dialog shows, and
    :func:`~shopcrm.core.money.parse_amount` reads it back exactly in every locale (a lone
    point before three digits is the decimal in a three-decimal currency)."""
    from shopcrm.core.money import format_plain

    return format_plain(value, context.currency)


def choice(kind: type[E]) -> Callable[[str, Context], E]:
    def parse(text: str, _: Context) -> E:
        value = text.strip().lower()
        for member in kind:
            if member.value == value:
                return member
        raise ValueError(f"choose one of: {', '.join(member.value for member in kind)}")

    return parse


YES_NO = ("no", "yes")


def parse_yes_no(text: str, _: Context) -> bool:
    """``yes`` or ``no`` (``true``/``false``, ``on``/``off`` and ``1``/``0`` too, as scripts
    write them)."""
    value = text.strip().lower()
    if value in ("yes", "true", "on", "1"):
        return True
    if value in ("no", "false", "off", "0"):
        return False
    raise ValueError("answer yes or no")


def format_yes_no(value: bool, _: Context) -> str:
    return "yes" if value else "no"


def parse_named_numbers(text: str, _: Context) -> tuple[tuple[str, int], ...]:
    """``Silver=10; Gold=25`` → ((Silver, 10), (Gold, 25)), sorted by number, names unique."""
    if len(text) > MAX_NAMED_TEXT:
        raise ValueError(f"at most {MAX_NAMED_TEXT} characters")
    items: dict[str, int] = {}
    for part in text.replace("\n", ";").split(";"):
        if not part.strip():
            continue
        name, sep, number = part.rpartition("=")
        name = " ".join(name.split())
        if not sep or not name:
            raise ValueError(f"write each as name=number, e.g. Gold=25 (not {shown(part.strip())})")
        if len(name) > MAX_TEXT:
            raise ValueError(f"a name has at most {MAX_TEXT} characters")
        if bad_character(name, multiline=False):
            raise ValueError(f"a name {bad_character(name, multiline=False)}")
        number = number.strip()
        if not _NUMBER.fullmatch(number):
            raise ValueError(f"{name}: {shown(number)} is not a whole number")
        value = int(number) if len(number.lstrip("+-").lstrip("0")) <= _MAX_DIGITS else -1
        if not 0 < value <= MAX_THRESHOLD:
            raise ValueError(f"{name}: the number must be between 1 and {MAX_THRESHOLD:,}")
        if name in items:
            raise ValueError(f"{name} is named twice")
        items[name] = value
    if len(items) > MAX_NAMED:
        raise ValueError(f"at most {MAX_NAMED} names")
    return tuple(sorted(items.items(), key=lambda item: item[1]))


def format_named_numbers(value: tuple[tuple[str, int], ...], _: Context) -> str:
    return "; ".join(f"{name}={number}" for name, number in value)


def parse_region(text: str, _: Context) -> str:
    import phonenumbers

    region = text.strip().upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"unknown region {shown(text)} (use e.g. GB, US, DE)")
    return region


def parse_currency(text: str, _: Context) -> str:
    from babel.numbers import list_currencies

    code = text.strip().upper()
    if code not in list_currencies():
        raise ValueError(f"unknown currency {shown(text)} (use an ISO code like GBP, EUR, USD)")
    return code


def parse_locale(text: str, _: Context) -> str:
    from babel import Locale, UnknownLocaleError

    unknown = f"unknown locale {shown(text)} (use e.g. en_GB, de_DE, fr_FR)"
    code = text.strip().replace("-", "_")
    if not code or len(code) > _MAX_CODE or not code.isprintable():
        raise ValueError(unknown)
    try:
        return str(Locale.parse(code))
    except (ValueError, UnknownLocaleError):
        raise ValueError(unknown) from None


def parse_logo(text: str, context: Context) -> str:
    """A PNG or JPEG file, judged by its first bytes rather than its name; '' for none."""
    path = read_logo(text, context)
    if not path:
        return ""
    try:
        with open(path, "rb") as file:
            head = file.read(8)
    except OSError as exc:
        raise ValueError(f"cannot read {shown(text, 60)}: {exc.strerror or exc}") from None
    if not head.startswith(_PICTURES):
        raise ValueError("the logo must be a PNG or JPEG picture")
    return str(Path(path).absolute())  # relative to where the app started means nothing later


def _expanded(text: str) -> Path:
    """``text`` as a path, ``~`` expanded when there is a home folder to expand it into."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        return Path(text)


def read_logo(text: str, _: Context) -> str:
    """A stored logo: still a regular file of a sane size. Reading settings does not open it
    (that waits for printing, which leaves out a picture it cannot draw)."""
    text = _path_text(text)
    if not text:
        return ""
    path = _expanded(text)
    try:
        info = path.stat()
    except (OSError, ValueError):
        raise ValueError(f"there is no picture at {shown(text, 60)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ValueError(f"{shown(text, 60)} is a folder, not a picture")
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"{shown(text, 60)} is not a picture file")
    if info.st_size > MAX_LOGO_BYTES:
        raise ValueError(f"the logo is larger than {MAX_LOGO_BYTES // (1024 * 1024)} MB")
    return str(path)


def parse_folder(text: str, _: Context) -> str:
    """A folder for backups, absolute; '' for the default (or none). It need not be there
    now (a USB stick is plugged in now and then), but a file or a device by that name is
    refused: backups would never land there."""
    text = _path_text(text)
    if not text:
        return ""
    path = _expanded(text)
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        mode = None
    if mode is not None and not stat.S_ISDIR(mode):
        raise ValueError(f"{shown(text, 60)} is not a folder")
    return str(path.absolute())


def read_folder(text: str, _: Context) -> str:
    """A stored folder as it was set (it may be absent now: that is said when backing up)."""
    return _path_text(text)
