"""Every date, time, number and amount a person reads, written the shop's way (babel), never
the computer's: one :class:`ShopFormats` per shop's locale, currency and phone region.

A US shop on a British computer reads ``Jul 12, 2026`` and ``$5.00``; a German one
``12. Juli 2026`` and ``5,00 €``. Moments are stored in UTC and shown in the computer's own
time zone (the till's wall clock). The screens, the PDFs and the command line's text all come
through here; the ``--json`` output stays machine format (ISO dates, minor units).

Babel's locale data costs tens of milliseconds to load, so nothing is imported until the first
figure is written, and a shop's formats are made once (:func:`formats_for`); the formatted day
texts are remembered, as a search shows the same few dozen days keystroke after keystroke.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Literal

from shopcrm.core.money import format_amount, parse_amount

if TYPE_CHECKING:
    from collections.abc import Mapping

    from babel import Locale

    from shopcrm.core.settings import ShopSettings

_ISO_DAY = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")

Day = date  # the class's own method ``date`` hides the type inside it
DateStyle = Literal["full", "long", "medium", "short"]

#: The language of the words around the figures: the ui and the command line are written in
#: English, so "1 visit, 2 visits" follows English plural rules whatever the shop's locale.
TEXT_LANGUAGE = "en"


@dataclass(frozen=True)
class ShopFormats:
    """How the shop writes figures. ``zone`` is the time zone moments are shown in (None:
    the computer's own, which is what the person at the till reads on the wall clock)."""

    locale: str = "en_GB"
    currency: str = "GBP"
    phone_region: str = "GB"
    zone: tzinfo | None = None
    _days: dict[tuple[str, Day], str] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    @cached_property
    def babel(self) -> Locale:
        from babel import Locale, UnknownLocaleError

        try:
            return Locale.parse(self.locale)
        except (ValueError, TypeError, UnknownLocaleError):  # settings check it: never here
            return Locale.parse("en_GB")

    # -- moments and days ----------------------------------------------------------------

    def local(self, moment: datetime) -> datetime:
        """A stored moment (UTC; naive ones are UTC too) on the till's clock."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(self.zone)

    def day_of(self, value: Day | datetime) -> Day:
        """The calendar day a value falls on at the till (a plain date stays itself)."""
        return self.local(value).date() if isinstance(value, datetime) else value

    def date(self, value: Day | datetime) -> str:
        """A day written out without the weekday: ``July 12, 2026``, ``12. Juli 2026``."""
        return self._day("long", self.day_of(value))

    def medium_date(self, value: Day | datetime) -> str:
        """A day, shorter: ``Jul 12, 2026``, ``12.07.2026``, ``12 juil. 2026``."""
        return self._day("medium", self.day_of(value))

    def short_date(self, value: Day | datetime) -> str:
        """A day in digits: ``7/12/26``, ``12.07.26``, ``12/07/2026``."""
        return self._day("short", self.day_of(value))

    def day_month(self, value: Day | datetime) -> str:
        """Day and short month, no year: ``Jul 12``, ``12. Juli``, ``12 juil.``."""
        return self._day("MMMd", self.day_of(value))

    def month_year(self, value: Day | datetime) -> str:
        """Short month and year: ``Jul 2026``, ``juil. 2026``."""
        return self._day("yMMM", self.day_of(value))

    def month(self, value: Day | datetime) -> str:
        """A month on its own, as a title: ``July 2026``, ``Juli 2026``, ``juillet 2026``."""
        return self._day("LLLL y", self.day_of(value))

    def birthday(self, month: int | None, day: int | None, year: int | None = None) -> str:
        """Month and day in the locale's order; the year only when it is known."""
        if month is None or day is None:
            return ""
        if year is not None:
            return self.date(Day(year, month, day))
        return self._day("MMMMd", Day(2000, month, day))  # a leap year: 29 February exists

    def time(self, moment: datetime) -> str:
        """The time of day on the till's clock: ``2:05 PM``, ``14:05``."""
        from babel.dates import format_time

        return format_time(self.local(moment), "short", locale=self.babel)

    def date_time(self, moment: datetime) -> str:
        """A moment as its day and time: ``Jul 12, 2026, 2:05 PM``, ``12.07.2026, 14:05``."""
        local = self.local(moment)
        key = ("date_time", local.replace(tzinfo=None))  # the wall clock, whatever the zone
        text = self._days.get(key)
        if text is None:
            from babel.dates import get_datetime_format

            pattern = str(get_datetime_format("medium", locale=self.babel))
            text = pattern.replace("{1}", self.medium_date(local))
            text = text.replace("{0}", self.time(local))
            self._remember(key, text)
        return text

    def date_pattern(self, style: DateStyle = "long") -> str:
        """The locale's CLDR pattern for a day (``MMMM d, y``), for a date input to follow."""
        from babel.dates import get_date_format

        return str(get_date_format(style, locale=self.babel).pattern)

    def month_names(self) -> tuple[str, ...]:
        """The twelve month names as a list shows them (``January``, ``janvier``)."""
        from babel.dates import get_month_names

        names = get_month_names("wide", context="stand-alone", locale=self.babel)
        return tuple(str(names[number]) for number in range(1, 13))

    def days_in(self, text: str) -> str:
        """Stored words with ISO days in them (an expiry's reason on the ledger, "20 points
        earned 2025-03-10 expired") with the days written the shop's way; the stored text
        stays as it is, the ``--json`` output and old rows keep it."""
        if "-" not in text:
            return text

        def day(match: re.Match[str]) -> str:
            try:
                return self.date(Day.fromisoformat(match.group(0)))
            except ValueError:
                return match.group(0)

        return _ISO_DAY.sub(day, text)

    def _day(self, style: str, day: Day) -> str:
        key = (style, day)
        text = self._days.get(key)
        if text is None:
            from babel.dates import format_date, format_skeleton

            if style in ("short", "medium", "long", "full") or " " in style:
                text = format_date(day, style, locale=self.babel)
            else:
                text = format_skeleton(style, day, locale=self.babel)
            self._remember(key, text)
        return text

    def _remember(self, key: tuple[str, Day], text: str) -> None:
        """Keep a text for the next time (a few thousand: nothing grows without bound)."""
        if len(self._days) < 4096:
            self._days[key] = text

    # -- numbers and money ---------------------------------------------------------------

    def number(self, value: int | float | Decimal) -> str:
        """A count or a figure with the locale's marks: ``12,345``, ``12.345``, ``12 345``."""
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.babel)

    def megabytes(self, size_bytes: int) -> str:
        """A file's size in megabytes, to a tenth: ``8.1 MB``, ``8,1 MB``, ``8,1 Mo``."""
        from babel.units import format_unit

        megabytes = size_bytes / 1_000_000
        return format_unit(
            megabytes, "digital-megabyte", length="short", format="#,##0.0", locale=self.babel
        )

    def percent(self, fraction: float | Decimal) -> str:
        """A share as a whole percentage: ``25%``, ``25 %`` (``0.25`` is a quarter)."""
        from babel.numbers import format_percent

        return format_percent(fraction, locale=self.babel)

    def percent_affixes(self) -> tuple[str, str]:
        """What the locale writes before and after a percentage (``("", "%")``,
        ``("", "\u00a0%")``, ``("%", "")`` in Turkish), for a percentage input's prefix and
        suffix."""
        prefix, _, suffix = self.percent(0).partition(self.number(0))
        return prefix, suffix

    def money(self, minor: int | None) -> str:
        """Minor units in the shop's currency: ``$12.50``, ``12,50 €``; empty for None."""
        return format_amount(minor, self.currency, self.locale)

    def parse_money(self, text: str) -> int | None:
        """Minor units of what was typed, None for nothing; ValueError with the reason."""
        return parse_amount(text, self.currency, self.locale)

    def phone_example(self) -> str:
        """A mobile number of the shop's region as people there write it: ``(201) 555-0123``
        in the US, ``07400 123456`` in the UK; empty where phonenumbers knows none."""
        import phonenumbers

        number = phonenumbers.example_number_for_type(
            self.phone_region, phonenumbers.PhoneNumberType.MOBILE
        ) or phonenumbers.example_number(self.phone_region)
        if number is None:
            return ""
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)

    # -- plurals -------------------------------------------------------------------------

    def plural_category(self, count: int, language: str | None = None) -> str:
        """CLDR's plural category of ``count`` (``one``, ``few``, ``many``, ``other``...) in
        ``language`` (the shop locale's language when None): Polish says 2 ``few`` and 5
        ``many``; French counts 0 as ``one``; Japanese has only ``other``."""
        rules = self.babel if language is None else _locale(language)
        return str(rules.plural_form(abs(count)))

    def plural(self, count: int, forms: Mapping[str, str], language: str | None = None) -> str:
        """The form of ``forms`` (by CLDR category; ``other`` when the category has none)
        for ``count``, with ``{n}`` replaced by the count written the locale's way."""
        category = self.plural_category(count, language)
        text = forms.get(category, forms["other"])
        return text.replace("{n}", self.number(count))

    def count(self, count: int, one: str, other: str) -> str:
        """``1 visit``, ``2 visits``, ``12,345 visits``: an English noun after a count."""
        return self.plural(count, {"one": "{n} " + one, "other": "{n} " + other}, TEXT_LANGUAGE)


