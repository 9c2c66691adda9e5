"""Schema version 3: staff, visits, the loyalty ledger and per-customer visit statistics.

``customer_stats`` is a cache of aggregates over ``visit`` (kept in the same transaction as
every visit change, and rebuildable from it); loyalty balances are never stored, only the
append-only ``loyalty_entry`` ledger they are summed from. A first staff member, "Owner", is
created so every visit and note can name who recorded it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import peewee

from shopcrm.db.dialect import is_postgresql
from shopcrm.db.models import UtcDateTimeField


def apply(db: peewee.Database) -> None:
    from playhouse.migrate import SchemaMigrator, migrate  # only when migrating

    # Points can pass 2**31 (a big amount at a generous rate): BIGINT on PostgreSQL, where
    # INTEGER is 32-bit; SQLite's INTEGER is 64-bit and stays as this migration made it.
    points_field = peewee.BigIntegerField if is_postgresql(db) else peewee.IntegerField

    class Base(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Customer(Base):
        class Meta:
            table_name = "customer"

    class Staff(Base):
        id = peewee.AutoField()  # the key peewee would add anyway, named for field=Staff.id
        name = peewee.CharField(max_length=60, unique=True)
        role = peewee.CharField(max_length=10, default="cashier")
        active = peewee.BooleanField(default=True)
        created_at = UtcDateTimeField()

    class Visit(Base):
        customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", index=False)
        staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        visited_at = UtcDateTimeField(index=True)
        amount_minor = peewee.BigIntegerField(null=True)
        note = peewee.TextField(default="")
        satisfaction = peewee.SmallIntegerField(null=True)
        feedback = peewee.TextField(default="")
        voided = peewee.BooleanField(default=False)
        void_reason = peewee.TextField(default="")
        voided_at = UtcDateTimeField(null=True)
        voided_by = peewee.ForeignKeyField(
            Staff, null=True, on_delete="SET NULL", backref="voids", index=False
        )

        class Meta:
            indexes = ((("customer", "visited_at"), False),)

    class LoyaltyEntry(Base):
        customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", index=False)
        kind = peewee.CharField(max_length=10)  # earn, redeem, adjust, expire, reverse
        stamps = peewee.IntegerField(default=0)
        points = points_field(default=0)
        visit = peewee.ForeignKeyField(Visit, null=True, on_delete="SET NULL")
        reverses = peewee.ForeignKeyField("self", null=True, on_delete="SET NULL", index=False)
        reason = peewee.TextField(default="")
        staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)
        created_at = UtcDateTimeField()

        class Meta:
            indexes = ((("customer", "created_at"), False),)

    class CustomerStats(Base):
        customer = peewee.ForeignKeyField(Customer, primary_key=True, on_delete="CASCADE")
        visits = peewee.IntegerField(default=0)
        total_spent_minor = peewee.BigIntegerField(default=0)
        first_visit_at = UtcDateTimeField(null=True)
        last_visit_at = UtcDateTimeField(null=True)
        rank = peewee.SmallIntegerField()
        ranked_at = UtcDateTimeField(index=True)

    db.create_tables([Staff, Visit, LoyaltyEntry, CustomerStats], safe=False)
    staff_note = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", field=Staff.id)
    staff_change = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", field=Staff.id)
    migrator = SchemaMigrator.from_database(db)
    migrate(
        migrator.add_column("note", "staff_id", staff_note),
        migrator.add_column("customer", "updated_by_id", staff_change),
    )
    Staff.create(name="Owner", role="owner", active=True, created_at=datetime.now(UTC))
