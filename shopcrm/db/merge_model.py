"""The record of each customer merge (schema 15), beside the shop's other tables: a model of
its own module, so ``models.py`` stays readable; bound to the same deferred database."""

from __future__ import annotations

from typing import TYPE_CHECKING

import peewee

from shopcrm.db.models import BaseModel, Customer, Staff, UtcDateTimeField


class CustomerMerge(BaseModel):
    """One merge of a duplicate into the customer kept, and exactly what it moved (JSON, see
    core.merging), so it can be undone; ``undone_at`` once it was."""

    id = peewee.AutoField()
    if TYPE_CHECKING:  # added by peewee at run time
        keep_id: int
        other_id: int
        staff_id: int | None
        undone_by_id: int | None
    keep = peewee.ForeignKeyField(Customer, on_delete="CASCADE")
    other = peewee.ForeignKeyField(
        Customer, on_delete="CASCADE", index=False, backref="merged_away"
    )
    merged_at = UtcDateTimeField()
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)
    moved = peewee.TextField(default="{}")
    undone_at = UtcDateTimeField(null=True)
    undone_by = peewee.ForeignKeyField(
        Staff, null=True, on_delete="SET NULL", index=False, backref="undone_merges"
    )

    class Meta:
        table_name = "customer_merge"
