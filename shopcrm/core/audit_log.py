"""Reading the audit log (:mod:`shopcrm.core.audit`): owner-only, newest first, a page at a
time. The view and ``shopcrm audit`` ask for a page of :data:`DEFAULT_LIMIT` rows older than the
last one shown (keyset paging on the primary key: a page costs the same at row 100 as at row
a million, where an OFFSET would read every row skipped)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from shopcrm.core.formats import ShopFormats
from shopcrm.core.owner import OwnerProof, require_owner
from shopcrm.db.care_models import AuditEntry
from shopcrm.db.models import utc_from_db
from shopcrm.db.rows import tuples

#: Rows one call of :func:`entries` returns unless asked (a page of the view, the CLI's default).
DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000


@dataclass(frozen=True)
class AuditLine:
    id: int
    at: datetime
    till: str
    staff_id: int | None
    staff: str | None
    action: str
    subject: str
    changes: dict[str, object]

    def to_json(self) -> dict[str, object]:
        return {
            "at": self.at.isoformat(),
            "till": self.till,
            "staff": self.staff,
            "staff_id": self.staff_id,
            "action": self.action,
            "subject": self.subject,
            "changes": self.changes,
        }


def since_start(day: date | datetime | None) -> datetime | None:
    """A date as the UTC start of that day; a datetime as itself in UTC."""
    if day is None:
        return None
    if isinstance(day, datetime):
        return day.astimezone(UTC) if day.tzinfo else day.replace(tzinfo=UTC)
    return datetime.combine(day, time(), tzinfo=UTC)


def entries(
    *,
    owner: OwnerProof | None = None,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    action: str | None = None,
    before_id: int | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[AuditLine]:
    """The newest rows first, at most ``limit``: from ``since`` (inclusive), before ``until``
    (exclusive), of ``action`` (an exact name, or a prefix ending in "." such as
    ``"voucher."``), older than row ``before_id`` (the next page). Owner-only."""
    require_owner(owner, "read the audit log")
    limit = max(1, min(int(limit), MAX_LIMIT))
    query = AuditEntry.select(
        AuditEntry.id,
        AuditEntry.at,
        AuditEntry.till,
        AuditEntry.staff_id,
        AuditEntry.staff_name,
        AuditEntry.action,
        AuditEntry.subject,
        AuditEntry.changes,
    )
    start, end = since_start(since), since_start(until)
    if start is not None:
        query = query.where(AuditEntry.at >= start)
    if end is not None:
        query = query.where(AuditEntry.at < end)
    if action:
        if action.endswith("."):
            query = query.where(AuditEntry.action.startswith(action))
        else:
            query = query.where(AuditEntry.action == action)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    query = query.order_by(AuditEntry.id.desc()).limit(limit)
    return [
        AuditLine(
            row[0],
            utc_from_db(row[1]),
            row[2],
            row[3],
            row[4],
            row[5],
            row[6],
            json.loads(row[7] or "{}"),
        )
        for row in tuples(query)
    ]


def _value_text(value: object, shop: ShopFormats) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return shop.number(value)
    if isinstance(value, list):
        return ", ".join(_value_text(v, shop) for v in value)
    return str(value)


def changes_text(changes: dict[str, object], shop: ShopFormats) -> str:
    """``field: before → after; field: value`` for a person, numbers in the shop's locale and
    amounts (``*_minor``) as money."""
    parts = []
    for name, value in changes.items():
        money = name.endswith("_minor")
        label = name.removesuffix("_minor").replace("_", " ")

        def one(v: object, money: bool = money) -> str:
            if money and isinstance(v, int) and not isinstance(v, bool):
                return shop.money(v)
            return _value_text(v, shop)

        if isinstance(value, dict) and set(value) == {"before", "after"}:
            parts.append(f"{label}: {one(value['before'])} → {one(value['after'])}")
        else:
            parts.append(f"{label}: {one(value)}")
    return "; ".join(parts)
