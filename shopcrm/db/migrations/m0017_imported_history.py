"""Schema version 17: what an import from another system brings besides the customers.

``imported_history`` keeps, per customer and source (``square``, ``shopify``, ``generic``),
the customer's id in that system (so importing the same export again finds the same customer
even after an edit of the email or phone) and the visit count, first and last visit and
lifetime spend the old system knew. These are kept apart from ``visit`` on purpose: they were
never visits logged here, and faking them into visits would give loyalty points, ranks and
statistics that no till ever saw. The card shows them as "Imported history".

``import_mapping`` remembers, per source, which column of the file was which field, so the
import wizard proposes the same mapping next time.

``customer(email)`` and ``customer(phone)`` get indexes: an import finds existing customers by
them, a chunk of rows at a time, and without them each look-up would read every customer.
"""

from __future__ import annotations

import peewee

from shopcrm.db.models import UtcDateTimeField


def apply(db: peewee.Database) -> None:
    class Base(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Customer(Base):
        email = peewee.CharField(max_length=254, default="")
        phone = peewee.CharField(max_length=32, default="")

        class Meta:
            table_name = "customer"

    class ImportedHistory(Base):
        id = peewee.AutoField()
        customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", index=False)
        source = peewee.CharField(max_length=20)
        external_id = peewee.CharField(max_length=64, default="")
        visits = peewee.IntegerField(null=True)
        first_visit = peewee.DateField(null=True)
        last_visit = peewee.DateField(null=True)
        spent_minor = peewee.BigIntegerField(null=True)
        imported_at = UtcDateTimeField()

        class Meta:
            table_name = "imported_history"
            indexes = ((("customer", "source"), True), (("source", "external_id"), False))

    class ImportMapping(Base):
        source = peewee.CharField(max_length=40, primary_key=True)
        mapping = peewee.TextField(default="{}")
        updated_at = UtcDateTimeField()

        class Meta:
            table_name = "import_mapping"

    db.create_tables([ImportedHistory, ImportMapping], safe=False)
    db.execute_sql("CREATE INDEX customer_email ON customer (email)")
    db.execute_sql("CREATE INDEX customer_phone ON customer (phone)")
