"""Schema version 16: merged customers, and the record that lets a merge be undone.

``customer_merge`` holds one row per merge: the customer kept, the other one (merged into
it), when, by whom, and ``moved`` — JSON naming exactly which rows moved from the other
customer to the kept one (ids per table), which blanks of the kept customer were filled from
the other and the loyalty lots the merged ledger changed (see :mod:`shopcrm.core.merging`).
``undone_at``/``undone_by_id`` are set when the merge is undone; the row stays, as the
history of what happened.

``customer.merged_into`` is the kept customer's id on a customer merged away (NULL on every
other): the search leaves them out and their card says where they went. A plain integer, not
a foreign key: the merge row is the record, this is the flag the counter reads. Added with
no default beyond NULL, so neither engine copies the customer table.
"""

from __future__ import annotations

import peewee

from shopcrm.db.models import UtcDateTimeField


def apply(db: peewee.Database) -> None:
    class Base(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Staff(Base):
        class Meta:
            table_name = "staff"

    class Customer(Base):
        class Meta:
            table_name = "customer"

    class CustomerMerge(Base):
        keep = peewee.ForeignKeyField(Customer, on_delete="CASCADE")
        other = peewee.ForeignKeyField(
            Customer, on_delete="CASCADE", index=False, backref="merged_away"
        )
        merged_at = UtcDateTimeField()
        staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)
        moved = peewee.TextField(default="{}")
        undone_at = UtcDateTimeField(null=True)
        undone_by = peewee.ForeignKeyField(
            Staff, null=True, on_delete="SET NULL", index=False, backref="undone_merges"
        )

        class Meta:
            table_name = "customer_merge"

    db.create_tables([CustomerMerge], safe=False)
    db.execute_sql("ALTER TABLE customer ADD COLUMN merged_into INTEGER")
