"""Reading and changing the shop's settings (declared in :data:`shopcrm.config.SETTINGS`).

Values are stored as the text their declaration formats them to, and parsed back on reading;
a stored value that no longer parses (say, after a currency change) falls back to its default
rather than breaking the till. Changing settings validates everything first and writes in one
transaction, so a bad value changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from shopcrm.config import SETTINGS, SettingSpec
from shopcrm.core.errors import ValidationError
from shopcrm.db import write_transaction
from shopcrm.db.models import Setting


def _spec(key: str) -> SettingSpec:
    try:
        return SETTINGS[key]
    except KeyError:
        known = ", ".join(SETTINGS)
        raise ValidationError({key: f"no such setting (known: {known})"}) from None


def _parse_stored(stored: Mapping[str, str]) -> dict[str, object]:
    values: dict[str, object] = {}
    for key, spec in SETTINGS.items():  # declaration order: currency before money settings
        text = stored.get(key)
        if text is None:
            values[key] = spec.default_value()
            continue
        try:
            # Stored text is what ``spec.format`` wrote: amounts as plain digits with a point
            # (``1.250``), whatever the shop's locale, so they are read back the same way.
            values[key] = spec.parse(text, {**values, "locale": "en"})
        except ValueError:
            values[key] = spec.default_value()
    return values


def all_values() -> dict[str, object]:
    """Every setting's current value (one small query)."""
    return _parse_stored({row.key: row.value for row in Setting.select()})


def get(key: str) -> object:
    _spec(key)
    return all_values()[key]


def as_text(values: Mapping[str, object] | None = None) -> dict[str, str]:
    """Every setting as the text a person would type to set it."""
    values = values if values is not None else all_values()
    return {key: spec.format(values[key], values) for key, spec in SETTINGS.items()}


def set_many(changes: Mapping[str, str]) -> dict[str, object]:
    """Change several settings at once from text; all are checked before anything is written."""
    current = all_values()
    errors: dict[str, str] = {}
    for key, text in changes.items():  # currency/locale changes apply to later money values
        spec = _spec(key)
        try:
            current[key] = spec.parse(str(text), current)
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        for key in changes:
            text = SETTINGS[key].format(current[key], current)
            Setting.insert(key=key, value=text).on_conflict_replace().execute()
    return current


def set_value(key: str, text: str) -> object:
    """Change one setting from text; refused with the reason when the text does not fit."""
    return set_many({key: text})[key]


def phone_region() -> str:
    return str(get("phone_region"))
