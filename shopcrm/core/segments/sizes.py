"""How many customers each segment holds, and who they are (for the filtered list, its bulk
actions and the mailing export). Erased customers are left out; customers who never visited
count as ``none``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee

from shopcrm.core.errors import ValidationError
from shopcrm.core.segments.rules import SEGMENTS
from shopcrm.db.models import Customer, CustomerStats
from shopcrm.db.rows import tuples

NONE = "none"


def segment_sizes() -> dict[str, int]:
    """Every segment's size (``none``: customers with no visit), zeros included, in order."""
    sizes = dict.fromkeys((*SEGMENTS, NONE), 0)
    counted = 0
    for segment, count in tuples(
        CustomerStats.select(CustomerStats.segment, peewee.fn.COUNT(CustomerStats.customer))
        .join(Customer, on=CustomerStats.customer == Customer.id)
        .where(Customer.erased_at.is_null() & CustomerStats.segment.is_null(False))
        .group_by(CustomerStats.segment)
    ):
        if segment in sizes:
            sizes[segment] = count
            counted += count
    everybody = Customer.select().where(Customer.erased_at.is_null()).count()
    sizes[NONE] = everybody - counted
    return sizes


@dataclass(frozen=True)
class SegmentMember:
    customer_id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    do_not_contact: bool
    last_visit: datetime | None

    def to_json(self) -> dict[str, object]:
        return {
            "customer_id": self.customer_id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "phone": self.phone,
            "do_not_contact": self.do_not_contact,
            "last_visit": self.last_visit.isoformat() if self.last_visit else None,
        }


def segment_members(segment: str, *, after_id: int = 0, limit: int = 500) -> list[SegmentMember]:
    """A page of the segment's customers by id (keyset: pass the last id seen as
    ``after_id``), through the index on ``segment``."""
    if segment not in SEGMENTS:
        raise ValidationError({"segment": f"choose one of: {', '.join(SEGMENTS)}"})
    query = (
        Customer.select(
            Customer.id,
            Customer.first_name,
            Customer.last_name,
            Customer.email,
            Customer.phone,
            Customer.do_not_contact,
            CustomerStats.last_visit_at,
        )
        .join(CustomerStats, on=CustomerStats.customer == Customer.id)
        .where(
            (CustomerStats.segment == segment)
            & Customer.erased_at.is_null()
            & (Customer.id > after_id)
        )
        .order_by(Customer.id)
        .limit(limit)
    )
    return [
        SegmentMember(
            cid, first, last, email, phone, bool(dnc), CustomerStats.last_visit_at.python_value(at)
        )
        for cid, first, last, email, phone, dnc, at in tuples(query)
    ]


def customer_segment(customer_id: int) -> str | None:
    """The customer's segment as stored (None: no visit yet)."""
    stats = (
        CustomerStats.select(CustomerStats.segment)
        .where(CustomerStats.customer == customer_id)
        .first()
    )
    return stats.segment if stats else None
