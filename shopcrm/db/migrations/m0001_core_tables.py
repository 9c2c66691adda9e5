"""Schema version 1: customers, tags, notes and shop settings.

The models here are a frozen copy of the schema as this version made it; later changes to
``shopcrm.db.models`` never alter what this migration creates.
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
        first_name = peewee.CharField(max_length=100)
        last_name = peewee.CharField(max_length=100, default="")
        phone = peewee.CharField(max_length=32, default="")
        email = peewee.CharField(max_length=254, default="")
        birthday_month = peewee.SmallIntegerField(null=True)
        birthday_day = peewee.SmallIntegerField(null=True)
        birthday_year = peewee.SmallIntegerField(null=True)
        created_at = UtcDateTimeField()
        updated_at = UtcDateTimeField()

    class Tag(Base):
        name = peewee.CharField(max_length=40, unique=True)

    class CustomerTag(Base):
        customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE")
        tag = peewee.ForeignKeyField(Tag, on_delete="CASCADE", index=True)

        class Meta:
            primary_key = peewee.CompositeKey("customer", "tag")

    class Note(Base):
        customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE")
        text = peewee.TextField()
        pinned = peewee.BooleanField(default=False)
        created_at = UtcDateTimeField()

        class Meta:
            indexes = ((("customer", "created_at"), False),)

    class Setting(Base):
        key = peewee.CharField(max_length=64, primary_key=True)
        value = peewee.TextField()

    db.create_tables([Customer, Tag, CustomerTag, Note, Setting], safe=False)
