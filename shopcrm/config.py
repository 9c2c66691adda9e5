"""Where things live, and what the computer's environment suggests for a new shop.

``SHOPCRM_DB`` chooses the database (a path or URL, like ``--db``); ``SHOPCRM_DATA_DIR`` moves
the whole data folder (tests point it at a temporary folder).
"""

from __future__ import annotations

import locale
import os
from contextlib import suppress
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "shopcrm"
ORGANISATION = "shopcrm"


def data_dir() -> Path:
    override = os.environ.get("SHOPCRM_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, ORGANISATION))


def logs_dir() -> Path:
    """Crash logs, the fault log and the rotating app log: ``logs/`` in the data folder."""
    return data_dir() / "logs"


def default_database() -> str:
    """The database used when ``--db`` is not given: ``SHOPCRM_DB`` or the data folder's file.

    The data folder is shopcrm's own, so it is created here on the first start; a folder
    named in ``--db`` or ``SHOPCRM_DB`` is the user's, and opening refuses it when missing
    rather than quietly starting an empty shop somewhere new."""
    named = os.environ.get("SHOPCRM_DB")
    if named:
        return named
    folder = data_dir()
    with suppress(OSError):  # if it cannot be made, opening says so in one line
        folder.mkdir(parents=True, exist_ok=True)
    return str(folder / "shopcrm.sqlite3")


# -- what the system suggests for a new shop: the defaults of :mod:`shopcrm.core.settings` --


def region_from_locale() -> str:
    """The phone region a new shop starts with, guessed from the system's locale."""
    import phonenumbers  # imported late: it costs start-up time and is rarely needed

    for candidate in (os.environ.get("LC_ALL"), os.environ.get("LANG"), locale.getlocale()[0]):
        if candidate and "_" in candidate:
            region = candidate.split("_", 1)[1][:2].upper()
            if region in phonenumbers.SUPPORTED_REGIONS:
                return region
    return "GB"


def locale_from_system() -> str:
    """The locale a new shop formats money and dates in, from the system (en_GB otherwise)."""
    from babel import Locale, UnknownLocaleError

    for candidate in (os.environ.get("LC_ALL"), os.environ.get("LANG"), locale.getlocale()[0]):
        if candidate and candidate not in ("C", "POSIX") and "_" in candidate:
            try:
                return str(Locale.parse(candidate.split(".", 1)[0].strip().replace("-", "_")))
            except (ValueError, UnknownLocaleError):
                continue
    return "en_GB"


def currency_for_region() -> str:
    """The currency a new shop starts with: the one of the region guessed from the locale."""
    from babel.numbers import get_territory_currencies

    found = get_territory_currencies(region_from_locale())
    return found[0] if found else "EUR"
