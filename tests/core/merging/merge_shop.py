"""Two records of the same person with a full history each, for the merge tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import peewee

from shopcrm.core import loyalty, notes, settings, vouchers
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.followups.lifecycle import add_followup
from shopcrm.core.visits import log_visit, void_visit
from shopcrm.core.vouchers import HAND_PICKED, RuleSpec, VoucherValue
from tests.core.vouchers.voucher_shop import MONTH, TODAY

#: Columns a merge and its undo rewrite by design: when the customer row was last changed and
#: by whom, and when a rank was last worked out.
CHANGED_ON_PURPOSE = {
    "customer": ("updated_at", "updated_by_id"),
    "customer_stats": ("ranked_at",),
}
#: Tables that only grow with a merge: the log and the merge record.
RECORDS = ("audit_entry", "customer_merge")


def days_ago(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def make_pair() -> dict[str, int]:
    """``keep`` (Ann Smith, a phone) and ``other`` (Anne Smith, an email and birthday, an
    older history: her lots are older than Ann's, so the merged ledger spends differently),
    each with visits, notes, tags, points spent and a voucher, Anne a follow-up; and a
    bystander."""
    settings.set_many({"points_per_unit": "1", "currency": "GBP", "phone_region": "GB"})
    keep = add_customer(
        CustomerInput("Ann", "Smith", phone="020 7946 0958", tags=["vip", "regular"])
    ).id
    other = add_customer(
        CustomerInput(
            "Anne", "Smith", email="anne@example.com", birthday_month=3, birthday_day=14,
            tags=["regular", "oat milk"],
        )
    ).id  # fmt: skip
    bystander = add_customer(CustomerInput("Bob", "Else", phone="020 7946 0000")).id
    for days, amount in ((300, 4000), (200, 2500), (20, 1200)):
        log_visit(other, amount_minor=amount, at=days_ago(days))
    voided = log_visit(other, amount_minor=999, at=days_ago(10)).id
    void_visit(voided, "typed twice")
    for days, amount in ((100, 3000), (5, 1500)):
        log_visit(keep, amount_minor=amount, at=days_ago(days))
    log_visit(bystander, amount_minor=700, at=days_ago(3))
    loyalty.redeem_points(other, 30)  # 77 earned
    loyalty.redeem_points(keep, 20)  # 45 earned
    notes.add_note(other, "Allergic to nuts", pinned=True)
    add_followup(other, "callback", "Call back about the cake order")
    notes.add_note(keep, "Likes the window seat")
    for who in (other, keep):
        vouchers.issue_batch(
            vouchers.BatchDraft(
                rule=RuleSpec(HAND_PICKED, MONTH, customer_ids=(who,)),
                value=VoucherValue.amount(500),
                expires_on=TODAY + timedelta(days=30),
                name=f"Thanks {who}",
            )
        )
    return {"keep": keep, "other": other, "bystander": bystander}


def dump(db: peewee.Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but the search index's and the records', sorted, without the
    columns a merge changes on purpose (see :data:`CHANGED_ON_PURPOSE`)."""
    tables = sorted(t for t in db.get_tables() if not t.startswith("search_") and t not in RECORDS)
    found = {}
    for table in tables:
        cursor = db.execute_sql(f"SELECT * FROM {table}")
        names = [d[0] for d in cursor.description]
        skip = CHANGED_ON_PURPOSE.get(table, ())
        rows = [
            tuple(
                str(v) if isinstance(v, datetime) else v
                for name, v in zip(names, row, strict=True)
                if name not in skip
            )
            for row in cursor.fetchall()
        ]
        found[table] = sorted(rows, key=repr)
    return found
