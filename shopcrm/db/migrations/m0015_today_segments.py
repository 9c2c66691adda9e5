"""Schema version 15: what the Today page and the segments read, kept per customer.

``customer_stats`` gains a customer's usual gap between visits (the median, in tenths of a
day, as the card shows it), the day from which they count as late against that rhythm
(``late_from``), their segment (new, regular, VIP, at risk, lapsed, occasional) and the day
until which that segment holds without a visit (``segment_until``). Each is indexed: Today's
late regulars are a range of ``late_from``, a segment's customers a value of ``segment``,
and the customers whose segment time has changed a range of ``segment_until``.

Existing rows get ``segment_until`` = 1970-01-01, "due": the median gap needs every visit's
time, which no single ``UPDATE`` from the stats can give, so the rows are filled by the same
batched recomputation that keeps segments current over time
(:func:`shopcrm.core.segments.refresh.refresh_due`), run off the GUI thread when the shop
opens and by ``shopcrm today``/``shopcrm segments`` before they answer. New customers' rows
arrive due as well (the column's default), and a visit fills them at once.

The index on ``late_from`` carries what the late list sorts by (usual spend = spent / visits,
then the usual gap), so choosing Today's top hundred out of the thousands late at a million
customers reads the index alone; only those hundred are looked up. It changes with every
visit of a customer who has a late day (their spend and count move): a few microseconds.

Birthdays by (month, day) and voucher batches by expiry get indexes for the Today page.
"""

from __future__ import annotations

import peewee

DUE = "1970-01-01"

_COLUMNS = (
    "usual_gap_tenths INTEGER",
    "late_from DATE",
    "segment VARCHAR(10)",
    f"segment_until DATE NOT NULL DEFAULT '{DUE}'",
)
_INDEXES = (
    "CREATE INDEX customer_stats_late_from ON customer_stats"
    " (late_from, total_spent_minor, visits, usual_gap_tenths)",
    "CREATE INDEX customer_stats_segment ON customer_stats (segment)",
    "CREATE INDEX customer_stats_segment_until ON customer_stats (segment_until)",
    "CREATE INDEX customer_birthday_month_birthday_day ON customer (birthday_month, birthday_day)",
    "CREATE INDEX voucherbatch_expires_on ON voucher_batch (expires_on)",
)


def apply(db: peewee.Database) -> None:
    for column in _COLUMNS:
        db.execute_sql(f"ALTER TABLE customer_stats ADD COLUMN {column}")
    for statement in _INDEXES:
        db.execute_sql(statement)
