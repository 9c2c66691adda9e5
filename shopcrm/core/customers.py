"""Customers: add, edit, find, and the card the counter shows.

Each public function here is one use case and one transaction; the GUI and the command line
call the same functions. The search index is updated inside the same transaction as the
customer row, so a customer is findable the moment it is saved, and never half-saved.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

import peewee

from shopcrm.core import audit, settings
from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.loyalty.glance import loyalty_glance
from shopcrm.core.privacy import consent
from shopcrm.core.staff import known_staff
from shopcrm.core.validation import (
    clean_birthday,
    clean_email,
    clean_name,
    clean_phone,
    clean_tags,
)
from shopcrm.db import database, placeholders, write_transaction
from shopcrm.db.models import Customer, CustomerTag, Tag, utc_from_db
from shopcrm.db.rows import tuples
from shopcrm.db.search import DEFAULT_RANK, SearchDocument, search_index
from shopcrm.db.transactions import transactional

MAX_SEARCH_LIMIT = 500
#: Longer than any name, phone number or email address: a search box, not a book.
MAX_QUERY = 200


@dataclass
class CustomerInput:
    """What a person typed into the customer form (or passed on the command line)."""

    first_name: str
    last_name: str = ""
    phone: str = ""
    email: str = ""
    birthday_month: int | None = None
    birthday_day: int | None = None
    birthday_year: int | None = None
    tags: list[str] = field(default_factory=list)
    #: Asked not to be contacted: left out of voucher runs and mailings.
    do_not_contact: bool = False


@dataclass(frozen=True)
class CustomerSummary:
    """One row of the search results."""

    id: int
    first_name: str
    last_name: str
    phone: str
    email: str
    tags: tuple[str, ...]
    match: str  # "exact", "prefix" or "typo"
    last_visit: str | None = None  # filled in by the visit log
    loyalty: str | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        return data


@dataclass(frozen=True)
class CustomerCard:
    """Everything the card shows about one customer."""

    id: int
    first_name: str
    last_name: str
    phone: str
    email: str
    birthday_month: int | None
    birthday_day: int | None
    birthday_year: int | None
    since: datetime
    tags: tuple[str, ...]
    do_not_contact: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        data["since"] = self.since.isoformat()
        return data


_MATCH_NAMES = ("exact", "prefix", "typo")


def _clean(data: CustomerInput) -> dict[str, object]:
    region = settings.load().phone_region
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    checks = (
        ("first_name", lambda: clean_name(data.first_name, required=True, field="first name")),
        ("last_name", lambda: clean_name(data.last_name, required=False)),
        ("phone", lambda: clean_phone(data.phone, region)),
        ("email", lambda: clean_email(data.email)),
        ("tags", lambda: clean_tags(data.tags)),
        (
            "birthday",
            lambda: clean_birthday(data.birthday_month, data.birthday_day, data.birthday_year),
        ),
    )
    for name, check in checks:
        try:
            values[name] = check()
        except ValueError as exc:
            errors[name] = str(exc)
    if errors:
        raise ValidationError(errors)
    birthday = values.pop("birthday")
    assert isinstance(birthday, tuple)
    month, day, year = birthday
    values.update(birthday_month=month, birthday_day=day, birthday_year=year)
    values["do_not_contact"] = bool(data.do_not_contact)
    return values


def _index(customer: Customer) -> None:
    index = search_index(database.obj)
    rank = index.rank_of(customer.id)
    index.put(
        SearchDocument.for_customer(
            customer.id,
            customer.first_name,
            customer.last_name,
            customer.phone,
            customer.email,
            rank=DEFAULT_RANK if rank is None else rank,
        )
    )


def _set_tags(customer: Customer, tags: list[str]) -> None:
    CustomerTag.delete().where(CustomerTag.customer == customer).execute()
    for name in tags:
        tag, _ = Tag.get_or_create(name=name)
        CustomerTag.create(customer=customer, tag=tag)


@transactional
def add_customer(data: CustomerInput, staff_id: int | None = None) -> CustomerCard:
    """Save a new customer (a first name is enough) and make it findable at once."""
    values = _clean(data)
    tags = values.pop("tags")
    private = bool(values.pop("do_not_contact"))
    with write_transaction():
        now = datetime.now(UTC)
        customer = Customer.create(
            **values, created_at=now, updated_at=now, updated_by=known_staff(staff_id)
        )
        _set_tags(customer, tags)  # type: ignore[arg-type]
        _index(customer)
        given = {k: v for k, v in {**values, "tags": tags}.items() if v not in (None, "", [])}
        audit.record("customer.add", customer.id, given, staff_id=staff_id, now=now)
        answers = consent.form_answers(False, private)
        consent.record_answers(customer.id, answers, consent.FORM_SOURCE, staff_id, now)
    return get_card(customer.id)


@transactional
def update_customer(
    customer_id: int, data: CustomerInput, staff_id: int | None = None
) -> CustomerCard:
    """Replace a customer's details with what the edit form holds."""
    values = _clean(data)
    tags = values.pop("tags")
    private = bool(values.pop("do_not_contact"))
    with write_transaction():
        customer = _get(customer_id)
        if customer.erased_at is not None:
            raise ValidationError({"first_name": "this customer was erased and cannot be edited"})
        was_private = bool(customer.do_not_contact)
        before = {name: getattr(customer, name) for name in values}
        before["tags"] = _tags_of([customer_id]).get(customer_id, [])
        for name, value in values.items():
            setattr(customer, name, value)
        customer.updated_at = datetime.now(UTC)
        customer.updated_by_id = known_staff(staff_id)
        customer.save()
        _set_tags(customer, tags)  # type: ignore[arg-type]
        _index(customer)
        changes = audit.diff(before, {**values, "tags": tags})
        if changes:
            audit.record("customer.edit", customer_id, changes, staff_id=staff_id)
        answers = consent.form_answers(was_private, private)
        now = datetime.now(UTC)
        consent.record_answers(customer_id, answers, consent.FORM_SOURCE, staff_id, now)
    return get_card(customer_id)


