"""The shop's tables as peewee models, bound to the deferred :data:`connection.database`.

Times are stored in UTC (:class:`UtcDateTimeField` refuses naive datetimes so local time can
never slip in); the schema itself is created and changed only by numbered migrations.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import peewee

from shopcrm.db.connection import database


def utcnow() -> datetime:
    return datetime.now(UTC)


def utc_from_db(value: object) -> datetime:
    """A stored UTC timestamp as an aware datetime, without the field's per-row format search:
    for reading thousands of rows (a regular's history) fast."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


class UtcDateTimeField(peewee.DateTimeField):
    """A timestamp stored as naive UTC text/timestamp and read back as an aware UTC datetime."""

    def db_value(self, value: datetime | None) -> object:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC field; attach a time zone")
        return super().db_value(value.astimezone(UTC).replace(tzinfo=None))

    def python_value(self, value: object) -> datetime | None:
        parsed = super().python_value(value)
        if isinstance(parsed, datetime):
            return parsed.replace(tzinfo=UTC)
        return parsed


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Staff(BaseModel):
    """A person who works the till; ``role`` is "cashier" or "owner"."""

    id = peewee.AutoField()
    name = peewee.CharField(max_length=60, unique=True)
    role = peewee.CharField(max_length=10, default="cashier")
    active = peewee.BooleanField(default=True)
    created_at = UtcDateTimeField(default=utcnow)


class StaffPin(BaseModel):
    """An owner's PIN as a salted slow hash (see core.owner), and the wrong PINs tried since
    the last right one; one row per owner who has set a PIN."""

    staff = peewee.ForeignKeyField(Staff, primary_key=True, on_delete="CASCADE")
    pin_hash = peewee.CharField(max_length=200)
    failures = peewee.IntegerField(default=0)
    failed_at = UtcDateTimeField(null=True)

    class Meta:
        table_name = "staff_pin"


class Customer(BaseModel):
    id = peewee.AutoField()
    if TYPE_CHECKING:  # added by peewee at run time
        updated_by_id: int | None
    first_name = peewee.CharField(max_length=100)
    last_name = peewee.CharField(max_length=100, default="")
    phone = peewee.CharField(max_length=32, default="")  # E.164, '' when unknown
    email = peewee.CharField(max_length=254, default="")
    birthday_month = peewee.SmallIntegerField(null=True)
    birthday_day = peewee.SmallIntegerField(null=True)
    birthday_year = peewee.SmallIntegerField(null=True)
    created_at = UtcDateTimeField(default=utcnow)
    updated_at = UtcDateTimeField(default=utcnow)
    updated_by = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)
    #: Asked not to be contacted: left out of every voucher run and mailing (schema 5).
    do_not_contact = peewee.BooleanField(default=False)
    #: When the personal data was erased (the row stays for anonymous statistics; schema 5).
    erased_at = UtcDateTimeField(null=True)
    #: Each marketing channel's current answer: True granted, False withdrawn, None never
    #: asked (schema 14; the history is ``consent_change``, see core.privacy.consent).
    consent_email = peewee.BooleanField(null=True)
    consent_sms = peewee.BooleanField(null=True)
    consent_post = peewee.BooleanField(null=True)
    consent_vouchers = peewee.BooleanField(null=True)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Tag(BaseModel):
    id = peewee.AutoField()
    name = peewee.CharField(max_length=40, unique=True)


class CustomerTag(BaseModel):
    if TYPE_CHECKING:  # added by peewee at run time
        customer_id: int
        tag_id: int
    customer = peewee.ForeignKeyField(Customer, backref="tag_links", on_delete="CASCADE")
    tag = peewee.ForeignKeyField(Tag, backref="customer_links", on_delete="CASCADE")

    class Meta:
        primary_key = peewee.CompositeKey("customer", "tag")


class Note(BaseModel):
    id = peewee.AutoField()
    if TYPE_CHECKING:  # added by peewee at run time
        customer_id: int
        staff_id: int | None
    customer = peewee.ForeignKeyField(Customer, backref="notes", on_delete="CASCADE")
    text = peewee.TextField()
    pinned = peewee.BooleanField(default=False)
    created_at = UtcDateTimeField(default=utcnow)
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)
    #: A pinned alert shows up to and including this local day; None: until unpinned (schema 13).
    pinned_until = peewee.DateField(null=True)
    #: A pinned alert is hidden up to and including this local day (schema 13).
    snoozed_until = peewee.DateField(null=True)

    class Meta:
        indexes = ((("customer", "created_at"), False),)


class Visit(BaseModel):
    """One visit to the shop; a voided visit stays in the history (struck through)."""

    id = peewee.AutoField()
    if TYPE_CHECKING:  # added by peewee at run time
        customer_id: int
        staff_id: int | None
        voided_by_id: int | None
    customer = peewee.ForeignKeyField(Customer, backref="visits", on_delete="CASCADE", index=False)
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)
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
    client_key = peewee.CharField(max_length=36, null=True)  # unique (migration 6)

    class Meta:
        # (migration 4 adds voided and amount_minor to it, for index-only sums)
        indexes = ((("customer", "visited_at"), False),)


