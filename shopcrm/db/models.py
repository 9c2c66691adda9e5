"""The shop's tables as peewee models, bound to the deferred :data:`connection.database`.

Times are stored in UTC (:class:`UtcDateTimeField` refuses naive datetimes so local time can
never slip in); the schema itself is created and changed only by numbered migrations.
"""

from __future__ import annotations

from datetime import UTC, datetime

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

    name = peewee.CharField(max_length=60, unique=True)
    role = peewee.CharField(max_length=10, default="cashier")
    active = peewee.BooleanField(default=True)
    created_at = UtcDateTimeField(default=utcnow)


class Customer(BaseModel):
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

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Tag(BaseModel):
    name = peewee.CharField(max_length=40, unique=True)


class CustomerTag(BaseModel):
    customer = peewee.ForeignKeyField(Customer, backref="tag_links", on_delete="CASCADE")
    tag = peewee.ForeignKeyField(Tag, backref="customer_links", on_delete="CASCADE")

    class Meta:
        primary_key = peewee.CompositeKey("customer", "tag")


class Note(BaseModel):
    customer = peewee.ForeignKeyField(Customer, backref="notes", on_delete="CASCADE")
    text = peewee.TextField()
    pinned = peewee.BooleanField(default=False)
    created_at = UtcDateTimeField(default=utcnow)
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)

    class Meta:
        indexes = ((("customer", "created_at"), False),)


class Visit(BaseModel):
    """One visit to the shop; a voided visit stays in the history (struck through)."""

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

    class Meta:
        # (migration 4 adds voided and amount_minor to it, for index-only sums)
        indexes = ((("customer", "visited_at"), False),)


class LoyaltyEntry(BaseModel):
    """One line of the append-only loyalty ledger; balances are sums of these."""

    customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", index=False)
    kind = peewee.CharField(max_length=10)  # earn, redeem, adjust, expire, reverse
    stamps = peewee.IntegerField(default=0)
    points = peewee.IntegerField(default=0)
    visit = peewee.ForeignKeyField(Visit, null=True, on_delete="SET NULL")
    reverses = peewee.ForeignKeyField(
        "self", null=True, on_delete="SET NULL", index=False, backref="reversals"
    )
    reason = peewee.TextField(default="")
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)
    created_at = UtcDateTimeField(default=utcnow)
    #: An earning line's points not yet spent, expired or reversed (see core.lots); 0 else.
    lot_remaining = peewee.IntegerField(default=0)
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

    customer = peewee.ForeignKeyField(Customer, primary_key=True, on_delete="CASCADE")
    visits = peewee.IntegerField(default=0)
    total_spent_minor = peewee.BigIntegerField(default=0)
    first_visit_at = UtcDateTimeField(null=True)
    last_visit_at = UtcDateTimeField(null=True)
    rank = peewee.SmallIntegerField()
    ranked_at = UtcDateTimeField(index=True)

    class Meta:
        table_name = "customer_stats"


class Setting(BaseModel):
    """A shop setting's stored value (declared with type and default in ``shopcrm.config``)."""

    key = peewee.CharField(max_length=64, primary_key=True)
    value = peewee.TextField()


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Staff,
    Customer,
    Tag,
    CustomerTag,
    Note,
    Visit,
    LoyaltyEntry,
    CustomerStats,
    Setting,
)
