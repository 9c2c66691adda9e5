"""Schema version 5: voucher batches, vouchers, wrong-code attempts, and two customer flags.

The index of visits by time also carries the customer, the void flag and the amount, so a
month's visits are summed per customer from the index alone.

``customer.do_not_contact`` (the customer asked not to be contacted) and ``customer.erased_at``
(personal data erased) keep a customer out of every voucher run. ``voucher.code`` is unique by
constraint. The models are written out here rather than imported, so this migration keeps
doing what it did when ``models.py`` moves on.
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
        class Meta:
            table_name = "customer"

    class Staff(Base):
        class Meta:
            table_name = "staff"

    class Visit(Base):
        class Meta:
            table_name = "visit"

    class VoucherBatch(Base):
        name = peewee.CharField(max_length=120)
        month = peewee.CharField(max_length=7, null=True)
        rule = peewee.CharField(max_length=20)
        rule_params = peewee.TextField(default="{}")
        value_kind = peewee.CharField(max_length=10)
        value_minor = peewee.BigIntegerField(null=True)
        value_percent = peewee.SmallIntegerField(null=True)
        value_item = peewee.CharField(max_length=120, default="")
        currency = peewee.CharField(max_length=3, default="")
        message_template = peewee.TextField(default="")
        issued_at = UtcDateTimeField()
        issued_by = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)
        expires_on = peewee.DateField()
        voided_at = UtcDateTimeField(null=True)
        voided_by = peewee.ForeignKeyField(
            Staff, null=True, on_delete="SET NULL", index=False, backref="voided_batches"
        )
        void_reason = peewee.TextField(default="")

        class Meta:
            table_name = "voucher_batch"
            indexes = ((("month", "rule"), False),)

    class Voucher(Base):
        batch = peewee.ForeignKeyField(VoucherBatch, on_delete="CASCADE")
        customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE")
        code = peewee.CharField(max_length=16, unique=True)
        message = peewee.TextField(default="")
        printed = peewee.IntegerField(default=0)
        redeemed_at = UtcDateTimeField(null=True)
        redeemed_by = peewee.ForeignKeyField(
            Staff, null=True, on_delete="SET NULL", index=False, backref="redemptions"
        )
        redeemed_visit = peewee.ForeignKeyField(Visit, null=True, on_delete="SET NULL", index=False)
        redeemed_till = peewee.CharField(max_length=80, default="")
        voided_at = UtcDateTimeField(null=True)
        voided_by = peewee.ForeignKeyField(
            Staff, null=True, on_delete="SET NULL", index=False, backref="voided_vouchers"
        )
        void_reason = peewee.TextField(default="")

    class VoucherAttempt(Base):
        till = peewee.CharField(max_length=80)
        at = UtcDateTimeField()
        text = peewee.CharField(max_length=40, default="")

        class Meta:
            table_name = "voucher_attempt"
            indexes = ((("till", "at"), False),)

    db.create_tables([VoucherBatch, Voucher, VoucherAttempt], safe=False)
    # Written out, with the default in the column, so neither database copies the customer
    # table to add them (a million rows at the counter's start-up).
    false = "0" if isinstance(db, peewee.SqliteDatabase) else "FALSE"
    timestamp = "DATETIME" if isinstance(db, peewee.SqliteDatabase) else "TIMESTAMP"
    db.execute_sql(
        f"ALTER TABLE customer ADD COLUMN do_not_contact BOOLEAN NOT NULL DEFAULT {false}"
    )
    db.execute_sql(f"ALTER TABLE customer ADD COLUMN erased_at {timestamp}")
    # A voucher run sums a month of visits per customer: the visit-time index carries what it
    # sums, so the month is read from the index alone (same leading column, no extra index).
    db.execute_sql("DROP INDEX IF EXISTS visit_visited_at")
    db.execute_sql(
        "CREATE INDEX visit_visited_at ON visit (visited_at, customer_id, voided, amount_minor)"
    )
