"""One row of the file, read into what the shop stores: :class:`ParsedRow`, or the reason it
cannot be (:class:`RowProblem`).

Every value goes through the same checks a person's typing does (``core.validation``), so an
imported customer is one the form could have saved. The name: first and last name; else a
full name split at its last space; else the company; else the nickname; else the email or
phone, so a customer Square knew only by phone still arrives (and is found by it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shopcrm.core.importing.values import (
    parse_consent,
    parse_count,
    parse_date,
    parse_day,
    parse_money,
    parse_tags,
    unquote,
)
from shopcrm.core.privacy.consent import ConsentState, with_flag
from shopcrm.core.validation import (
    MAX_NAME,
    clean_birthday,
    clean_email,
    clean_name,
    clean_note,
    clean_phone_forms,
    clean_tags,
    clean_text,
)
from shopcrm.db.search.document import SearchDocument


class RowProblem(ValueError):
    """Why a row cannot be imported; ``column`` is the header of the cell at fault."""

    def __init__(self, reason: str, column: str = "") -> None:
        self.column = column
        super().__init__(f"{column}: {reason}" if column else reason)


@dataclass(frozen=True)
class ShopContext:
    """What reading a row needs of the shop: read once per import."""

    region: str
    locale: str
    currency: str


@dataclass
class ParsedRow:
    """A customer as the file has it, checked and cleaned."""

    line: int
    first_name: str
    last_name: str = ""
    phone: str = ""
    #: The phone in its national format (for the search index).
    national: str = ""
    email: str = ""
    birthday: tuple[int | None, int | None, int | None] = (None, None, None)
    note: str = ""
    tags: list[str] = field(default_factory=list)
    #: Consent per channel the file has a column for (``email``, ``sms``, ``post``,
    #: ``vouchers``): True, False, or None when the file does not know.
    consent: dict[str, bool | None] = field(default_factory=dict)
    #: An explicit "do not contact" column: yes withdraws every channel (see
    #: :func:`consent_answers`).
    do_not_contact: bool | None = None
    external_id: str = ""
    visits: int | None = None
    first_visit: date | None = None
    last_visit: date | None = None
    spent_minor: int | None = None
    #: The name is a person's (or a company's), not an email or phone standing in for one:
    #: only such a name replaces the name of a customer the row matched.
    name_is_persons: bool = True
    #: What the search index will hold for the customer, made while the file is read
    #: (:mod:`.read_ahead`'s thread) with no customer id yet; the writer gives it the id.
    search: SearchDocument | None = None

    @property
    def has_history(self) -> bool:
        return any(
            v is not None
            for v in (self.visits, self.first_visit, self.last_visit, self.spent_minor)
        )

    def consent_answers(self, before: ConsentState) -> dict[str, bool]:
        """The answers the file gives (channel -> granted) for a customer whose consent is
        ``before``: the channels it knows, and its "do not contact" column read the way the
        customer form's box is (:func:`shopcrm.core.privacy.consent.with_flag`)."""
        known = {c: v for c, v in self.consent.items() if v is not None}
        return with_flag(before, known, self.do_not_contact)


def _cell(cells: dict[str, tuple[str, str]], name: str) -> tuple[str, str]:
    """(text, column header) of a field; ('', '') when no column fills it."""
    return cells.get(name, ("", ""))


def parse_row(line: int, cells: dict[str, tuple[str, str]], shop: ShopContext) -> ParsedRow:
    """``cells``: field -> (the cell's text, its column's header)."""
    value = {name: unquote(text) for name, (text, _) in cells.items()}
    column = {name: header for name, (_, header) in cells.items()}

    def check(name: str, parse: Callable[[str], Any]) -> Any:
        text = value.get(name, "")
        if not text:
            return None
        try:
            return parse(text)
        except ValueError as exc:
            raise RowProblem(str(exc), column[name]) from None

    row = ParsedRow(line=line, first_name="")
    row.email = check("email", clean_email) or ""
    row.phone, row.national = check("phone", lambda t: clean_phone_forms(t, shop.region)) or (
        "",
        "",
    )
    if not row.phone:
        row.phone, row.national = check(
            "phone_alt", lambda t: clean_phone_forms(t, shop.region)
        ) or ("", "")
    row.first_name, row.last_name = _name(value, column, row)
    birthday = check("birthday", lambda t: parse_day(t, shop.locale))
    if birthday is not None:
        year, month, day = birthday
        row.birthday = check("birthday", lambda _: clean_birthday(month, day, year))
    row.note = check("note", clean_note) or ""
    row.tags = check("tags", lambda t: clean_tags(parse_tags(t))) or []
    email_consent = check("email_consent", parse_consent)
    if check("email_unsubscribed", parse_consent):
        email_consent = False
    if email_consent is not None or "email_consent" in value:
        row.consent["email"] = email_consent
    for channel in ("sms", "post", "vouchers"):
        if f"{channel}_consent" in value:
            row.consent[channel] = check(f"{channel}_consent", parse_consent)
    row.do_not_contact = check("do_not_contact", parse_consent)
    row.external_id = check("external_id", lambda t: clean_text(t, limit=64)) or ""
    row.visits = check("visits", parse_count)
    row.first_visit = check("first_visit", lambda t: parse_date(t, shop.locale))
    row.last_visit = check("last_visit", lambda t: parse_date(t, shop.locale))
    row.spent_minor = check("spent", lambda t: parse_money(t, shop.currency, shop.locale))
    return row


def _name(value: dict[str, str], column: dict[str, str], row: ParsedRow) -> tuple[str, str]:
    def clean(name: str) -> str:
        try:
            return clean_name(value.get(name, ""), required=False)
        except ValueError as exc:
            raise RowProblem(str(exc), column[name]) from None

    first, last = clean("first_name"), clean("last_name")
    if first or last:
        return (first, last) if first else (last, "")
    full = clean("name")
    if full:
        head, _, tail = full.rpartition(" ")
        return (head, tail) if head else (tail, "")
    for fallback in ("company", "nickname"):
        text = clean(fallback)
        if text:
            return text, ""
    if row.email or row.phone:
        row.name_is_persons = False
        return (row.email or row.phone)[:MAX_NAME], ""
    raise RowProblem("no name, company, email or phone")
