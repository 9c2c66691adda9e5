"""Logging a visit and redeeming a voucher on SQLite and on PostgreSQL, in the same run.

Run on demand (pytest does not collect this folder)::

    .venv/bin/python tests/benchmarks/bench_engines.py --source /work/bench/shop-1m.sqlite3
        [--work /tmp/bench-engines] [--visits 1000] [--vouchers 1000] [--json out.json]

The source shop is never written: it is copied (``cp --reflink=auto``) into ``--work``, brought
up to this shopcrm's schema there, and that copy is moved onto a PostgreSQL server of this run
(``initdb`` from the system's binaries, durable: ``fsync`` and ``synchronous_commit`` on, as
SQLite's ``synchronous=FULL`` is) with ``shopcrm migrate-to``'s own function — which is timed
too. Then on each engine: ``--visits`` visits logged for random customers (one durable
transaction each: visit, loyalty, statistics, rank), and ``--vouchers`` vouchers of one batch
redeemed once each. Budgets (DESIGN.md section 4): p99 20 ms on SQLite, 30 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from bench_search import _percentile, _verdict  # noqa: E402

BUDGET_MS = {"sqlite": 20.0, "postgresql": 30.0}
DURABLE = "-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=256MB"


def _stats(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": round(ordered[len(ordered) // 2], 2),
        "p99_ms": round(_percentile(times, 0.99), 2),
        "max_ms": round(ordered[-1], 2),
        "n": len(times),
    }


def measure(location: str, visits_n: int, vouchers_n: int, seed: int) -> dict[str, dict]:
    """Log visits and redeem vouchers on the shop at ``location``; times in milliseconds."""
    from shopcrm.core import visits, vouchers
    from shopcrm.core.vouchers import HAND_PICKED, RuleSpec, VoucherValue, redeem
    from shopcrm.db import close, open_database, start_background_checkpoints
    from shopcrm.db.models import Customer

    open_database(location)
    start_background_checkpoints()
    rng = random.Random(seed)
    top = Customer.select(Customer.id).order_by(Customer.id.desc()).scalar()
    logged = []
    for _ in range(visits_n):
        customer_id = rng.randint(1, top)
        t = time.perf_counter()
        visits.log_visit(customer_id, amount_minor=rng.randint(100, 9_000))
        logged.append((time.perf_counter() - t) * 1000)

    today = vouchers.local_today()
    chosen = tuple(sorted(rng.sample(range(1, top + 1), vouchers_n)))
    draft = vouchers.BatchDraft(
        RuleSpec(HAND_PICKED, today.replace(day=1), customer_ids=chosen),
        VoucherValue.amount(500),
        today + timedelta(days=30),
    )
    codes = [v.code for v in vouchers.issue_batch(draft, again=True).vouchers]
    redeemed = []
    for code in codes:
        t = time.perf_counter()
        redeem(code, till="bench")
        redeemed.append((time.perf_counter() - t) * 1000)
    close()
    return {"log_visit": _stats(logged), "redeem": _stats(redeemed)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default="/work/bench/shop-1m.sqlite3")
    parser.add_argument("--work", default="/tmp/bench-engines")
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--vouchers", type=int, default=1000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from shopcrm.db import close, open_database
    from shopcrm.db.copy_shop import copy_shop
    from tests.postgres_server import PostgresServer

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    shop = work / "shop.sqlite3"
    for leftover in work.glob("shop.sqlite3*"):
        leftover.unlink()
    t = time.perf_counter()
    subprocess.run(["cp", "--reflink=auto", args.source, str(shop)], check=True)
    print(f"copied the source shop in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    open_database(str(shop))  # brought up to this shopcrm's schema (the copy, not the source)
    close()  # (its backup copy sits beside it in --work, removed at the end with the rest)
    print(f"opened (and upgraded) in {time.perf_counter() - t:.1f} s")

    server = PostgresServer.start(DURABLE)
    report: dict = {}
    try:
        url = server.create_database()
        shown = [0.0]

        def progress(stage: str, done: int, total: int) -> None:
            if time.perf_counter() - shown[0] > 30 or done == total:
                shown[0] = time.perf_counter()
                print(f"  {stage} {done:,} / {total:,} rows", flush=True)

        t = time.perf_counter()
        copied = copy_shop(str(shop), url, progress)
        close()
        report["migrate_to"] = {"seconds": round(time.perf_counter() - t, 1), "rows": copied.rows}
        print(f"migrate-to: {copied.rows:,} rows copied and verified in {copied.seconds:.0f} s")

        for engine, location in (("sqlite", str(shop)), ("postgresql", url)):
            found = measure(location, args.visits, args.vouchers, seed=1)
            report[engine] = found
            for what, stats in found.items():
                ok = stats["p99_ms"] <= BUDGET_MS[engine]
                stats["ok"] = ok
                print(
                    f"{engine:<10} {what:<9} p50 {stats['p50_ms']:6.2f}  p99"
                    f" {stats['p99_ms']:6.2f}  max {stats['max_ms']:7.2f} ms  (n {stats['n']})"
                    f"  budget p99 {BUDGET_MS[engine]} ms  {_verdict(ok)}",
                    flush=True,
                )
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0 if all(s["ok"] for e in ("sqlite", "postgresql") for s in report[e].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
