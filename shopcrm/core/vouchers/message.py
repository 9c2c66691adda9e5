"""The personal message on a voucher: a template with named fields, filled per customer.

Fields are written in braces, ``Dear {first_name}, thank you for {visits} visits in {month}``;
an unknown field or a stray brace is refused when the batch is drafted, with the list of
fields that exist, so nothing half-filled is ever printed.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import date

from shopcrm.core.errors import ValidationError
from shopcrm.core.validation import clean_text

FIELDS: dict[str, str] = {
    "first_name": "the customer's first name",
    "name": "the customer's full name",
    "visits": "their visits counted by the rule (in the month, or the last 90 days)",
    "month": "the month of the run, e.g. {month}",
    "shop": "the shop's name",
    "value": "what the voucher is worth, e.g. {value}",
    "expires": "the last day it is valid",
}
DEFAULT_TEMPLATE = (
    "Dear {first_name}, thank you for your {visits} visits in {month}."
    " Please enjoy this little thank-you from all of us at {shop}."
)
MAX_TEMPLATE = 600


def field_meanings(currency: str, locale: str, month: date) -> dict[str, str]:
    """What each field means, with examples in the shop's own money and language: a US shop
    reads "e.g. $5.00 off", a German one "e.g. 5,00 € off" (never a pound it does not take)."""
    from shopcrm.core.vouchers.values import VoucherValue
    from shopcrm.core.vouchers.views import month_name

    examples = {
        "month": month_name(month, locale),
        "value": VoucherValue.amount(500).describe(currency, locale),
    }
    return {name: meaning.format_map(examples) for name, meaning in FIELDS.items()}


def check_template(template: str) -> str:
    """The template with its whitespace tidied, or :class:`ValidationError` (``message``)."""
    try:
        template = clean_text(template, limit=MAX_TEMPLATE, multiline=True)
    except ValueError as exc:
        raise ValidationError({"message": str(exc)}) from None
    template = "\n".join(" ".join(line.split()) for line in template.splitlines())
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        raise ValidationError(
            {"message": "a brace is not closed: write fields as {first_name}, or {{ for a brace"}
        ) from None
    known = ", ".join("{" + name + "}" for name in FIELDS)
    for _, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in FIELDS or spec or conversion:
            shown = "{" + field + ("!" + conversion if conversion else "")
            shown += (":" + spec if spec else "") + "}"
            raise ValidationError({"message": f"there is no field {shown}; use {known}"})
    return template


def fill(template: str, values: Mapping[str, object]) -> str:
    """The template with every field replaced (the template was checked already)."""
    return template.format_map({name: values.get(name, "") for name in FIELDS})
