"""The tables an import from another system fills besides the customers (schema 15, see
:mod:`.migrations.m0015_imported_history`). Kept apart from :mod:`.models` (the counter's
tables) so neither file grows past what one reads at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

import peewee

from shopcrm.db.models import BaseModel, Customer, UtcDateTimeField


class ImportedHistory(BaseModel):
    """What another system knew of a customer when it was imported: its id there, and visit
    count, first and last visit and lifetime spend, shown as such on the card and never
    turned into visits."""

    id = peewee.AutoField()
    if TYPE_CHECKING:  # added by peewee at run time
        customer_id: int
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


class ImportMapping(BaseModel):
    """The column mapping last used for a source: JSON ``{folded header: field}``."""

    source = peewee.CharField(max_length=40, primary_key=True)
    mapping = peewee.TextField(default="{}")
    updated_at = UtcDateTimeField()

    class Meta:
        table_name = "import_mapping"
