"""Notes on a customer: the timeline of what the shop remembers, and the pinned alerts.

A pinned alert may end ("ask how the move went" until the end of the month) and may be
snoozed (not today, ask next week): :func:`pinned_notes` leaves out the ones past their
until-date and those snoozed until today or later, so they drop off the card by themselves
and come back when the snooze ends. Both dates are the shop's local days, inclusive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

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
    pinned_until: date | None = None
    snoozed_until: date | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "text": self.text,
            "pinned": self.pinned,
            "created_at": self.created_at.isoformat(),
            "pinned_until": _iso(self.pinned_until),
            "snoozed_until": _iso(self.snoozed_until),
        }


#: The furthest an alert's until-date or snooze may reach.
MAX_AHEAD = timedelta(days=3 * 366)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _view(note: Note) -> NoteView:
    return NoteView(
        note.id,
        note.customer_id,
        note.text,
        note.pinned,
        note.created_at,
        note.pinned_until,
        note.snoozed_until,
    )


def local_today() -> date:
    return datetime.now().astimezone().date()


def _check_day(field: str, day: date | None, today: date) -> None:
    if day is not None and not today <= day <= today + MAX_AHEAD:
        raise ValidationError({field: "the date is today or later, within three years"})


@transactional
def add_note(
    customer_id: int,
    text: str,
    *,
    pinned: bool = False,
    staff_id: int | None = None,
    pinned_until: date | None = None,
) -> NoteView:
    """Write a note on the customer's card (pinned notes show at the top as alerts, up to
    and including ``pinned_until`` when given)."""
    try:
        text = clean_note(text)
    except ValueError as exc:
        raise ValidationError({"note": str(exc)}) from None
    _check_day("until", pinned_until, local_today())
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
            pinned_until=pinned_until,
        )
        audit.record(
            "note.add",
            customer_id,
            {"note": note.id, "text": text, "pinned": pinned, "until": pinned_until},
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


@transactional
def set_alert_dates(
    note_id: int,
    *,
    until: date | None,
    snoozed_until: date | None,
    staff_id: int | None = None,
) -> NoteView:
    """Set (or clear, with None) when a pinned alert ends and until when it is snoozed."""
    today = local_today()
    with write_transaction():
        note = Note.get_or_none(Note.id == note_id) if 0 < note_id < 2**63 else None
        if note is None:
            raise NotFoundError(f"no note with id {note_id}")
        if until != note.pinned_until:  # one already past may stay as it is
            _check_day("until", until, today)
        if snoozed_until != note.snoozed_until:
            _check_day("snooze", snoozed_until, today)
        known_staff(staff_id)
        before = {"until": note.pinned_until, "snoozed_until": note.snoozed_until}
        after = {"until": until, "snoozed_until": snoozed_until}
        note.pinned_until, note.snoozed_until = until, snoozed_until
        note.save()
        changed = audit.diff(before, after)
        if changed:
            audit.record(
                "note.alert", note.customer_id, {"note": note_id, **changed}, staff_id=staff_id
            )
    return _view(note)


def snooze_note(note_id: int, days: int, *, staff_id: int | None = None) -> NoteView:
    """Hide a pinned alert for ``days`` days, today included (1: back tomorrow)."""
    if not 1 <= days <= MAX_AHEAD.days:
        raise ValidationError({"snooze": "snooze for 1 day or more, within three years"})
    note = Note.get_or_none(Note.id == note_id) if 0 < note_id < 2**63 else None
    if note is None:
        raise NotFoundError(f"no note with id {note_id}")
    until = local_today() + timedelta(days=days - 1)
    return set_alert_dates(note_id, until=note.pinned_until, snoozed_until=until, staff_id=staff_id)


def pinned_notes(customer_id: int, today: date | None = None) -> list[NoteView]:
    """The alerts the card shows ``today``: pinned, not past their until-date, not snoozed."""
    today = today or local_today()
    query = (
        Note.select()
        .where(
            (Note.customer == customer_id)
            & Note.pinned
            & (Note.pinned_until.is_null() | (Note.pinned_until >= today))
            & (Note.snoozed_until.is_null() | (Note.snoozed_until < today))
        )
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
