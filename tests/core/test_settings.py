"""Shop settings: declared once with a type and default, stored in the database."""

from __future__ import annotations

import peewee
import phonenumbers
import pytest

from shopcrm.config import SETTINGS
from shopcrm.core import settings
from shopcrm.core.errors import ValidationError
from shopcrm.db.models import Setting


def test_defaults(db: peewee.Database) -> None:
    assert settings.get("shop_name") == SETTINGS["shop_name"].default == "My Shop"
    assert settings.phone_region() in phonenumbers.SUPPORTED_REGIONS


@pytest.mark.parametrize(("typed", "stored"), [("GB", "GB"), ("de", "DE"), ("Us", "US")])
def test_set_and_get_phone_region(db: peewee.Database, typed: str, stored: str) -> None:
    assert settings.set_value("phone_region", typed) == stored
    assert settings.get("phone_region") == stored
    assert settings.phone_region() == stored


def test_setting_again_replaces(db: peewee.Database) -> None:
    settings.set_value("phone_region", "GB")
    settings.set_value("phone_region", "FR")
    assert settings.phone_region() == "FR"
    assert Setting.select().where(Setting.key == "phone_region").count() == 1


@pytest.mark.parametrize("bad", ["XX", "", "GBR", "uk", "12", "G B", "🇬🇧"])
def test_bad_region_refused(db: peewee.Database, bad: str) -> None:
    settings.set_value("phone_region", "DE")
    with pytest.raises(ValidationError) as err:
        settings.set_value("phone_region", bad)
    assert "phone_region" in err.value.errors
    assert settings.phone_region() == "DE"


def test_unknown_setting_refused(db: peewee.Database) -> None:
    with pytest.raises(ValidationError) as err:
        settings.set_value("no_such_thing", "1")
    assert "no_such_thing" in err.value.errors
    with pytest.raises(ValidationError):
        settings.get("no_such_thing")


def test_shop_name(db: peewee.Database) -> None:
    assert settings.set_value("shop_name", "Bäckerei Süß 🥐") == "Bäckerei Süß 🥐"
    assert settings.get("shop_name") == "Bäckerei Süß 🥐"


def test_settings_survive_reopening(db: peewee.Database, db_path) -> None:
    from shopcrm.db import close, open_database

    settings.set_value("phone_region", "JP")
    close()
    open_database(str(db_path))
    assert settings.phone_region() == "JP"
