"""Importing 100,000 customers from a CSV file, against the budget in issue 14 (<= 30 s).

Run on demand (pytest does not collect this folder)::

    .venv/bin/python tests/benchmarks/bench_import.py [--rows 100000] [--db PATH|URL]
        [--postgresql] [--json out.json]

A Square-format export of ``--rows`` realistic customers (names from the demo's lists, phone
numbers, emails, birthdays with and without a year, memos with line breaks, money with
thousands separators, subscription states) is written to a temporary folder, then imported
into a new shop (``--db``: a SQLite file, made new, or an empty PostgreSQL database's URL):
first as a dry run, then for real, then the same file again (every row unchanged). Wall
time and this process's CPU time are both given: on a machine busy with other work the wall
time grows, the CPU time much less (the import is one thread; PostgreSQL's own work is not in
it). Peak
memory is the process's peak resident size (``ru_maxrss``) after each step, and the growth of
the Python heap over the import (``tracemalloc`` in a separate run of 20,000 rows, since it
slows everything down threefold).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]

from tests.core.importing.samples import SQUARE_HEADER  # noqa: E402

BUDGET_S = 30.0
FIRST = [
    "Maria",
    "John",
    "Aisha",
    "Wei",
    "Olga",
    "Jürgen",
    "Siobhán",
    "Kenji",
    "Ana",
    "Tom",
    "Fatima",
    "Luca",
    "Emma",
    "Noah",
    "Zoë",
    "Raj",
    "Ines",
    "Omar",
    "Chloé",
    "Björn",
]
LAST = [
    "Garcia",
    "Smith",
    "Khan",
    "Zhang",
    "Ivanova",
    "Müller",
    "O'Brien",
    "Tanaka",
    "Silva",
    "Brown",
    "Haddad",
    "Rossi",
    "Martin",
    "Jones",
    "Dubois",
    "Patel",
    "Costa",
    "Nowak",
]
STATES = ["Subscribed", "Unsubscribed", "Unknown"]  # fmt: skip


def write_export(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(SQUARE_HEADER.split(","))
        for i in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            phone = f"(415) {200 + i // 10000:03d}-{i % 10000:04d}" if i % 5 else ""
            email = f"{first.lower()}.{i}@example.com" if i % 7 else ""
            birthday = ""
            if i % 3 == 0:
                birthday = f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            elif i % 3 == 1:
                birthday = (
                    f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                )
            memo = "Prefers oat milk\nallergic to nuts" if i % 11 == 0 else ""
            spend = rng.randint(0, 500_000)
            out.writerow([
                "", first, last, email, phone, "", "Acme" if i % 13 == 0 else "",
                f"{i} Main St", "", "San Francisco", "CA", "94103", birthday, memo,
                f"SQ{i:08d}", "Directory", "2023-01-15", "2024-11-02", str(rng.randint(0, 80)),
                f"${spend // 100:,}.{spend % 100:02d}", rng.choice(STATES), "No", "No",
            ])  # fmt: skip


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _shop(db: str) -> None:
    from shopcrm.core import settings
    from shopcrm.db import open_database

    if "://" not in db:
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    open_database(db)
    settings.set_many({"phone_region": "US", "currency": "USD", "locale": "en_US"})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", default=None)
    parser.add_argument("--json", default=None)
    parser.add_argument(
        "--postgresql", action="store_true", help="on a throwaway PostgreSQL server of its own"
    )
    args = parser.parse_args()
    server = None
    if args.postgresql:
        from tests.postgres_server import PostgresServer

        server = PostgresServer.start()
        args.db = server.create_database()
    try:
        return _bench(args)
    finally:
        if server is not None:
            server.stop()


def _bench(args: argparse.Namespace) -> int:

    from shopcrm.core.importing import ImportOptions, import_customers
    from shopcrm.db import close

    results: dict[str, object] = {"rows": args.rows, "load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "customers.csv"
        write_export(export, args.rows)
        results["file_mib"] = round(export.stat().st_size / 2**20, 1)
        db = args.db or str(Path(folder) / "bench.sqlite3")
        _shop(db)
        results["peak_mib_before"] = round(_peak_mib(), 1)
        for step, options in (
            ("dry_run", ImportOptions(dry_run=True)),
            ("import", ImportOptions()),
            ("again", ImportOptions()),
        ):
            start, cpu = time.perf_counter(), time.process_time()
            report = import_customers(export, options)
            took = time.perf_counter() - start
            results[f"{step}_s"] = round(took, 2)
            cpu = time.process_time() - cpu
            results[f"{step}_cpu_s"] = round(cpu, 2)
            results[f"{step}_peak_mib"] = round(_peak_mib(), 1)
            print(
                f"{step:8} {took:6.1f} s (CPU {cpu:5.1f} s)  new {report.new:>7}"
                f"  unchanged {report.unchanged:>7}"
                f"  bad {report.bad_count}  peak RSS {_peak_mib():6.0f} MiB",
                flush=True,
            )
        close()
        if "://" not in db:  # the heap is the same on both engines: measured on SQLite
            small = Path(folder) / "small.csv"
            write_export(small, 20_000, seed=8)
            _shop(db)
            tracemalloc.start()
            import_customers(small)
            results["heap_peak_mib_20k"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
            tracemalloc.stop()
            close()
    verdict = "within" if results["import_s"] <= BUDGET_S else "OVER"  # type: ignore[operator]
    print(
        f"{args.rows:,} rows imported in {results['import_s']} s"
        f" ({verdict} the {BUDGET_S:.0f} s budget)"
    )
    print(json.dumps(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
