"""Schema version 14: consent per channel, and what an erased customer leaves behind.

- ``customer.consent_email`` / ``consent_sms`` / ``consent_post`` / ``consent_vouchers``: each
  channel's current answer, NULL while never asked, so a voucher run or a mailing list reads
  one column rather than the latest row of a history;
- ``consent_change``: that history, one row per answer given (channel, granted or withdrawn,
  when, where it came from — "paper form", "import", "at the counter" — and who took it);
- ``contact_block``: salted hashes of an erased customer's phone and email, so an import can
  say "this person asked to be forgotten" without the shop keeping who they were;
- ``shop_secret``: the shop's own random salt for those hashes (made here, once per shop).

A customer who had asked not to be contacted before this version gets every channel
withdrawn, with one history row per channel saying so: ``do_not_contact`` keeps its meaning,
now the sum of the channels (every channel withdrawn).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import peewee

from shopcrm.db.models import UtcDateTimeField

CHANNELS = ("email", "sms", "post", "vouchers")
#: The source written on the history rows of customers who had said no before channels existed.
EARLIER_SOURCE = "do not contact (before consent per channel)"


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

    class ConsentChange(Base):
        customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", index=False)
        channel = peewee.CharField(max_length=10)
        granted = peewee.BooleanField()
        at = UtcDateTimeField()
        source = peewee.CharField(max_length=120, default="")
        staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)

        class Meta:
            table_name = "consent_change"
            indexes = ((("customer", "at"), False),)

    class ContactBlock(Base):
        digest = peewee.CharField(max_length=64, primary_key=True)
        kind = peewee.CharField(max_length=5)
        at = UtcDateTimeField()

        class Meta:
            table_name = "contact_block"

    class ShopSecret(Base):
        name = peewee.CharField(max_length=40, primary_key=True)
        value = peewee.CharField(max_length=200)

        class Meta:
            table_name = "shop_secret"

    for channel in CHANNELS:
        db.execute_sql(f"ALTER TABLE customer ADD COLUMN consent_{channel} BOOLEAN")
    db.create_tables([ConsentChange, ContactBlock, ShopSecret], safe=False)
    p = db.param
    db.execute_sql(
        f"INSERT INTO shop_secret (name, value) VALUES ({p}, {p})",
        ("contact_block_salt", secrets.token_hex(32)),
    )
    true = "TRUE" if isinstance(db, peewee.PostgresqlDatabase) else "1"
    false = "FALSE" if true == "TRUE" else "0"
    now = datetime.now(UTC)
    for channel in CHANNELS:
        db.execute_sql(
            "INSERT INTO consent_change (customer_id, channel, granted, at, source, staff_id)"
            f" SELECT id, {p}, {false}, {p}, {p}, NULL FROM customer"
            f" WHERE do_not_contact = {true} ORDER BY id",
            (channel, ConsentChange.at.db_value(now), EARLIER_SOURCE),
        )
    sets = ", ".join(f"consent_{channel} = {false}" for channel in CHANNELS)
    db.execute_sql(f"UPDATE customer SET {sets} WHERE do_not_contact = {true}")
