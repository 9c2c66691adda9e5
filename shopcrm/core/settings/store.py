"""Reading and changing the shop's settings (declared in :mod:`.declaration`).

Values are stored as the text their declaration formats them to, and parsed back on reading;
a stored value that no longer parses (say, after a currency change) falls back to its default
rather than breaking the till. Changing settings validates everything first and writes in one
transaction, so a bad value changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopcrm.core import audit
from shopcrm.core.errors import ValidationError
from shopcrm.core.owner import OwnerProof, require_owner
from shopcrm.core.settings.declaration import SETTINGS, ShopSettings, default_of
from shopcrm.core.settings.parsers import Context
from shopcrm.core.staff import known_staff
from shopcrm.db import write_transaction
from shopcrm.db.models import Setting
from shopcrm.db.transactions import transactional

#: Amounts are stored as plain digits with a point (``1.250``) whatever the shop's locale,
#: and read back the same way.
STORED_LOCALE = "en"

_changes = 0  # how many times this process changed the settings: formats read them again


def change_count() -> int:
    """A number that moves whenever this process changes the settings."""
    return _changes


def load() -> ShopSettings:
    """The shop's settings as they are now (one small query): read once per use case."""
    return _from_stored(_stored())


def _stored() -> dict[str, str]:
    return {row.key: row.value for row in Setting.select(Setting.key, Setting.value)}


def _from_stored(stored: Mapping[str, str]) -> ShopSettings:
    values: dict[str, Any] = {}
    for key in SETTINGS:  # declaration order: the currency before the amounts written in it
        context = Context(values.get("currency", ""), STORED_LOCALE)
        values[key] = _read(key, stored.get(key), context)
    return ShopSettings(**values)


def _read(key: str, text: str | None, context: Context) -> Any:
    if text is not None:
        try:
            return SETTINGS[key].read_stored(text, context)
        except ValueError:
            pass  # written by hand, by an older version or before a limit: the default then
    return default_of(key)


def as_text(shop: ShopSettings | None = None) -> dict[str, str]:
    """Every setting as the text a person would type to set it (and as it is stored)."""
    shop = shop if shop is not None else load()
    context = Context(shop.currency, STORED_LOCALE)
    return {key: spec.format(getattr(shop, key), context) for key, spec in SETTINGS.items()}


@transactional
def set_many(
    changes: Mapping[str, str], *, owner: OwnerProof | None = None, by: int | None = None
) -> ShopSettings:
    """Change several settings at once from text; all are checked before anything is written.

    They are read in declaration order, so a currency or locale changed in the same call
    applies to the amounts. Owner only (:func:`~shopcrm.core.owner.require_owner`); the audit
    log names the owner who proved it, else ``by`` (the person at the till of a shop without
    a PIN)."""
    global _changes
    known = ", ".join(SETTINGS)
    errors = {key: f"no such setting (known: {known})" for key in changes if key not in SETTINGS}
    stored = _stored()
    values = _from_stored(stored).as_dict()
    for key, spec in SETTINGS.items():
        if key not in changes:
            continue
        try:
            context = Context(values["currency"], values["locale"])
            values[key] = spec.parse(str(changes[key]), context)
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        raise ValidationError(errors)
    context = Context(values["currency"], STORED_LOCALE)
    texts = {key: SETTINGS[key].format(values[key], context) for key in changes}
    with write_transaction():
        require_owner(owner, "change settings")
        before = as_text(_from_stored(_stored()))
        for key, text in texts.items():
            Setting.insert(key=key, value=text).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: text}
            ).execute()
        changed = audit.diff(before, texts)
        if changed:
            who = owner.staff_id if owner is not None else known_staff(by)
            audit.record("settings.change", "settings", changed, staff_id=who)
    _changes += 1
    # As a later load() reads it: an amount left in the old currency falls back to its default.
    return _from_stored({**stored, **texts})


def set_value(
    key: str, text: str, *, owner: OwnerProof | None = None, by: int | None = None
) -> ShopSettings:
    """Change one setting from text; refused with the reason when the text does not fit."""
    return set_many({key: text}, owner=owner, by=by)
