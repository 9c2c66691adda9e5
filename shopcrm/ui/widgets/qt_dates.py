"""Python dates to Qt's and back, for the date pickers (a voucher's expiry, a follow-up's due
day, a list's period): one pair of conversions, not one per dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
