"""The loyalty lots kept in the database, so the counter never replays a ledger.

Every earning line of the ledger (``points > 0``) is a *lot*, and ``lot_remaining`` says how
many of its points are still unspent. Each loyalty write keeps it current in the same
transaction as the line it writes: an earning line starts full, a spend takes from the oldest
lots, an expiry empties the lot it names, a reversal takes from its own lot first. So the
open lots (an index holds only those) answer "what expires when" in a few rows, where
:mod:`.arithmetic` would replay thousands of lines; that module stays the reference
they are checked against (``shopcrm check``, the tests).

Balances are still the sums of the ledger's lines; the lots only say which points are which.
All functions here run inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from shopcrm.core.loyalty.arithmetic import EXPIRE, add_months
from shopcrm.db import placeholders
from shopcrm.db.models import LoyaltyEntry, utc_from_db
from shopcrm.db.rows import tuples

#: Month ends clamp an expiry date back by up to three days (31 January + 1 month is
#: 28 February): lots earned up to this much after ``now - months`` may be due already.
_CLAMP_SLACK = timedelta(days=4)


def _db():
    return LoyaltyEntry._meta.database


def _param() -> str:
    return _db().param


def open_lots(customer_id: int, earned_until: datetime | None = None) -> Iterator[tuple]:
    """(entry id, earned at, points left) of the lots that still hold points, oldest first,
    read lazily from the open-lots index (stop iterating when you have what you need)."""
    p = _param()
    sql = (
        "SELECT id, created_at, lot_remaining FROM loyalty_entry"
        f" WHERE customer_id = {p} AND lot_remaining > 0"
    )
    params: list[object] = [customer_id]
    if earned_until is not None:
        sql += f" AND created_at <= {p}"
        params.append(LoyaltyEntry.created_at.db_value(earned_until))
    sql += " ORDER BY created_at, id"
    for entry_id, earned, left in _db().execute_sql(sql, params):
        yield entry_id, utc_from_db(earned), left


def _set_remaining(entry_id: int, left: int) -> None:
    LoyaltyEntry.update(lot_remaining=left).where(LoyaltyEntry.id == entry_id).execute()


def due(customer_id: int, months: int, now: datetime) -> list[tuple[int, datetime, int, datetime]]:
    """(entry id, earned at, points left, expired at) of the lots expired by ``now``."""
    if months <= 0:
        return []
    found = []
    cutoff = add_months(now, -months) + _CLAMP_SLACK
    for entry_id, earned, left in open_lots(customer_id, earned_until=cutoff):
        expires = add_months(earned, months)
        if expires > now:
            break  # add_months is monotone: every later lot expires later still
        found.append((entry_id, earned, left, expires))
    return found


def pending(customer_ids: Sequence[int], months: int, now: datetime) -> dict[int, int]:
    """Points expired by ``now`` but not yet written off, for several customers at once."""
    if months <= 0 or not customer_ids:
        return {}
    p = _param()
    marks = placeholders(len(customer_ids))
    cutoff = LoyaltyEntry.created_at.db_value(add_months(now, -months) + _CLAMP_SLACK)
    rows = _db().execute_sql(
        "SELECT customer_id, created_at, lot_remaining FROM loyalty_entry"
        f" WHERE customer_id IN ({marks}) AND lot_remaining > 0 AND created_at <= {p}",
        [*customer_ids, cutoff],
    )
    found: dict[int, int] = {}
    for cid, earned, left in rows:
        if add_months(utc_from_db(earned), months) <= now:
            found[cid] = found.get(cid, 0) + left
    return found


def outlook(
    customer_id: int, months: int, now: datetime
) -> tuple[int, tuple[datetime, int] | None]:
    """Points expired by ``now`` but not yet written off, and the next expiry (when, how
    many): the open lots are read oldest first only as far as the next expiry date."""
    if months <= 0:
        return 0, None
    pending = 0
    upcoming: datetime | None = None
    amount = 0
    for _, earned, left in open_lots(customer_id):
        expires = add_months(earned, months)
        if expires <= now:
            pending += left
        elif upcoming is None or expires == upcoming:
            upcoming = expires
            amount += left
        else:
            break
    return pending, (upcoming, amount) if upcoming is not None else None


def take(customer_id: int, points: int, own_lot: int | None = None) -> int:
    """Spend ``points`` from the open lots: ``own_lot`` first (a reversal), then the oldest.
    Returns what could not be found (0 unless the lots disagree with the ledger, which
    ``shopcrm check`` reports)."""
    wanted = points
    if own_lot is not None and wanted > 0:
        left = (
            LoyaltyEntry.select(LoyaltyEntry.lot_remaining)
            .where(LoyaltyEntry.id == own_lot)
            .scalar()
            or 0
        )
        taken = min(left, wanted)
        if taken:
            _set_remaining(own_lot, left - taken)
            wanted -= taken
    if wanted > 0:
        spent: list[tuple[int, int]] = []
        for entry_id, _, left in open_lots(customer_id):
            taken = min(left, wanted)
            spent.append((entry_id, left - taken))
            wanted -= taken
            if wanted == 0:
                break
        for entry_id, rest in spent:  # written after reading: the cursor is done with them
            _set_remaining(entry_id, rest)
    return wanted


def expired_from(lot_id: int) -> int:
    """How many of a lot's points were written off as expired."""
    written_off = tuples(
        LoyaltyEntry.select(LoyaltyEntry.points).where(
            (LoyaltyEntry.lot == lot_id) & (LoyaltyEntry.kind == EXPIRE)
        )
    )
    return -sum(points for (points,) in written_off)
