"""Customer use cases: add, update, the card, and bad input that must save nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import peewee
import pytest

from shopcrm.core import settings
from shopcrm.core.check import check_database
from shopcrm.core.customers import (
    CustomerInput,
    add_customer,
    customer_count,
    get_card,
    search_customers,
    update_customer,
)
from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.db.models import Customer, Tag


@pytest.fixture
def gb(db: peewee.Database) -> peewee.Database:
    settings.set_value("phone_region", "GB")
    return db


def test_a_first_name_is_enough(gb: peewee.Database) -> None:
    card = add_customer(CustomerInput("Ada"))
    assert (card.first_name, card.last_name, card.phone, card.email) == ("Ada", "", "", "")
    assert card.tags == ()
    assert card.birthday_month is card.birthday_day is card.birthday_year is None
    assert card.full_name == "Ada"
    assert customer_count() == 1
    assert [r.id for r in search_customers("ada")] == [card.id]


def test_add_full_customer(gb: peewee.Database) -> None:
    before = datetime.now(UTC)
    card = add_customer(
        CustomerInput(
            "  María ",
            "González  Ruiz",
            phone="020 7946 0958",
            email="maria.gonzalez@Example.COM",
            birthday_month=5,
            birthday_day=17,
            birthday_year=1980,
            tags=["VIP", "nut allergy", "vip"],
        )
    )
    assert card.first_name == "María"
    assert card.last_name == "González Ruiz"
    assert card.phone == "+442079460958"  # national number stored as E.164
    assert card.email == "maria.gonzalez@example.com"
    assert (card.birthday_month, card.birthday_day, card.birthday_year) == (5, 17, 1980)
    assert card.tags == ("nut allergy", "vip")
    assert before - timedelta(seconds=1) <= card.since <= datetime.now(UTC)
    assert card.since.tzinfo == UTC
    assert get_card(card.id) == card
    data = card.to_json()
    assert data["tags"] == ["nut allergy", "vip"]
    assert data["since"] == card.since.isoformat()
    (row,) = search_customers("gonz mar")
    assert row.tags == ("nut allergy", "vip")
    assert row.to_json()["tags"] == ["nut allergy", "vip"]


@pytest.mark.parametrize(
    ("region", "typed", "e164"),
    [
        ("GB", "020 7946 0958", "+442079460958"),
        ("US", "(201) 555-0123", "+12015550123"),
        ("DE", "030 123456", "+4930123456"),
        ("US", "+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_parsed_with_the_shop_region(
    db: peewee.Database, region: str, typed: str, e164: str
) -> None:
    settings.set_value("phone_region", region)
    card = add_customer(CustomerInput("Pat", phone=typed))
    assert card.phone == e164
    assert [r.id for r in search_customers(typed)] == [card.id]
    assert [r.id for r in search_customers(e164[-4:])] == [card.id]


def test_national_number_of_another_region_is_refused(db: peewee.Database) -> None:
    settings.set_value("phone_region", "US")
    with pytest.raises(ValidationError) as err:
        add_customer(CustomerInput("Pat", phone="020 7946 0958"))
    assert set(err.value.errors) == {"phone"}


BAD_INPUTS = [
    (CustomerInput("Xavier", phone="not a phone"), "phone"),
    (CustomerInput("Xavier", phone="123"), "phone"),
    (CustomerInput("Xavier", email="xavier@"), "email"),
    (CustomerInput("Xavier", email="xavier at example.com"), "email"),
    (CustomerInput("Xavier", birthday_month=2, birthday_day=30), "birthday"),
    (CustomerInput("Xavier", birthday_month=13, birthday_day=1), "birthday"),
    (CustomerInput("Xavier", birthday_day=17), "birthday"),
    (CustomerInput("Xavier", birthday_month=5), "birthday"),
    (CustomerInput("Xavier", birthday_year=1980), "birthday"),
    (
        CustomerInput(
            "Xavier", birthday_month=1, birthday_day=1, birthday_year=date.today().year + 1
        ),
        "birthday",
    ),
    (CustomerInput(""), "first_name"),
    (CustomerInput("   "), "first_name"),
    (CustomerInput("X" * 101), "first_name"),
    (CustomerInput("Xavier", "Q" * 101), "last_name"),
    (CustomerInput("Xavier\x00"), "first_name"),
    (CustomerInput("Xavier", tags=["t" * 41]), "tags"),
]


@pytest.mark.parametrize(("data", "field"), BAD_INPUTS)
def test_bad_input_saves_nothing(gb: peewee.Database, data: CustomerInput, field: str) -> None:
    add_customer(CustomerInput("Existing", "Customer"))
    before = customer_count()
    with pytest.raises(ValidationError) as err:
        add_customer(data)
    assert field in err.value.errors
    assert err.value.errors[field]
    assert field in str(err.value)
    assert customer_count() == before
    assert search_customers("xavier") == []
    assert Tag.select().count() == 0
    assert check_database().ok


def test_future_birthday_this_year_is_refused(gb: peewee.Database) -> None:
    tomorrow = date.today() + timedelta(days=1)
    if tomorrow.year != date.today().year:
        pytest.skip("31 December: tomorrow is next year (covered by the year check)")
    with pytest.raises(ValidationError) as err:
        add_customer(
            CustomerInput(
                "Baby",
                birthday_month=tomorrow.month,
                birthday_day=tomorrow.day,
                birthday_year=tomorrow.year,
            )
        )
    assert "birthday" in err.value.errors
    assert customer_count() == 0


def test_every_bad_field_is_reported_at_once(gb: peewee.Database) -> None:
    with pytest.raises(ValidationError) as err:
        add_customer(
            CustomerInput(
                "",
                "L" * 101,
                phone="nope",
                email="nope",
                birthday_month=2,
                birthday_day=30,
            )
        )
    assert set(err.value.errors) == {"first_name", "last_name", "phone", "email", "birthday"}
    assert customer_count() == 0


def test_names_in_any_script_are_kept(gb: peewee.Database) -> None:
    names = [
        ("Μαρία", "Παπαδοπούλου"),
        ("Иван", "Петров"),
        ("王", "小明"),
        ("さくら", "佐藤"),
        ("민준", "김"),
        ("محمد", "علي"),
        ("Zoë 😀", "Chen-Williams"),
        ("X" * 100, "Y" * 100),
    ]
    for first, last in names:
        card = add_customer(CustomerInput(first, last))
        assert (get_card(card.id).first_name, get_card(card.id).last_name) == (first, last)
    assert customer_count() == len(names)
    assert check_database().ok


def test_update_customer(gb: peewee.Database) -> None:
    card = add_customer(CustomerInput("Maria", "Gonzalez", tags=["vip"]))
    updated = update_customer(
        card.id, CustomerInput("Mercedes", "Ortega", phone="020 7946 0958", tags=["regular"])
    )
    assert updated.id == card.id
    assert (updated.first_name, updated.last_name) == ("Mercedes", "Ortega")
    assert updated.phone == "+442079460958"
    assert updated.tags == ("regular",)
    assert updated.since == card.since
    row = Customer.get_by_id(card.id)
    assert row.updated_at >= row.created_at
    assert customer_count() == 1
    assert search_customers("gonzalez") == []
    assert [r.id for r in search_customers("ortega")] == [card.id]


def test_update_with_bad_input_changes_nothing(gb: peewee.Database) -> None:
    card = add_customer(CustomerInput("Maria", "Gonzalez", phone="020 7946 0958"))
    with pytest.raises(ValidationError) as err:
        update_customer(card.id, CustomerInput("Mercedes", phone="12"))
    assert "phone" in err.value.errors
    assert get_card(card.id) == card
    assert search_customers("mercedes") == []
    assert [r.id for r in search_customers("maria")] == [card.id]


@pytest.mark.parametrize("missing", [0, -1, 999, 2**40, 2**70])
def test_unknown_customer(gb: peewee.Database, missing: int) -> None:
    with pytest.raises(NotFoundError):
        get_card(missing)
    with pytest.raises(NotFoundError):
        update_customer(missing, CustomerInput("Ghost"))
    assert customer_count() == 0
    assert search_customers("ghost") == []
