"""Each customer's stamp and point balances, kept beside the ledger.

A balance is the sum of the customer's ledger lines; summing a regular's thousands of lines
for every row of the search results cost more than the search itself. So every line is
written through :func:`write_line`, which adds it to ``loyalty_balance`` in the same
transaction, and the counter reads the sums from there (:func:`stored`). The ledger stays
the record: :func:`balance_problems` (``shopcrm check``) compares the two, and the tests hold
them equal after every kind of write.
"""

from __future__ import annotations

from collections.abc import Sequence

import peewee

from shopcrm.db.counter_reads import kept_balances
from shopcrm.db.models import LoyaltyBalance, LoyaltyEntry
from shopcrm.db.rows import tuples

_MAX_REPORTED = 20


def write_line(
    customer_id: int, kind: str, *, stamps: int = 0, points: int = 0, **details: object
) -> LoyaltyEntry:
    """Append a line to the customer's ledger and add it to their balances (inside the
    caller's transaction); the new :class:`LoyaltyEntry`."""
    entry = LoyaltyEntry.create(
        customer=customer_id, kind=kind, stamps=stamps, points=points, **details
    )
    if stamps or points:
        LoyaltyBalance.insert(customer=customer_id, stamps=stamps, points=points).on_conflict(
            conflict_target=[LoyaltyBalance.customer],
            update={
                LoyaltyBalance.stamps: LoyaltyBalance.stamps + peewee.EXCLUDED.stamps,
                LoyaltyBalance.points: LoyaltyBalance.points + peewee.EXCLUDED.points,
            },
        ).execute()
    return entry


def add_written_lines(first_id: int, end_id: int) -> None:
    """Add the ledger lines with ids from ``first_id`` up to ``end_id`` to the balances
    (inside the caller's transaction): for bulk writers of the ledger, such as the demo."""
    fn = peewee.fn
    written = (
        LoyaltyEntry.select(
            LoyaltyEntry.customer, fn.SUM(LoyaltyEntry.stamps), fn.SUM(LoyaltyEntry.points)
        )
        .where((LoyaltyEntry.id >= first_id) & (LoyaltyEntry.id < end_id))
        .group_by(LoyaltyEntry.customer)
    )
    LoyaltyBalance.insert_from(
        written, [LoyaltyBalance.customer, LoyaltyBalance.stamps, LoyaltyBalance.points]
    ).on_conflict(
        conflict_target=[LoyaltyBalance.customer],
        update={
            LoyaltyBalance.stamps: LoyaltyBalance.stamps + peewee.EXCLUDED.stamps,
            LoyaltyBalance.points: LoyaltyBalance.points + peewee.EXCLUDED.points,
        },
    ).execute()


def stored(customer_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """(stamps, points) of each customer that has a balance row (one primary-key lookup
    each; read on every keystroke for the search rows)."""
    return kept_balances(customer_ids)


def balance_problems(customers: Sequence[int] | None = None) -> list[str]:
    """Customers whose kept balances are not the sums of their ledger lines (at most a
    screenful): one pass over the ledger's (customer, ...) index, or only over the lines of
    ``customers`` (the quick check's recently changed accounts). A balance kept for someone
    with no ledger line at all is looked for among everyone either way (one probe each)."""
    fn = peewee.fn
    lines = LoyaltyEntry.select(
        LoyaltyEntry.customer.alias("cid"),
        fn.SUM(LoyaltyEntry.stamps).alias("stamps"),
        fn.SUM(LoyaltyEntry.points).alias("points"),
    )
    if customers is not None:
        lines = lines.where(LoyaltyEntry.customer.in_(list(customers)))
    ledger = lines.group_by(LoyaltyEntry.customer).alias("ledger")
    kept_stamps = fn.COALESCE(LoyaltyBalance.stamps, 0)
    kept_points = fn.COALESCE(LoyaltyBalance.points, 0)
    differ = (
        peewee.Select(from_list=[ledger])
        .join(LoyaltyBalance, peewee.JOIN.LEFT_OUTER, on=(LoyaltyBalance.customer == ledger.c.cid))
        .columns(ledger.c.cid, ledger.c.stamps, ledger.c.points, kept_stamps, kept_points)
        .where((ledger.c.stamps != kept_stamps) | (ledger.c.points != kept_points))
        .limit(_MAX_REPORTED)
        .bind(LoyaltyEntry._meta.database)
    )
    problems = [
        f"loyalty: customer {cid}'s kept balance is not the ledger's: stamps {kept_s} kept,"
        f" {stamps} in the ledger; points {kept_p} kept, {points} in the ledger"
        for cid, stamps, points, kept_s, kept_p in tuples(differ)
    ]
    without_lines = LoyaltyBalance.select(LoyaltyBalance.customer).where(
        ((LoyaltyBalance.stamps != 0) | (LoyaltyBalance.points != 0))
        & ~peewee.fn.EXISTS(
            LoyaltyEntry.select(LoyaltyEntry.id).where(
                LoyaltyEntry.customer == LoyaltyBalance.customer
            )
        )
    )
    problems += [
        f"loyalty: customer {cid} is kept with a balance but has no ledger lines"
        for (cid,) in tuples(without_lines.limit(_MAX_REPORTED))
    ]
    return problems[:_MAX_REPORTED]
