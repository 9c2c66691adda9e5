"""Keeping a customer's rhythm and segment current as their visits change, and catching up
on the ones time has moved on.

A visit logged or voided recomputes the customer's row from their visit times and amounts
(read through the (customer, time) index, inside the visit's transaction): one more statement
per visit. The row is written anyway for the visit counts; the indexes on ``late_from``,
``segment`` and ``segment_until`` are touched only when a value changed, so, as with the
search rank, most visits cost the indexes nothing.

Time alone moves segments too (a regular who stays away becomes at risk, then lapsed, with no
visit to trigger anything). Each row carries the last day its segment holds
(``segment_until``); :func:`refresh_due` recomputes the rows whose day has passed, in batches,
one transaction each, off the GUI thread when the shop opens and before ``shopcrm today`` and
``shopcrm segments`` answer. The same path fills every row after migration 13 and after the
owner changes a rhythm or segment setting (:func:`mark_all_due`, one ``UPDATE``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime

from shopcrm.core.progress import CancelCheck, Progress, stop_if_cancelled
from shopcrm.core.segments.rules import DUE, Derived, Rules, derive
from shopcrm.db import database
from shopcrm.db.dialect import with_params
from shopcrm.db.models import CustomerStats, Visit, utc_from_db
from shopcrm.db.rows import tuples


def current_rules() -> Rules:
    from shopcrm.core import settings

    return Rules.from_settings(settings.load())


def stored_values(derived: Derived) -> dict[str, object]:
    return {
        "usual_gap_tenths": derived.usual_gap_tenths,
        "late_from": derived.late_from,
        "segment": derived.segment,
        "segment_until": derived.segment_until,
    }


def derive_customer(customer_id: int, now: datetime, rules: Rules | None = None) -> Derived:
    """The customer's rhythm and segment from their visits (inside the caller's transaction)."""
    visits = [
        (utc_from_db(at), amount)
        for at, amount in tuples(
            Visit.select(Visit.visited_at, Visit.amount_minor)
            .where((Visit.customer == customer_id) & ~Visit.voided)
            .order_by(Visit.visited_at, Visit.id)
        )
    ]
    return derive(visits, now.date(), rules or current_rules())


def mark_all_due() -> None:
    """After a rhythm or segment setting changed: every row recomputed by :func:`refresh_due`."""
    CustomerStats.update(segment_until=DUE).execute()


def due_count(today: date | None = None) -> int:
    today = today or datetime.now(UTC).date()
    return CustomerStats.select().where(CustomerStats.segment_until < today).count()


def refresh_due(
    now: datetime | None = None,
    batch: int = 2000,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Recompute the rows whose segment may have changed by ``now``'s day (and the unfilled
    ones), a batch of customers per transaction; returns how many were recomputed. A visit
    logged meanwhile waits for the batch's lock on its customer, so nothing is overwritten
    with older values. Safe to run at any time and from two tills at once."""
    from shopcrm.db import write_transaction
    from shopcrm.db.transactions import lock_customers, run_in_transaction

    now = now or datetime.now(UTC)
    today = now.date()
    rules = current_rules()
    total = due_count(today) if progress is not None else 0
    done = 0
    if progress is not None:
        progress(0, total)

    def one_batch() -> int:
        with write_transaction():
            ids = [
                cid
                for (cid,) in tuples(
                    CustomerStats.select(CustomerStats.customer)
                    .where(CustomerStats.segment_until < today)
                    .order_by(CustomerStats.segment_until)
                    .limit(batch)
                )
            ]
            if ids:
                lock_customers(ids)
                _store_many(_derive_many(ids, today, rules))
        return len(ids)

    while True:
        stop_if_cancelled(cancelled)
        count = run_in_transaction(one_batch)  # a lost conflict re-runs the batch, whole
        if not count:
            return done
        done += count
        if progress is not None:
            progress(min(done, total), max(total, done))


def _derive_many(ids: list[int], today: date, rules: Rules) -> dict[int, Derived]:
    """:func:`derive` for a batch of customers from one query over their visits (raw SQL:
    peewee's row conversion took most of the time)."""
    db = database.obj
    marks = ", ".join([db.param] * len(ids))
    visits: dict[int, list[tuple[datetime, int | None]]] = defaultdict(list)
    rows = db.execute_sql(
        f"SELECT customer_id, visited_at, amount_minor FROM visit WHERE customer_id IN ({marks})"
        " AND NOT voided ORDER BY customer_id, visited_at, id",
        ids,
    ).fetchall()
    for cid, at, amount in rows:
        visits[cid].append((_naive_utc(at), amount))
    return {cid: derive(visits.get(cid, []), today, rules) for cid in ids}


def _naive_utc(value: object) -> datetime:
    """A stored time as naive UTC (the rules need only days and differences): the cheapest
    conversion for a million rows."""
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=None) if value.tzinfo else value


def _store_many(derived: dict[int, Derived]) -> None:
    db = database.obj
    sql = with_params(
        db,
        "UPDATE customer_stats SET usual_gap_tenths = ?, late_from = ?, segment = ?,"
        " segment_until = ? WHERE customer_id = ?",
    )
    db.cursor().executemany(
        sql,
        [
            (
                d.usual_gap_tenths,
                d.late_from.isoformat() if d.late_from else None,
                d.segment,
                d.segment_until.isoformat(),
                cid,
            )
            for cid, d in derived.items()
        ],
    )
