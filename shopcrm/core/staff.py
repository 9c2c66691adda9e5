"""The people who work the till. Every visit, note and change records who made it.

Roles are "cashier" and "owner". Managing staff (adding, changing a role, deactivating,
setting a PIN) is owner-only and checked here, in core (:mod:`shopcrm.core.owner`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import peewee

from shopcrm.core import audit
from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.owner import OwnerProof, forget_proofs_of, require_owner
from shopcrm.core.validation import MAX_STAFF_NAME, clean_text, quoted
from shopcrm.db import write_transaction
from shopcrm.db.models import Staff
from shopcrm.db.transactions import transactional


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


def _who(owner: OwnerProof | None, at_the_till: int | None) -> int | None:
    """Who made an owner-only change, for the audit log: the owner who proved their PIN, else
    (a shop without a PIN) the person at the till, when they are on the staff list."""
    if owner is not None:
        return owner.staff_id
    return known_staff(at_the_till)


def _member(row: Staff) -> StaffMember:
    return StaffMember(row.id, row.name, row.role, row.active)


def known_staff(staff_id: int | None) -> int | None:
    """``staff_id`` itself when it names someone who works here now (or is None); otherwise
    :class:`NotFoundError`, or :class:`ValidationError` for someone who has left. Every use
    case that records who did something checks through here."""
    if staff_id is None:
        return None
    row = Staff.get_or_none(Staff.id == staff_id) if 0 < staff_id < 2**63 else None
    if row is None:
        raise NotFoundError(f"no staff member with id {staff_id}")
    _active(row)
    return staff_id


def _active(row: Staff) -> Staff:
    if not row.active:
        raise ValidationError({"staff": f"{row.name} does not work here any more (inactive)"})
    return row


def list_staff(*, include_inactive: bool = False) -> list[StaffMember]:
    query = Staff.select().order_by(Staff.name)
    if not include_inactive:
        query = query.where(Staff.active)
    return [_member(s) for s in query]


@transactional
def add_staff(
    name: str,
    role: str = "cashier",
    *,
    owner: OwnerProof | None = None,
    staff_id: int | None = None,
) -> StaffMember:
    errors = {}
    try:
        name = clean_text(name, limit=MAX_STAFF_NAME, required="a name is needed")
    except ValueError as exc:
        errors["name"] = str(exc)
    if role not in ROLES:
        errors["role"] = f"the role is one of: {', '.join(ROLES)}"
    if errors:
        raise ValidationError(errors)
    try:
        with write_transaction():
            require_owner(owner, "add staff")
            who = _who(owner, staff_id)
            if Staff.select().where(Staff.name == name).exists():
                raise ValidationError({"name": f"{name} already works here"})
            row = Staff.create(name=name, role=role, active=True)
            change = {"name": name, "role": role}
            audit.record("staff.add", row.id, change, staff_id=who)
    except peewee.IntegrityError:  # added at another till between the check and the insert
        raise ValidationError({"name": f"{name} already works here"}) from None
    return _member(row)


@transactional
def set_active(
    staff_id: int, active: bool, *, owner: OwnerProof | None = None, by: int | None = None
) -> StaffMember:
    """Let someone go (or take them back): owner only."""
    with write_transaction():
        require_owner(owner, "change staff")
        who = _who(owner, by)  # before the change: someone may be letting themselves go
        row = Staff.get_or_none(Staff.id == staff_id)
        if row is None:
            raise NotFoundError(f"no staff member with id {staff_id}")
        change = {"name": row.name, "active": audit.change(row.active, active)}
        row.active = active
        row.save()
        audit.record("staff.active", staff_id, change, staff_id=who)
    forget_proofs_of(staff_id)
    return _member(row)


@transactional
def set_role(
    staff_id: int, role: str, *, owner: OwnerProof | None = None, by: int | None = None
) -> StaffMember:
    """Make someone a cashier or an owner: owner only. An owner made a cashier keeps a PIN
    they set, unused until they are an owner again."""
    if role not in ROLES:
        raise ValidationError({"role": f"the role is one of: {', '.join(ROLES)}"})
    with write_transaction():
        require_owner(owner, "change staff")
        who = _who(owner, by)  # before the change: someone may be letting themselves go
        row = Staff.get_or_none(Staff.id == staff_id)
        if row is None:
            raise NotFoundError(f"no staff member with id {staff_id}")
        change = {"name": row.name, "role": audit.change(row.role, role)}
        row.role = role
        row.save()
        audit.record("staff.role", staff_id, change, staff_id=who)
    forget_proofs_of(staff_id)
    return _member(row)


def find_staff(name_or_id: str | int | None) -> StaffMember | None:
    """A staff member by id or (case-insensitive) name; None when not given."""
    if name_or_id is None or name_or_id == "":
        return None
    text = str(name_or_id).strip()
    if isinstance(name_or_id, int) or (text.isascii() and text.isdigit()):
        number = int(name_or_id)
        row = Staff.get_or_none(Staff.id == number) if 0 < number < 2**63 else None
    else:
        wanted = " ".join(text.split()).casefold()
        row = next((s for s in Staff.select() if s.name.casefold() == wanted), None)
    if row is None:
        raise NotFoundError(f"no staff member {quoted(text)}")
    return _member(row)


def acting_staff(name_or_id: str | int | None) -> int | None:
    """Who does what is asked: the staff member named (who must still work here), else who is
    at the till by default (:func:`default_staff`)."""
    member = find_staff(name_or_id)
    if member is None:
        member = default_staff()
        return member.id if member else None
    return known_staff(member.id)


def default_staff() -> StaffMember | None:
    """Who is at the till when nobody was chosen: the first active owner, else anyone active."""
    row = (
        Staff.select()
        .where(Staff.active)
        .order_by((Staff.role == "owner").desc(), Staff.id)
        .first()
    )
    return _member(row) if row else None
