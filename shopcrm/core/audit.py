"""The audit log: who changed what, when, at which till, and from what to what.

Every change use case calls :func:`record` inside its own write transaction, so a change that
rolls back leaves no row and a committed one always has its row. The row is one INSERT whose
staff name comes from a sub-select in the same statement (the name at the time, kept when the
member is renamed or leaves): logging a visit gains one small statement, nothing else
(measured in tests/core/test_audit.py). Rows are only ever inserted: no function here or
anywhere in core updates or deletes them (a test reads the source to show it).

``changes`` maps each field that changed to ``{"before": ..., "after": ...}``, and gives other
fields (of a new record, or what the change was about) as plain values. Values are kept short
(:data:`MAX_VALUE` characters: a note's text is cut; :data:`MAX_ITEMS` ids of a list), and a
PIN, its hash or a proof token is never recorded, only that a PIN was set.

Reading the log is owner-only: :mod:`shopcrm.core.audit_log`.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Protocol

from shopcrm.db.care_models import AuditEntry
from shopcrm.db.models import Staff

#: Longest value kept for a field (a note, a reason); longer ones end in "…".
MAX_VALUE = 200
#: Longest list kept (the vouchers of a void of thousands keep their first few ids).
MAX_ITEMS = 50

ACTIONS = (
    "customer.add",
    "customer.edit",
    "customer.merge",
    "customer.unmerge",
    "customer.import",
    "customer.consent",
    "customer.erase",
    "customer.export",
    "shop.export",
    "segment.tag",
    "note.add",
    "note.pin",
    "visit.log",
    "visit.void",
    "loyalty.adjust",
    "loyalty.redeem",
    "voucher.issue",
    "voucher.void",
    "voucher.redeem",
    "backup.restore",
    "settings.change",
    "staff.add",
    "staff.role",
    "staff.active",
    "staff.pin",
    "followup.add",
    "followup.close",
    "followup.drop",
    "followup.assign",
    "note.alert",
    "shop.setup",
)


def this_till() -> str:
    """The name this computer's changes (and vouchers' redemptions) are recorded under."""
    return socket.gethostname()[:80] or "till"


def _short(value: object) -> object:
    if isinstance(value, str) and len(value) > MAX_VALUE:
        return value[: MAX_VALUE - 1] + "…"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_short(v) for v in value[:MAX_ITEMS]]
    if isinstance(value, dict):
        return {str(k): _short(v) for k, v in value.items()}
    return _short(str(value))


def change(before: object, after: object) -> dict[str, object]:
    """One field's change as the log keeps it: ``{"before": ..., "after": ...}``."""
    return {"before": _short(before), "after": _short(after)}


def diff(before: Mapping[str, object], after: Mapping[str, object]) -> dict[str, object]:
    """:func:`change` of each field whose value differs."""
    return {
        name: change(before.get(name), value)
        for name, value in after.items()
        if before.get(name) != value
    }


class _Proof(Protocol):  # core.owner.OwnerProof (core.owner records staff.pin here)
    @property
    def staff_id(self) -> int: ...


def actor(staff_id: int | None, owner: _Proof | None) -> int | None:
    """Who did an owner-only change: the staff member named, else the owner who proved it."""
    return staff_id if staff_id is not None else (owner.staff_id if owner else None)


def record(
    action: str,
    subject: object = "",
    changes: Mapping[str, object] | None = None,
    *,
    staff_id: int | None = None,
    now: datetime | None = None,
    till: str | None = None,
    staff_name: str | None = None,
) -> None:
    """Add one row to the log; call it inside the use case's write transaction.
    ``staff_name`` is given only when the staff list is another database's (a restore)."""
    assert action in ACTIONS, action
    text = json.dumps(
        {k: _short(v) for k, v in (changes or {}).items()}, ensure_ascii=False, sort_keys=True
    )
    name: object = staff_name
    if staff_id and staff_name is None:
        name = Staff.select(Staff.name).where(Staff.id == staff_id)
    AuditEntry.insert(
        at=now or datetime.now(UTC),
        till=till or this_till(),
        staff_id=staff_id,
        staff_name=name,
        action=action,
        subject=str(subject)[:120],
        changes=text,
    ).execute()
