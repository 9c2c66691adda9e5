"""Currencies, locales and phone regions to choose from by name, not by ISO code.

A shop owner knows "Swiss franc" and "German (Switzerland)", rarely ``CHF`` or ``de_CH``: each
list shows babel's names (in the shop's language, and in English beside them when that differs)
with the code, and :class:`SearchableList` finds an entry by any part of that text as it is
typed. What is typed and not chosen from the list is passed on as it is, so the core's parser
still has the last word (and its message) on anything unknown.

Names come from one babel locale's tables and the identifiers are split without loading each
locale, so all three lists are made in a few tens of milliseconds; they are kept per language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache

from babel import Locale, UnknownLocaleError, localedata
from babel.core import parse_locale as split_identifier
from babel.numbers import get_territory_currencies
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from shopcrm.core.settings.parsers import parse_currency, parse_locale, parse_region

#: One entry: the code the setting stores and the text the list shows (and is searched in).
Choice = tuple[str, str]


@cache
def _names(language: str) -> tuple[Locale, Locale]:
    """The babel locales whose names the lists use: the shop's language, and English."""
    english = Locale.parse("en")
    try:
        own = Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        own = english
    return own, english


def _named(code: str, own: str | None, english: str | None) -> str:
    names = [name for name in dict.fromkeys((own, english)) if name]
    return f"{' / '.join(names) or code} ({code})"


@cache
def currency_choices(language: str) -> tuple[Choice, ...]:
    """The currencies in use somewhere today (babel's territory data), by name."""
    own, english = _names(language)
    codes: set[str] = set()
    today = date.today()
    for territory in english.territories:
        if isinstance(territory, str) and len(territory) == 2 and territory.isalpha():
            codes.update(get_territory_currencies(territory, start_date=today, tender=True))
    choices = {
        code: _named(code, own.currencies.get(code), english.currencies.get(code)) for code in codes
    }
    return _sorted(choices)


@cache
def locale_choices(language: str) -> tuple[Choice, ...]:
    """Every locale babel can format in, as "German (Switzerland) (de_CH)"."""
    own, english = _names(language)
    choices: dict[str, str] = {}
    for identifier in localedata.locale_identifiers():
        parts = split_identifier(identifier)
        names = [_locale_name(table, parts[0], parts[1], parts[2]) for table in (own, english)]
        if any(names):
            choices[identifier] = _named(identifier, *names)
    return _sorted(choices)


def _locale_name(table: Locale, language: str, territory: str | None, script: str | None) -> str:
    name = table.languages.get(language)
    if not name:
        return ""
    extra = [
        text
        for text in (
            table.scripts.get(script) if script else None,
            table.territories.get(territory) if territory else None,
        )
        if text
    ]
    return f"{name} ({', '.join(extra)})" if extra else name


@cache
def region_choices(language: str) -> tuple[Choice, ...]:
    """The regions phonenumbers can read numbers of, with their calling code."""
    import phonenumbers

    own, english = _names(language)
    calling_codes = {  # (country_code_for_region loads every region's metadata: slow)
        region: code
        for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()
        for region in regions
    }
    choices = {}
    for region in phonenumbers.SUPPORTED_REGIONS:
        calling = calling_codes.get(region, 0)
        named = _named(region, own.territories.get(region), english.territories.get(region))
        choices[region] = f"{named[:-1]}, +{calling})"
    return _sorted(choices)


def _sorted(choices: dict[str, str]) -> tuple[Choice, ...]:
    return tuple(sorted(choices.items(), key=lambda item: item[1].casefold()))


#: Which list a setting is chosen from, by the parser it is declared with: a setting declared
#: with ``parse_currency`` is chosen from the currencies wherever it is.
LISTS: dict[Callable[..., object], Callable[[str], tuple[Choice, ...]]] = {
    parse_currency: currency_choices,
    parse_locale: locale_choices,
    parse_region: region_choices,
}


class SearchableList(QComboBox):
    """An editable list: typing any part of a name or code shows the entries that contain
    it; ``code()`` is the chosen entry's code, or the typed text when nothing was chosen."""

    def __init__(self, choices: tuple[Choice, ...], code: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # typing never adds an entry
        self.setMaxVisibleItems(12)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        for value, text in choices:
            self.addItem(text, value)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self.set_code(code)

    def set_code(self, code: str) -> None:
        """Show ``code``'s entry; a code not in the list (an old currency) is added to it."""
        index = self.findData(code)
        if index < 0 and code:
            self.insertItem(0, code, code)
            index = 0
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText(code)
        line = self.lineEdit()
        if line is not None:
            line.setCursorPosition(0)  # a long name shows its start, not its end

    def code(self) -> str:
        """The chosen entry's code; typed text that names an entry exactly counts as it."""
        typed = self.currentText().strip()
        index = self.currentIndex()
        if index >= 0 and self.itemText(index) == typed:
            return str(self.itemData(index))
        exact = self.findText(typed, Qt.MatchFlag.MatchFixedString)
        if exact >= 0:
            return str(self.itemData(exact))
        return typed
