"""The people at the till: adding, finding, deactivating, who is there by default."""

from __future__ import annotations

import peewee
import pytest

from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.staff import add_staff, default_staff, find_staff, list_staff, set_active


def test_a_new_shop_has_its_owner(db: peewee.Database) -> None:
    (owner,) = list_staff(include_inactive=True)
    assert (owner.name, owner.role, owner.active) == ("Owner", "owner", True)
    assert default_staff() == owner


def test_add_and_list(db: peewee.Database) -> None:
    kim = add_staff("  Kim   Lee ")
    pat = add_staff("Pat", "owner")
    assert (kim.name, kim.role, kim.active) == ("Kim Lee", "cashier", True)
    assert [m.name for m in list_staff()] == ["Kim Lee", "Owner", "Pat"]
    assert pat.to_json() == {"id": pat.id, "name": "Pat", "role": "owner", "active": True}


@pytest.mark.parametrize(
    ("name", "role", "fields"),
    [("", "cashier", {"name"}), ("x" * 61, "cashier", {"name"}), ("Al", "boss", {"role"})],
)
def test_bad_staff_refused(db: peewee.Database, name: str, role: str, fields: set[str]) -> None:
    with pytest.raises(ValidationError) as err:
        add_staff(name, role)
    assert set(err.value.errors) == fields
    assert [m.name for m in list_staff(include_inactive=True)] == ["Owner"]


def test_names_are_unique(db: peewee.Database) -> None:
    add_staff("Kim")
    with pytest.raises(ValidationError) as err:
        add_staff(" Kim ")
    assert "already works here" in err.value.errors["name"]


def test_find_by_id_or_name(db: peewee.Database) -> None:
    kim = add_staff("Kim Lee")
    assert find_staff(kim.id) == kim
    assert find_staff(str(kim.id)) == kim
    assert find_staff("kim  LEE") == kim
    assert find_staff(None) is None and find_staff("") is None
    with pytest.raises(NotFoundError):
        find_staff("Nobody")
    with pytest.raises(NotFoundError):
        find_staff(999)


def test_inactive_staff_and_the_default(db: peewee.Database) -> None:
    (owner,) = list_staff()
    set_active(owner.id, False)
    kim = add_staff("Kim")
    pat = add_staff("Pat", "owner")
    assert default_staff() == pat  # an active owner first
    set_active(pat.id, False)
    assert default_staff() == kim
    assert [m.name for m in list_staff()] == ["Kim"]
    assert [(m.name, m.active) for m in list_staff(include_inactive=True)] == [
        ("Kim", True),
        ("Owner", False),
        ("Pat", False),
    ]
    set_active(kim.id, False)
    assert default_staff() is None
    with pytest.raises(NotFoundError):
        set_active(999, True)
