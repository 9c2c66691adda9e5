"""Follow-ups as their readers see them: the card, the Follow-ups list, the command line.

A view is read with its customer's name, the staff names and the recovery voucher's code in
one query (the staff list is small and read once per query), and carries its age in working
days and whether it is late, both as of the ``today`` it was read for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import peewee

from shopcrm.core.followups.kinds import COMPLAINT, OPEN
from shopcrm.core.followups.workdays import working_days_between
from shopcrm.core.vouchers.codes import grouped
from shopcrm.db.care_models import Followup
from shopcrm.db.models import Customer, Staff, Voucher


@dataclass(frozen=True)
class FollowupView:
    """``age_days``: working days since it was opened (up to its closing, once closed);
    ``late``: open and past what is expected of it (a complaint past the owner's target in
    working days, anything else past its due date)."""

    id: int
    customer_id: int
    customer_name: str
    kind: str
    about: str
    visit_id: int | None
    due_on: date
    assignee_id: int | None
    assignee: str | None
    status: str
    resolution: str
    created_at: datetime
    created_by: str | None
    closed_at: datetime | None
    closed_by: str | None
    voucher_code: str | None
    age_days: int
    late: bool

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "customer_name": self.customer_name,
            "kind": self.kind,
            "about": self.about,
            "visit_id": self.visit_id,
            "due_on": self.due_on.isoformat(),
            "assignee": self.assignee,
            "status": self.status,
            "resolution": self.resolution,
            "created_at": self.created_at.isoformat(),
            "created_by": self.created_by,
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "closed_by": self.closed_by,
            "voucher_code": self.voucher_code,
            "age_working_days": self.age_days,
            "late": self.late,
        }


def local_day(moment: datetime) -> date:
    """The shop's calendar day of a stored UTC time (the computer's zone, as at the till)."""
    return moment.astimezone().date()


def is_late(kind: str, status: str, due_on: date, age_days: int, target: int, today: date):
    if status != OPEN:
        return False
    return age_days > target if kind == COMPLAINT else due_on < today


def selected() -> peewee.ModelSelect[Followup]:
    """Follow-ups with what their views need; the caller adds the conditions and order."""
    return (
        Followup.select(
            Followup,
            Customer.first_name,
            Customer.last_name,
            Voucher.code,
        )
        .join(Customer, on=Customer.id == Followup.customer, attr="person")
        .switch(Followup)
        .join(
            Voucher,
            peewee.JOIN.LEFT_OUTER,
            on=Voucher.id == Followup.voucher,
            attr="recovery",
        )
    )


def staff_names() -> dict[int, str]:
    return {int(row.id): str(row.name) for row in Staff.select(Staff.id, Staff.name)}


def views(rows: Iterable[Any], today: date, target: int) -> list[FollowupView]:
    names = staff_names()
    result = []
    for row in rows:
        customer = row.person
        until = local_day(row.closed_at) if row.closed_at else today
        age = working_days_between(local_day(row.created_at), until)
        code = row.recovery.code if row.voucher_id and row.recovery else None
        result.append(
            FollowupView(
                id=row.id,
                customer_id=row.customer_id,
                customer_name=f"{customer.first_name} {customer.last_name}".strip(),
                kind=row.kind,
                about=row.about,
                visit_id=row.visit_id,
                due_on=row.due_on,
                assignee_id=row.assignee_id,
                assignee=names.get(row.assignee_id) if row.assignee_id else None,
                status=row.status,
                resolution=row.resolution,
                created_at=row.created_at,
                created_by=names.get(row.created_by_id) if row.created_by_id else None,
                closed_at=row.closed_at,
                closed_by=names.get(row.closed_by_id) if row.closed_by_id else None,
                voucher_code=grouped(code) if code else None,
                age_days=age,
                late=is_late(row.kind, row.status, row.due_on, age, target, today),
            )
        )
    return result
