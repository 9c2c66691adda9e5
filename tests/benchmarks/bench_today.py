"""The Today page, segments and the visit log with them kept current, at scale.

Run on demand (pytest does not collect this folder)::

    .venv/bin/python tests/benchmarks/bench_today.py --db /tmp/shop.sqlite3 [--json out.json]
        [--visits 2000] [--rounds 50]

``--db`` is an existing shop (a demo, or a copy of the 1M benchmark shop: never the original,
opening it upgrades it). Measured, in order:

1. the catch-up after the upgrade to schema 13 (every customer's usual gap, late day and
   segment computed in batches: what the app does off the GUI thread at its first start);
2. the Today page's query (:func:`shopcrm.core.today.today_page`) on ``--rounds`` days, p50
   and p99, and ``shopcrm today --json`` as a whole process;
3. the segment sizes; the catch-up a day later (the daily share of time-driven changes);
4. logging ``--visits`` visits on random customers (durable commits), p50/p99: with rhythm and
   segment kept current, against the 20 ms budget.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]

TODAY_BUDGET_MS = 200.0
LOG_BUDGET_MS = 20.0


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--visits", type=int, default=2000)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    result: dict[str, object] = {}

    from shopcrm.db import open_database

    start = time.perf_counter()
    db = open_database(args.db)  # migrates an older shop
    result["open_and_migrate_s"] = round(time.perf_counter() - start, 2)
    customers, visits = (
        db.execute_sql("SELECT (SELECT COUNT(*) FROM customer), (SELECT COUNT(*) FROM visit)")
    ).fetchone()
    result["customers"], result["visits"] = customers, visits
    print(f"{customers:,} customers, {visits:,} visits; opened in {result['open_and_migrate_s']} s")

    from shopcrm.core.segments import due_count, refresh_due, segment_sizes
    from shopcrm.core.today import today_page

    due = due_count()
    start = time.perf_counter()
    refresh_due()
    took = time.perf_counter() - start
    result["catch_up"] = {"customers": due, "seconds": round(took, 1)}
    print(f"catch-up: {due:,} customers in {took:.1f} s")

    today = datetime.now(UTC).date()
    times = []
    counts = []
    for i in range(args.rounds):
        day = today - timedelta(days=i % 30)
        start = time.perf_counter()
        page = today_page(day)
        times.append((time.perf_counter() - start) * 1000)
        counts.append({k: len(v) for k, v in page.sections.items()})
    result["today_ms"] = {"p50": round(_p(times, 0.5), 1), "p99": round(_p(times, 0.99), 1)}
    result["today_rows_first_day"] = counts[0]
    verdict = "within" if _p(times, 0.99) <= TODAY_BUDGET_MS else "OVER"
    print(f"today_page: p50 {_p(times, 0.5):.1f} ms, p99 {_p(times, 0.99):.1f} ms ({verdict})")
    print(f"  rows: {counts[0]}")

    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "shopcrm", "--db", args.db, "today", "--json"],
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )
    result["cli_today_s"] = round(time.perf_counter() - start, 2)
    print(f"shopcrm today --json: {result['cli_today_s']} s (whole process)")

    start = time.perf_counter()
    sizes = segment_sizes()
    result["segment_sizes_ms"] = round((time.perf_counter() - start) * 1000, 1)
    result["segments"] = sizes
    print(f"segment sizes in {result['segment_sizes_ms']} ms: {sizes}")

    tomorrow = datetime.now(UTC) + timedelta(days=1)
    due = due_count(tomorrow.date())
    start = time.perf_counter()
    refresh_due(tomorrow)
    result["daily_catch_up"] = {"customers": due, "seconds": round(time.perf_counter() - start, 2)}
    print(f"a day later: {due:,} customers due, caught up in {result['daily_catch_up']}")

    result["log_visit_ms"] = time_log_visit(customers, args.visits)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1) + "\n")
    return 0


def time_log_visit(customers: int, count: int) -> dict[str, float]:
    from shopcrm.core.visits import log_visit

    rng = random.Random(7)
    times = []
    for _ in range(count):
        cid = rng.randint(1, customers)
        start = time.perf_counter()
        log_visit(cid, amount_minor=rng.choice([None, 350, 1200]))
        times.append((time.perf_counter() - start) * 1000)
    p50, p99 = _p(times, 0.5), _p(times, 0.99)
    verdict = "within" if p99 <= LOG_BUDGET_MS else "OVER"
    print(f"log_visit: p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {max(times):.1f} ({verdict})")
    return {"p50": round(p50, 2), "p99": round(p99, 2), "mean": round(statistics.mean(times), 2)}


if __name__ == "__main__":
    raise SystemExit(main())
