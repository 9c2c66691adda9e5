"""What a shop export holds: each file's columns, with headers a person reads, and the query
that reads its rows a page at a time (keyset by id: bounded memory at a million customers on
either engine, where one plain cursor would fetch every row into memory on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from shopcrm.db import database

#: Rows read per page.
PAGE = 5_000

TEXT, NUMBER, MONEY, TIME, DAY, YES_NO = "text", "number", "money", "time", "day", "yes/no"


@dataclass(frozen=True)
class Column:
    header: str  # the CSV header
    key: str  # the JSON key
    kind: str = TEXT  # only TEXT cells are neutralised in a CSV (see writers)


@dataclass(frozen=True)
class Table:
    name: str  # the file's name without its extension
    columns: tuple[Column, ...]
    sql: str  # selects the columns' values (id first), ``{p}`` the parameter, id > it
    count_sql: str
    #: Turns a page of raw rows into the columns' values (tags joined in, for customers).
    shape: Callable[[list[tuple[Any, ...]]], list[tuple[Any, ...]]] | None = None

    def pages(self) -> Iterator[list[tuple[Any, ...]]]:
        last = 0
        query = self.sql.format(p=database.param, limit=PAGE)
        while True:
            rows = list(database.execute_sql(query, (last,)).fetchall())
            if not rows:
                return
            last = rows[-1][0]
            yield self.shape(rows) if self.shape else rows
            if len(rows) < PAGE:
                return

    def count(self) -> int:
        return int(database.execute_sql(self.count_sql).fetchone()[0])


def _with_tags(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The customers' page with their tags (", "-joined) after the email."""
    first, last = rows[0][0], rows[-1][0]
    p = database.param
    tags: dict[int, list[str]] = {}
    for cid, name in database.execute_sql(
        "SELECT ct.customer_id, t.name FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id"
        f" WHERE ct.customer_id BETWEEN {p} AND {p} ORDER BY t.name",
        (first, last),
    ):
        tags.setdefault(cid, []).append(name)
    shaped = []
    for row in rows:
        year, month, day = row[5], row[6], row[7]
        birthday = ""
        if month and day:
            birthday = f"{year:04d}-{month:02d}-{day:02d}" if year else f"{month:02d}-{day:02d}"
        shaped.append((*row[:5], birthday, ", ".join(tags.get(row[0], [])), *row[8:]))
    return shaped


def _staff(alias: str) -> str:
    return f"LEFT JOIN staff st ON st.id = {alias}.staff_id"


