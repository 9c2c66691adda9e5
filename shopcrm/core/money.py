"""Money as typed at the till and shown on screen: always integer minor units in between.

People type amounts the way their keyboard and habit suggest: ``12,50`` and ``12.50`` both
mean twelve-fifty wherever that is unambiguous. A lone separator followed by exactly three
digits (``1.250``) is read with the shop locale's convention. Negative amounts, letters and
more decimals than the currency has are refused with a reason.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

_ALLOWED = re.compile(r"^[0-9.,'\u2019\u00a0\u202f ]+$")  # ’: the Swiss group mark


@lru_cache(maxsize=64)
def currency_digits(currency: str) -> int:
    from babel.numbers import get_currency_precision

    return get_currency_precision(currency)


@lru_cache(maxsize=64)
def _symbols(locale: str) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_decimal_symbol(locale), get_group_symbol(locale)


def _strip_currency(text: str, currency: str, locale: str) -> str:
    from babel.numbers import get_currency_symbol

    marks = {currency, currency.lower(), get_currency_symbol(currency, "en")}
    marks.add(get_currency_symbol(currency, locale))  # e.g. the full-width ￥ of ja_JP
    for mark in sorted(marks, key=len, reverse=True):
        text = text.replace(mark, "")
    return text.replace("$", "").replace("€", "").replace("£", "").strip()


def parse_amount(text: str, currency: str, locale: str) -> int | None:
    """Minor units for what was typed, or None when nothing was typed (a visit with no sale)."""
    text = (text or "").strip()
    if not text:
        return None
    if text.startswith(("-", "−", "(")):
        raise ValueError("the amount cannot be negative")
    text = _strip_currency(text, currency, locale)
    if not text or not _ALLOWED.match(text):
        raise ValueError("not an amount (type it like 12.50)")
    digits = currency_digits(currency)
    decimal_symbol, group_symbol = _symbols(locale)
    compact = re.sub(r"[\s\u00a0\u202f'\u2019]", "", text)
    seps = [(i, c) for i, c in enumerate(compact) if c in ".,"]
    if not seps:
        whole, fraction = compact, ""
    else:
        pos, sep = seps[-1]
        tail = compact[pos + 1 :]
        single = sum(1 for _, c in seps if c == sep) == 1
        if single and (
            (0 < len(tail) <= max(digits, 2) and len(tail) != 3)
            or (len(tail) == 3 and sep == decimal_symbol and sep != group_symbol)
        ):
            whole, fraction = compact[:pos], tail
        else:
            whole, fraction = compact, ""
        groups = re.split(r"[.,]", whole)
        if len(groups) > 1 and (
            not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])
        ):
            raise ValueError("not an amount (type it like 12.50)")
        whole = "".join(groups)
    if not whole and not fraction:
        raise ValueError("not an amount (type it like 12.50)")
    if len(fraction) > digits:
        raise ValueError(f"at most {digits} decimals for {currency}")
    value = Decimal(whole or "0") * 10**digits + Decimal(fraction.ljust(digits, "0") or "0")
    if value > 10**12:
        raise ValueError("that amount is too large")
    return int(value)


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
