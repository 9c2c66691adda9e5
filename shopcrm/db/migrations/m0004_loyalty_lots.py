"""Schema version 4: the loyalty lots are kept on the ledger's earning lines.

``loyalty_entry.lot_remaining`` holds what an earning line's points still have unspent (0 on
every other line) and ``loyalty_entry.lot_id`` names the lot an ``expire`` line wrote off; a
partial index holds only the lots with points left, so the counter finds what expires when
without replaying a ledger (see :mod:`shopcrm.core.loyalty.lots`).

The per-customer indexes of visits and ledger lines also carry the columns the card and the
search rows sum (a visit's void flag and amount; a line's stamps and points), so those sums
are read from the index alone, without a table row per visit.

Existing ledgers are replayed once here, in the order their lines were written, by the rules
the counter followed: spending takes the oldest lots first, a reversal its own lot first, an
expiry the oldest lot (which is the lot it wrote off). The replay is written out here rather
than imported, so this migration keeps doing what it did when the code moves on.
"""

from __future__ import annotations

import bisect

import peewee

from shopcrm.db.dialect import big_integer

_CUSTOMERS_PER_READ = 20_000


def _replay(lines: list[tuple]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """One customer's (id, kind, points, created_at, reverses_id) in id order ->
    (lot id, points left) of the open lots, (lot id, expire line id) of the write-offs."""
    keys: list[tuple[str, int]] = []
    lots: list[list[int]] = []  # [entry id, left], oldest earned first
    by_id: dict[int, list[int]] = {}
    expired: list[tuple[int, int]] = []
    first_open = 0  # the lots before it are empty
    for entry_id, kind, points, created_at, reverses_id in lines:
        if points > 0:
            lot = [entry_id, points]
            at = bisect.bisect(keys, (str(created_at), entry_id))
            keys.insert(at, (str(created_at), entry_id))
            lots.insert(at, lot)
            by_id[entry_id] = lot
            first_open = min(first_open, at)
            continue
        wanted = -points
        own = by_id.get(reverses_id) if kind == "reverse" else None
        if own is not None:
            taken = min(own[1], wanted)
            own[1] -= taken
            wanted -= taken
        while wanted > 0 and first_open < len(lots):
            lot = lots[first_open]
            if lot[1] and kind == "expire" and wanted == -points:
                expired.append((lot[0], entry_id))
            taken = min(lot[1], wanted)
            lot[1] -= taken
            wanted -= taken
            if lot[1] == 0:
                first_open += 1
    return [(entry_id, left) for entry_id, left in lots if left > 0], expired


def apply(db: peewee.Database) -> None:
    db.execute_sql(
        f"ALTER TABLE loyalty_entry ADD COLUMN lot_remaining {big_integer(db)} NOT NULL DEFAULT 0"
    )
    db.execute_sql(
        "ALTER TABLE loyalty_entry ADD COLUMN lot_id INTEGER"
        " REFERENCES loyalty_entry (id) ON DELETE SET NULL"
    )
    p = db.param
    update_lot = f"UPDATE loyalty_entry SET lot_remaining = {p} WHERE id = {p}"
    update_expiry = f"UPDATE loyalty_entry SET lot_id = {p} WHERE id = {p}"
    lots: list[tuple[int, int]] = []
    write_offs: list[tuple[int, int]] = []

    def flush() -> None:
        if lots:
            db.cursor().executemany(update_lot, [(left, lot) for lot, left in lots])
        if write_offs:
            db.cursor().executemany(update_expiry, write_offs)
        lots.clear()
        write_offs.clear()

    low, high = db.execute_sql(
        "SELECT min(customer_id), max(customer_id) FROM loyalty_entry"
    ).fetchone()
    for start in range(low or 0, (high or -1) + 1, _CUSTOMERS_PER_READ):
        rows = db.execute_sql(
            "SELECT customer_id, id, kind, points, created_at, reverses_id FROM loyalty_entry"
            f" WHERE customer_id >= {p} AND customer_id < {p} AND points != 0"
            " ORDER BY customer_id, id",
            (start, start + _CUSTOMERS_PER_READ),
        ).fetchall()
        customer: int | None = None
        mine: list[tuple] = []
        for cid, *line in [*rows, (None, 0, "", 0, "", None)]:
            if cid != customer:
                if mine:
                    open_lots, expired = _replay(mine)
                    lots.extend(open_lots)
                    write_offs.extend(expired)
                customer, mine = cid, []
            mine.append(tuple(line))
        flush()
    db.execute_sql(
        "CREATE INDEX loyalty_entry_open_lots ON loyalty_entry"
        " (customer_id, created_at, lot_remaining) WHERE lot_remaining > 0"
    )
    db.execute_sql(
        "CREATE INDEX loyalty_entry_lot_id ON loyalty_entry (lot_id) WHERE lot_id IS NOT NULL"
    )
    # Nothing looks visits up by staff member (staff are deactivated, never deleted): the
    # index only slowed every visit written.
    db.execute_sql("DROP INDEX visit_staff_id")
    db.execute_sql("DROP INDEX visit_customer_id_visited_at")
    db.execute_sql(
        "CREATE INDEX visit_customer_id_visited_at"
        " ON visit (customer_id, visited_at, voided, amount_minor)"
    )
    db.execute_sql("DROP INDEX loyalty_entry_customer_id_created_at")
    db.execute_sql(
        "CREATE INDEX loyalty_entry_customer_id_created_at"
        " ON loyalty_entry (customer_id, created_at, stamps, points)"
    )
