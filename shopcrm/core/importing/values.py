"""One cell's text to a value: birthdays, dates, yes/no consent, tags, counts, money.

Each function returns the value or raises :class:`ValueError` with a short reason, which the
row reports with its line number and column.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from shopcrm.core.export.writers import FORMULA_STARTS
from shopcrm.core.money import parse_amount

_NUMBER_LIKE = re.compile(r"'[+0-9][0-9 ()./\-]*")


def unquote(cell: str) -> str:
    """The cell without the apostrophe a spreadsheet puts before a number to keep it text
    (``'8779761975521``, ``'+44 7911 123456``) or an export (shopcrm's own among them) before
    text a spreadsheet would run as a formula (``'=SUM(A1)``, ``'-Dash``), and without
    surrounding spaces."""
    cell = cell.strip()
    if cell[:1] == "'" and (_NUMBER_LIKE.fullmatch(cell) or cell[1:2] in FORMULA_STARTS):
        return cell[1:]
    return cell


@functools.lru_cache(maxsize=32)
def day_first(locale: str) -> bool | None:
    """How the shop's locale writes a short date: day first (True, ``31.12.``), month first
    (False, ``12/31``) or year first (None, ``2026/12/31``)."""
    from babel.dates import get_date_format

    try:
        pattern = get_date_format("short", locale=locale).pattern
    except (ValueError, LookupError):
        return True
    positions = {c: pattern.find(c) for c in "dMy" if c in pattern}
    order = sorted(positions, key=lambda c: positions[c])
    if order and order[0] == "y":
        return None
    return order.index("d") < order.index("M") if "d" in order and "M" in order else True


_ISO = re.compile(
    r"(?:(\d{4})-)?(\d{1,2})-(\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_SLASHED = re.compile(r"(\d{1,4})([./])(\d{1,2})(?:\2(\d{2,4})?)?\.?")
#: Years that stand for "no year" in some exports (0000, and 1604 from phones' address books).
_NO_YEAR = {0, 1, 1604, 1900}


def parse_day(text: str, locale: str) -> tuple[int | None, int, int]:
    """``(year or None, month, day)`` of a date written ``MM-DD``, ``YYYY-MM-DD`` (with a time
    after it or not), ``DD.MM.YYYY``, ``DD.MM.``, or with slashes in the locale's order
    (``DD/MM/YYYY`` in most of the world, ``MM/DD/YYYY`` in the US), with or without a year;
    two-digit years are read as the latest such year not in the future."""
    text = text.strip().lstrip("-")  # "--04-12": the vCard form of a day with no year
    m = _ISO.fullmatch(text)
    if m:
        year = int(m.group(1)) if m.group(1) else None
        return _year(year), int(m.group(2)), int(m.group(3))
    m = _SLASHED.fullmatch(text)
    if not m:
        raise ValueError(f"not a date (write it like 2026-12-31 or 31.12.2026): {text[:20]!r}")
    first, sep, second, year_text = m.groups()
    if len(first) == 4:  # 2026/12/31
        if not year_text and sep == "/":
            raise ValueError(f"not a date: {text[:20]!r}")
        return _year(int(first)), int(second), int(year_text or 0) or _bad(text)
    year = _year(_full_year(year_text)) if year_text else None
    order = True if sep == "." else day_first(locale)
    if order is False:
        return year, int(first), int(second)
    return year, int(second), int(first)


def _bad(text: str) -> int:
    raise ValueError(f"not a date: {text[:20]!r}")


def _year(year: int | None) -> int | None:
    return None if year is None or year in _NO_YEAR else year


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 4:
        return year
    if len(text) != 2:
        raise ValueError(f"not a year: {text!r}")
    this = date.today().year
    century = this - this % 100
    return century + year if century + year <= this else century - 100 + year


def parse_date(text: str, locale: str) -> date:
    """A whole date (first or last visit): as :func:`parse_day`, but the year is needed."""
    year, month, day = parse_day(text, locale)
    if year is None:
        raise ValueError(f"the date has no year: {text[:20]!r}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"no such day: {text[:20]!r}") from None


_YES = {
    "yes",
    "y",
    "true",
    "1",
    "x",
    "subscribed",
    "opted in",
    "ja",
    "j",
    "wahr",
    "si",
    "sí",
    "oui",
    "o",
    "vrai",
    "verdadero",
    "angemeldet",
    "abonniert",
    "suscrito",
    "abonné",
}
_NO = {
    "no",
    "n",
    "false",
    "0",
    "unsubscribed",
    "opted out",
    "not subscribed",
    "nein",
    "falsch",
    "non",
    "faux",
    "falso",
    "abgemeldet",
    "dado de baja",
    "désabonné",
    "desabonne",
}
_UNKNOWN = {"", "unknown", "pending", "-", "n/a", "unbekannt", "desconocido", "inconnu",
            "not_subscribed_yet", "never subscribed"}  # fmt: skip


def parse_consent(text: str) -> bool | None:
    """True for yes, False for no, None when the export does not know (``Unknown``, empty)."""
    key = " ".join(text.strip().casefold().replace("_", " ").split())
    if key in _YES:
        return True
    if key in _NO:
        return False
    if key in _UNKNOWN or key.replace(" ", "_") in _UNKNOWN:
        return None
    raise ValueError(f"not yes or no: {text[:20]!r}")


_TAG_MARKS = re.compile(r"[,;|]")
_GROUP_MARKS = re.compile(r"[\s,.'\u00a0\u202f]")
_WHOLE_AS_DECIMAL = re.compile(r"(\d+)[.,]0{1,2}")  # "12.0", but "1.000" is a thousand


def parse_tags(text: str) -> list[str]:
    """Tags written ``a, b`` or ``a; b`` (one cell)."""
    return [t.strip() for t in _TAG_MARKS.split(text) if t.strip()]


def parse_count(text: str) -> int:
    """A whole number of visits or orders (``1,234`` and ``1.234`` are a thousand and more)."""
    compact = _GROUP_MARKS.sub("", text)
    decimal = _WHOLE_AS_DECIMAL.fullmatch(text.strip())
    if decimal:  # "12.0": a spreadsheet's number
        compact = decimal.group(1)
    if not compact.isdigit() or not compact.isascii():
        raise ValueError(f"not a whole number: {text[:20]!r}")
    value = int(compact)
    if value > 10_000_000:
        raise ValueError(f"too large: {text[:20]!r}")
    return value


def parse_money(text: str, currency: str, locale: str) -> int | None:
    """Minor units of a spend written ``$1,234.56``, ``1.234,56 €`` or ``-5.00`` (refunds)."""
    text = text.strip()
    negative = text.startswith(("-", "−", "(")) or text.endswith(")")
    text = text.strip("-−()").strip()
    value = parse_amount(text, currency, locale)
    return -value if value is not None and negative else value