class LoyaltyEntry(BaseModel):
    """One line of the append-only loyalty ledger; balances are sums of these."""

    id = peewee.AutoField()
    if TYPE_CHECKING:  # added by peewee at run time
        customer_id: int
        visit_id: int | None
        reverses_id: int | None
        staff_id: int | None
        lot_id: int | None
    customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", index=False)
    kind = peewee.CharField(max_length=10)  # earn, redeem, adjust, expire, reverse
    stamps = peewee.IntegerField(default=0)
    points = peewee.BigIntegerField(default=0)  # BIGINT on PostgreSQL (schema 3)
    visit = peewee.ForeignKeyField(Visit, null=True, on_delete="SET NULL")
    reverses = peewee.ForeignKeyField(
        "self", null=True, on_delete="SET NULL", index=False, backref="reversals"
    )
    reason = peewee.TextField(default="")
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)
    created_at = UtcDateTimeField(default=utcnow)
    #: An earning line's points not yet spent, expired or reversed (see core.lots); 0 else.
    lot_remaining = peewee.BigIntegerField(default=0)
    #: The earning line (lot) an ``expire`` line writes off.
    lot = peewee.ForeignKeyField(
        "self", null=True, on_delete="SET NULL", index=False, backref="write_offs"
    )

    class Meta:
        table_name = "loyalty_entry"
        # (migration 4 adds stamps and points to it, and a partial index of the open lots)
        indexes = ((("customer", "created_at"), False),)


class CustomerStats(BaseModel):
    """Aggregates over a customer's visits, kept with every visit change (a rebuildable cache)."""

    if TYPE_CHECKING:  # added by peewee at run time
        customer_id: int
    customer = peewee.ForeignKeyField(Customer, primary_key=True, on_delete="CASCADE")
    visits = peewee.IntegerField(default=0)
    total_spent_minor = peewee.BigIntegerField(default=0)
    first_visit_at = UtcDateTimeField(null=True)
    last_visit_at = UtcDateTimeField(null=True)
    rank = peewee.SmallIntegerField()
    ranked_at = UtcDateTimeField(index=True)

    class Meta:
        table_name = "customer_stats"


class LoyaltyBalance(BaseModel):
    """A customer's stamp and point balances: the sums of their ledger lines, kept with every
    line written (so the counter never sums a regular's thousands of lines)."""

    if TYPE_CHECKING:  # added by peewee at run time
        customer_id: int
    customer = peewee.ForeignKeyField(Customer, primary_key=True, on_delete="CASCADE")
    stamps = peewee.IntegerField(default=0)
    points = peewee.BigIntegerField(default=0)

    class Meta:
        table_name = "loyalty_balance"


class Setting(BaseModel):
    """A shop setting's stored text (declared with its type in ``shopcrm.core.settings``)."""

    key = peewee.CharField(max_length=64, primary_key=True)
    value = peewee.TextField()


class VoucherBatch(BaseModel):
    """One run of vouchers: who gets them (rule and parameters), what they are worth, the
    message printed on them and until when they are valid (a local date, inclusive)."""

    id = peewee.AutoField()
    if TYPE_CHECKING:  # added by peewee at run time
        issued_by_id: int | None
        voided_by_id: int | None
    name = peewee.CharField(max_length=120)
    month = peewee.CharField(max_length=7, null=True)  # "2026-11"; None for a single voucher
    rule = peewee.CharField(max_length=20)
    rule_params = peewee.TextField(default="{}")  # JSON
    value_kind = peewee.CharField(max_length=10)  # amount, percent, item
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


class Voucher(BaseModel):
    """One customer's voucher. ``code`` is ungrouped and unique (see core.voucher_codes); it is
    redeemed by one conditional update, so at most once whatever the number of tills."""

    id = peewee.AutoField()
    if TYPE_CHECKING:  # added by peewee at run time
        batch_id: int
        customer_id: int
        redeemed_by_id: int | None
        redeemed_visit_id: int | None
        voided_by_id: int | None
    batch = peewee.ForeignKeyField(VoucherBatch, backref="vouchers", on_delete="CASCADE")
    customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE")
    code = peewee.CharField(max_length=16, unique=True)
    message = peewee.TextField(default="")  # the batch template filled in for this customer
    printed = peewee.IntegerField(default=0)  # times printed: every print after the first is a COPY
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


class VoucherAttempt(BaseModel):
    """A code typed or scanned at a till that was not a voucher (mistyped or unknown): a run
    of them slows the next attempts down (see core.redemption)."""

    id = peewee.AutoField()
    till = peewee.CharField(max_length=80)
    at = UtcDateTimeField()
    text = peewee.CharField(max_length=40, default="")

    class Meta:
        table_name = "voucher_attempt"
        indexes = ((("till", "at"), False),)