CUSTOMERS = Table(
    "customers",
    (
        Column("Customer ID", "id", NUMBER),
        Column("First name", "first_name"),
        Column("Last name", "last_name"),
        Column("Phone", "phone"),
        Column("Email", "email"),
        Column("Birthday", "birthday"),
        Column("Tags", "tags"),
        Column("Email consent", "consent_email", YES_NO),
        Column("SMS consent", "consent_sms", YES_NO),
        Column("Post consent", "consent_post", YES_NO),
        Column("Vouchers consent", "consent_vouchers", YES_NO),
        Column("Do not contact", "do_not_contact", YES_NO),
        Column("Customer since", "created_at", TIME),
        Column("Erased at", "erased_at", TIME),
        Column("Visits", "visits", NUMBER),
        Column("Total spent", "total_spent", MONEY),
        Column("Last visit", "last_visit_at", TIME),
    ),
    "SELECT c.id, c.first_name, c.last_name, c.phone, c.email, c.birthday_year,"
    " c.birthday_month, c.birthday_day, c.consent_email, c.consent_sms, c.consent_post,"
    " c.consent_vouchers, c.do_not_contact, c.created_at, c.erased_at,"
    " COALESCE(s.visits, 0), COALESCE(s.total_spent_minor, 0), s.last_visit_at"
    " FROM customer c LEFT JOIN customer_stats s ON s.customer_id = c.id"
    " WHERE c.id > {p} ORDER BY c.id LIMIT {limit}",
    "SELECT count(*) FROM customer",
    _with_tags,
)
VISITS = Table(
    "visits",
    (
        Column("Visit ID", "id", NUMBER),
        Column("Customer ID", "customer_id", NUMBER),
        Column("Visited at", "visited_at", TIME),
        Column("Amount", "amount", MONEY),
        Column("Note", "note"),
        Column("Satisfaction", "satisfaction", NUMBER),
        Column("Feedback", "feedback"),
        Column("Voided", "voided", YES_NO),
        Column("Void reason", "void_reason"),
        Column("Staff", "staff"),
    ),
    "SELECT v.id, v.customer_id, v.visited_at, v.amount_minor, v.note, v.satisfaction,"
    f" v.feedback, v.voided, v.void_reason, st.name FROM visit v {_staff('v')}"
    " WHERE v.id > {p} ORDER BY v.id LIMIT {limit}",
    "SELECT count(*) FROM visit",
)
LOYALTY = Table(
    "loyalty",
    (
        Column("Line ID", "id", NUMBER),
        Column("Customer ID", "customer_id", NUMBER),
        Column("Kind", "kind"),
        Column("Stamps", "stamps", NUMBER),
        Column("Points", "points", NUMBER),
        Column("Visit ID", "visit_id", NUMBER),
        Column("Reason", "reason"),
        Column("At", "created_at", TIME),
        Column("Staff", "staff"),
    ),
    "SELECT e.id, e.customer_id, e.kind, e.stamps, e.points, e.visit_id, e.reason,"
    f" e.created_at, st.name FROM loyalty_entry e {_staff('e')}"
    " WHERE e.id > {p} ORDER BY e.id LIMIT {limit}",
    "SELECT count(*) FROM loyalty_entry",
)
VOUCHERS = Table(
    "vouchers",
    (
        Column("Voucher ID", "id", NUMBER),
        Column("Code", "code"),
        Column("Customer ID", "customer_id", NUMBER),
        Column("Run", "run"),
        Column("Value kind", "value_kind"),
        Column("Value", "value", MONEY),
        Column("Percent", "percent", NUMBER),
        Column("Item", "item"),
        Column("Message", "message"),
        Column("Issued at", "issued_at", TIME),
        Column("Expires on", "expires_on", DAY),
        Column("Redeemed at", "redeemed_at", TIME),
        Column("Voided at", "voided_at", TIME),
        Column("Void reason", "void_reason"),
    ),
    "SELECT v.id, v.code, v.customer_id, b.name, b.value_kind, b.value_minor,"
    " b.value_percent, b.value_item, v.message, b.issued_at, b.expires_on, v.redeemed_at,"
    " COALESCE(v.voided_at, b.voided_at), CASE WHEN v.void_reason = '' THEN b.void_reason"
    " ELSE v.void_reason END FROM voucher v JOIN voucher_batch b ON b.id = v.batch_id"
    " WHERE v.id > {p} ORDER BY v.id LIMIT {limit}",
    "SELECT count(*) FROM voucher",
)
NOTES = Table(
    "notes",
    (
        Column("Note ID", "id", NUMBER),
        Column("Customer ID", "customer_id", NUMBER),
        Column("Text", "text"),
        Column("Pinned", "pinned", YES_NO),
        Column("Written at", "created_at", TIME),
        Column("Staff", "staff"),
    ),
    "SELECT n.id, n.customer_id, n.text, n.pinned, n.created_at, st.name"
    f" FROM note n {_staff('n')} WHERE n.id > {{p}} ORDER BY n.id LIMIT {{limit}}",
    "SELECT count(*) FROM note",
)
CONSENT = Table(
    "consent",
    (
        Column("Change ID", "id", NUMBER),
        Column("Customer ID", "customer_id", NUMBER),
        Column("Channel", "channel"),
        Column("Granted", "granted", YES_NO),
        Column("At", "at", TIME),
        Column("Source", "source"),
        Column("Staff", "staff"),
    ),
    "SELECT k.id, k.customer_id, k.channel, k.granted, k.at, k.source, st.name"
    f" FROM consent_change k {_staff('k')} WHERE k.id > {{p}} ORDER BY k.id LIMIT {{limit}}",
    "SELECT count(*) FROM consent_change",
)

TABLES = (CUSTOMERS, VISITS, LOYALTY, VOUCHERS, NOTES, CONSENT)
