"""Where things live, and what the computer's environment suggests for a new shop.

Which database a till opens is decided here, in one order: ``--db`` (the CLI passes it on),
else ``SHOPCRM_DB`` (a path or URL), else the database chosen in the settings on this computer
(a SQLite file or a PostgreSQL URL, kept in this computer's ``machine.ini``, never in the shop's
database: the choice is about where the shop is), else the file in the data folder.
``SHOPCRM_DATA_DIR`` moves the whole data folder and ``SHOPCRM_CONFIG_DIR`` the per-computer
settings (tests point both at a temporary folder).

A password is never stored: a PostgreSQL URL holding one is refused, and the password goes
where libpq looks for it (``.pgpass``, ``PGPASSWORD``, a service file).
"""

from __future__ import annotations

import configparser
import locale
import os
from contextlib import suppress
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "shopcrm"
ORGANISATION = "shopcrm"


def data_dir() -> Path:
    override = os.environ.get("SHOPCRM_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, ORGANISATION))


def logs_dir() -> Path:
    """Crash logs, the fault log and the rotating app log: ``logs/`` in the data folder."""
    return data_dir() / "logs"


PASSWORD_REFUSAL = (
    "a password is not kept in shopcrm's settings: take it out of the URL and put it in the"
    " .pgpass file (or PGPASSWORD, or a service file)"
)


def config_dir() -> Path:
    """This computer's settings (window layout, the chosen database): never the shop's data."""
    override = os.environ.get("SHOPCRM_CONFIG_DIR")
    return Path(override) if override else Path(user_config_dir(APP_NAME, ORGANISATION))


def machine_file() -> Path:
    return config_dir() / "machine.ini"


def chosen_database() -> str | None:
    """The database chosen in the settings on this computer, or None."""
    parser = configparser.ConfigParser(interpolation=None)
    with suppress(OSError, configparser.Error):
        parser.read(machine_file(), encoding="utf-8")
    value = parser.get("database", "location", fallback="").strip()
    return value or None


def database_refusal(location: str) -> str | None:
    """Why ``location`` cannot be kept as this computer's database (it could not be opened,
    or it holds a password), or None when it can."""
    from shopcrm.db.locations import has_password, parse_location
    from shopcrm.db.storage_errors import DatabaseLocationError

    try:
        chosen = parse_location(location)
    except DatabaseLocationError as exc:
        return str(exc)
    return PASSWORD_REFUSAL if has_password(chosen.target) else None


def choose_database(location: str | None) -> None:
    """Remember ``location`` as this computer's database (None: back to the default file).

    Refuses, as :class:`~shopcrm.db.DatabaseLocationError`, what could not be opened (see
    :func:`~shopcrm.db.parse_location`) and a URL that holds a password."""
    from shopcrm.db.locations import has_password, parse_location
    from shopcrm.db.storage_errors import DatabaseLocationError

    parser = configparser.ConfigParser(interpolation=None)
    with suppress(OSError, configparser.Error):
        parser.read(machine_file(), encoding="utf-8")
    if location is None or not location.strip():
        parser.remove_section("database")
    else:
        chosen = parse_location(location)
        if has_password(chosen.target):
            raise DatabaseLocationError(PASSWORD_REFUSAL)
        if not parser.has_section("database"):
            parser.add_section("database")
        parser.set("database", "location", chosen.target)
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    temporary = machine_file().with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as out:
        parser.write(out)
    os.replace(temporary, machine_file())


def default_database() -> str:
    """The database used when ``--db`` is not given: ``SHOPCRM_DB``, the database chosen in
    the settings on this computer, or the data folder's file.

    The data folder is shopcrm's own, so it is created here on the first start, owner-only
    (0700 on POSIX, see :mod:`shopcrm.db.private_files`); a folder
    named in ``--db`` or ``SHOPCRM_DB`` is the user's, and opening refuses it when missing
    rather than quietly starting an empty shop somewhere new."""
    named = os.environ.get("SHOPCRM_DB") or chosen_database()
    if named:
        return named
    from shopcrm.db.private_files import make_private_folder, tighten

    folder = data_dir()
    with suppress(OSError):  # if it cannot be made, opening says so in one line
        make_private_folder(folder)
        tighten(folder)  # one made 0755 by an earlier version: the shop's data is the owner's
    return str(folder / "shopcrm.sqlite3")


DEMO_FILE = "demo.sqlite3"


def demo_database(shop: str) -> str:
    """Where the demo shop is kept, given the shop's own location (a file or a URL): a file
    of its own beside the shop's file (``demo.sqlite3``), or in the data folder when the shop
    is on a server. Never the shop's own file: exploring the demo must not touch real data."""
    from shopcrm.db.private_files import make_private_folder

    lowered = shop.strip().lower()
    if lowered.startswith(("postgresql://", "postgres://")) or "://" in lowered:
        folder = data_dir()
        with suppress(OSError):
            make_private_folder(folder)
        return str(folder / DEMO_FILE)
    path = Path(shop).expanduser()
    demo = path.with_name(DEMO_FILE)
    if demo.name == path.name:
        demo = path.with_name(f"{path.stem}-demo{path.suffix or '.sqlite3'}")
    return str(demo)


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
