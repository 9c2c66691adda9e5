"""Notes on a customer: the timeline of what the shop remembers, and the pinned alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from shopcrm.core import audit
from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.staff import known_staff
from shopcrm.core.validation import clean_note
from shopcrm.db import write_transaction
from shopcrm.db.models import Customer, Note
from shopcrm.db.transactions import transactional


@dataclass(frozen=True)
class NoteView:
    id: int
    customer_id: int
    text: str
    pinned: bool
    created_at: datetime

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "text": self.text,
            "pinned": self.pinned,
            "created_at": self.created_at.isoformat(),
        }


def _view(note: Note) -> NoteView:
    return NoteView(note.id, note.customer_id, note.text, note.pinned, note.created_at)


@transactional
def add_note(
    customer_id: int, text: str, *, pinned: bool = False, staff_id: int | None = None
) -> NoteView:
    """Write a note on the customer's card (pinned notes show at the top as alerts)."""
    try:
        text = clean_note(text)
    except ValueError as exc:
        raise ValidationError({"note": str(exc)}) from None
    with write_transaction():
        if not Customer.select().where(Customer.id == customer_id).exists():
            raise NotFoundError(f"no customer with id {customer_id}")
        known_staff(staff_id)
        note = Note.create(
            customer=customer_id,
            text=text,
            pinned=pinned,
            created_at=datetime.now(UTC),
            staff=staff_id,
        )
        audit.record(
            "note.add",
            customer_id,
            {"note": note.id, "text": text, "pinned": pinned},
            staff_id=staff_id,
        )
    return _view(note)


@transactional
def set_pinned(note_id: int, pinned: bool) -> NoteView:
    with write_transaction():
        note = Note.get_or_none(Note.id == note_id)
        if note is None:
            raise NotFoundError(f"no note with id {note_id}")
        before = note.pinned
        note.pinned = pinned
        note.save()
        if before != pinned:
            audit.record(
                "note.pin",
                note.customer_id,
                {"note": note_id, "pinned": audit.change(before, pinned)},
            )
    return _view(note)


def pinned_notes(customer_id: int) -> list[NoteView]:
    query = (
        Note.select()
        .where((Note.customer == customer_id) & Note.pinned)
        .order_by(Note.created_at.desc(), Note.id.desc())
    )
    return [_view(n) for n in query]


def note_count(customer_id: int) -> int:
    return Note.select().where(Note.customer == customer_id).count()


def list_notes(customer_id: int, offset: int = 0, limit: int = 100) -> list[NoteView]:
    """A page of the customer's notes, newest first (the card loads them as it scrolls)."""
    query = (
        Note.select()
        .where(Note.customer == customer_id)
        .order_by(Note.created_at.desc(), Note.id.desc())
        .offset(max(0, offset))
        .limit(max(0, limit))
    )
    return [_view(n) for n in query]
