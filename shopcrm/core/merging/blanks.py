"""What of the duplicate's details the kept customer takes: only what they lack.

A merge never overwrites what the kept customer has (the cashier chose to keep that one);
it fills their blanks from the other (a phone, an email, a last name, a birthday, a channel's
consent never asked), and a "do not contact" or a consent withdrawn on either stays on the
kept customer (asking once is enough; their consent history moves with the merge). Each filled
field is recorded with its value before and after, so the undo can put the blank back unless
somebody has changed that field since (then their change stays).
"""

from __future__ import annotations

from shopcrm.db.models import Customer

#: Fields filled one by one when the kept customer's is blank.
_SINGLE = ("last_name", "phone", "email")
#: Filled together: a birthday is one thing.
_BIRTHDAY = ("birthday_month", "birthday_day", "birthday_year")
#: Each channel's consent (None: never asked; schema 14).
_CONSENTS = tuple(name for name in Customer._meta.fields if name.startswith("consent_"))


def blanks_filled(keep: Customer, other: Customer) -> dict[str, list[object]]:
    """``{field: [kept customer's value, value taken from the other]}`` for each blank."""
    filled: dict[str, list[object]] = {}
    for name in _SINGLE:
        if not getattr(keep, name) and getattr(other, name):
            filled[name] = [getattr(keep, name), getattr(other, name)]
    if keep.birthday_month is None and other.birthday_month is not None:
        for name in _BIRTHDAY:
            filled[name] = [getattr(keep, name), getattr(other, name)]
    if other.do_not_contact and not keep.do_not_contact:
        filled["do_not_contact"] = [False, True]
    for name in _CONSENTS:  # a withdrawal on either stands; a granted one fills a blank
        mine, theirs = getattr(keep, name), getattr(other, name)
        if (theirs is False and mine is not False) or (mine is None and theirs is not None):
            filled[name] = [mine, theirs]
    return filled


def apply_filled(customer: Customer, filled: dict[str, list[object]], undo: bool) -> list[str]:
    """Set the filled fields (``undo``: back to their blanks, each only while it still holds
    what the merge put there); returns the fields left alone because they changed since."""
    kept: list[str] = []
    birthday_changed = any(
        name in filled and getattr(customer, name) != filled[name][1] for name in _BIRTHDAY
    )
    for name, (before, after) in filled.items():
        if not undo:
            setattr(customer, name, after)
        elif (name in _BIRTHDAY and birthday_changed) or (
            name not in _BIRTHDAY and getattr(customer, name) != after
        ):
            kept.append(name)
        else:
            setattr(customer, name, before)
    return kept
