"""Setting up a new shop: one transaction for the settings, the owner and the owner's PIN;
refused, with nothing changed, for bad answers and for a shop that already holds data."""

from __future__ import annotations

import json

import peewee
import pytest

from shopcrm.core import customers, settings
from shopcrm.core.customers import CustomerInput
from shopcrm.core.errors import ValidationError
from shopcrm.core.first_start import (
    PRESETS,
    ShopSetup,
    check_setup,
    set_up_shop,
    shop_is_new,
)
from shopcrm.core.first_start.setup import ShopNotNew
from shopcrm.core.owner import prove_owner, shop_has_pin
from shopcrm.core.staff import add_staff, list_staff
from shopcrm.db.care_models import AuditEntry
from shopcrm.db.models import Setting, Staff

ZURICH = ShopSetup(
    name="Café Zoë",
    currency="chf",
    locale="de-CH",
    region="ch",
    owner="Zoë Müller",
    pin="482916",
    loyalty="stamp-card",
)


def _state() -> tuple[object, ...]:
    """Everything a refused setup must leave as it was."""
    return (
        sorted((s.key, s.value) for s in Setting.select()),
        sorted((s.id, s.name, s.role, s.active) for s in Staff.select()),
        AuditEntry.select().count(),
        shop_has_pin(),
    )


def test_a_fresh_database_is_a_new_shop(db: peewee.Database) -> None:
    assert shop_is_new()


def test_setup_writes_settings_owner_pin_and_audit(db: peewee.Database) -> None:
    done = set_up_shop(ZURICH)
    shop = settings.load()
    assert (shop.shop_name, shop.currency, shop.locale, shop.phone_region) == (
        "Café Zoë",
        "CHF",
        "de_CH",
        "CH",
    )
    assert (shop.stamps_per_card, shop.points_per_unit, shop.tiers) == (10, 0, ())
    assert done.settings == shop
    assert done.owner is not None and done.owner.name == "Zoë Müller"
    owners = [m for m in list_staff() if m.role == "owner"]
    assert [m.name for m in owners] == ["Zoë Müller"]  # the schema's "Owner", named
    assert done.pin_set and shop_has_pin()
    assert prove_owner(done.owner.id, "482916").staff_id == done.owner.id
    rows = list(AuditEntry.select().order_by(AuditEntry.id))
    assert [row.action for row in rows] == ["settings.change", "staff.pin", "shop.setup"]
    assert {row.staff_name for row in rows} == {"Zoë Müller"}  # the owner did it all
    setup_row = AuditEntry.get(AuditEntry.action == "shop.setup")
    assert json.loads(setup_row.changes)["owner"] == "Zoë Müller"
    assert "482916" not in "".join(row.changes for row in AuditEntry.select())
    assert not shop_is_new()


def test_without_owner_or_pin_the_schema_owner_stays(db: peewee.Database) -> None:
    done = set_up_shop(ShopSetup("Corner Shop", "GBP", "en_GB", "GB"))
    assert done.owner is not None and done.owner.name == "Owner"
    assert not done.pin_set and not shop_has_pin()
    assert settings.load().stamps_per_card == 10  # the default preset: the defaults


@pytest.mark.parametrize("key", list(PRESETS))
def test_each_loyalty_preset_is_what_the_settings_then_hold(db: peewee.Database, key) -> None:
    set_up_shop(ShopSetup("Shop", "EUR", "fr_FR", "FR", loyalty=key))
    context = settings.Context("EUR", "en")
    stored = settings.as_text()
    for name, text in PRESETS[key].settings.items():
        spec = settings.SETTINGS[name]
        assert stored[name] == spec.format(spec.parse(text, context), context), name
    shop = settings.load()
    loyal = shop.stamps_per_card > 0 or shop.points_per_unit > 0
    assert loyal == (key != "none")


@pytest.mark.parametrize(
    ("field", "setup"),
    [
        ("name", ShopSetup("", "GBP", "en_GB", "GB")),
        ("name", ShopSetup("a\x00b", "GBP", "en_GB", "GB")),
        ("name", ShopSetup("x" * 1_000_000, "GBP", "en_GB", "GB")),
        ("currency", ShopSetup("Shop", "EURO", "en_GB", "GB")),
        ("currency", ShopSetup("Shop", "\udcff", "en_GB", "GB")),
        ("locale", ShopSetup("Shop", "GBP", "xx_YY", "GB")),
        ("locale", ShopSetup("Shop", "GBP", "en_GB" * 100_000, "GB")),
        ("region", ShopSetup("Shop", "GBP", "en_GB", "UK")),
        ("region", ShopSetup("Shop", "GBP", "en_GB", "")),
        ("owner", ShopSetup("Shop", "GBP", "en_GB", "GB", owner="\u202eevil")),
        ("owner", ShopSetup("Shop", "GBP", "en_GB", "GB", owner="x" * 61)),
        ("pin", ShopSetup("Shop", "GBP", "en_GB", "GB", owner="Jo", pin="12")),
        ("pin", ShopSetup("Shop", "GBP", "en_GB", "GB", owner="Jo", pin="١٢٣٤")),
        ("loyalty", ShopSetup("Shop", "GBP", "en_GB", "GB", loyalty="everything")),
    ],
)
def test_a_bad_answer_is_named_and_nothing_is_written(
    db: peewee.Database, field: str, setup: ShopSetup
) -> None:
    before = _state()
    with pytest.raises(ValidationError) as refused:
        set_up_shop(setup)
    assert list(refused.value.errors) == [field]
    assert "\n" not in str(refused.value) and len(str(refused.value)) < 400
    assert _state() == before and shop_is_new()


def test_every_bad_answer_is_named_at_once_without_a_database() -> None:
    with pytest.raises(ValidationError) as refused:
        check_setup(ShopSetup("", "XYZ1", "zz", "QQ", owner="\x07", pin="1", loyalty="?"))
    assert set(refused.value.errors) == {
        "name",
        "currency",
        "locale",
        "region",
        "owner",
        "pin",
        "loyalty",
    }


@pytest.mark.parametrize("used", ["customer", "settings", "staff", "setup"])
def test_a_shop_in_use_is_refused_and_stays_as_it_was(db: peewee.Database, used: str) -> None:
    if used == "customer":
        customers.add_customer(CustomerInput("Ann", "Lee"))
    elif used == "settings":
        settings.set_value("shop_name", "Mine")
    elif used == "staff":
        add_staff("Kim")
    else:
        set_up_shop(ShopSetup("First", "GBP", "en_GB", "GB", owner="Sam"))
    assert not shop_is_new()
    before = _state()
    with pytest.raises(ShopNotNew, match="already set up"):
        set_up_shop(ZURICH)
    assert _state() == before
