"""Logging and voiding visits: one use case, one transaction, loyalty and ranking included.

Logging a visit writes the visit, what it earned on the loyalty ledger (under the rules in
force at that moment), the customer's visit statistics and, when the customer crossed a
regularity step, their search rank, all in one transaction. Voiding keeps the visit (struck
through in the history) and writes reversing ledger entries, never letting a balance go below
zero when the points were already spent, and never taking back points that have expired
already (they left the balance once).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import peewee

from shopcrm.core import audit, settings
from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.loyalty import account as loyalty
from shopcrm.core.loyalty import lots
from shopcrm.core.loyalty.arithmetic import EARN, REVERSE
from shopcrm.core.loyalty.balances import write_line
from shopcrm.core.loyalty.rules import LoyaltyRules
from shopcrm.core.ranking import rank_bucket, window_start
from shopcrm.core.staff import known_staff
from shopcrm.core.validation import MAX_NOTE, MAX_REASON, checked_text, clean_text
from shopcrm.db import database, write_transaction
from shopcrm.db.models import CustomerStats, LoyaltyEntry, Staff, Visit
from shopcrm.db.rows import row, tuples
from shopcrm.db.search import search_index
from shopcrm.db.transactions import lock_customer, transactional

MAX_AMOUNT_MINOR = 10**12
_KEY = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: A visit logged this far in the future is a clock or typing mistake.
_FUTURE_SLACK = timedelta(minutes=5)


@dataclass(frozen=True)
class VisitView:
    id: int
    customer_id: int
    visited_at: datetime
    amount_minor: int | None
    note: str
    satisfaction: int | None
    feedback: str
    staff: str | None
    voided: bool
    void_reason: str
    stamps_earned: int = 0
    points_earned: int = 0
    #: The complaint follow-up a low score opened by itself (when logged), else None.
    complaint_id: int | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "visited_at": self.visited_at.isoformat(),
            "amount_minor": self.amount_minor,
            "note": self.note,
            "satisfaction": self.satisfaction,
            "feedback": self.feedback,
            "staff": self.staff,
            "voided": self.voided,
            "void_reason": self.void_reason,
            "stamps_earned": self.stamps_earned,
            "points_earned": self.points_earned,
            "complaint_id": self.complaint_id,
        }


def _view(
    visit: Visit, stamps: int = 0, points: int = 0, complaint: int | None = None
) -> VisitView:
    staff = Staff.get_or_none(Staff.id == visit.staff_id) if visit.staff_id else None
    return VisitView(
        id=visit.id,
        customer_id=visit.customer_id,
        visited_at=visit.visited_at,
        amount_minor=visit.amount_minor,
        note=visit.note,
        satisfaction=visit.satisfaction,
        feedback=visit.feedback,
        staff=staff.name if staff else None,
        voided=visit.voided,
        void_reason=visit.void_reason,
        stamps_earned=stamps,
        points_earned=points,
        complaint_id=complaint,
    )


def _check_visit(
    amount_minor: int | None,
    note: str,
    satisfaction: int | None,
    feedback: str,
    at: datetime,
    now: datetime,
) -> tuple[str, str]:
    """The note and feedback to store, or :class:`ValidationError` naming every bad field."""
    errors: dict[str, str] = {}
    if amount_minor is not None and not 0 <= amount_minor <= MAX_AMOUNT_MINOR:
        errors["amount"] = (
            "the amount cannot be negative" if amount_minor < 0 else "the amount is too large"
        )
    texts = {"note": note, "feedback": feedback}
    for field, text in texts.items():
        try:
            texts[field] = clean_text(text, limit=MAX_NOTE, multiline=True)
        except ValueError as exc:
            errors[field] = str(exc)
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        errors["satisfaction"] = "satisfaction is 1 to 5"
    if at.tzinfo is None:
        errors["at"] = "the time needs a time zone"
    elif at > now + _FUTURE_SLACK:
        errors["at"] = "a visit cannot be in the future"
    elif at.year < 2000:
        errors["at"] = "that date is too long ago"
    if errors:
        raise ValidationError(errors)
    return texts["note"], texts["feedback"]


def refresh_customer_stats(customer_id: int, now: datetime) -> CustomerStats:
    """Recompute a customer's visit aggregates and search rank from their visits (inside
    the caller's transaction): after a void, and whenever the cache is rebuilt."""
    live = Visit.customer == customer_id, ~Visit.voided
    count, total, first, last = row(
        Visit.select(
            peewee.fn.COUNT(Visit.id),
            peewee.fn.SUM(Visit.amount_minor),
            peewee.fn.MIN(Visit.visited_at),
            peewee.fn.MAX(Visit.visited_at),
        ).where(*live)
    )
    values = {
        "visits": count or 0,
        "total_spent_minor": int(total or 0),  # PostgreSQL sums a BIGINT as a NUMERIC
        "first_visit_at": Visit.visited_at.python_value(first) if first else None,
        "last_visit_at": Visit.visited_at.python_value(last) if last else None,
    }
    return _store_stats(customer_id, values, now)


