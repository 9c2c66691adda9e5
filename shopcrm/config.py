"""Where things live, and the shop's settings declared once with type and default.

``SHOPCRM_DB`` chooses the database (a path or URL, like ``--db``); ``SHOPCRM_DATA_DIR`` moves
the whole data folder (tests point it at a temporary folder).
"""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "shopcrm"
ORGANISATION = "shopcrm"


def data_dir() -> Path:
    override = os.environ.get("SHOPCRM_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, ORGANISATION))


def default_database() -> str:
    """The database used when ``--db`` is not given: ``SHOPCRM_DB`` or the data folder's file."""
    return os.environ.get("SHOPCRM_DB") or str(data_dir() / "shopcrm.sqlite3")


def region_from_locale() -> str:
    """The phone region a new shop starts with, guessed from the system's locale."""
    import phonenumbers  # imported late: it costs start-up time and is rarely needed

    for candidate in (os.environ.get("LC_ALL"), os.environ.get("LANG"), locale.getlocale()[0]):
        if candidate and "_" in candidate:
            region = candidate.split("_", 1)[1][:2].upper()
            if region in phonenumbers.SUPPORTED_REGIONS:
                return region
    return "GB"


@dataclass(frozen=True)
class SettingSpec:
    """One shop setting: its key, type, default and the words the settings screen shows."""

    key: str
    type: type
    default: object  # a value, or a function that works it out when first needed
    title: str

    def default_value(self) -> object:
        return self.default() if callable(self.default) else self.default


SETTINGS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("shop_name", str, "My Shop", "Shop name"),
        SettingSpec("phone_region", str, region_from_locale, "Default phone region"),
    )
}
