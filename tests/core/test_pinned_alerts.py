"""Pinned alerts that end and snooze (both engines): an alert past its until-date or snoozed
drops off the card, and comes back when the snooze is over; bad dates change nothing."""

from __future__ import annotations

from datetime import timedelta

import peewee
import pytest

from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.notes import (
    add_note,
    local_today,
    pinned_notes,
    set_alert_dates,
    snooze_note,
)


@pytest.fixture
def customer(db: peewee.Database) -> int:
    return add_customer(CustomerInput("Ada", "Lovelace")).id


def _shown(customer: int, days_ahead: int) -> list[str]:
    return [n.text for n in pinned_notes(customer, local_today() + timedelta(days=days_ahead))]


def test_an_alert_shows_up_to_and_including_its_until_date(customer: int) -> None:
    today = local_today()
    note = add_note(
        customer, "Ask how the move went", pinned=True, pinned_until=today + timedelta(days=2)
    )
    assert note.to_json()["pinned_until"] == (today + timedelta(days=2)).isoformat()
    assert _shown(customer, 0) == _shown(customer, 2) == ["Ask how the move went"]
    assert _shown(customer, 3) == []


def test_a_snoozed_alert_is_hidden_then_back(customer: int) -> None:
    note = add_note(customer, "Nut allergy", pinned=True)
    add_note(customer, "Not pinned")
    snoozed = snooze_note(note.id, 2)  # today and tomorrow
    assert snoozed.snoozed_until == local_today() + timedelta(days=1)
    assert _shown(customer, 0) == _shown(customer, 1) == []
    assert _shown(customer, 2) == ["Nut allergy"]
    back = set_alert_dates(note.id, until=None, snoozed_until=None)
    assert back.snoozed_until is None and _shown(customer, 0) == ["Nut allergy"]


@pytest.mark.parametrize("days", [-1, 3 * 366 + 1])
def test_bad_dates_change_nothing(customer: int, days: int) -> None:
    note = add_note(customer, "Nut allergy", pinned=True)
    day = local_today() + timedelta(days=days)
    with pytest.raises(ValidationError):
        set_alert_dates(note.id, until=day, snoozed_until=None)
    with pytest.raises(ValidationError):
        set_alert_dates(note.id, until=None, snoozed_until=day)
    with pytest.raises(ValidationError):
        add_note(customer, "Another", pinned=True, pinned_until=day)
    with pytest.raises(ValidationError):
        snooze_note(note.id, 0)
    with pytest.raises(NotFoundError):
        snooze_note(note.id + 100, 1)
    assert _shown(customer, 0) == ["Nut allergy"]
