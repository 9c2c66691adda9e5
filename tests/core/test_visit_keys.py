"""A visit logged with the form's key is logged once, however often the form retries it
(the retry after a connection lost as it committed; see tests/db/test_lost_connection.py)."""

from __future__ import annotations

import uuid

import peewee
import pytest

from shopcrm.core import visits
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.errors import ValidationError
from shopcrm.db.models import LoyaltyEntry, Visit


def test_the_same_key_gives_back_the_visit_already_logged(db: peewee.Database) -> None:
    ada = add_customer(CustomerInput("Ada")).id
    key = str(uuid.uuid4())
    first = visits.log_visit(ada, amount_minor=1250, note="oat milk", client_key=key)
    again = visits.log_visit(ada, amount_minor=1250, note="oat milk", client_key=key)
    assert again == first
    assert (again.stamps_earned, again.points_earned) == (1, 12)
    assert Visit.select().count() == 1
    assert LoyaltyEntry.select().count() == 1  # nothing earned twice either
    other = visits.log_visit(ada, amount_minor=1250, client_key=str(uuid.uuid4()))
    assert other.id != first.id
    visits.log_visit(ada, amount_minor=1250)  # no key: every call is a visit
    visits.log_visit(ada, amount_minor=1250)
    assert Visit.select().count() == 4


def test_a_key_is_a_uuid_and_belongs_to_one_customer(db: peewee.Database) -> None:
    ada = add_customer(CustomerInput("Ada")).id
    bob = add_customer(CustomerInput("Bob")).id
    key = str(uuid.uuid4())
    visits.log_visit(ada, amount_minor=100, client_key=key)
    with pytest.raises(ValidationError) as caught:
        visits.log_visit(bob, amount_minor=100, client_key=key)
    assert caught.value.errors == {"client_key": "that key is another customer's visit"}
    for bad in ("not a uuid", "", key.upper(), key + "0", "'; DROP TABLE visit; --"):
        with pytest.raises(ValidationError) as caught:
            visits.log_visit(ada, client_key=bad)
        assert caught.value.errors == {"client_key": "a visit key is a UUID"}
    assert Visit.select().count() == 1
