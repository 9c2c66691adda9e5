"""Dates and birthdays shown in the shop's locale (QLocale), times converted from UTC to local.

The database stores UTC; the person at the counter reads local time in their own date format.
"""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTimeZone

_WEEKDAY = re.compile(r"d{4}[\s,.]*")
_YEAR = re.compile(r"[\s,./-]*y+[\s,.]*")


def shop_locale() -> QLocale:
    """The system's locale, or British English where the system has none set ("C"), whose
    Qt formats (``9 10 2026``) nobody at a counter would recognise."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return locale


def _qdatetime_local(moment: datetime) -> QDateTime:
    """An aware datetime as a QDateTime in the computer's local time zone."""
    utc = QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000), QTimeZone.utc())
    return utc.toLocalTime()


def format_date(moment: datetime, locale: QLocale | None = None) -> str:
    """The local calendar date of a UTC moment, e.g. "14 March 2024"."""
    locale = locale or shop_locale()
    day = _qdatetime_local(moment).date()
    return locale.toString(day, _long_date_format(locale, with_year=True))


def format_date_time(moment: datetime, locale: QLocale | None = None) -> str:
    """A UTC moment as short local date and time, e.g. for a note in the timeline."""
    locale = locale or shop_locale()
    return locale.toString(_qdatetime_local(moment), QLocale.FormatType.ShortFormat)


def format_birthday(month: int | None, day: int | None, year: int | None = None) -> str:
    """Month and day in the locale's order; the year only when it is known."""
    if month is None or day is None:
        return ""
    locale = shop_locale()
    date = QDate(year if year is not None else 2000, month, day)
    return locale.toString(date, _long_date_format(locale, with_year=year is not None))


def _long_date_format(locale: QLocale, *, with_year: bool) -> str:
    """The locale's long date format without the weekday (and without the year if asked)."""
    fmt = _WEEKDAY.sub("", locale.dateFormat(QLocale.FormatType.LongFormat))
    if not with_year:
        fmt = _YEAR.sub(" ", fmt)
    return fmt.strip(" ,")
