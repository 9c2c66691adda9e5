"""Opening, closing, dropping and reassigning follow-ups: each one use case, one transaction,
one audit row.

A follow-up goes from open to done (resolved, with how) or to dropped (not worth doing, with
why), once: a closed one is not reopened (the history would lie about when it was resolved);
something new about the same matter is a new follow-up. Closing a complaint can give one
service-recovery voucher in the same transaction, through the single-voucher use case of
:mod:`shopcrm.core.vouchers`: if the voucher cannot be issued, the complaint stays open.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from shopcrm.core import audit, settings
from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.followups.kinds import (
    COMPLAINT,
    DONE,
    DROPPED,
    KINDS,
    MAX_ABOUT,
    MAX_AHEAD,
    OPEN,
    default_due,
)
from shopcrm.core.followups.views import FollowupView, local_day, selected, views
from shopcrm.core.staff import default_staff, known_staff
from shopcrm.core.validation import MAX_REASON, checked_text
from shopcrm.core.vouchers.batches import issue_single
from shopcrm.core.vouchers.values import VoucherValue
from shopcrm.db import write_transaction
from shopcrm.db.care_models import Followup
from shopcrm.db.models import Customer, Visit
from shopcrm.db.transactions import lock_customer, transactional

#: The message printed on a service-recovery voucher.
RECOVERY_MESSAGE = (
    "Dear {first_name}, we are sorry we let you down. Please come back and enjoy this."
)


def _assignee(assignee_id: int | None, staff_id: int | None) -> int | None:
    """Who a new follow-up goes to (see :mod:`.kinds`): the one named, else whoever
    captures it, else the till's default person (the first active owner)."""
    if assignee_id is not None:
        return known_staff(assignee_id)
    if staff_id is not None:
        return staff_id
    member = default_staff()
    return member.id if member else None


def _check_new(kind: str, about: str, due_on: date | None, today: date) -> tuple[str, date]:
    errors: dict[str, str] = {}
    if kind not in KINDS:
        errors["kind"] = f"the kind is one of: {', '.join(KINDS)}"
    try:
        about = checked_text(
            "note", about, limit=MAX_ABOUT, required="say what it is about", multiline=True
        )
    except ValidationError as exc:
        errors.update(exc.errors)
    due = due_on if due_on is not None else default_due(kind, today)
    if due < today:
        errors["due"] = "the due date has passed already"
    elif due > today + MAX_AHEAD:
        errors["due"] = "a follow-up is due within a year"
    if errors:
        raise ValidationError(errors)
    return about, due


@transactional
def add_followup(
    customer_id: int,
    kind: str,
    about: str,
    *,
    due_on: date | None = None,
    assignee_id: int | None = None,
    visit_id: int | None = None,
    staff_id: int | None = None,
    now: datetime | None = None,
) -> FollowupView:
    """Open a follow-up for a customer; due date and assignee default by kind (see
    :mod:`.kinds`)."""
    now = now or datetime.now(UTC)
    today = local_day(now)
    about, due = _check_new(kind, about, due_on, today)
    with write_transaction():
        if not lock_customer(customer_id):
            raise NotFoundError(f"no customer with id {customer_id}")
        erased = Customer.select(Customer.erased_at).where(Customer.id == customer_id).scalar()
        if erased is not None:
            raise ValidationError({"customer": "this customer's personal data was erased"})
        known_staff(staff_id)
        if visit_id is not None:
            owner = Visit.select(Visit.customer).where(Visit.id == visit_id).scalar()
            if owner is None:
                raise NotFoundError(f"no visit with id {visit_id}")
            if owner != customer_id:
                raise ValidationError({"visit": f"visit {visit_id} is another customer's"})
        row = _insert(customer_id, kind, about, due, visit_id, staff_id, assignee_id, now)
    return _read(row.id, now)


def _insert(
    customer_id: int,
    kind: str,
    about: str,
    due: date,
    visit_id: int | None,
    staff_id: int | None,
    assignee_id: int | None,
    now: datetime,
) -> Followup:
    """Write a new follow-up and its audit row (inside the caller's transaction)."""
    assignee = _assignee(assignee_id, staff_id)
    row = Followup.create(
        customer=customer_id,
        kind=kind,
        about=about,
        visit=visit_id,
        due_on=due,
        assignee=assignee,
        status=OPEN,
        created_at=now,
        created_by=staff_id,
    )
    audit.record(
        "followup.add",
        customer_id,
        {"followup": row.id, "kind": kind, "about": about, "due": due, "assignee": assignee},
        staff_id=staff_id,
        now=now,
    )
    return row


def open_complaint_for_score(
    customer_id: int,
    visit_id: int,
    satisfaction: int,
    feedback: str,
    staff_id: int | None,
    now: datetime,
) -> Followup:
    """The complaint a low satisfaction score opens by itself: called by
    :func:`shopcrm.core.visits.log_visit` inside its transaction, with the customer locked."""
    about = f"Scored the visit {satisfaction} of 5"
    if feedback:
        about += f": {feedback}"
    about = about[:MAX_ABOUT]
    due = default_due(COMPLAINT, local_day(now))
    return _insert(customer_id, COMPLAINT, about, due, visit_id, staff_id, None, now)


