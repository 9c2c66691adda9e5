"""Privacy requests and merges on a big shop: what exporting, merging, unmerging and erasing
one customer take, beside logging a visit (the counter's budgeted write) in the same run.

Run on demand (pytest does not collect this folder)::

    .venv/bin/python tests/benchmarks/bench_privacy.py --db /work/bench/start-1m.sqlite3
        [--times 5] [--keep-copy]

A SQLite ``--db`` is copied first (erasing changes a shop for good; the copy is deleted
afterwards unless ``--keep-copy``); a PostgreSQL URL is used as it is, so give it a
throwaway database. The customers are regulars with the most visits (the slowest to
merge and erase: every visit, ledger line and voucher of theirs is moved or scrubbed).

Each erasure is timed whole (its transaction, the search segments merged, the log truncated or
the tables vacuumed) and also inside only (the write transaction the counter waits behind);
merges are undone again so each pair is measured on the same rows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _line(label: str, times: list[float]) -> None:
    print(
        f"{label:<28} n={len(times):>3}  p50 {statistics.median(times):9.1f}"
        f"  max {max(times):9.1f} ms",
        flush=True,
    )


def _regulars(count: int) -> list[int]:
    from shopcrm.db.models import Customer, CustomerStats

    rows = (
        CustomerStats.select(CustomerStats.customer)
        .join(Customer, on=Customer.id == CustomerStats.customer)
        .where(Customer.erased_at.is_null())
        .order_by(CustomerStats.visits.desc())
        .limit(count)
    )
    return [int(row.customer_id) for row in rows]


def _counts(cid: int) -> str:
    from shopcrm.db.models import LoyaltyEntry, Visit, Voucher

    return (
        f"{Visit.select().where(Visit.customer == cid).count()} visits,"
        f" {LoyaltyEntry.select().where(LoyaltyEntry.customer == cid).count()} ledger lines,"
        f" {Voucher.select().where(Voucher.customer == cid).count()} vouchers"
    )


def _bench(db: str, times: int) -> None:
    from shopcrm.core import visits
    from shopcrm.core.merging import merge_customers, unmerge
    from shopcrm.core.privacy import erased_rows, erasure, wiping
    from shopcrm.core.privacy.person_export import export_person
    from shopcrm.db import open_database
    from shopcrm.db.models import Customer

    open_database(db)
    print(f"{Customer.select().count():,} customers; load {os.getloadavg()[0]:.2f}")
    people = _regulars(4 * times)
    print(f"the busiest customer: {_counts(people[0])}")
    reference = people[-1]
    _line("log_visit (reference)", [_timed(lambda: visits.log_visit(reference)) for _ in range(50)])
    _line("export_person", [_timed(lambda c=c: export_person(c)) for c in people[:times]])

    merges, undos = [], []
    for keep, other in zip(people[:times], people[times : 2 * times], strict=True):
        start = time.perf_counter()
        merge_id = merge_customers(keep, other).id
        merges.append((time.perf_counter() - start) * 1000)
        undos.append(_timed(lambda m=merge_id: unmerge(m)))
    _line("merge (two regulars)", merges)
    _line("unmerge", undos)

    inside: list[float] = []
    real_rows = erased_rows.erase_rows

    def timed_rows(*args: object, **kwargs: object) -> None:
        start = time.perf_counter()
        real_rows(*args, **kwargs)  # type: ignore[arg-type]
        inside.append((time.perf_counter() - start) * 1000)

    erasure.erase_rows = timed_rows  # type: ignore[assignment]  # timed, not changed
    whole = [
        _timed(lambda c=c: erasure.erase_customer(c, remember=False))
        for c in people[2 * times : 3 * times]
    ]
    _line("erase (whole)", whole)
    _line("  of which erase_rows", inside)
    _line("  segments merged (once)", [_timed(wiping.merge_search_segments)])
    _line("log_visit (after)", [_timed(lambda: visits.log_visit(reference)) for _ in range(50)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a SQLite shop (copied) or a PostgreSQL URL")
    parser.add_argument("--times", type=int, default=5)
    parser.add_argument("--keep-copy", action="store_true")
    args = parser.parse_args()
    if "://" in args.db:
        _bench(args.db, args.times)
        return 0
    folder = Path(tempfile.mkdtemp(prefix="bench-privacy-", dir=Path(args.db).parent))
    copy = folder / "shop.sqlite3"
    start = time.perf_counter()
    shutil.copyfile(args.db, copy)
    print(f"copied {args.db} in {time.perf_counter() - start:.0f} s")
    try:
        _bench(str(copy), args.times)
    finally:
        from shopcrm.db import close

        close()
        if not args.keep_copy:
            shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
