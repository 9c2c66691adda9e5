"""Finding the customers a chunk of rows already is, and telling what an import would change.

A row is the customer with the same id in the same source (Square's or Shopify's customer
id), else the customer with the same email, else — only for a row with no email — the one with
the same phone. Rows are looked up a chunk at a time: three indexed queries per chunk.

Possible duplicates are never matched and never block: a new row whose phone ends like an
existing customer's and whose name is much like theirs, and a row that repeats an earlier row
of the same file (same id, email, or phone without an email). They are listed in the report.

Consent is compared with the customer's current answers per channel: a file that says what the
shop already holds changes nothing, so the same file imported again stays ``unchanged``.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from shopcrm.core.importing.rows import ParsedRow
from shopcrm.core.privacy.consent import ConsentState, answered
from shopcrm.db import database, placeholders
from shopcrm.db.search.folding import name_tokens

#: Digits of a phone's end that make two numbers "the same number written differently".
TAIL = 7


@dataclass
class Existing:
    """What the shop holds of a matched customer, as far as an import may change it."""

    id: int
    first_name: str
    last_name: str
    phone: str
    email: str
    birthday: tuple[int | None, int | None, int | None]
    do_not_contact: bool
    consent: ConsentState = field(default_factory=ConsentState)
    tags: set[str] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)
    history: tuple[str, int | None, date | None, date | None, int | None] | None = None


def _rows(sql: str, params: Sequence[object]) -> list[tuple[object, ...]]:
    return list(database.obj.execute_sql(sql, list(params)))


def find_existing(rows: list[ParsedRow], source: str) -> dict[int, Existing]:
    """line -> the existing customer each row is (rows that are new are left out)."""
    p = database.obj.param
    by_external: dict[str, int] = {}
    ids = [r.external_id for r in rows if r.external_id]
    if ids:
        sql = (
            "SELECT h.external_id, h.customer_id FROM imported_history h"
            " JOIN customer c ON c.id = h.customer_id AND c.erased_at IS NULL"
            f" WHERE h.source = {p} AND h.external_id IN ({placeholders(len(ids))})"
        )
        by_external = {str(e): int(c) for e, c in _rows(sql, [source, *ids])}  # type: ignore[call-overload]
    by_email = _lookup("email", [r.email for r in rows if r.email])
    by_phone = _lookup("phone", [r.phone for r in rows if r.phone and not r.email])
    chosen: dict[int, int] = {}
    for r in rows:
        cid = by_external.get(r.external_id) if r.external_id else None
        if cid is None and r.email:
            cid = by_email.get(r.email)
        if cid is None and not r.email and r.phone:
            cid = by_phone.get(r.phone)
        if cid is not None:
            chosen[r.line] = cid
    states = _load(sorted(set(chosen.values())), source, [r.note for r in rows if r.note])
    return {line: states[cid] for line, cid in chosen.items() if cid in states}


def erased_people(rows: list[ParsedRow], region: str) -> set[int]:
    """Lines of new rows whose phone or email belongs to somebody erased from this shop (the
    keyed hashes an erasure keeps, :mod:`shopcrm.core.privacy.blocks`): never brought back
    unnoticed. One query per chunk, and none in a shop that never erased anybody."""
    from shopcrm.core.privacy.blocks import block_digests
    from shopcrm.db.care_models import ContactBlock

    if not rows or not ContactBlock.select().exists():
        return set()
    by_digest: dict[str, int] = {}
    for row in rows:
        for _, value in block_digests(row.phone, row.email, region):
            by_digest[value] = row.line
    if not by_digest:
        return set()
    found = ContactBlock.select(ContactBlock.digest).where(ContactBlock.digest.in_(list(by_digest)))
    return {by_digest[block.digest] for block in found}


def _lookup(column: str, values: list[str]) -> dict[str, int]:
    if not values:
        return {}
    sql = (
        f"SELECT {column}, min(id) FROM customer WHERE {column} IN ({placeholders(len(values))})"
        f" AND erased_at IS NULL GROUP BY {column}"
    )
    return {str(v): int(c) for v, c in _rows(sql, values)}  # type: ignore[call-overload]


def _load(ids: list[int], source: str, notes: list[str]) -> dict[int, Existing]:
    if not ids:
        return {}
    marks, p = placeholders(len(ids)), database.obj.param
    states = {
        int(r[0]): Existing(  # type: ignore[call-overload]
            int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]),  # type: ignore[call-overload]
            (r[5], r[6], r[7]), bool(r[8]),  # type: ignore[arg-type]
            ConsentState(*(None if v is None else bool(v) for v in r[9:13])),
        )
        for r in _rows(
            "SELECT id, first_name, last_name, phone, email, birthday_month, birthday_day,"
            " birthday_year, do_not_contact, consent_email, consent_sms, consent_post,"
            f" consent_vouchers FROM customer WHERE id IN ({marks})",
            ids,
        )
    }  # fmt: skip
    for cid, name in _rows(
        "SELECT ct.customer_id, t.name FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id"
        f" WHERE ct.customer_id IN ({marks})",
        ids,
    ):
        states[int(cid)].tags.add(str(name))  # type: ignore[call-overload]
    if notes:
        for cid, text in _rows(
            f"SELECT customer_id, text FROM note WHERE customer_id IN ({marks})"
            f" AND text IN ({placeholders(len(notes))})",
            [*ids, *notes],
        ):
            states[int(cid)].notes.add(str(text))  # type: ignore[call-overload]
    for cid, ext, visits, first, last, spent in _rows(
        "SELECT customer_id, external_id, visits, first_visit, last_visit, spent_minor"
        f" FROM imported_history WHERE source = {p} AND customer_id IN ({marks})",
        [source, *ids],
    ):
        states[int(cid)].history = (str(ext), visits, _day(first), _day(last), spent)  # type: ignore[call-overload, assignment]
    return states


def _day(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def history_of(row: ParsedRow, before: tuple[object, ...] | None) -> tuple[object, ...] | None:
    """The imported history row to keep for ``row`` (None: none to keep); the one kept
    already when the row says nothing new."""
    if not row.external_id and not row.has_history:
        return before
    return (
        row.external_id or (before[0] if before else ""),
        row.visits,
        row.first_visit,
        row.last_visit,
        row.spent_minor,
    )


def changes(row: ParsedRow, old: Existing, name_is_persons: bool) -> dict[str, object]:
    """What importing ``row`` changes of ``old``: field -> new value (empty cells change
    nothing: an export that leaves a phone out does not erase the shop's)."""
    out: dict[str, object] = {}
    if name_is_persons and (row.first_name, row.last_name) != (old.first_name, old.last_name):
        out["first_name"], out["last_name"] = row.first_name, row.last_name
    for name in ("phone", "email"):
        if getattr(row, name) and getattr(row, name) != getattr(old, name):
            out[name] = getattr(row, name)
    month, day, year = row.birthday
    if month is not None:
        old_month, old_day, old_year = old.birthday
        if (month, day) != (old_month, old_day) or (year is not None and year != old_year):
            out["birthday"] = (month, day, year if year is not None else None)
    new_tags = [t for t in row.tags if t not in old.tags]
    if new_tags:
        out["tags"] = new_tags
    consent, after = answered(old.consent, row.consent_answers(old.consent))
    if consent:
        out["consent"], out["do_not_contact"] = consent, after.do_not_contact
    if row.note and row.note not in old.notes:
        out["note"] = row.note
    history = history_of(row, old.history)
    if history is not None and history != old.history:
        out["history"] = history
    return out


def similar_names(a: str, b: str) -> bool:
    """Much the same name: a word in common, or spelt nearly alike (``Meyer``/``Maier``)."""
    ta, tb = set(name_tokens(a)), set(name_tokens(b))
    if not ta or not tb:
        return False
    if ta & tb:
        return True
    return difflib.SequenceMatcher(None, " ".join(sorted(ta)), " ".join(sorted(tb))).ratio() > 0.8


def look_alikes(row: ParsedRow) -> list[tuple[int, str]]:
    """Existing customers whose phone ends like the row's and whose name is much like it:
    ``(id, name)``. Uses the counter's own phone search (the last digits of a number are how
    regulars are found)."""
    if not row.phone:
        return []
    from shopcrm.db.search import search_index

    hits = search_index(database.obj).search(row.phone[-TAIL:], 5)
    if not hits:
        return []
    ids = [h.customer_id for h in hits]
    name = f"{row.first_name} {row.last_name}"
    found = []
    for cid, first, last in _rows(
        f"SELECT id, first_name, last_name FROM customer WHERE id IN ({placeholders(len(ids))})"
        " AND erased_at IS NULL",
        ids,
    ):
        other = f"{first} {last}".strip()
        if similar_names(name, other):
            found.append((int(cid), other))  # type: ignore[call-overload]
    return sorted(found)
