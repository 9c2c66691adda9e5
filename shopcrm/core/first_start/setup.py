"""Setting up a new shop in one transaction: its settings, its owner and the owner's PIN.

The window's first-run page and ``shopcrm init`` both call :func:`set_up_shop`, so a shop set up
either way is the same shop. Everything is checked before anything is written
(:func:`check_setup`, which needs no database: the CLI checks before it creates a file), and
a shop that is not new is refused: setting up again would quietly rename its owner and reset
its loyalty scheme, which is what the settings are for.

"New" (:func:`shop_is_new`) means nobody has used the shop yet: no customers, no settings
saved, no PIN, and not one change in the audit log (adding staff, a restore, anything a person
does writes a row there). A database that a script created with its defaults is new by that
rule, so the first start still offers to set it up.

The owner is the shop's first staff member: a new database has one, the owner called "Owner"
(made by the schema), and the setup gives them their name rather than adding a second owner.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopcrm.core import audit, settings
from shopcrm.core.errors import ShopError, ValidationError
from shopcrm.core.first_start.presets import DEFAULT_PRESET, PRESETS
from shopcrm.core.owner import check_pin_format, hash_pin
from shopcrm.core.settings.store import STORED_LOCALE
from shopcrm.core.staff import Role, StaffMember
from shopcrm.core.validation import MAX_STAFF_NAME, clean_text
from shopcrm.db import write_transaction
from shopcrm.db.care_models import AuditEntry
from shopcrm.db.models import Customer, Setting, Staff, StaffPin
from shopcrm.db.transactions import transactional

#: Which setting each field of the setup sets (the loyalty preset sets several).
_SETTING_OF = {
    "name": "shop_name",
    "currency": "currency",
    "locale": "locale",
    "region": "phone_region",
}


class ShopNotNew(ShopError):
    """The shop already holds data (or was set up): nothing was changed."""


@dataclass(frozen=True)
class ShopSetup:
    """What the owner answers on the first start. ``owner`` empty keeps the owner the schema
    made ("Owner"); ``pin`` empty sets no PIN (the owner can set one later)."""

    name: str
    currency: str
    locale: str
    region: str
    owner: str = ""
    pin: str = ""
    loyalty: str = DEFAULT_PRESET


@dataclass(frozen=True)
class SetUpShop:
    """The shop as set up: its settings, its owner (None when it has no staff at all) and
    whether the owner's PIN was set."""

    settings: settings.ShopSettings
    owner: StaffMember | None
    pin_set: bool
    loyalty: str


def check_setup(setup: ShopSetup) -> dict[str, str]:
    """The setup's settings as the text they are stored as; :class:`ValidationError` naming
    every bad field (``name``, ``currency``, ``locale``, ``region``, ``owner``, ``pin``,
    ``loyalty``) otherwise. Reads no database."""
    errors: dict[str, str] = {}
    texts: dict[str, str] = {}
    context = settings.Context("", STORED_LOCALE)
    for field, key in _SETTING_OF.items():
        spec = settings.SETTINGS[key]
        try:
            value = spec.parse(str(getattr(setup, field)), context)
        except ValueError as exc:
            errors[field] = str(exc)
            continue
        texts[key] = spec.format(value, context)
    if setup.owner.strip():
        try:
            clean_text(setup.owner, limit=MAX_STAFF_NAME, required="a name is needed")
        except ValueError as exc:
            errors["owner"] = str(exc)
    if setup.pin:
        try:
            check_pin_format(setup.pin)
        except ValidationError as exc:
            errors.update(exc.errors)
    preset = PRESETS.get(setup.loyalty)
    if preset is None:
        errors["loyalty"] = f"the loyalty preset is one of: {', '.join(PRESETS)}"
    if errors:
        raise ValidationError(errors)
    assert preset is not None
    return {**texts, **preset.settings}


def shop_is_new() -> bool:
    """Whether the open database holds a shop nobody has set up or used yet (see the module
    docstring)."""
    return not (
        Customer.select().exists()
        or Setting.select().exists()
        or StaffPin.select().exists()
        or AuditEntry.select().exists()
    )


def _refusal() -> ShopNotNew:
    customers = Customer.select().count()
    held = f"{customers} customer{'s' if customers != 1 else ''}" if customers else "its settings"
    return ShopNotNew(
        f"this shop is already set up ({held}); nothing was changed: change its settings"
        " with `shopcrm settings set` or in the app's settings"
    )


@transactional
def set_up_shop(setup: ShopSetup) -> SetUpShop:
    """Set up a new shop (see the module docstring); :class:`ShopNotNew` when it is not new,
    :class:`ValidationError` for bad answers, and then nothing is written."""
    texts = check_setup(setup)
    owner_name = clean_text(setup.owner, limit=MAX_STAFF_NAME) if setup.owner.strip() else ""
    if not shop_is_new():  # before the PIN's hashing: a refusal is quick
        raise _refusal()
    stored_pin = hash_pin(setup.pin) if setup.pin else ""  # no lock held while it runs
    with write_transaction():
        if not shop_is_new():  # another till (or `shopcrm init`) was quicker
            raise _refusal()
        owner = _the_owner(owner_name)
        shop = settings.set_many(texts, by=owner.id if owner else None)  # settings.change
        if owner is not None and stored_pin:
            StaffPin.insert(
                staff=owner.id, pin_hash=stored_pin, failures=0, failed_at=None
            ).execute()
            audit.record("staff.pin", owner.id, {"pin": "set"}, staff_id=owner.id)
        audit.record(
            "shop.setup",
            "shop",
            {
                "shop_name": shop.shop_name,
                "currency": shop.currency,
                "locale": shop.locale,
                "phone_region": shop.phone_region,
                "owner": owner.name if owner else None,
                "loyalty": setup.loyalty,
            },
            staff_id=owner.id if owner else None,
        )
    member = None if owner is None else StaffMember(owner.id, owner.name, owner.role, owner.active)
    return SetUpShop(shop, member, bool(owner is not None and stored_pin), setup.loyalty)


def _the_owner(name: str) -> Staff | None:
    """The shop's owner, given ``name`` (kept as it is when empty): the first active owner,
    made when the shop has none."""
    row = (
        Staff.select()
        .where(Staff.active, Staff.role == Role.OWNER.value)
        .order_by(Staff.id)
        .first()
    )
    if row is None:
        if not name:
            return None
        row = Staff.create(name=name, role=Role.OWNER.value, active=True)
        audit.record("staff.add", row.id, {"name": name, "role": row.role}, staff_id=row.id)
        return row
    if name and name != row.name:
        clash = Staff.select().where(Staff.name == name, Staff.id != row.id).exists()
        if clash:
            raise ValidationError({"owner": f"{name} already works here"})
        row.name = name
        row.save()
    return row
