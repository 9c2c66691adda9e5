"""Possible duplicates of a customer being typed in (both engines): the same phone however it
is written, the same email, a similar name with the same phone ending, the very same name
when nothing else was typed; never the customer being edited, nor a merged one; the real
duplicate first among hundreds of look-alikes."""

from __future__ import annotations

import peewee
import pytest

from shopcrm.core import settings
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.merging import merge_customers, possible_duplicates
from shopcrm.core.merging.duplicates import (
    MAX_OFFERED,
    SAME_EMAIL,
    SAME_NAME,
    SAME_PHONE,
    SIMILAR_NAME,
)
from shopcrm.db.models import Customer


@pytest.fixture
def shop(db: peewee.Database) -> dict[str, int]:
    settings.set_many({"phone_region": "GB"})
    return {
        "maria": add_customer(
            CustomerInput("María", "González", phone="+44 20 7946 0958", email="Maria@Example.com")
        ).id,
        "mario": add_customer(CustomerInput("Mario", "Gonzales", phone="020 7946 1111")).id,
        "john": add_customer(CustomerInput("John", "Smith")).id,
    }


def _found(*args: str, **kwargs: object) -> list[tuple[int, str]]:
    return [(d.id, d.reason) for d in possible_duplicates(*args, **kwargs)]  # type: ignore[arg-type]


def test_the_same_phone_written_another_way(shop: dict[str, int]) -> None:
    assert _found("Someone", "", "020 7946 0958") == [(shop["maria"], SAME_PHONE)]
    assert _found("Someone", "", "+44 (0)20 7946-0958") == [(shop["maria"], SAME_PHONE)]
    assert _found("Someone", "", "020 7946 0959") == []


def test_the_same_email_whatever_the_domains_case(shop: dict[str, int]) -> None:
    assert _found("X", "", "", "Maria@EXAMPLE.com") == [(shop["maria"], SAME_EMAIL)]
    assert _found("X", "", "", "maria2@example.com") == []


def test_a_similar_name_needs_the_same_phone_ending(shop: dict[str, int]) -> None:
    # one typo away, another number that ends the same: likely the same person
    assert _found("Marie", "Gonzalez", "07911 120958") == [(shop["maria"], SIMILAR_NAME)]
    assert _found("Marie", "Gonzalez", "07911 120123") == []
    assert _found("Mario", "Gonzales", "07911 121111") == [(shop["mario"], SIMILAR_NAME)]


def test_the_same_name_alone_when_nothing_else_was_typed(shop: dict[str, int]) -> None:
    assert _found("john", "SMITH") == [(shop["john"], SAME_NAME)]
    assert _found("Jon", "Smith") == []  # similar but not the same: too weak alone
    assert _found("John", "Smith", "", "john@elsewhere.example") == []


def test_never_the_customer_being_edited_nor_a_merged_one(shop: dict[str, int]) -> None:
    assert _found("María", "González", "020 7946 0958", exclude_id=shop["maria"]) == []
    merge_customers(shop["john"], shop["maria"])  # John had no phone: he takes hers
    assert _found("Someone", "", "020 7946 0958") == [(shop["john"], SAME_PHONE)]
    assert Customer.get_by_id(shop["maria"]).merged_into == shop["john"]


def test_bad_input_finds_nothing_and_raises_nothing(shop: dict[str, int]) -> None:
    assert _found("", "", "not a phone", "not an email") == []
    assert _found("x" * 1_000_000, "\x00", "9" * 10_000, "@" * 10_000) == []


def test_among_hundreds_of_look_alikes_the_real_one_comes_first(
    db: peewee.Database, shop: dict[str, int]
) -> None:
    """How long asking takes is timed by tests/benchmarks/bench_duplicates.py (the same 300
    look-alikes); here, what is offered among them."""
    for n in range(300):
        add_customer(CustomerInput(f"Maria{n}", "Gonzalez", phone=f"020 7946 {n:04d}"))
    found = _found("Marie", "Gonzalez", "020 7946 0958", "maria@example.com")
    assert found[0] == (shop["maria"], SAME_PHONE)
    assert len(found) <= MAX_OFFERED
    assert _found("Marie", "Gonzalez", "07911 120042") == []  # ends like Maria42: not alike
