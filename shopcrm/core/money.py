"""Money as typed at the till and shown on screen: always integer minor units in between.

People type amounts the way their keyboard and habit suggest: ``12,50`` and ``12.50`` both
mean twelve-fifty wherever that is unambiguous, and with both marks (``1.250,50``,
``1,250.50``) the last one is the decimal. A lone separator followed by exactly three digits
(``1.250``) is read with the shop locale's convention, except in a currency with three
decimals (TND, KWD, BHD...): there ``1.250`` is one and a quarter in every locale (the way
those prices are written, and the plain form :func:`format_plain` writes for settings), the
locale's own decimal comma (``1,250`` in fr_TN, de_DE) is a decimal too, and a comma that is
the locale's group mark (``1,250`` in en_US) is refused as ambiguous. Negative amounts,
letters and more decimals than the currency has are refused with a reason.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

_ALLOWED = re.compile(r"^[0-9.,'\u2019\u00a0\u202f ]+$")  # ’: the Swiss group mark
# Direction marks that right-to-left locales (ar_TN, ar_KW...) put around amounts and signs.
_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NOT_AN_AMOUNT = "not an amount (type it like 12.50)"
_SPACES = re.compile(r"[\s\u00a0\u202f'\u2019]")
_MARKS = re.compile(r"[.,]")


@lru_cache(maxsize=64)
def currency_digits(currency: str) -> int:
    from babel.numbers import get_currency_precision

    return get_currency_precision(currency)


@lru_cache(maxsize=64)
def _symbols(locale: str) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_decimal_symbol(locale), get_group_symbol(locale)


@lru_cache(maxsize=64)
def _currency_marks(currency: str, locale: str) -> tuple[str, ...]:
    """The ways ``currency`` is written, longest first (remembered: an import reads 100,000
    amounts, and babel takes tens of microseconds to look a symbol up)."""
    from babel.numbers import get_currency_symbol

    marks = {currency, currency.lower(), get_currency_symbol(currency, "en")}
    marks.add(get_currency_symbol(currency, locale))  # e.g. the full-width ￥ of ja_JP
    marks = {_BIDI.sub("", mark) for mark in marks}  # e.g. د.ت. (TND in ar_TN)
    return tuple(sorted(marks, key=len, reverse=True))


def _strip_currency(text: str, currency: str, locale: str) -> str:
    for mark in _currency_marks(currency, locale):
        text = text.replace(mark, "")
    return text.replace("$", "").replace("€", "").replace("£", "").strip()


def parse_amount(text: str, currency: str, locale: str) -> int | None:
    """Minor units for what was typed, or None when nothing was typed (a visit with no sale)."""
    text = _BIDI.sub("", text or "").strip()
    if not text:
        return None
    if text.startswith(("-", "−", "(")):
        raise ValueError("the amount cannot be negative")
    text = _strip_currency(text, currency, locale)
    if not text or not _ALLOWED.match(text):
        raise ValueError(_NOT_AN_AMOUNT)
    digits = currency_digits(currency)
    compact = _SPACES.sub("", text)
    seps = [(i, c) for i, c in enumerate(compact) if c in ".,"]
    if not seps:
        whole, fraction = compact, ""
    else:
        pos, sep = seps[-1]
        tail = compact[pos + 1 :]
        if _is_decimal_mark(sep, tail, {c for _, c in seps[:-1]}, currency, locale):
            whole, fraction = compact[:pos], tail
        else:
            whole, fraction = compact, ""
        groups = _MARKS.split(whole)
        if len(groups) > 1 and (
            not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])
        ):
            raise ValueError(_NOT_AN_AMOUNT)
        whole = "".join(groups)
    if not whole and not fraction:
        raise ValueError(_NOT_AN_AMOUNT)
    if len(whole.lstrip("0")) > 13:  # 10**12 minor units at most, whatever the currency
        raise ValueError("that amount is too large")
    if len(fraction) > digits:
        raise ValueError(f"at most {digits} decimals for {currency}")
    value = Decimal(whole or "0") * 10**digits + Decimal(fraction.ljust(digits, "0") or "0")
    if value > 10**12:
        raise ValueError("that amount is too large")
    return int(value)


def _is_decimal_mark(sep: str, tail: str, before: set[str], currency: str, locale: str) -> bool:
    """Whether the last separator ``sep`` (followed by the digits ``tail``, preceded by the
    separators ``before``) is the decimal mark rather than a group mark."""
    if not tail or sep in before:  # "12." is refused later; "1.250.000" is all groups
        return False
    if before:  # both marks, the other one first: "1.250,500", "1,250.500"
        return True
    if len(tail) != 3:  # "12,5", "12.50", "1.2500" (CLF): no group has other than 3 digits
        return True  # (too many decimals for the currency are refused with that reason)
    digits = currency_digits(currency)
    decimal_symbol, group_symbol = _symbols(locale)
    if sep == decimal_symbol and sep != group_symbol:
        return True  # "1,250" in de_DE, fr_TN; "1.250" in en: the locale's decimal
    if digits < 3:
        return False  # "1.250" EUR in de_DE, "1,250" GBP: a group is the only reading
    if sep == ".":
        # Three decimals: "1.250" is how dinar prices are written, and what format_plain
        # writes; a thousand and more is typed 1250 or 1.250,000 (as format_amount shows it).
        return True
    raise ValueError(  # "1,250" KWD in en_US: a group mark, or the decimals by habit?
        f"a comma before three digits is ambiguous for {currency}: type the decimals after"
        " a point (1.250), or the amount without the comma (1250)"
    )


def format_amount(minor: int | None, currency: str, locale: str) -> str:
    """An amount for the screen or a receipt, e.g. ``£12.50`` or ``12,50 €``."""
    if minor is None:
        return ""
    from babel.numbers import format_currency

    digits = currency_digits(currency)
    return format_currency(Decimal(minor).scaleb(-digits), currency, locale=locale)


def format_plain(minor: int, currency: str) -> str:
    """An amount as plain digits with a point, for settings and JSON-free text (``12.50``)."""
    digits = currency_digits(currency)
    sign = "-" if minor < 0 else ""
    whole, fraction = divmod(abs(minor), 10**digits) if digits else (abs(minor), 0)
    return f"{sign}{whole}.{fraction:0{digits}d}" if digits else f"{sign}{whole}"