def _count_stats_visit(customer_id: int, at: datetime, amount_minor: int | None, now: datetime):
    """Add one new visit to the customer's cached aggregates, without rereading their
    visits (a daily regular has thousands)."""
    stats = CustomerStats.get_or_none(CustomerStats.customer == customer_id)
    if stats is None:
        return refresh_customer_stats(customer_id, now)
    values = {
        "visits": stats.visits + 1,
        "total_spent_minor": stats.total_spent_minor + (amount_minor or 0),
        "first_visit_at": min(filter(None, (stats.first_visit_at, at))),
        "last_visit_at": max(filter(None, (stats.last_visit_at, at))),
    }
    return _store_stats(customer_id, values, now)


def _store_stats(customer_id: int, values: dict[str, object], now: datetime) -> CustomerStats:
    """Write the aggregates with the rank the last 12 months' visits give (an index-only
    count), and move the customer in the search index when the rank changed."""
    recent = (
        Visit.select()
        .where(
            (Visit.customer == customer_id)
            & ~Visit.voided
            & (Visit.visited_at >= window_start(now))
        )
        .count()
    )
    rank = rank_bucket(recent)
    values = {**values, "rank": rank, "ranked_at": now}
    CustomerStats.insert(customer=customer_id, **values).on_conflict(
        conflict_target=[CustomerStats.customer],
        update={getattr(CustomerStats, name): value for name, value in values.items()},
    ).execute()
    search_index(database.obj).rerank(customer_id, rank)
    return CustomerStats(customer=customer_id, **values)


@transactional
def log_visit(
    customer_id: int,
    *,
    amount_minor: int | None = None,
    note: str = "",
    staff_id: int | None = None,
    at: datetime | None = None,
    satisfaction: int | None = None,
    feedback: str = "",
    client_key: str | None = None,
) -> VisitView:
    """Record a visit now (or at ``at``), award what the loyalty rules give for it.

    ``client_key`` (the visit form's key, kept while the cashier retries) makes the call
    idempotent: when the connection broke while an earlier try was committed, nobody can
    know whether it was saved, and the retry returns the visit already saved under the key
    instead of logging a second one."""
    now = datetime.now(UTC)
    at = at or now
    note, feedback = _check_visit(amount_minor, note, satisfaction, feedback, at, now)
    if client_key is not None and not _KEY.fullmatch(client_key):
        raise ValidationError({"client_key": "a visit key is a UUID"})
    with write_transaction():
        if not lock_customer(customer_id):  # another till's visit for them waits (see db)
            raise NotFoundError(f"no customer with id {customer_id}")
        if client_key is not None:
            saved = Visit.get_or_none(Visit.client_key == client_key)
            if saved is not None and saved.customer_id == customer_id:
                return _already_logged(saved)
            if saved is not None:
                raise ValidationError({"client_key": "that key is another customer's visit"})
        visit = Visit.create(
            client_key=client_key,
            customer=customer_id,
            staff=known_staff(staff_id),
            visited_at=at,
            amount_minor=amount_minor,
            note=note,
            satisfaction=satisfaction,
            feedback=feedback,
        )
        shop = settings.load()
        rules = LoyaltyRules.from_settings(shop)
        loyalty.write_off_expired(customer_id, rules, now, staff_id)
        stamps, points = rules.earned(amount_minor)
        if stamps or points:
            write_line(
                customer_id,
                EARN,
                stamps=stamps,
                points=points,
                visit=visit,
                staff=staff_id,
                created_at=at,
                lot_remaining=points,
            )
        _count_stats_visit(customer_id, at, amount_minor, now)
        audit.record(
            "visit.log",
            customer_id,
            {"visit": visit.id, "amount_minor": amount_minor, "stamps": stamps, "points": points},
            staff_id=staff_id,
            now=now,
        )
        complaint = None
        if satisfaction is not None and satisfaction <= shop.complaint_score_threshold:
            complaint = _open_complaint(visit, satisfaction, feedback, staff_id, now)
    return _view(visit, stamps, points, complaint)


