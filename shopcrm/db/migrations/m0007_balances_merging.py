"""Schema version 7: loyalty balances kept per customer; search-index merging out of commits.

- ``loyalty_balance`` holds each customer's stamp and point balances, the sums of their ledger
  lines, kept in the same transaction as every line written (see
  :mod:`shopcrm.core.loyalty.balances`): the search rows show a balance without summing a
  regular's thousands of lines. Filled here from the ledger.
- The SQLite search index (FTS5) no longer merges its segments inside the commit that writes
  to it (``automerge`` 0): a visit that moved a customer's rank paid for up to 700 pages of
  merge work now and then. The window merges them when the till is idle
  (:mod:`shopcrm.db.checkpoints`), bulk loads still merge as they go, and FTS5's
  ``crisismerge`` (16 segments on one level) bounds the segments when nobody does.

The model is written out here rather than imported, so this migration keeps doing what it did
when ``models.py`` moves on.
"""

from __future__ import annotations

import peewee

from shopcrm.db.search.sqlite_index import set_automerge


def apply(db: peewee.Database) -> None:
    class Base(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Customer(Base):
        class Meta:
            table_name = "customer"

    class LoyaltyBalance(Base):
        customer = peewee.ForeignKeyField(Customer, primary_key=True, on_delete="CASCADE")
        stamps = peewee.IntegerField(default=0)
        points = peewee.BigIntegerField(default=0)

        class Meta:
            table_name = "loyalty_balance"

    db.create_tables([LoyaltyBalance], safe=False)
    db.execute_sql(
        "INSERT INTO loyalty_balance (customer_id, stamps, points)"
        " SELECT customer_id, SUM(stamps), SUM(points) FROM loyalty_entry GROUP BY customer_id"
    )
    if isinstance(db, peewee.SqliteDatabase):
        set_automerge(db, 0)
