"""Where things live, and the shop's settings declared once with type and default.

``SHOPCRM_DB`` chooses the database (a path or URL, like ``--db``); ``SHOPCRM_DATA_DIR`` moves
the whole data folder (tests point it at a temporary folder).
"""

from __future__ import annotations

import locale
import os
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
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
    for candidate in (os.environ.get("LC_ALL"), os.environ.get("LANG"), locale.getlocale()[0]):
        if candidate and candidate not in ("C", "POSIX") and "_" in candidate:
            try:
                return _parse_locale(candidate.split(".", 1)[0], {})  # type: ignore[return-value]
            except ValueError:
                continue
    return "en_GB"


def currency_for_region() -> str:
    from babel.numbers import get_territory_currencies

    found = get_territory_currencies(region_from_locale())
    return found[0] if found else "EUR"


# -- parsers: text (settings dialog, command line) → a value, or ValueError with the reason --


Current = Mapping[str, object]


def _parse_text(text: str, _: Current) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValueError("cannot be empty")
    if len(text) > 80:
        raise ValueError("at most 80 characters")
    return text


def _parse_image_path(text: str, _: Current) -> str:
    text = text.strip()
    if not text:
        return ""
    path = Path(text).expanduser()
    if path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        raise ValueError("the logo must be a PNG or JPEG picture")
    if not path.is_file():
        raise ValueError(f"there is no picture at {text}")
    return str(path)


def _parse_region(text: str, _: Current) -> str:
    import phonenumbers

    region = text.strip().upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"unknown region {text!r} (use e.g. GB, US, DE)")
    return region


def _parse_currency(text: str, _: Current) -> str:
    from babel.numbers import list_currencies

    code = text.strip().upper()
    if code not in list_currencies():
        raise ValueError(f"unknown currency {text!r} (use an ISO code like GBP, EUR, USD)")
    return code


def _parse_locale(text: str, _: Current) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        parsed = Locale.parse(text.strip().replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise ValueError(f"unknown locale {text!r} (use e.g. en_GB, de_DE, fr_FR)") from None
    return str(parsed)


def _int_between(low: int, high: int) -> Callable[[str, Current], int]:
    def parse(text: str, _: Current) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise ValueError("expected a whole number") from None
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}")
        return value

    return parse


def _parse_money(text: str, current: Current) -> int:
    from shopcrm.core.money import parse_amount

    return parse_amount(text, str(current["currency"]), str(current["locale"])) or 0


def _format_money(value: object, current: Current) -> str:
    """Plain digits with a point (``12.50``, ``1.250`` TND), whatever the locale: this text is
    both what is stored (read back locale-neutrally) and what the settings dialog shows, and
    :func:`~shopcrm.core.money.parse_amount` reads it back exactly in every locale (a lone
    point before three digits is the decimal in a three-decimal currency)."""
    from shopcrm.core.money import format_plain

    return format_plain(int(value), str(current["currency"]))  # type: ignore[call-overload]


def _parse_choice(*choices: str) -> Callable[[str, Current], str]:
    def parse(text: str, _: Current) -> str:
        value = text.strip().lower()
        if value not in choices:
            raise ValueError(f"choose one of: {', '.join(choices)}")
        return value

    return parse


def _parse_named_numbers(text: str, _: Current) -> tuple[tuple[str, int], ...]:
    """``Silver=10; Gold=25`` → ((Silver, 10), (Gold, 25)), sorted by number, names unique."""
    items: dict[str, int] = {}
    for part in text.replace("\n", ";").split(";"):
        if not part.strip():
            continue
        name, sep, number = part.rpartition("=")
        name = " ".join(name.split())
        if not sep or not name:
            raise ValueError(f"write each as name=number, e.g. Gold=25 (not {part.strip()!r})")
        try:
            value = int(number.strip())
        except ValueError:
            raise ValueError(f"{name}: {number.strip()!r} is not a whole number") from None
        if value <= 0:
            raise ValueError(f"{name}: the number must be above 0")
        if name in items:
            raise ValueError(f"{name} is named twice")
        items[name] = value
    return tuple(sorted(items.items(), key=lambda item: item[1]))


def _format_named_numbers(value: object, _: Current) -> str:
    return "; ".join(f"{name}={number}" for name, number in value)  # type: ignore[attr-defined]


def _format_str(value: object, _: Current) -> str:
    return str(value)


@dataclass(frozen=True)
class SettingSpec:
    """One shop setting, declared once: key, title, default, and how text becomes a value."""

    key: str
    title: str
    default: object  # a value, or a function that works it out when first needed
    parse: Callable[[str, Current], object]
    format: Callable[[object, Current], str] = _format_str
    help: str = ""

    def default_value(self) -> object:
        return self.default() if callable(self.default) else self.default


SETTINGS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("shop_name", "Shop name", "My Shop", _parse_text),
        SettingSpec(
            "shop_logo",
            "Logo on vouchers",
            "",
            _parse_image_path,
            help="a PNG or JPEG file; empty for none",
        ),
        SettingSpec("currency", "Currency", currency_for_region, _parse_currency),
        SettingSpec("locale", "Language and formats", locale_from_system, _parse_locale),
        SettingSpec("phone_region", "Default phone region", region_from_locale, _parse_region),
        SettingSpec(
            "stamps_per_card",
            "Stamps for a reward",
            10,
            _int_between(0, 100),
            help="0 turns the stamp card off",
        ),
        SettingSpec(
            "stamp_min_amount",
            "Least spend for a stamp",
            0,
            _parse_money,
            _format_money,
            help="0: every visit earns a stamp",
        ),
        SettingSpec("stamp_reward", "Stamp card reward", "Free coffee", _parse_text),
        SettingSpec(
            "points_per_unit",
            "Points per currency unit spent",
            1,
            _int_between(0, 1000),
            help="0 turns points off",
        ),
        SettingSpec(
            "rewards",
            "Rewards for points",
            (("Free coffee", 100), ("Slice of cake", 250)),
            _parse_named_numbers,
            _format_named_numbers,
            help="name=points; name=points",
        ),
        SettingSpec("tier_basis", "Tiers count", "visits", _parse_choice("visits", "spend")),
        SettingSpec(
            "tiers",
            "Tiers (over the last 12 months)",
            (("Silver", 10), ("Gold", 25)),
            _parse_named_numbers,
            _format_named_numbers,
            help="name=visits (or whole currency units spent); ...",
        ),
        SettingSpec(
            "points_expiry_months",
            "Points expire after (months)",
            12,
            _int_between(0, 120),
            help="0: points never expire",
        ),
    )
}
