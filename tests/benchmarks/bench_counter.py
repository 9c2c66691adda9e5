"""The counter's four speed budgets at scale, each beside its reference measured in the same run.

Run on demand (pytest does not collect this folder), on a copy of a big shop (it logs visits)::

    .venv/bin/python tests/benchmarks/bench_counter.py --db /path/to/copy-of-shop.sqlite3
        [--visits 2000] [--starts 7] [--skip search,keystroke,visits,start] [--json out.json]

Budget lines (DESIGN.md section 4), with the reference each is read against:

- search with the 20 rows the counter shows (``search_customers``): p99 <= 5 ms; reference:
  the index alone on the same query, timed right before it;
- keystroke -> result list repainted, in the real search panel (offscreen Qt): p99 <= 16 ms;
  reference: the index alone on the same texts;
- logging a visit (``log_visit``: durable, ledger and rank kept current): p99 <= 20 ms, for
  all visits and separately for those that moved the customer's rank; reference: a bare
  durable commit (one row, WAL, ``synchronous=FULL``) into a scratch file in the same folder,
  after every visit;
- cold start to a usable window: <= 2x a bare PySide6 window, the two started alternately.

A shared machine is noisy: read each line against its reference, not against the last run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from query_mix import MIX, build_queries  # noqa: E402

SEARCH_BUDGET_MS = 5.0
FRAME_BUDGET_MS = 16.0
VISIT_BUDGET_MS = 20.0
START_RATIO_BUDGET = 2.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def line(label: str, times: list[float], budget: float | None = None) -> dict[str, float]:
    """Print one line (n, p50, p99, max; the verdict when it has a budget) and return it."""
    stats = {
        "n": len(times),
        "p50_ms": statistics.median(times),
        "p99_ms": percentile(times, 0.99),
        "max_ms": max(times),
    }
    verdict = ""
    if budget is not None:
        ok = stats["p99_ms"] <= budget
        stats["ok"] = ok
        verdict = f"  budget p99<={budget:g}  {'PASS' if ok else 'FAIL'}"
    print(
        f"  {label:<34} n={len(times):<5} p50 {stats['p50_ms']:7.3f}  p99 {stats['p99_ms']:7.3f}"
        f"  max {stats['max_ms']:8.3f} ms{verdict}"
    )
    return stats


def search_rows(db, seed: int) -> dict[str, object]:
    """Each query of the mix: the index alone, then the use case with its 20 rows."""
    from shopcrm.core.customers import search_customers
    from shopcrm.db.search import search_index

    index = search_index(db)
    queries = build_queries(db, seed)
    for q in queries:  # warm-up: page cache and statement cache
        index.search(q.text, 20)
        search_customers(q.text, 20)
    by_kind: dict[str, tuple[list[float], list[float]]] = {kind: ([], []) for kind, _ in MIX}
    clock = time.perf_counter
    for q in queries:
        t0 = clock()
        index.search(q.text, 20)
        t1 = clock()
        search_customers(q.text, 20)
        t2 = clock()
        by_kind[q.kind][0].append((t1 - t0) * 1000)
        by_kind[q.kind][1].append((t2 - t1) * 1000)
    print("\nSearch with its 20 rows (search_customers) beside the index alone, per kind")
    report: dict[str, object] = {}
    for kind, (index_ms, rows_ms) in by_kind.items():
        report[kind] = {
            "index": line(f"{kind}: index", index_ms),
            "rows": line(f"{kind}: + 20 rows", rows_ms, SEARCH_BUDGET_MS),
        }
    every_index = [t for index_ms, _ in by_kind.values() for t in index_ms]
    every_rows = [t for _, rows_ms in by_kind.values() for t in rows_ms]
    print()
    report["all"] = {
        "index": line("all kinds: index", every_index),
        "rows": line("all kinds: + 20 rows", every_rows, SEARCH_BUDGET_MS),
    }
    return report


def keystrokes(db, seed: int) -> dict[str, object]:
    from bench_visits import time_keystrokes

    from shopcrm.db.search import search_index

    print("\nKeystroke to result list repainted (real search panel, offscreen)")
    typed = time_keystrokes(db, seed)
    index = search_index(db)
    texts = [q.text[:n] for q in build_queries(db, seed)[::4] for n in range(1, len(q.text) + 1)]
    index_ms = []
    for text in texts:
        t0 = time.perf_counter()
        index.search(text, 50)
        index_ms.append((time.perf_counter() - t0) * 1000)
    return {
        "keystroke": line("keystroke -> repainted", typed, FRAME_BUDGET_MS),
        "index": line("the same texts: index alone", index_ms),
    }


def _customers(db, rng: random.Random, n: int) -> list[int]:
    """Half regulars, half anyone (as ``bench_visits``)."""
    regulars = [
        cid for (cid,) in db.execute_sql("SELECT customer_id FROM customer_stats WHERE rank <= 26")
    ]
    low, high = db.execute_sql("SELECT min(id), max(id) FROM customer").fetchone()
    picked = [rng.choice(regulars) for _ in range(n // 2)] if regulars else []
    picked += [rng.randint(low, high) for _ in range(n - len(picked))]
    rng.shuffle(picked)
    return picked


def visits(db, path: str, n: int, seed: int) -> dict[str, object]:
    """``log_visit`` timed one by one, each followed by a bare durable commit (the reference)."""
    from shopcrm.core.visits import log_visit
    from shopcrm.db.search import search_index

    scratch_path = str(Path(path).with_name("bench-bare-commit.sqlite3"))
    scratch = sqlite3.connect(scratch_path, isolation_level=None)
    scratch.execute("PRAGMA journal_mode = wal")
    scratch.execute("PRAGMA synchronous = full")
    scratch.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, at REAL)")
    index = search_index(db)
    rng = random.Random(seed)
    staff = [sid for (sid,) in db.execute_sql("SELECT id FROM staff WHERE active")]
    moved, kept, bare = [], [], []
    clock = time.perf_counter
    for cid in _customers(db, rng, n):
        amount = None if rng.random() < 0.1 else rng.randrange(240, 2500, 10)
        rank = index.rank_of(cid)
        t0 = clock()
        log_visit(cid, amount_minor=amount, staff_id=rng.choice(staff))
        took = (clock() - t0) * 1000
        (moved if index.rank_of(cid) != rank else kept).append(took)
        t0 = clock()
        scratch.execute("BEGIN IMMEDIATE")
        scratch.execute("INSERT INTO t (at) VALUES (?)", (time.time(),))
        scratch.execute("COMMIT")
        bare.append((clock() - t0) * 1000)
    scratch.close()
    for suffix in ("", "-wal", "-shm"):
        Path(scratch_path + suffix).unlink(missing_ok=True)
    print(f"\nLogging a visit (durable, rank kept current), {n:,} visits, checkpoints in a thread")
    return {
        "all": line("log_visit, all", moved + kept, VISIT_BUDGET_MS),
        "moved": line("log_visit, rank moved", moved, VISIT_BUDGET_MS),
        "kept": line("log_visit, rank kept", kept),
        "bare": line("reference: bare durable commit", bare),
    }


def cold_start(path: str, runs: int) -> dict[str, object]:
    from startup import alternate_starts

    bare, app = alternate_starts(path, runs)
    ratio = app.median_s / bare.median_s
    ok = ratio <= START_RATIO_BUDGET and not app.failures
    print(f"\nCold start to a usable window, {runs} runs each, alternating (offscreen)")
    print(f"  bare PySide6 window: median {bare.median_s:.3f} s  runs {_runs(bare.times_s)}")
    print(f"  shopcrm --db       : median {app.median_s:.3f} s  runs {_runs(app.times_s)}")
    if app.failures:
        print(f"  shopcrm failed {len(app.failures)} runs; first: {app.failures[0]}")
    print(
        f"  shopcrm / bare = {ratio:.2f}x   budget <= {START_RATIO_BUDGET:g}x"
        f"  {'PASS' if ok else 'FAIL'}"
    )
    return {"bare_s": bare.times_s, "app_s": app.times_s, "ratio": ratio, "ok": ok}


def _runs(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a copy of a big shop (visits are logged)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--visits", type=int, default=2000)
    parser.add_argument("--starts", type=int, default=7, help="cold starts of each kind")
    parser.add_argument("--skip", default="", help="comma-separated: search,keystroke,visits,start")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from shopcrm.db import close, open_database, start_background_checkpoints

    report: dict[str, object] = {"db": args.db}
    db = open_database(args.db)
    start_background_checkpoints()  # as the window does
    count = db.execute_sql("SELECT count(*) FROM customer").fetchone()[0]
    print(f"shop: {count:,} customers ({args.db})")
    if "search" not in skip:
        report["search"] = search_rows(db, args.seed)
    if "keystroke" not in skip:
        report["keystroke"] = keystrokes(db, args.seed)
    if "visits" not in skip:
        report["visits"] = visits(db, args.db, args.visits, args.seed)
    close()
    if "start" not in skip:
        report["start"] = cold_start(args.db, args.starts)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
