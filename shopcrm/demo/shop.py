"""The demo shop: a realistic shop to try the app on, or to measure it at scale: customers,
staff, two years of visits, the loyalty ledger those visits wrote, visit statistics and search
ranks (regulars first).

The use cases in :mod:`shopcrm.core.customers` and :mod:`shopcrm.core.visits` open one
transaction per customer or visit, which is right at the counter but would take hours for the
million customers and ten million visits the benchmarks need. The demo therefore writes the
tables and the search index directly, in batches, inside one write transaction: either the
whole demo is there or none of it is. What it writes is what the use cases would have written
(:mod:`shopcrm.demo.ledger` replays the loyalty rules); the tests compare the two.

Search documents are not built with one :meth:`SearchDocument.for_customer` call per customer
(130 µs each, mostly parsing the phone number): the name part comes from ``for_customer``
cached per name (names repeat), the phone digits come with the generated number (see
:mod:`shopcrm.demo.phones`). The tests compare every demo customer's index row with
``for_customer``.

Large demos make their rows in helper processes (:mod:`shopcrm.demo.helper_processes`) while
this one writes, so both cores work; each customer has its own random stream, so the rows are
the same either way.

While a large demo loads, the visit and ledger indexes are dropped and rebuilt at the end with
the same SQL (in the same transaction, sorting on both cores once the helpers are done):
building an index by sorting costs less than keeping it up to date row by row, most of all
the one on visit time, whose values arrive in random order.
"""

from __future__ import annotations

import logging
import os
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from datetime import UTC, datetime

import peewee

from shopcrm.core import settings
from shopcrm.core.errors import ValidationError
from shopcrm.core.loyalty import LoyaltyRules
from shopcrm.core.loyalty.balances import add_written_lines
from shopcrm.core.money import currency_digits
from shopcrm.core.progress import CancelCheck, stop_if_cancelled
from shopcrm.db import StorageError, database, is_sqlite, write_transaction
from shopcrm.db.dialect import (
    ids_written,
    insert_ignoring_duplicates,
    insert_replacing,
    with_params,
)
from shopcrm.db.search import SearchDocument, search_index
from shopcrm.demo.followups import add_demo_followups
from shopcrm.demo.helper_processes import made_by_helpers
from shopcrm.demo.ledger import earn_sql
from shopcrm.demo.people import tag_names
from shopcrm.demo.rows import Plan, RowBatch, produce
from shopcrm.demo.staff import demo_staff
from shopcrm.demo.visits import HistoryFactory, VisitRows, VisitSetup

BATCH = 10_000
#: The most customers one demo adds: a million, the size the budgets are measured at (a
#: bigger shop is grown in steps); beyond, a typing slip (an extra zero) would fill the disk
#: for an hour.
MAX_CUSTOMERS = 1_000_000
#: From this many customers on, helper processes make the rows (below, starting them costs
#: more than it saves).
PARALLEL_FROM = 50_000
#: Helper processes: two, so that this process and the helpers share two cores evenly (making
#: rows takes about twice as long as writing them).
WORKERS = 2
#: From this many customers on, the visit and ledger indexes are rebuilt after loading.
REINDEX_FROM = 20_000
#: The indexes dropped while loading and rebuilt after (see the module docstring). At 1,000,000
#: customers rebuilding the five of schema 3 took 177 s of the writer's time (108 s writing + 69 s
#: rebuilding) against 191 s (159 + 32) when only the visit-time index was rebuilt. With schema 4
#: (and the writer no longer waiting on the helpers' pipes) rebuilding only that one again moved
#: the time rather than saving it (28 s less rebuilding, 48 s more writing); keeping just the
#: two partial ledger indexes (7 s to rebuild) did not measurably help either, nor did a 32 MB
#: cache (smaller sorter runs) while rebuilding, although alone on the finished database it
#: built the visit-time index in 24-25 s instead of 27-28 s.
REBUILT_INDEXES = (
    "visit_visited_at",
    "visit_customer_id_visited_at",
    "loyalty_entry_visit_id",
    "loyalty_entry_customer_id_created_at",
    "loyalty_entry_open_lots",
    "loyalty_entry_lot_id",
)
#: A bigger page cache while loading: the index B-trees stay in memory instead of spilling.
_LOAD_CACHE_KIB = 256_000
#: From this many customers on, a demo into a shop with no customers yet is written through a
#: rollback journal when this is the only connection (see :func:`_rollback_journal`).
DIRECT_FROM = 20_000

