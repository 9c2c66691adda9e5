"""Several tills writing at once: row locks, and the retry of a transient conflict.

On SQLite every write transaction begins ``IMMEDIATE``: one writer at a time for the whole
file, so a use case that reads and then writes (a balance, then a redemption of points) can
never be overtaken between the two. PostgreSQL at READ COMMITTED runs writers side by side,
and each statement sees what was committed when it started: two tills logging a visit for the
same customer would both read the visit count 41 and both store 42, or both write the same
expired points off. So on PostgreSQL a use case first locks what it is about to read and
change, and holds the lock to its commit:

* :func:`lock_customers` — the customer row is the lock for everything of that customer
  (visits, loyalty ledger and lots, visit statistics, search rank). It takes ``FOR NO KEY
  UPDATE``, which waits only for another till's writes to the same customer: a voucher batch
  inserting rows that refer to the customer (a ``KEY SHARE`` lock) is not held up by it, nor
  holds it up. After the wait, every later statement of the transaction sees the other
  till's committed work.
* :func:`serialise` — a transaction-scoped advisory lock on a name, for what has no row to
  lock (one batch of a month's vouchers, one till's run of wrong codes).

Row locks rather than SERIALIZABLE transactions: four tills hammering the same customers would
make serializable transactions fail and retry most of the time (predicate locks on the visit
index conflict even for different customers on the same index page), while a lock makes the
second till wait a millisecond. On SQLite both functions lock nothing (``BEGIN IMMEDIATE``
already did) and :func:`lock_customers` still says which customers exist.

Deadlocks (two tills locking in a different order) and serialization failures can still
happen, rarely: :func:`transactional` re-runs the whole use case a bounded number of times,
so the cashier never sees one; after that they get a :class:`TransientConflict`, a
:class:`StorageError` saying to try again.
"""

from __future__ import annotations

import functools
import random
import time
import zlib
from collections.abc import Callable, Iterable
from typing import ParamSpec, TypeVar

from shopcrm.db.conflicts import TransientConflict
from shopcrm.db.connection import database

__all__ = [
    "TransientConflict",
    "lock_customer",
    "lock_customers",
    "run_in_transaction",
    "serialise",
    "transactional",
]

P = ParamSpec("P")
R = TypeVar("R")

#: How many times a use case runs before a conflict reaches the person at the till.
ATTEMPTS = 5
#: The first retry waits up to this long (then twice as long each time), with jitter so two
#: tills that collided do not collide again in step.
FIRST_BACKOFF_S = 0.01

#: The first half of every advisory lock key :func:`serialise` takes (the schema upgrade's
#: single-key lock lives in another key space and never meets these).
_ADVISORY_NAMESPACE = 0x5107


def transactional(use_case: Callable[P, R]) -> Callable[P, R]:
    """Run ``use_case`` again, whole, when its transaction lost a transient conflict.

    The use case opens its own transaction (``with write_transaction():``) and may validate
    before it; running it again from the top is what makes a retry safe: every read is
    done again in the new transaction. Called inside an open transaction (a use case that
    uses another), it runs once: the conflict aborted the outer transaction too, so only the
    outermost use case may retry."""

    @functools.wraps(use_case)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return run_in_transaction(functools.partial(use_case, *args, **kwargs))

    return run


def run_in_transaction(work: Callable[[], R], attempts: int = ATTEMPTS) -> R:
    """``work()``, re-run up to ``attempts`` times in all while it raises
    :class:`TransientConflict` (see :func:`transactional`)."""
    if database.obj is not None and database.in_transaction():
        return work()
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except TransientConflict:
            if attempt >= attempts:
                raise
            time.sleep(random.uniform(0, FIRST_BACKOFF_S * 2**attempt))
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _postgresql() -> bool:
    from shopcrm.db.dialect import is_postgresql

    return database.obj is not None and is_postgresql(database)


def lock_customers(customer_ids: Iterable[int]) -> set[int]:
    """Inside a write transaction: lock these customers for this transaction (PostgreSQL;
    in id order, so two tills locking several never deadlock) and return the ids that
    exist. See the module docstring."""
    wanted = sorted({int(cid) for cid in customer_ids if 0 < int(cid) < 2**63})
    if not wanted:
        return set()
    marks = ", ".join([database.param] * len(wanted))
    lock = " FOR NO KEY UPDATE" if _postgresql() else ""
    rows = database.execute_sql(
        f"SELECT id FROM customer WHERE id IN ({marks}) ORDER BY id{lock}", wanted
    )
    return {cid for (cid,) in rows}


def lock_customer(customer_id: int) -> bool:
    """:func:`lock_customers` for one customer: True when the customer exists."""
    return bool(lock_customers([customer_id]))


def serialise(name: str) -> None:
    """Inside a write transaction: wait for any other transaction serialised on ``name``
    to end, and hold ``name`` until this one ends (PostgreSQL's advisory lock; SQLite's
    ``BEGIN IMMEDIATE`` has done so already)."""
    if _postgresql():
        key = zlib.crc32(name.encode()) - 2**31  # a signed 32-bit key
        database.execute_sql(
            "SELECT pg_advisory_xact_lock(%s::int, %s::int)", (_ADVISORY_NAMESPACE, key)
        )
