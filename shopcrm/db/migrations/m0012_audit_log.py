"""Schema version 12: the audit log, one row per change anybody made.

``audit_entry`` records who (the staff id, and their name at the time, so a renamed or
departed member still reads as they were), when (UTC), at which till (the computer's name),
what (an action name such as ``visit.log``), the subject (a customer id, voucher code, batch
id ...) and the fields that changed as JSON. Rows are only ever inserted (see
:mod:`shopcrm.core.audit`). ``staff_id`` is a plain integer, not a foreign key: the row must
outlive anything it names, and a key check would cost every visit a look-up. The index by
time serves the audit view's newest-first pages; the one by action and time its filter.
"""

from __future__ import annotations

import peewee

from shopcrm.db.models import UtcDateTimeField


def apply(db: peewee.Database) -> None:
    class AuditEntry(peewee.Model):
        at = UtcDateTimeField()
        till = peewee.CharField(max_length=80, default="")
        staff_id = peewee.BigIntegerField(null=True)
        staff_name = peewee.CharField(max_length=120, null=True)
        action = peewee.CharField(max_length=40)
        subject = peewee.CharField(max_length=120, default="")
        changes = peewee.TextField(default="{}")

        class Meta:
            database = db
            table_name = "audit_entry"
            indexes = ((("at",), False), (("action", "at"), False))

    db.create_tables([AuditEntry], safe=False)