@lru_cache(maxsize=32)
def _locale(name: str) -> Locale:
    from babel import Locale

    return Locale.parse(name)


@lru_cache(maxsize=32)
def formats(locale: str, currency: str = "GBP", phone_region: str = "GB") -> ShopFormats:
    """The formats of a locale (and currency, and phone region), made once."""
    return ShopFormats(locale, currency, phone_region)


def formats_for(shop: ShopSettings) -> ShopFormats:
    """The shop's formats; the same object for the same settings, so its memory is shared."""
    return formats(shop.locale, shop.currency, shop.phone_region)


_current: tuple[object, int, ShopFormats] | None = None


def current() -> ShopFormats:
    """The open shop's formats: its settings are read on the first call for a database and
    again only after they change in this process (:func:`shopcrm.core.settings.set_many`),
    so writing a search row's date costs no query.

    Another till's change of the shop's locale shows here at the next start (or after the
    settings dialog, which calls :func:`forget`)."""
    global _current
    from shopcrm.core import settings
    from shopcrm.db import database

    shop_db, changes = database.obj, settings.change_count()
    if shop_db is None:  # no shop open (a widget tried on its own): what a new shop gets
        return _new_shops()
    remembered = _current
    if remembered is not None and remembered[0] is shop_db and remembered[1] == changes:
        return remembered[2]
    made = formats_for(settings.load())
    # The database object is kept alive with the formats, so a new one never shares its id.
    _current = (shop_db, changes, made)
    return made


@lru_cache(maxsize=1)
def _new_shops() -> ShopFormats:
    from shopcrm.core import settings

    return formats_for(settings.ShopSettings())  # guessed from the computer: a moment


def forget() -> None:
    """Read the settings again at the next :func:`current` (another till may have changed
    them)."""
    global _current
    _current = None