_INSERT_CUSTOMER = (
    "INSERT INTO customer (id, first_name, last_name, phone, email, birthday_month,"
    " birthday_day, birthday_year, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_LINK = "INSERT INTO customer_tag (customer_id, tag_id) VALUES (?, ?)"
_INSERT_NOTE = "INSERT INTO note (customer_id, text, pinned, created_at) VALUES (?, ?, ?, ?)"
_VISIT_COLUMNS = (
    "INSERT INTO visit (id, customer_id, staff_id, visited_at, amount_minor, note, satisfaction,"
    " feedback, voided, void_reason, voided_at, voided_by_id)"
)
_ENTRY_COLUMNS = (
    "INSERT INTO loyalty_entry (id, customer_id, kind, stamps, points, visit_id, reverses_id,"
    " reason, staff_id, created_at, lot_id, lot_remaining)"
)
_STATS_COLUMNS = [
    "customer_id", "visits", "total_spent_minor", "first_visit_at", "last_visit_at", "rank",
    "ranked_at",
]  # fmt: skip
_INSERT_STATS = (
    f"INSERT INTO customer_stats ({', '.join(_STATS_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)"
)

Progress = Callable[[int, int], None]

log = logging.getLogger(__name__)


def helper_count(customers: int) -> int:
    """How many helper processes make the rows of a demo this size (0: this process does)."""
    if customers < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return 0
    return WORKERS


def _write(
    cursor, index, batch: RowBatch, rules: LoyaltyRules, visit_base: int, entry_base: int
) -> None:
    """Write one batch; visit and ledger ids in it count from 0 and are moved to the bases."""
    db = database.obj
    cursor.executemany(with_params(db, _INSERT_CUSTOMER), batch.customers)
    cursor.executemany(with_params(db, _INSERT_LINK), batch.links)
    cursor.executemany(with_params(db, _INSERT_NOTE), batch.notes)
    _write_history(cursor, batch.visits, rules, visit_base, entry_base)
    index.put_many(SearchDocument(*parts) for parts in batch.docs)


def _write_history(
    cursor, v: VisitRows, rules: LoyaltyRules, visit_base: int, entry_base: int
) -> None:
    ledger = v.ledger
    vb, eb = int(visit_base), int(entry_base)
    db = database.obj
    cursor.executemany(
        with_params(
            db,
            f"{_VISIT_COLUMNS} VALUES (? + {vb}, ?, ?, ?, ?, '', NULL, '', FALSE, '', NULL, NULL)",
        ),
        zip(v.ids, v.customers, v.staff, v.times, v.amounts, strict=True),
    )
    cursor.executemany(
        with_params(db, f"{_VISIT_COLUMNS} VALUES (? + {vb}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        v.other,
    )
    # The earn lines: entry id = visit id - visit base + entry base (see shopcrm.demo.ledger); what
    # their lots still hold comes from a temporary table of the open ones.
    cursor.execute(
        "CREATE TEMP TABLE IF NOT EXISTS demo_open_lot"
        " (visit_id INTEGER PRIMARY KEY, points_left INTEGER NOT NULL)"
    )
    cursor.execute("DELETE FROM demo_open_lot")  # the temporary one (searched first)
    cursor.executemany(
        with_params(db, f"INSERT INTO demo_open_lot VALUES (? + {vb}, ?)"),
        sorted(ledger.open_lots),
    )
    stamps, points = earn_sql(rules)
    cursor.execute(
        f"{_ENTRY_COLUMNS} SELECT id - {vb} + {eb}, customer_id, 'earn', s, p, id, NULL, '',"
        " staff_id, visited_at, NULL, coalesce((SELECT points_left FROM demo_open_lot o"
        " WHERE o.visit_id = v.id), 0) FROM (SELECT id, customer_id, staff_id, visited_at,"
        f" {stamps} AS s, {points} AS p FROM visit WHERE id >= {vb} AND id < {vb + v.next_id})"
        " AS v WHERE s != 0 OR p != 0 ORDER BY id"
    )
    ob = eb + v.next_id
    cursor.executemany(
        with_params(
            db,
            f"{_ENTRY_COLUMNS} VALUES (? + {ob}, ?, ?, ?, ?, ? + {vb}, ? + {eb}, ?, ?, ?,"
            f" ? + {eb}, 0)",
        ),
        ledger.other,
    )
    add_written_lines(eb, ob + len(ledger))
    cursor.executemany(insert_replacing(db, _INSERT_STATS, "customer_id", _STATS_COLUMNS), v.stats)


@contextmanager
def _indexes_rebuilt_after(cursor, names: tuple[str, ...], rebuild: bool) -> Iterator[None]:
    """Drop these indexes for the block and recreate them after, with the same SQL."""
    if not rebuild or not names:
        yield
        return
    marks = ",".join("?" * len(names))
    indexes = cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND name IN ({marks}) ORDER BY name",
        names,
    ).fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    threads = cursor.execute("PRAGMA threads").fetchone()[0]
    cursor.execute("PRAGMA threads = 2")  # sorting for an index can use the second core
    try:
        for _, sql in indexes:
            cursor.execute(sql)
    finally:
        cursor.execute(f"PRAGMA threads = {int(threads)}")


@contextmanager
def _rollback_journal(db, wanted: bool) -> Iterator[None]:
    """Write the block through a rollback journal instead of the write-ahead log, when this
    is the only connection to the database; back to WAL after.

    In WAL mode every page of a big demo is written twice: to the log, then copied into the
    database by the checkpoint after the commit (at 1,000,000 customers a 3 GB log, and
    about 20 s of copying and syncing). A rollback journal holds only the pages that were
    there before (none, in a new database), so the pages are written once, and the demo is
    still all or nothing. The switch needs the database to itself: when another connection
    is open it is refused and the demo is written through the log as before. If switching
    back fails, the next connection puts the database back in WAL mode (it asks for WAL when
    it opens, see :data:`shopcrm.db.connection.SQLITE_PRAGMAS`)."""
    switched = False
    if wanted and db.database not in ("", ":memory:"):
        wait_ms = db.execute_sql("PRAGMA busy_timeout").fetchone()[0]
        db.execute_sql("PRAGMA busy_timeout = 0")  # not waiting for the others to go
        try:
            if str(db.execute_sql("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                mode = db.execute_sql("PRAGMA journal_mode = DELETE").fetchone()[0]
                switched = str(mode).lower() == "delete"
        except (peewee.OperationalError, StorageError):  # another connection: stay in WAL
            switched = False
        finally:
            db.execute_sql(f"PRAGMA busy_timeout = {int(wait_ms)}")
    try:
        yield
    finally:
        if switched:
            with suppress(peewee.OperationalError, StorageError):
                db.execute_sql("PRAGMA journal_mode = WAL").fetchone()


def _empty_shop(db: peewee.Database) -> bool:
    return db.execute_sql("SELECT 1 FROM customer LIMIT 1").fetchone() is None


def _next_id(cursor, table: str) -> int:
    return (cursor.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0) + 1


def _visit_setup(cursor, seed: int, now: datetime) -> VisitSetup:
    shop = settings.load()
    moment = int(now.timestamp())
    shifts, owner_id = demo_staff(cursor, random.Random(seed), moment)
    offset = datetime.now().astimezone().utcoffset()
    return VisitSetup(
        now=moment,
        utc_offset=int(offset.total_seconds()) if offset else 0,
        shifts=shifts,
        owner_id=owner_id,
        rules=LoyaltyRules.from_settings(shop),
        minor_per_cent=10 ** max(0, currency_digits(shop.currency) - 2),
        pattern_phase=random.Random(seed).random(),
    )


def _tag_ids(cursor, names: list[str]) -> dict[str, int]:
    db = database.obj
    insert = insert_ignoring_duplicates(db, "INSERT INTO tag (name) VALUES (?)")
    cursor.executemany(insert, [(n,) for n in names])
    marks = ",".join("?" * len(names))
    found = cursor.execute(
        with_params(db, f"SELECT name, id FROM tag WHERE name IN ({marks})"), names
    )
    return dict(found.fetchall())


def demo_plan(cursor, customers: int, seed: int, now: datetime, home_region: str) -> Plan:
    """What a demo of ``customers`` will make; hires the demo's staff and adds its tags first,
    in the caller's transaction, since every helper process needs their ids."""
    return Plan(
        seed=seed,
        home_region=home_region,
        today=now.replace(hour=0, minute=0, second=0),
        first_id=_next_id(cursor, "customer"),
        customers=customers,
        batch=BATCH,
        tag_ids=_tag_ids(cursor, tag_names()),
        visits=_visit_setup(cursor, seed, now),
    )


def generate_demo_shop(
    customers: int = 500,
    seed: int | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Add ``customers`` made-up customers, with their visits and loyalty, to the open
    database; returns how many were added (about ten visits each).

    The same ``seed`` gives the same shop at the same ``now`` (dates count back from it; the
    default is the present moment), however many processes made it. Customers are added after
    any already there, so a demo can be grown in steps. ``cancelled()`` is asked after each
    batch: once it says yes, :class:`~shopcrm.core.progress.WorkCancelled` is raised there, and
    like any exception raised by ``progress`` or Ctrl+C it stops the helper processes and keeps
    nothing of this demo (a GUI op's Cancel is a flag on another thread, not an exception).
    """
    if not 1 <= customers <= MAX_CUSTOMERS:
        raise ValidationError({"customers": f"must be a whole number from 1 to {MAX_CUSTOMERS:,}"})
    if seed is None:
        seed = random.randrange(2**63)
    db = database.obj
    index = search_index(db)
    home_region = settings.load().phone_region
    sqlite = is_sqlite(db)  # the SQLite file's tuning below; PostgreSQL loads as it is
    cache_kib = db.execute_sql("PRAGMA cache_size").fetchone()[0] if sqlite else 0
    if sqlite:
        db.execute_sql(f"PRAGMA cache_size = -{_LOAD_CACHE_KIB}")
    try:
        # A rollback journal locks readers out while the pages spill: only for a shop that
        # has no customers yet, which no till is using (a reader never waits for a writer).
        direct = sqlite and customers >= DIRECT_FROM and _empty_shop(db)
        with _rollback_journal(db, direct), write_transaction():
            cursor = db.cursor()
            now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
            plan = demo_plan(cursor, customers, seed, now, home_region)
            helpers = helper_count(customers)
            log.info("demo of %d customers: rows made by %d helper processes", customers, helpers)
            made = made_by_helpers(plan, helpers) if helpers else nullcontext(produce(plan))
            visit_base, entry_base = _next_id(cursor, "visit"), _next_id(cursor, "loyalty_entry")
            done = 0
            rebuild = sqlite and customers >= REINDEX_FROM
            with _indexes_rebuilt_after(cursor, REBUILT_INDEXES, rebuild), made as batches:
                for batch in batches:
                    _write(cursor, index, batch, plan.visits.rules, visit_base, entry_base)
                    visit_base += batch.visits.next_id
                    entry_base += batch.visits.next_id + len(batch.visits.ledger)
                    done += len(batch)
                    if progress is not None:
                        progress(done, customers)
                    stop_if_cancelled(cancelled)
            owner = plan.visits.owner_id
            add_demo_followups(cursor, plan.first_id, customers, seed, now, owner)
            ids_written(db, ["customer", "visit", "loyalty_entry", "followup"])
    finally:
        if sqlite:
            db.execute_sql(f"PRAGMA cache_size = {int(cache_kib)}")
    return customers


def add_visit_history(customer_id: int, times: Sequence[datetime], seed: int = 0) -> int:
    """Give a customer who has no visits yet visits at ``times`` (none in the future), with
    the ledger, statistics and search rank the demo writes; returns how many were added.

    This is how the benchmarks make a customer with thousands of visits in a second: through
    :func:`shopcrm.core.visits.log_visit` each visit would rescan the customer's whole ledger.
    """
    db = database.obj
    with write_transaction():
        cursor = db.cursor()
        now = datetime.now(UTC).replace(microsecond=0)
        setup = _visit_setup(cursor, seed, now)
        moments = sorted({int(t.timestamp()) for t in times if t <= now})
        rows = VisitRows()
        HistoryFactory(setup).visits(random.Random(seed), customer_id, moments, rows)
        visit_base, entry_base = _next_id(cursor, "visit"), _next_id(cursor, "loyalty_entry")
        _write_history(cursor, rows, setup.rules, visit_base, entry_base)
        ids_written(db, ["visit", "loyalty_entry"])
        search_index(db).rerank(customer_id, rows.stats[-1][5])
    return rows.next_id
