"""The owner PIN on the command line: read from ``SHOPCRM_PIN`` (``SHOPCRM_NEW_PIN`` for a new
one) or asked on the terminal without echo, never from an argument (which other users of the
computer can read in the process list) and never printed.

An owner command (``Command(owner=True)``) proves its ``--staff`` owner before core runs it,
when the shop has a PIN; a refusal is exit code 3 (:data:`EXIT_OWNER`) with one line,
``error: owner PIN required (wrong PIN)``. Without a terminal and without the variable there
is nothing to ask, and the command is refused rather than waiting.
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import TYPE_CHECKING

from shopcrm.cli.arguments import UsageError

if TYPE_CHECKING:
    from shopcrm.core.owner import OwnerProof
    from shopcrm.core.staff import StaffMember

ENV_PIN = "SHOPCRM_PIN"
ENV_NEW_PIN = "SHOPCRM_NEW_PIN"


def read_pin(variable: str, prompt: str) -> str | None:
    """The PIN in ``variable``, else asked on the terminal; None when neither is there."""
    given = os.environ.get(variable)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(prompt)
    except EOFError:
        return None


def owner_proof(staff_id: int | None) -> OwnerProof | None:
    """A proof that ``staff_id`` is an owner who knows their PIN; None (nothing to prove) in a
    shop without a PIN. :class:`~shopcrm.core.owner.OwnerRequired` when it cannot be had."""
    from shopcrm.core.owner import OwnerRequired, prove_owner, shop_has_pin

    if not shop_has_pin():
        return None
    if staff_id is None:
        raise OwnerRequired("nobody works here: name the owner with --staff")
    pin = read_pin(ENV_PIN, "Owner PIN: ")
    if pin is None:
        raise OwnerRequired(f"no PIN given: set {ENV_PIN} or run it in a terminal")
    return prove_owner(staff_id, pin)


def new_pin() -> str:
    """The new PIN from ``SHOPCRM_NEW_PIN``, else asked twice on the terminal."""
    from shopcrm.core.owner import check_pin_format

    given = os.environ.get(ENV_NEW_PIN)
    if given is not None:
        return check_pin_format(given)
    if not sys.stdin.isatty():
        raise UsageError(f"no new PIN given: set {ENV_NEW_PIN} or run it in a terminal")
    first = check_pin_format(getpass.getpass("New PIN (4 to 12 digits): "))
    if getpass.getpass("The new PIN again: ") != first:
        raise UsageError("the two PINs typed differ; nothing changed")
    return first


def set_pin(name: str, staff_id: int | None) -> StaffMember:
    """``shopcrm staff set-pin NAME``: a changed PIN needs the old one, an owner's first PIN
    in a shop that has one needs ``--staff`` an owner and their PIN, the shop's very first PIN
    nothing (see :func:`shopcrm.core.owner.set_pin`)."""
    from shopcrm.core import owner
    from shopcrm.core.staff import find_staff

    member = find_staff(name)
    assert member is not None  # the argument is required and never empty
    if member.role != "owner" or not member.active:
        raise owner.OwnerRequired(
            f"{member.name} is a {member.role}" if member.active else f"{member.name} has left"
        )
    new = new_pin()
    if owner.has_pin(member.id):
        old = read_pin(ENV_PIN, f"{member.name}'s current PIN: ")
        if old is None:
            raise owner.OwnerRequired(f"changing a PIN needs the old one: set {ENV_PIN}")
        owner.set_pin(member.id, new, old_pin=old)
    else:
        owner.set_pin(member.id, new, owner=owner_proof(staff_id))
    return member
