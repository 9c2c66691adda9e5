"""Dates, times and counts on screen, written the shop's way (its locale setting, through
:mod:`shopcrm.core.formats` and babel), never the computer's: a US shop on a British PC reads
``Jul 12, 2026``. Times are stored in UTC and shown on the till's clock.

Qt's own locale appears once, to make a date input (a QDateEdit) speak the shop's language and
order; everything a widget shows as text comes from babel.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDateTimeEdit, QSpinBox, QWidget

from shopcrm.core import formats
from shopcrm.core.formats import ShopFormats


def shop_formats() -> ShopFormats:
    """The open shop's formats (read once per database, again after a settings change)."""
    return formats.current()


def format_date(moment: date | datetime, shop: ShopFormats | None = None) -> str:
    """The local calendar day of a UTC moment, e.g. "March 14, 2024", "14. März 2024"."""
    return (shop or shop_formats()).date(moment)


def format_date_time(moment: datetime, shop: ShopFormats | None = None) -> str:
    """A UTC moment as local day and time, e.g. for a note in the timeline."""
    return (shop or shop_formats()).date_time(moment)


def format_birthday(month: int | None, day: int | None, year: int | None = None) -> str:
    """Month and day in the locale's order; the year only when it is known."""
    return shop_formats().birthday(month, day, year)


_CLDR_FIELD = re.compile(r"'[^']*'|([A-Za-z])\1*")


def qt_date_format(cldr: str) -> str:
    """A CLDR day pattern (``MMMM d, y``) as a Qt display format (``MMMM d, yyyy``): the
    letters mostly agree; the year, stand-alone months and weekdays differ."""

    def field(match: re.Match[str]) -> str:
        text = match.group(0)
        letter = match.group(1)
        if letter is None:  # a quoted literal, the same in both
            return text
        if letter == "y":
            return "yy" if len(text) == 2 else "yyyy"
        if letter == "L":
            return "M" * len(text)
        if letter in "dM":
            return text[:4]
        if letter in "Ec":
            return "ddd" if len(text) < 4 else "dddd"
        return ""  # an era, a quarter...: never in a day pattern the shop uses

    return _CLDR_FIELD.sub(field, cldr).strip(" ,")


def speak_shop_locale(widget: QWidget) -> None:
    """Make an input (a spin box's group marks, a date input's month names) follow the shop's
    locale rather than the computer's."""
    widget.setLocale(QLocale(shop_formats().locale))


def show_percent_the_shop_way(spin: QSpinBox) -> None:
    """A percentage input with the locale's sign where the locale puts it (``10%``,
    ``10 %``, ``%10``)."""
    speak_shop_locale(spin)
    prefix, suffix = shop_formats().percent_affixes()
    spin.setPrefix(prefix)
    spin.setSuffix(suffix)


def show_days_the_shop_way(edit: QDateTimeEdit, cldr_pattern: str | None = None) -> None:
    """Make a date input write its day as the shop does (order, month names, language):
    ``cldr_pattern`` (``LLLL y`` for a month), or the locale's long day when None."""
    speak_shop_locale(edit)
    edit.setDisplayFormat(qt_date_format(cldr_pattern or shop_formats().date_pattern("long")))
