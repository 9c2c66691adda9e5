"""A customer's lots and balances made again from their ledger, for a ledger that changed
hands (a merge of two customers, its undo).

Lots are only right for the ledger they were spent from: when a duplicate's lines join the
kept customer's, a spend that took the duplicate's newest lot would, in the merged ledger,
have taken the oldest of both. So after lines change customer, :func:`rebuild_lots` replays
the customer's whole ledger with the reference arithmetic (:mod:`.arithmetic`, what
``shopcrm check`` compares the stored lots with) and writes what differs;
:func:`rebuild_balance` sets the kept balances to the ledger's sums. Both run inside the
caller's transaction, after :func:`shopcrm.db.transactions.lock_customers`.
"""

from __future__ import annotations

import peewee

from shopcrm.core.loyalty.arithmetic import Entry, replay
from shopcrm.core.loyalty.lot_check import ledgers
from shopcrm.db.models import LoyaltyBalance, LoyaltyEntry, utc_from_db
from shopcrm.db.rows import row


def rebuild_lots(customer_id: int) -> dict[int, int]:
    """Write each of the customer's earning lines' points left as the replayed ledger says;
    returns ``{line id: points it held before}`` of the lines that changed."""
    changed: dict[int, int] = {}
    for _, lines in ledgers([customer_id]):
        entries = [
            Entry(eid, kind, stamps, points, utc_from_db(at), reverses, visit, lot)
            for eid, kind, stamps, points, at, reverses, visit, lot, _ in lines
        ]
        expected = {lot.entry_id: lot.remaining for lot in replay(entries, 0)}
        for eid, *_, stored in lines:
            left = expected.get(eid, 0)
            if stored != left:
                changed[eid] = stored
                LoyaltyEntry.update(lot_remaining=left).where(LoyaltyEntry.id == eid).execute()
    return changed


def kept_balance(customer_id: int) -> tuple[int, int] | None:
    """The customer's kept (stamps, points), None when no balance row exists."""
    kept = LoyaltyBalance.get_or_none(LoyaltyBalance.customer == customer_id)
    return None if kept is None else (int(kept.stamps), int(kept.points))


def set_kept_balance(customer_id: int, balance: tuple[int, int] | None) -> None:
    """Put back a balance row as :func:`kept_balance` read it (None: no row)."""
    LoyaltyBalance.delete().where(LoyaltyBalance.customer == customer_id).execute()
    if balance is not None:
        LoyaltyBalance.insert(customer=customer_id, stamps=balance[0], points=balance[1]).execute()


def rebuild_balance(customer_id: int) -> tuple[int, int]:
    """Set the customer's kept balances to the sums of their ledger lines; a customer with no
    line that moved a balance keeps no row (as :func:`.balances.write_line` leaves them)."""
    fn = peewee.fn
    moving = (LoyaltyEntry.customer == customer_id) & (
        (LoyaltyEntry.stamps != 0) | (LoyaltyEntry.points != 0)
    )
    count, stamps, points = row(
        LoyaltyEntry.select(
            fn.COUNT(LoyaltyEntry.id), fn.SUM(LoyaltyEntry.stamps), fn.SUM(LoyaltyEntry.points)
        ).where(moving)
    )
    sums = (int(stamps or 0), int(points or 0))
    set_kept_balance(customer_id, sums if count else None)
    return sums
