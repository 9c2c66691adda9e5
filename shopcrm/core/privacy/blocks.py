"""What survives a customer's erasure: that their phone and email asked to be forgotten.

Only a keyed hash is kept (HMAC-SHA256 with the shop's own random salt, made by migration 13),
so the table says nothing about who they were to anyone reading the file, and the same number
at another shop hashes differently. A phone is hashed as its E.164 digits (so ``07911 123456``
and ``+44 7911 123456`` meet), an email folded to lower case. :func:`is_blocked` is what an
import asks for each row: a yes means "this person asked to be erased; ask before adding".

A phone number has few enough possible values that the salt plus the table can be brute
forced; the salt lives only in the shop's own (owner-only) database, which held the number in
clear anyway. The point is that nothing readable stays, not that it could never be guessed.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
from datetime import UTC, datetime

from shopcrm.core import settings
from shopcrm.db.care_models import ContactBlock, ShopSecret

SALT_NAME = "contact_block_salt"
PHONE, EMAIL = "phone", "email"


def _salt() -> bytes:
    row = ShopSecret.get_or_none(ShopSecret.name == SALT_NAME)
    if row is None:  # made by migration 13; a shop copied without it gets one now
        import secrets

        value = secrets.token_hex(32)
        ShopSecret.insert(name=SALT_NAME, value=value).on_conflict_ignore().execute()
        row = ShopSecret.get(ShopSecret.name == SALT_NAME)
    return bytes.fromhex(str(row.value))


def normal_phone(phone: str, region: str | None = None) -> str:
    """A phone number's E.164 digits, or '' when it has too few digits to mean anyone."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    from shopcrm.core.validation import clean_phone

    with contextlib.suppress(ValueError):  # not a valid number: its digits as they are
        phone = clean_phone(phone, region if region is not None else settings.load().phone_region)
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits if len(digits) >= 5 else ""


def normal_email(email: str) -> str:
    email = (email or "").strip().casefold()
    return email if "@" in email else ""


def digest(kind: str, value: str) -> str:
    return hmac.new(_salt(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def block_digests(phone: str, email: str, region: str | None = None) -> list[tuple[str, str]]:
    """(kind, digest) of what is given, normalised."""
    found = []
    if number := normal_phone(phone, region):
        found.append((PHONE, digest(PHONE, number)))
    if address := normal_email(email):
        found.append((EMAIL, digest(EMAIL, address)))
    return found


def add_blocks(blocks: list[tuple[str, str]], now: datetime | None = None) -> None:
    """Inside a write transaction: keep these (kind, digest) pairs."""
    at = now or datetime.now(UTC)
    for kind, value in blocks:
        ContactBlock.insert(digest=value, kind=kind, at=at).on_conflict_ignore().execute()


def is_blocked(phone: str = "", email: str = "", region: str | None = None) -> bool:
    """Whether the phone or the email belongs to somebody erased from this shop."""
    digests = [value for _, value in block_digests(phone, email, region)]
    return bool(digests) and ContactBlock.select().where(ContactBlock.digest.in_(digests)).exists()
