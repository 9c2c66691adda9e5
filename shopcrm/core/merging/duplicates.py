"""Possible duplicates of a customer about to be saved: asked while the cashier types, so it
uses the counter's search index (milliseconds), never a scan of the customer table.

A customer already saved is a possible duplicate when they have

- the same phone number (both normalised to E.164 with the shop's region), or
- the same email address (the domain's case does not matter), or
- a name the counter search finds for the typed one — every word, word starts, or one typo
  (``Marie Gonzales`` for ``María González``) — and a phone ending in the same 4 digits;
- with neither phone nor email typed, the very same name (the usual quick-add duplicate).

Merged and erased customers are not in the search, so they are never offered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from shopcrm.core import settings
from shopcrm.core.validation import clean_email, clean_phone
from shopcrm.db import database, placeholders
from shopcrm.db.search import EXACT, SearchHit, search_index
from shopcrm.db.search.folding import digits_of, name_tokens

#: Most possible duplicates offered: a list to glance at, not a search.
MAX_OFFERED = 5
#: The digits of a phone's end that, with a similar name, make the same person likely.
TAIL = 4
_LOOKED_AT = 20
_LONGEST_NAME = 200

SAME_PHONE, SAME_EMAIL, SIMILAR_NAME, SAME_NAME = (
    "same phone",
    "same email",
    "similar name, same phone ending",
    "same name",
)


#: Whether a hit (with its customer row: first, last name, phone, email) is a duplicate.
Fits = Callable[[SearchHit, tuple[str, str, str, str]], bool]


@dataclass(frozen=True)
class Duplicate:
    id: int
    first_name: str
    last_name: str
    phone: str
    email: str
    reason: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "phone": self.phone,
            "email": self.email,
            "reason": self.reason,
        }


def _or_blank(clean: Callable[..., str], value: str, *args: str) -> str:
    try:
        return clean(value, *args)
    except ValueError:
        return ""  # the form says what is wrong with it; nothing to compare


def _rows(ids: list[int]) -> dict[int, tuple[str, str, str, str]]:
    if not ids:
        return {}
    rows = database.execute_sql(
        "SELECT id, first_name, last_name, phone, email FROM customer"
        f" WHERE id IN ({placeholders(len(ids))}) AND merged_into IS NULL"
        " AND erased_at IS NULL",
        ids,
    )
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def possible_duplicates(
    first_name: str,
    last_name: str = "",
    phone: str = "",
    email: str = "",
    exclude_id: int | None = None,
) -> list[Duplicate]:
    """Customers who may be the person being typed in (see the module docstring), surest
    first, at most :data:`MAX_OFFERED`."""
    region = settings.load().phone_region
    phone = _or_blank(clean_phone, str(phone or "")[:_LONGEST_NAME], region)
    email = _or_blank(clean_email, str(email or "")[:_LONGEST_NAME])
    name = f"{first_name or ''} {last_name or ''}".strip()[:_LONGEST_NAME]
    index = search_index(database.obj)
    found: dict[int, str] = {}

    def consider(query: str, reason: str, fits: Fits) -> None:
        hits = index.search(query, _LOOKED_AT, region) if query else []
        candidates = [h for h in hits if h.customer_id != exclude_id]
        rows = _rows([h.customer_id for h in candidates if h.customer_id not in found])
        for hit in candidates:
            row = rows.get(hit.customer_id)
            if row is not None and fits(hit, row):
                found[hit.customer_id] = reason

    consider(phone, SAME_PHONE, lambda _, row: row[2] == phone)
    consider(email, SAME_EMAIL, lambda _, row: row[3].lower() == email.lower())
    tail = digits_of(phone)[-TAIL:]
    if name and tail:
        consider(name, SIMILAR_NAME, lambda _, row: digits_of(row[2])[-TAIL:] == tail)
    elif name and not email:
        wanted = sorted(name_tokens(name))
        consider(
            name,
            SAME_NAME,
            lambda hit, row: (
                hit.quality == EXACT and sorted(name_tokens(f"{row[0]} {row[1]}")) == wanted
            ),
        )
    ids = list(found)[:MAX_OFFERED]
    rows = _rows(ids)
    return [Duplicate(cid, *rows[cid], reason=found[cid]) for cid in ids if cid in rows]