def _get(customer_id: int) -> Customer:
    try:
        return Customer.get_by_id(customer_id)
    except (peewee.DoesNotExist, OverflowError, peewee.InterfaceError):
        raise NotFoundError(f"no customer with id {customer_id}") from None


def _tags_of(customer_ids: list[int]) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = {cid: [] for cid in customer_ids}
    if not customer_ids:
        return tags
    query = tuples(
        CustomerTag.select(CustomerTag.customer, Tag.name)
        .join(Tag)
        .where(CustomerTag.customer.in_(customer_ids))
        .order_by(Tag.name)
    )
    for cid, name in query:
        tags[cid].append(name)
    return tags


def get_card(customer_id: int) -> CustomerCard:
    c = _get(customer_id)
    return CustomerCard(
        id=c.id,
        first_name=c.first_name,
        last_name=c.last_name,
        phone=c.phone,
        email=c.email,
        birthday_month=c.birthday_month,
        birthday_day=c.birthday_day,
        birthday_year=c.birthday_year,
        since=c.created_at,
        tags=tuple(_tags_of([c.id])[c.id]),
        do_not_contact=bool(c.do_not_contact),
    )


def search_customers(
    query: str, limit: int = 20, glance_rows: int | None = None
) -> list[CustomerSummary]:
    """Customers matching what was typed, best first (see ``shopcrm.db.search``).

    ``glance_rows``: only the first rows get their loyalty at a glance (the rest have
    ``loyalty`` None; :func:`shopcrm.core.loyalty.glance.loyalty_glance` fills them in later).
    The window asks for the rows it shows at once, and the rest once they are painted: the
    ranked regulars who come first have the longest ledgers."""
    limit = max(0, min(int(limit), MAX_SEARCH_LIMIT))
    query = query[:MAX_QUERY]
    # The shop's region only matters to a phone typed with the international call prefix.
    region = settings.load().phone_region if query.lstrip()[:1] == "0" else ""
    hits = search_index(database.obj).search(query, limit, region)
    if not hits:
        return []
    ids = [h.customer_id for h in hits]
    db = database.obj
    marks = placeholders(len(ids))
    # SQL written out: this runs on every keystroke, and building it with peewee cost more
    # than running it.
    rows = {
        row[0]: row
        for row in db.execute_sql(
            "SELECT c.id, c.first_name, c.last_name, c.phone, c.email, s.last_visit_at"
            " FROM customer c LEFT JOIN customer_stats s ON s.customer_id = c.id"
            f" WHERE c.id IN ({marks})",
            ids,
        )
    }
    tags: dict[int, list[str]] = {cid: [] for cid in ids}
    for cid, name in db.execute_sql(
        "SELECT ct.customer_id, t.name FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id"
        f" WHERE ct.customer_id IN ({marks}) ORDER BY t.name",
        ids,
    ):
        tags[cid].append(name)
    glance = loyalty_glance(ids if glance_rows is None else ids[: max(0, glance_rows)])
    return [
        CustomerSummary(
            id=h.customer_id,
            first_name=rows[h.customer_id][1],
            last_name=rows[h.customer_id][2],
            phone=rows[h.customer_id][3],
            email=rows[h.customer_id][4],
            tags=tuple(tags[h.customer_id]),
            match=_MATCH_NAMES[h.quality],
            last_visit=utc_from_db(rows[h.customer_id][5]).isoformat()
            if rows[h.customer_id][5]
            else None,
            loyalty=glance.get(h.customer_id),
        )
        for h in hits
        if h.customer_id in rows
    ]


def customer_count() -> int:
    return Customer.select().count()
