"""Follow-ups and feedback at scale: what logging a visit costs with and without a score (a
low one opens a complaint in the same transaction), and the follow-up queries the card, the
Follow-ups list and the Today page run.

Run on demand (pytest does not collect this folder)::

    .venv/bin/python tests/benchmarks/bench_followups.py [--customers 100000]
        [--db /tmp/bench-followups.sqlite3] [--visits 2000]

The demo shop is built once in ``--db`` (``shopcrm demo``, follow-ups included) and reused.
``--only-visits`` measures just the visit logging, with no follow-up code: the same loop runs
on a shopcrm without follow-ups, for the before/after comparison.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def _ms(label: str, times: list[float]) -> None:
    print(
        f"{label:<34} n={len(times):>5}  p50 {statistics.median(times):7.3f}"
        f"  p99 {_percentile(times, 0.99):7.3f}  max {max(times):7.3f} ms"
    )


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _ensure(path: str, customers: int) -> None:
    from shopcrm.db import open_database
    from shopcrm.db.models import Customer

    open_database(path)
    have = Customer.select().count()
    if have >= customers:
        print(f"reusing {path}: {have:,} customers")
        return
    print(f"building a demo of {customers:,} customers in {path} ...")
    start = time.perf_counter()
    command = [sys.executable, "-m", "shopcrm", "--db", path, "demo"]
    subprocess.run([*command, "--customers", str(customers), "--seed", "3"], check=True)
    print(f"demo build: {time.perf_counter() - start:.1f} s")


def bench_visits(customers: int, visits: int, with_scores: bool) -> None:
    from shopcrm.core.visits import log_visit

    rng = random.Random(1)
    plain, scored, low = [], [], []
    for _ in range(visits):
        cid = rng.randrange(1, customers + 1)
        plain.append(_timed(lambda cid=cid: log_visit(cid, amount_minor=450)))
        if with_scores:
            scored.append(_timed(lambda c=cid: log_visit(c, amount_minor=450, satisfaction=5)))
            low.append(_timed(lambda c=cid: log_visit(c, satisfaction=1, feedback="Cold")))
    _ms("log a visit (no score)", plain)
    if with_scores:
        _ms("log a visit (score 5)", scored)
        _ms("log a visit (score 1: opens complaint)", low)


def bench_queries(customers: int, rounds: int = 50) -> None:
    from shopcrm.core import followups

    rng = random.Random(2)
    due = [_timed(followups.followups_due) for _ in range(rounds)]
    overdue = [_timed(followups.complaints_overdue) for _ in range(rounds)]
    card = [
        _timed(lambda: followups.open_followups(rng.randrange(1, customers + 1)))
        for _ in range(rounds * 4)
    ]
    listed = [_timed(lambda: followups.list_followups(status="overdue")) for _ in range(rounds)]
    feedback = [_timed(followups.feedback_list) for _ in range(rounds)]
    months = [_timed(followups.monthly_averages) for _ in range(5)]
    print(f"open follow-ups: {len(followups.list_followups(limit=1000)):,} (first page)")
    _ms("followups_due (Today)", due)
    _ms("complaints_overdue (Today)", overdue)
    _ms("open_followups (card)", card)
    _ms("list overdue (Follow-ups list)", listed)
    _ms("feedback_list (newest 200)", feedback)
    _ms("monthly_averages (all time)", months)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--db", default="/tmp/bench-followups.sqlite3")
    parser.add_argument("--visits", type=int, default=2_000)
    parser.add_argument("--only-visits", action="store_true")
    args = parser.parse_args()
    _ensure(args.db, args.customers)
    bench_visits(args.customers, args.visits, with_scores=not args.only_visits)
    if not args.only_visits:
        bench_queries(args.customers)


if __name__ == "__main__":
    main()
