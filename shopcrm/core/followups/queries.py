"""Reading follow-ups: the card's open ones, the Follow-ups list, and the two lists the Today
page shows (what is due, which complaints are past their target).

Every query starts from an index of ``followup``: open ones by due date, open complaints by
age, a customer's by status. Open follow-ups are a few hundred even in a shop of a million
customers, and closed ones are never walked by these queries except the list's own filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import peewee

from shopcrm.core import settings
from shopcrm.core.errors import ValidationError
from shopcrm.core.followups.kinds import COMPLAINT, KINDS, OPEN, STATUSES, kind_title
from shopcrm.core.followups.views import FollowupView, local_day, selected, views
from shopcrm.core.followups.workdays import latest_opened_past, working_days_between
from shopcrm.db.care_models import Followup

#: The status filter that means "open and late" rather than a stored status.
OVERDUE = "overdue"
FILTERS = (*STATUSES, OVERDUE)
#: The most rows one read returns (the lists page on from there).
MAX_ROWS = 1_000


def _today(today: date | None) -> date:
    return today or local_day(datetime.now(UTC))


def opened_before(day: date) -> datetime:
    """The UTC moment the local ``day`` starts: a follow-up opened before it was opened on an
    earlier day."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC)


def _past_target(today: date, target: int) -> peewee.Expression:
    """Open complaints more than ``target`` working days old on ``today``."""
    cutoff = opened_before(latest_opened_past(target, today) + timedelta(days=1))
    return (Followup.status == OPEN) & (Followup.kind == COMPLAINT) & (Followup.created_at < cutoff)


def _late(today: date, target: int) -> peewee.Expression:
    other_late = (
        (Followup.status == OPEN) & (Followup.kind != COMPLAINT) & (Followup.due_on < today)
    )
    return other_late | _past_target(today, target)


def list_followups(
    *,
    status: str | None = OPEN,
    kind: str | None = None,
    assignee_id: int | None = None,
    customer_id: int | None = None,
    today: date | None = None,
    offset: int = 0,
    limit: int = 200,
) -> list[FollowupView]:
    """Follow-ups filtered as the Follow-ups list and ``shopcrm followups list`` offer:
    by status (or ``overdue``: open and late), kind, assignee and customer. Open ones come
    soonest due first, closed ones last closed first."""
    errors = {}
    if status is not None and status not in FILTERS:
        errors["status"] = f"the status is one of: {', '.join(FILTERS)}"
    if kind is not None and kind not in KINDS:
        errors["kind"] = f"the kind is one of: {', '.join(KINDS)}"
    if errors:
        raise ValidationError(errors)
    today = _today(today)
    target = settings.load().complaint_target_days
    query = selected()
    if status == OVERDUE:
        query = query.where(_late(today, target))
    elif status is not None:
        query = query.where(Followup.status == status)
    if kind is not None:
        query = query.where(Followup.kind == kind)
    if assignee_id is not None:
        query = query.where(Followup.assignee == assignee_id)
    if customer_id is not None:
        query = query.where(Followup.customer == customer_id)
    if status in (OPEN, OVERDUE):
        query = query.order_by(Followup.due_on, Followup.id)
    else:
        query = query.order_by(Followup.closed_at.desc(nulls="FIRST"), Followup.id.desc())
    page = query.offset(max(0, offset)).limit(max(0, min(limit, MAX_ROWS)))
    return views(page, today, target)


def open_followups(customer_id: int, today: date | None = None) -> list[FollowupView]:
    """A customer's open follow-ups, for the top of their card: soonest due first."""
    return list_followups(customer_id=customer_id, today=today, limit=MAX_ROWS)


@dataclass(frozen=True)
class TodayFollowup:
    """One row of the Today page's follow-up lists: who, what, and why it is there."""

    followup_id: int
    customer_id: int
    customer_name: str
    kind: str
    about: str
    due_on: date
    assignee: str | None
    age_days: int
    reason: str

    def to_json(self) -> dict[str, object]:
        return {
            "customer_id": self.customer_id,
            "customer_name": self.customer_name,
            "followup_id": self.followup_id,
            "kind": self.kind,
            "about": self.about,
            "due_on": self.due_on.isoformat(),
            "assignee": self.assignee,
            "age_working_days": self.age_days,
            "reason": self.reason,
        }


def _today_row(view: FollowupView, reason: str) -> TodayFollowup:
    return TodayFollowup(
        view.id,
        view.customer_id,
        view.customer_name,
        view.kind,
        view.about,
        view.due_on,
        view.assignee,
        view.age_days,
        reason,
    )


def _due_reason(view: FollowupView, day: date) -> str:
    late = (day - view.due_on).days
    when = "due today" if late == 0 else f"{late} day{'s' if late != 1 else ''} overdue"
    return f"{kind_title(view.kind)}: {view.about.splitlines()[0]} ({when})"


def followups_due(day: date | None = None, limit: int = 200) -> list[TodayFollowup]:
    """Open follow-ups due on ``day`` or before, most overdue first, except complaints past
    the owner's target: those are :func:`complaints_overdue`'s (each shows once)."""
    day = _today(day)
    target = settings.load().complaint_target_days
    query = (
        selected()
        .where((Followup.status == OPEN) & (Followup.due_on <= day))
        .where(~_past_target(day, target))
        .order_by(Followup.due_on, Followup.id)
        .limit(max(0, min(limit, MAX_ROWS)))
    )
    return [_today_row(v, _due_reason(v, day)) for v in views(query, day, target)]


def complaints_overdue(day: date | None = None, limit: int = 200) -> list[TodayFollowup]:
    """Open complaints more than the owner's target of working days old on ``day``, oldest
    first."""
    day = _today(day)
    target = settings.load().complaint_target_days
    query = (
        selected()
        .where(_past_target(day, target))
        .order_by(Followup.created_at, Followup.id)
        .limit(max(0, min(limit, MAX_ROWS)))
    )
    rows = []
    for view in views(query, day, target):
        age = working_days_between(local_day(view.created_at), day)
        reason = (
            f"Complaint open {age} working days (target {target}): {view.about.splitlines()[0]}"
        )
        rows.append(_today_row(view, reason))
    return rows
