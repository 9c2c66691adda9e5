"""The tables of the shop's care for its customers and of their trust in it: the audit log
(schema 12), follow-ups (13), consent and what an erasure leaves (14). Kept apart from
:mod:`.models` (the counter's tables) so neither file grows past what one reads at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import peewee

from shopcrm.db.models import BaseModel, Customer, Staff, UtcDateTimeField, Visit, Voucher


class AuditEntry(BaseModel):
    """One change somebody made: who, when, at which till, what and to what (see
    core.audit). Only ever inserted."""

    id = peewee.AutoField()
    at = UtcDateTimeField()
    till = peewee.CharField(max_length=80, default="")
    staff_id = peewee.BigIntegerField(null=True)
    staff_name = peewee.CharField(max_length=120, null=True)
    action = peewee.CharField(max_length=40)
    subject = peewee.CharField(max_length=120, default="")
    changes = peewee.TextField(default="{}")

    class Meta:
        table_name = "audit_entry"
        indexes = ((("at",), False), (("action", "at"), False))


class Followup(BaseModel):
    """Something the shop owes a customer: a complaint to resolve, a call back, a check-in
    (see core.followups). ``due_on`` is a local date; a closed one keeps its resolution, who
    closed it and the service-recovery voucher given with it, if any."""

    id = peewee.AutoField()
    if TYPE_CHECKING:  # added by peewee at run time
        customer_id: int
        visit_id: int | None
        assignee_id: int | None
        created_by_id: int | None
        closed_by_id: int | None
        voucher_id: int | None
    customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", index=False)
    kind = peewee.CharField(max_length=10)  # complaint, callback, checkin, other
    about = peewee.TextField()
    visit = peewee.ForeignKeyField(Visit, null=True, on_delete="SET NULL", index=False)
    due_on = peewee.DateField()
    assignee = peewee.ForeignKeyField(
        Staff, null=True, on_delete="SET NULL", index=False, backref="+"
    )
    status = peewee.CharField(max_length=10, default="open")  # open, done, dropped
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


class ConsentChange(BaseModel):
    """One answer a customer gave about one channel (email, sms, post, vouchers): kept with
    when, where it was given and who took it (schema 14)."""

    id = peewee.AutoField()
    if TYPE_CHECKING:  # added by peewee at run time
        customer_id: int
        staff_id: int | None
    customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", index=False)
    channel = peewee.CharField(max_length=10)
    granted = peewee.BooleanField()
    at = UtcDateTimeField()
    source = peewee.CharField(max_length=120, default="")
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)

    class Meta:
        table_name = "consent_change"
        indexes = ((("customer", "at"), False),)


class ContactBlock(BaseModel):
    """A salted hash of an erased customer's phone or email (see core.privacy.blocks)."""

    digest = peewee.CharField(max_length=64, primary_key=True)
    kind = peewee.CharField(max_length=5)  # phone, email
    at = UtcDateTimeField()

    class Meta:
        table_name = "contact_block"


class ShopSecret(BaseModel):
    """A shop's own random values (the salt of its contact blocks), made by its migration."""

    name = peewee.CharField(max_length=40, primary_key=True)
    value = peewee.CharField(max_length=200)

    class Meta:
        table_name = "shop_secret"
