"""Schema version 11: owners' PINs, kept apart from the staff list.

``staff_pin`` holds one row per owner who has set a PIN: the salted scrypt hash with the
parameters it was made with (so they can be raised later without a migration), and the run of
wrong PINs tried since the last right one, with when the latest was tried, so the slowdown
survives a restart and applies to the command line too (see :mod:`shopcrm.core.owner`). A
table of its own keeps the hash out of every query that lists staff.
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

    class StaffPin(Base):
        staff = peewee.ForeignKeyField(Staff, primary_key=True, on_delete="CASCADE")
        pin_hash = peewee.CharField(max_length=200)
        failures = peewee.IntegerField(default=0)
        failed_at = UtcDateTimeField(null=True)

        class Meta:
            table_name = "staff_pin"

    db.create_tables([StaffPin], safe=False)
