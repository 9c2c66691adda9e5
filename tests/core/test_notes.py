"""Notes on a customer: adding, pinning, and the newest-first timeline."""

from __future__ import annotations

import peewee
import pytest

from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.notes import add_note, list_notes, note_count, pinned_notes, set_pinned
from shopcrm.db.models import Note


@pytest.fixture
def customer(db: peewee.Database) -> int:
    return add_customer(CustomerInput("Ada", "Lovelace")).id


def test_add_note(customer: int) -> None:
    note = add_note(customer, "  Likes oat milk  ")
    assert note.customer_id == customer
    assert note.text == "Likes oat milk"
    assert note.pinned is False
    assert note.created_at.tzinfo is not None
    assert list_notes(customer) == [note]
    assert note.to_json()["text"] == "Likes oat milk"
    assert note.to_json()["created_at"] == note.created_at.isoformat()


@pytest.mark.parametrize(
    "text",
    ["x" * 10_000, "生日快乐 🎂", "line 1\nline 2", "'; DROP TABLE note; --", '"*" NEAR( AND'],
)
def test_any_text_up_to_ten_thousand_characters(customer: int, text: str) -> None:
    note = add_note(customer, text)
    assert list_notes(customer)[0].text == text == note.text


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "x" * 10_001, " " + "y" * 10_001])
def test_refused_notes_save_nothing(customer: int, text: str) -> None:
    with pytest.raises(ValidationError) as err:
        add_note(customer, text)
    assert "note" in err.value.errors
    assert note_count(customer) == 0
    assert Note.select().count() == 0


def test_note_for_unknown_customer(customer: int) -> None:
    with pytest.raises(NotFoundError):
        add_note(customer + 100, "hello")
    assert Note.select().count() == 0


def test_pin_and_unpin(customer: int) -> None:
    allergy = add_note(customer, "nut allergy", pinned=True)
    move = add_note(customer, "ask how the move went")
    assert [n.id for n in pinned_notes(customer)] == [allergy.id]
    pinned = set_pinned(move.id, True)
    assert pinned.pinned is True
    assert [n.id for n in pinned_notes(customer)] == [move.id, allergy.id]  # newest first
    assert set_pinned(allergy.id, False).pinned is False
    assert [n.id for n in pinned_notes(customer)] == [move.id]
    assert set_pinned(move.id, False).pinned is False
    assert pinned_notes(customer) == []
    assert note_count(customer) == 2
    with pytest.raises(NotFoundError):
        set_pinned(9999, True)


def test_notes_are_per_customer(customer: int) -> None:
    other = add_customer(CustomerInput("Grace", "Hopper")).id
    add_note(customer, "mine")
    add_note(other, "theirs", pinned=True)
    assert [n.text for n in list_notes(customer)] == ["mine"]
    assert [n.text for n in list_notes(other)] == ["theirs"]
    assert pinned_notes(customer) == []
    assert note_count(other) == 1


def test_list_notes_pages_newest_first(customer: int) -> None:
    ids = [add_note(customer, f"note {i}").id for i in range(25)]
    newest_first = list(reversed(ids))
    assert [n.id for n in list_notes(customer)] == newest_first
    assert [n.id for n in list_notes(customer, offset=0, limit=10)] == newest_first[:10]
    assert [n.id for n in list_notes(customer, offset=10, limit=10)] == newest_first[10:20]
    assert [n.id for n in list_notes(customer, offset=20, limit=10)] == newest_first[20:]
    assert list_notes(customer, offset=25, limit=10) == []
    assert list_notes(customer, limit=0) == []
    assert [n.id for n in list_notes(customer, offset=-5, limit=3)] == newest_first[:3]
    notes = list_notes(customer)
    assert [n.created_at for n in notes] == sorted((n.created_at for n in notes), reverse=True)
    assert note_count(customer) == 25
