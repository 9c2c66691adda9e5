"""The people who work the till. Every visit, note and change records who made it.

Roles are "cashier" and "owner"; owner-only actions and PINs come later, and will check
``StaffMember.role`` here rather than anywhere in the GUI.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.db import write_transaction
from shopcrm.db.models import Staff


class Role(StrEnum):
    CASHIER = "cashier"
    OWNER = "owner"


ROLES = tuple(Role)


@dataclass(frozen=True)
class StaffMember:
    id: int
    name: str
    role: str
    active: bool

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "role": self.role, "active": self.active}


def _member(row: Staff) -> StaffMember:
    return StaffMember(row.id, row.name, row.role, row.active)


def known_staff(staff_id: int | None) -> int | None:
    """``staff_id`` itself when it names a staff member (or is None); NotFoundError otherwise.
    Every use case that records who did something checks through here."""
    if staff_id is not None and not Staff.select().where(Staff.id == staff_id).exists():
        raise NotFoundError(f"no staff member with id {staff_id}")
    return staff_id


def list_staff(*, include_inactive: bool = False) -> list[StaffMember]:
    query = Staff.select().order_by(Staff.name)
    if not include_inactive:
        query = query.where(Staff.active)
    return [_member(s) for s in query]


def add_staff(name: str, role: str = "cashier") -> StaffMember:
    name = " ".join((name or "").split())
    errors = {}
    if not name:
        errors["name"] = "a name is needed"
    elif len(name) > 60:
        errors["name"] = "at most 60 characters"
    if role not in ROLES:
        errors["role"] = f"the role is one of: {', '.join(ROLES)}"
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        if Staff.select().where(Staff.name == name).exists():
            raise ValidationError({"name": f"{name} already works here"})
        row = Staff.create(name=name, role=role, active=True)
    return _member(row)


def set_active(staff_id: int, active: bool) -> StaffMember:
    with write_transaction():
        row = Staff.get_or_none(Staff.id == staff_id)
        if row is None:
            raise NotFoundError(f"no staff member with id {staff_id}")
        row.active = active
        row.save()
    return _member(row)


def find_staff(name_or_id: str | int | None) -> StaffMember | None:
    """A staff member by id or (case-insensitive) name; None when not given."""
    if name_or_id is None or name_or_id == "":
        return None
    if isinstance(name_or_id, int) or str(name_or_id).isdigit():
        row = Staff.get_or_none(Staff.id == int(name_or_id))
    else:
        wanted = " ".join(str(name_or_id).split()).casefold()
        row = next((s for s in Staff.select() if s.name.casefold() == wanted), None)
    if row is None:
        raise NotFoundError(f"no staff member {name_or_id!r}")
    return _member(row)


def default_staff() -> StaffMember | None:
    """Who is at the till when nobody was chosen: the first active owner, else anyone active."""
    row = (
        Staff.select()
        .where(Staff.active)
        .order_by((Staff.role == "owner").desc(), Staff.id)
        .first()
    )
    return _member(row) if row else None
