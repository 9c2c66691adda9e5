"""Schema version 10: the indexes of a shop made by an earlier shopcrm become a new shop's.

Migrations 4 and 5 were changed after some shops had run them, so those shops hold indexes
a new database does not (found by building every version with the code of every commit that
touched the migrations, upgrading it with today's, and comparing its schema with a new one's;
see :mod:`shopcrm.db.schema`):

- schema 4 as first written kept ``visit_staff_id`` (every visit written paid for it, nothing
  read it) and the narrow per-customer indexes ``visit_customer_id_visited_at (customer_id,
  visited_at)`` and ``loyalty_entry_customer_id_created_at (customer_id, created_at)``, which
  make the card read a table row per visit and ledger line instead of the index alone;
- schema 5 as first written kept ``visit_visited_at (visited_at)``, so a voucher run read a
  table row per visit of the month.

Each index below is made again only where its columns differ from the wanted ones, so a new
database and every shop already right pay a catalogue read per index (0.06 ms in all); a shop
that has a narrow index pays one index build, the only way to widen an index on either engine
(measured: 1.2 s per million visits for ``visit_visited_at``, so some 12 s at 10.3 M visits;
no table is copied). PostgreSQL shops were all made after both changes, so there this
migration finds nothing to do; it still asks, so no shop depends on that.

The wanted columns are written out here rather than read from the expected schema, so this
migration keeps doing what it did when the schema moves on.
"""

from __future__ import annotations

import peewee

#: (index, table, its columns) as a new database at version 10 has them.
WANTED = (
    (
        "visit_customer_id_visited_at",
        "visit",
        ("customer_id", "visited_at", "voided", "amount_minor"),
    ),
    ("visit_visited_at", "visit", ("visited_at", "customer_id", "voided", "amount_minor")),
    (
        "loyalty_entry_customer_id_created_at",
        "loyalty_entry",
        ("customer_id", "created_at", "stamps", "points"),
    ),
)
#: Indexes an old migration made that no version has since.
LEFT_OVER = ("visit_staff_id",)

_POSTGRES_COLUMNS = """SELECT a.attname FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indexrelid = to_regclass(%s) ORDER BY array_position(i.indkey::int2[], a.attnum)"""


def index_columns(db: peewee.Database, index: str) -> tuple[str, ...]:
    """The columns of ``index`` in order; empty when there is no such index."""
    if isinstance(db, peewee.SqliteDatabase):
        rows = db.execute_sql(f'PRAGMA index_info("{index}")').fetchall()
        return tuple(name for _, _, name in rows)
    return tuple(name for (name,) in db.execute_sql(_POSTGRES_COLUMNS, (index,)).fetchall())


def apply(db: peewee.Database) -> None:
    for index in LEFT_OVER:
        db.execute_sql(f"DROP INDEX IF EXISTS {index}")
    for index, table, columns in WANTED:
        if index_columns(db, index) != columns:
            db.execute_sql(f"DROP INDEX IF EXISTS {index}")
            db.execute_sql(f"CREATE INDEX {index} ON {table} ({', '.join(columns)})")