def _open_complaint(
    visit: Visit, satisfaction: int, feedback: str, staff_id: int | None, now: datetime
) -> int:
    """A low score opens a complaint in the visit's transaction (the follow-ups are loaded
    only then: most visits carry no score)."""
    from shopcrm.core.followups.lifecycle import open_complaint_for_score

    row = open_complaint_for_score(
        visit.customer_id, visit.id, satisfaction, feedback, staff_id, now
    )
    return row.id


def _already_logged(visit: Visit) -> VisitView:
    """The visit a retry found, with what it earned when it was logged."""
    earned = tuples(
        LoyaltyEntry.select(LoyaltyEntry.stamps, LoyaltyEntry.points).where(
            (LoyaltyEntry.visit == visit.id) & (LoyaltyEntry.kind == EARN)
        )
    )
    stamps, points = next(earned, (0, 0))
    from shopcrm.db.care_models import Followup

    complaint = (
        Followup.select(Followup.id)
        .where((Followup.customer == visit.customer_id) & (Followup.visit == visit.id))
        .scalar()
    )
    return _view(visit, stamps, points, complaint)


@transactional
def void_visit(visit_id: int, reason: str, staff_id: int | None = None) -> VisitView:
    """Void a visit: it stays in the history, and what it earned is taken back."""
    reason = checked_text(
        "reason", reason, limit=MAX_REASON, required="say why the visit is voided"
    )
    now = datetime.now(UTC)
    with write_transaction():
        owner = Visit.select(Visit.customer).where(Visit.id == visit_id).scalar()
        if owner is not None:
            lock_customer(owner)  # then read the visit as the last till left it
        visit = Visit.get_or_none(Visit.id == visit_id)
        if visit is None:
            raise NotFoundError(f"no visit with id {visit_id}")
        if visit.voided:
            raise ValidationError({"visit": f"visit {visit_id} is already voided"})
        visit.voided = True
        visit.void_reason = reason
        visit.voided_at = now
        visit.voided_by_id = known_staff(staff_id)
        visit.save()
        rules = LoyaltyRules.from_settings(settings.load())
        loyalty.write_off_expired(visit.customer_id, rules, now, staff_id)
        balance = loyalty.balances(visit.customer_id)
        earned = LoyaltyEntry.select().where(
            (LoyaltyEntry.visit == visit_id) & (LoyaltyEntry.kind == EARN)
        )
        for entry in earned:
            stamps = min(entry.stamps, max(balance.stamps, 0))
            owed = entry.points - lots.expired_from(entry.id) if entry.points > 0 else 0
            points = min(owed, max(balance.points, 0))
            if stamps or points:
                write_line(
                    visit.customer_id,
                    REVERSE,
                    stamps=-stamps,
                    points=-points,
                    visit=visit,
                    reverses=entry,
                    reason=f"visit voided: {reason}",
                    staff=staff_id,
                    created_at=now,
                )
                lots.take(visit.customer_id, points, own_lot=entry.id)
                balance = loyalty.Balances(balance.stamps - stamps, balance.points - points)
        refresh_customer_stats(visit.customer_id, now)
        audit.record(
            "visit.void",
            visit.customer_id,
            {"visit": visit_id, "voided": audit.change(False, True), "reason": reason},
            staff_id=staff_id,
            now=now,
        )
    return _view(visit)


def get_visit(visit_id: int) -> VisitView:
    visit = Visit.get_or_none(Visit.id == visit_id)
    if visit is None:
        raise NotFoundError(f"no visit with id {visit_id}")
    return _view(visit)