def _locked(followup_id: int) -> Followup:
    """The follow-up, read after its customer is locked (another till may be closing it)."""
    customer = Followup.select(Followup.customer).where(Followup.id == followup_id).scalar()
    if customer is not None:
        lock_customer(customer)
    row = Followup.get_or_none(Followup.id == followup_id) if 0 < followup_id < 2**63 else None
    if row is None:
        raise NotFoundError(f"no follow-up with id {followup_id}")
    return row


def _still_open(row: Followup) -> None:
    if row.status != OPEN:
        raise ValidationError(
            {"followup": f"follow-up {row.id} is {row.status} already; add a new one instead"}
        )


def _check_voucher(
    voucher: VoucherValue | None, expires_on: date | None
) -> tuple[VoucherValue, date] | None:
    if voucher is None and expires_on is None:
        return None
    if voucher is None:
        raise ValidationError({"voucher": "say what the voucher is worth"})
    if expires_on is None:
        raise ValidationError({"expires": "say until when the voucher is valid"})
    return voucher.check(), expires_on


@transactional
def close_followup(
    followup_id: int,
    resolution: str,
    *,
    voucher: VoucherValue | None = None,
    voucher_expires: date | None = None,
    staff_id: int | None = None,
    now: datetime | None = None,
) -> FollowupView:
    """Mark a follow-up done with how it was resolved; a complaint may give one
    service-recovery voucher in the same transaction."""
    now = now or datetime.now(UTC)
    resolution = checked_text(
        "resolution", resolution, limit=MAX_REASON, required="say how it was resolved"
    )
    recovery = _check_voucher(voucher, voucher_expires)
    with write_transaction():
        row = _locked(followup_id)
        _still_open(row)
        known_staff(staff_id)
        changes: dict[str, object] = {
            "followup": row.id,
            "status": audit.change(OPEN, DONE),
            "resolution": resolution,
        }
        if recovery is not None:
            if row.kind != COMPLAINT:
                raise ValidationError({"voucher": "a recovery voucher closes a complaint"})
            value, expires = recovery
            issued = issue_single(
                row.customer_id,
                value,
                expires,
                RECOVERY_MESSAGE,
                name="Service recovery",
                staff_id=staff_id,
            )
            row.voucher_id = issued.vouchers[0].id
            changes["voucher"] = issued.vouchers[0].id
        row.status = DONE
        row.resolution = resolution
        row.closed_at = now
        row.closed_by_id = staff_id
        row.save()
        audit.record("followup.close", row.customer_id, changes, staff_id=staff_id, now=now)
    return _read(row.id, now)


@transactional
def drop_followup(
    followup_id: int, reason: str, *, staff_id: int | None = None, now: datetime | None = None
) -> FollowupView:
    """Close a follow-up as not worth doing any more, saying why."""
    now = now or datetime.now(UTC)
    reason = checked_text("reason", reason, limit=MAX_REASON, required="say why it is dropped")
    with write_transaction():
        row = _locked(followup_id)
        _still_open(row)
        known_staff(staff_id)
        row.status = DROPPED
        row.resolution = reason
        row.closed_at = now
        row.closed_by_id = staff_id
        row.save()
        changes = {"followup": row.id, "status": audit.change(OPEN, DROPPED), "reason": reason}
        audit.record("followup.drop", row.customer_id, changes, staff_id=staff_id, now=now)
    return _read(row.id, now)


@transactional
def reassign_followup(
    followup_id: int,
    assignee_id: int,
    *,
    staff_id: int | None = None,
    now: datetime | None = None,
) -> FollowupView:
    """Give an open follow-up to someone else (who must work here now)."""
    now = now or datetime.now(UTC)
    with write_transaction():
        row = _locked(followup_id)
        _still_open(row)
        known_staff(staff_id)
        before = row.assignee_id
        row.assignee_id = known_staff(assignee_id)
        row.save()
        if before != assignee_id:
            changes = {"followup": row.id, "assignee": audit.change(before, assignee_id)}
            audit.record("followup.assign", row.customer_id, changes, staff_id=staff_id, now=now)
    return _read(row.id, now)


def get_followup(followup_id: int, now: datetime | None = None) -> FollowupView:
    if not 0 < followup_id < 2**63:
        raise NotFoundError(f"no follow-up with id {followup_id}")
    return _read(followup_id, now or datetime.now(UTC))


def _read(followup_id: int, now: datetime) -> FollowupView:
    target = settings.load().complaint_target_days
    found = views(selected().where(Followup.id == followup_id), local_day(now), target)
    if not found:
        raise NotFoundError(f"no follow-up with id {followup_id}")
    return found[0]
