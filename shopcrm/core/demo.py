"""The demo shop: a realistic customer list to try the app on, or to measure it at scale.

The use cases in :mod:`shopcrm.core.customers` open one transaction per customer, which is right
at the counter but would take hours for the million customers the benchmarks need. The demo
therefore writes the tables and the search index directly, in batches, inside one write
transaction: either the whole demo is there or none of it is.

Search documents are not built with one :meth:`SearchDocument.for_customer` call per customer
(130 µs each, mostly parsing the phone number, which alone would take two minutes at 1,000,000
customers): the name part comes from ``for_customer`` cached per name (names repeat), the phone
digits come with the generated number (see :mod:`demo_phones`). The result is the same
document; the tests compare every demo customer's index row with ``for_customer``.

Large demos make their rows in a helper process (:mod:`demo_worker`) while this one writes, so
both cores work; the rows are the same either way.
"""

from __future__ import annotations

import os
import pickle
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from shopcrm.core import settings
from shopcrm.core.demo_people import tag_names
from shopcrm.core.demo_rows import Plan, RowBatch, produce
from shopcrm.db import database, write_transaction
from shopcrm.db.search import SearchDocument, search_index

BATCH = 20_000
#: From this many customers on, a helper process makes the rows (below, starting it costs more
#: than it saves).
PARALLEL_FROM = 50_000
#: A bigger page cache while loading: the index B-trees stay in memory instead of spilling.
_LOAD_CACHE_KIB = 256_000

_INSERT_CUSTOMER = (
    "INSERT INTO customer (id, first_name, last_name, phone, email, birthday_month,"
    " birthday_day, birthday_year, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_LINK = "INSERT INTO customer_tag (customer_id, tag_id) VALUES (?, ?)"
_INSERT_NOTE = "INSERT INTO note (customer_id, text, pinned, created_at) VALUES (?, ?, ?, ?)"

Progress = Callable[[int, int], None]


def _made_elsewhere(plan: Plan) -> Iterator[RowBatch]:
    """The plan's batches, made by ``shopcrm.core.demo_worker`` in a second process."""
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    worker = subprocess.Popen(
        [sys.executable, "-m", "shopcrm.core.demo_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    try:
        with worker.stdin:
            pickle.dump(plan, worker.stdin)
        while True:
            try:
                item = pickle.load(worker.stdout)
            except EOFError:
                raise RuntimeError("the demo helper process stopped unexpectedly") from None
            if item is None:
                return
            if isinstance(item, str):
                raise RuntimeError(f"making the demo rows failed:\n{item}")
            yield item
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait()
        worker.stdout.close()


def _write(cursor, index, batch: RowBatch) -> None:
    cursor.executemany(_INSERT_CUSTOMER, batch.customers)
    cursor.executemany(_INSERT_LINK, batch.links)
    cursor.executemany(_INSERT_NOTE, batch.notes)
    index.put_many(SearchDocument(*parts) for parts in batch.docs)


def _tag_ids(cursor, names: list[str]) -> dict[str, int]:
    cursor.executemany("INSERT OR IGNORE INTO tag (name) VALUES (?)", [(n,) for n in names])
    marks = ",".join("?" * len(names))
    return dict(cursor.execute(f"SELECT name, id FROM tag WHERE name IN ({marks})", names))


def generate_demo_shop(
    customers: int = 500, seed: int | None = None, progress: Progress | None = None
) -> int:
    """Add ``customers`` made-up customers to the open database; returns how many were added.

    The same ``seed`` gives the same shop (on the same day: join dates count back from today).
    Customers are added after any already there, so a demo can be grown in steps.
    """
    if customers <= 0:
        return 0
    if seed is None:
        seed = random.randrange(2**63)
    db = database.obj
    index = search_index(db)
    home_region = settings.phone_region()
    cache_kib = db.execute_sql("PRAGMA cache_size").fetchone()[0]
    db.execute_sql(f"PRAGMA cache_size = -{_LOAD_CACHE_KIB}")
    try:
        with write_transaction():
            cursor = db.cursor()
            plan = Plan(
                seed=seed,
                home_region=home_region,
                today=datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0),
                first_id=(cursor.execute("SELECT max(id) FROM customer").fetchone()[0] or 0) + 1,
                customers=customers,
                batch=BATCH,
                tag_ids=_tag_ids(cursor, tag_names()),
            )
            parallel = customers >= PARALLEL_FROM and not getattr(sys, "frozen", False)
            done = 0
            for batch in _made_elsewhere(plan) if parallel else produce(plan):
                _write(cursor, index, batch)
                done += len(batch)
                if progress is not None:
                    progress(done, customers)
    finally:
        db.execute_sql(f"PRAGMA cache_size = {int(cache_kib)}")
    return customers
