"""Phone digits as the index stores them and as a cashier types them.

A customer's phone is indexed in every spelling it is dialled by: the international digits
(``447911123456``) and the national ones (``07911123456``), each followed by an anchor ``$``
so that "the number ends with these digits" is a plain substring (``3456$``) that a substring
index finds among a few numbers, beside "contains them" (``3456``).

A typed query may start with the shop's international call prefix (``0044 7911…`` in a UK
shop, ``011 44 7911…`` in a US one): that prefix is dialling, not part of the number, so it is
dropped and the rest is looked up as the international digits. Which prefix that is depends on
the shop's phone region, the one thing a query needs from the shop.
"""

from __future__ import annotations

from functools import lru_cache

from shopcrm.db.search.folding import phone_query_digits

#: No phone number has more digits than this (E.164 allows 15, plus a trunk prefix).
MAX_PHONE_DIGITS = 20
END = "$"


def anchored(forms: str) -> str:
    """The indexed text for a document's digit forms (``'447911123456 07911123456'``)."""
    return " ".join(form + END for form in forms.split())


def forms_of(text: str) -> list[str]:
    """The digit forms back from indexed text (``anchored`` undone)."""
    return [form.rstrip(END) for form in text.split()]


@lru_cache(maxsize=64)
def _dialling_prefix(region: str) -> str:
    """The digits dialled before a country code from ``region`` ('' when unknown)."""
    if not region:
        return ""
    from phonenumbers import PhoneMetadata  # imported late: start-up does not need it

    meta = PhoneMetadata.metadata_for_region(region.upper())
    if meta is None:
        return ""
    for prefix in (meta.preferred_international_prefix, meta.international_prefix):
        if prefix and prefix.isdigit():
            return prefix
    return ""


def phone_query(query: str, region: str = "") -> str | None:
    """The digits a phone-like query looks for (see the module docstring), else None."""
    digits = phone_query_digits(query)
    if digits is None or query.lstrip().startswith("+"):
        return digits
    prefix = _dialling_prefix(region)
    if prefix and digits.startswith(prefix) and len(digits) - len(prefix) >= 3:
        return digits[len(prefix) :]
    return digits


def phone_tier(digits: str, forms: list[str]) -> int | None:
    """Where ``digits`` sit in a number spelled ``forms``: 0 at the end, 1 at the start,
    2 elsewhere, None nowhere. The reference for every engine's phone ranking."""
    if any(form.endswith(digits) for form in forms):
        return 0
    if any(form.startswith(digits) for form in forms):
        return 1
    if any(digits in form for form in forms):
        return 2
    return None
