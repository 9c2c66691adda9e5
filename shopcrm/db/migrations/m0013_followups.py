"""Schema version 13: follow-ups (complaints, call-backs, check-ins), feedback found fast, and
pinned notes that end or sleep.

``followup`` is one thing the shop owes a customer: what kind, what about (and the visit it
came from, if any), when it is due, who it is assigned to, whether it is open, done or
dropped, how it was resolved, and the service-recovery voucher given when it was closed. Its
indexes serve the three ways it is read: by status and due date (what is due today, across a
million customers), by status, kind and age (complaints open past their target) and by
customer and status (the card's open follow-ups).

A visit's satisfaction and feedback already live on ``visit`` (schema 3), so logging a visit
writes no second row; the partial index ``visit_feedback`` holds only the visits that carry a
score or a comment (under 1 % of them), so the Feedback list and its monthly averages never
walk the ten million visits that have neither.

``note.pinned_until`` (a local date: the alert is shown up to and including it) and
``note.snoozed_until`` (hidden up to and including it) let a pinned alert end or sleep
without being unpinned.
"""

from __future__ import annotations

import peewee

from shopcrm.db.models import UtcDateTimeField

#: What the feedback index holds, and what the feedback queries say word for word (SQLite
#: uses a partial index only when the query's WHERE repeats its condition).
FEEDBACK_CONDITION = "(satisfaction IS NOT NULL OR feedback <> '')"


def apply(db: peewee.Database) -> None:
    class Base(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Customer(Base):
        class Meta:
            table_name = "customer"

    class Staff(Base):
        class Meta:
            table_name = "staff"

    class Visit(Base):
        class Meta:
            table_name = "visit"

    class Voucher(Base):
        class Meta:
            table_name = "voucher"

    class Followup(Base):
        customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", index=False)
        kind = peewee.CharField(max_length=10)
        about = peewee.TextField()
        visit = peewee.ForeignKeyField(Visit, null=True, on_delete="SET NULL", index=False)
        due_on = peewee.DateField()
        assignee = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)
        status = peewee.CharField(max_length=10, default="open")
        resolution = peewee.TextField(default="")
        created_at = UtcDateTimeField()
        created_by = peewee.ForeignKeyField(
            Staff, null=True, on_delete="SET NULL", index=False, backref="+"
        )
        closed_at = UtcDateTimeField(null=True)
        closed_by = peewee.ForeignKeyField(
            Staff, null=True, on_delete="SET NULL", index=False, backref="+"
        )
        voucher = peewee.ForeignKeyField(Voucher, null=True, on_delete="SET NULL", index=False)

        class Meta:
            table_name = "followup"
            indexes = (
                (("status", "due_on"), False),
                (("status", "kind", "created_at"), False),
                (("customer", "status", "due_on"), False),
            )

    db.create_tables([Followup], safe=False)
    db.execute_sql(f"CREATE INDEX visit_feedback ON visit (visited_at) WHERE {FEEDBACK_CONDITION}")
    db.execute_sql("ALTER TABLE note ADD COLUMN pinned_until DATE")
    db.execute_sql("ALTER TABLE note ADD COLUMN snoozed_until DATE")
