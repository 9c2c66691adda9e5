"""Reading and changing the shop's settings (declared in :data:`shopcrm.config.SETTINGS`)."""

from __future__ import annotations

from shopcrm.config import SETTINGS
from shopcrm.core.errors import ValidationError
from shopcrm.db import write_transaction
from shopcrm.db.models import Setting


def _spec(key: str):
    try:
        return SETTINGS[key]
    except KeyError:
        raise ValidationError({key: "no such setting"}) from None


def get(key: str) -> object:
    spec = _spec(key)
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return spec.default_value()
    try:
        return spec.type(row.value)
    except ValueError:
        return spec.default_value()


def set_value(key: str, value: str) -> object:
    """Store a setting from text; refused with the reason when the text does not fit its type."""
    spec = _spec(key)
    try:
        typed = spec.type(value)
    except ValueError:
        raise ValidationError({key: f"expected a {spec.type.__name__}"}) from None
    if key == "phone_region":
        import phonenumbers

        typed = str(typed).upper()
        if typed not in phonenumbers.SUPPORTED_REGIONS:
            raise ValidationError({key: f"unknown region {value!r} (use e.g. GB, US, DE)"})
    with write_transaction():
        Setting.insert(key=key, value=str(typed)).on_conflict_replace().execute()
    return typed


def phone_region() -> str:
    return str(get("phone_region"))
