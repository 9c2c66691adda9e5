"""One history per customer: visits, notes and loyalty events merged, newest first.

Pages are fetched by position (keyset, not OFFSET): each source is read through its own
(customer, time) index up to ``limit`` rows older than the last item shown, and the three are
merged. A customer with thousands of visits costs the same per page as one with ten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shopcrm.core.loyalty.arithmetic import EARN
from shopcrm.db.models import LoyaltyEntry, Note, Staff, Visit

VISIT, NOTE, LOYALTY = "visit", "note", "loyalty"
_ORDER = {VISIT: 0, NOTE: 1, LOYALTY: 2}


@dataclass(frozen=True)
class TimelineItem:
    kind: str  # visit, note, loyalty
    id: int
    at: datetime
    text: str  # the note, the visit's note, or the ledger reason
    staff: str | None = None
    amount_minor: int | None = None
    satisfaction: int | None = None
    feedback: str = ""
    voided: bool = False
    void_reason: str = ""
    pinned: bool = False
    loyalty_kind: str = ""  # for loyalty items: redeem, adjust, expire, reverse
    stamps: int = 0
    points: int = 0

    @property
    def position(self) -> tuple[datetime, int, int]:
        """Where the item sits in the history (pass the last one shown to get the next page)."""
        return (self.at, -_ORDER[self.kind], self.id)

    def to_json(self) -> dict[str, object]:
        data = {k: v for k, v in self.__dict__.items() if v not in (None, "", False, 0)}
        data.update(kind=self.kind, id=self.id, at=self.at.isoformat())
        return data


def _before(field, id_field, position: tuple[datetime, int, int] | None, kind: str):
    """The rows of one source that come after ``position`` in newest-first order."""
    if position is None:
        return True
    at, order, item_id = position
    mine = -_ORDER[kind]
    if mine < order:
        return field <= at
    if mine > order:
        return field < at
    return (field < at) | ((field == at) & (id_field < item_id))


def timeline(
    customer_id: int,
    before: tuple[datetime, int, int] | None = None,
    limit: int = 50,
) -> list[TimelineItem]:
    """A page of the customer's history, newest first, after ``before`` (a ``position``)."""
    staff: dict[int | None, str] = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    items: list[TimelineItem] = []
    visits = (
        Visit.select()
        .where((Visit.customer == customer_id) & _before(Visit.visited_at, Visit.id, before, VISIT))
        .order_by(Visit.visited_at.desc(), Visit.id.desc())
        .limit(limit)
    )
    earned: dict[int | None, tuple[int, int]] = {}
    visit_rows = list(visits)
    if visit_rows:
        for e in LoyaltyEntry.select(
            LoyaltyEntry.visit, LoyaltyEntry.stamps, LoyaltyEntry.points
        ).where((LoyaltyEntry.kind == EARN) & LoyaltyEntry.visit.in_([v.id for v in visit_rows])):
            earned[e.visit_id] = (e.stamps, e.points)
    for v in visit_rows:
        stamps, points = earned.get(v.id, (0, 0))
        items.append(
            TimelineItem(
                VISIT,
                v.id,
                v.visited_at,
                v.note,
                staff.get(v.staff_id),
                v.amount_minor,
                v.satisfaction,
                v.feedback,
                v.voided,
                v.void_reason,
                stamps=stamps,
                points=points,
            )
        )
    notes = (
        Note.select()
        .where((Note.customer == customer_id) & _before(Note.created_at, Note.id, before, NOTE))
        .order_by(Note.created_at.desc(), Note.id.desc())
        .limit(limit)
    )
    items.extend(
        TimelineItem(NOTE, n.id, n.created_at, n.text, staff.get(n.staff_id), pinned=n.pinned)
        for n in notes
    )
    events = (
        LoyaltyEntry.select()
        .where(
            (LoyaltyEntry.customer == customer_id)
            & (LoyaltyEntry.kind != EARN)
            & _before(LoyaltyEntry.created_at, LoyaltyEntry.id, before, LOYALTY)
        )
        .order_by(LoyaltyEntry.created_at.desc(), LoyaltyEntry.id.desc())
        .limit(limit)
    )
    items.extend(
        TimelineItem(
            LOYALTY,
            e.id,
            e.created_at,
            e.reason,
            staff.get(e.staff_id),
            loyalty_kind=e.kind,
            stamps=e.stamps,
            points=e.points,
        )
        for e in events
    )
    items.sort(key=lambda item: item.position, reverse=True)
    return items[:limit]
