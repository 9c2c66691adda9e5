"""Asking for possible duplicates while a customer is typed in, and reading the schema for
``check``: two small reads that run often, timed on both engines in the same run.

Run on demand (pytest does not collect this folder)::

    .venv/bin/python tests/benchmarks/bench_duplicates.py [--look-alikes 300] [--times 200]
        [--db PATH]

Each engine gets a new shop (SQLite in a temporary folder; PostgreSQL on a throwaway server of
this run) with ``--look-alikes`` customers named like the one being typed (``Maria0 Gonzalez``
…, one phone each, the hard case: every one of them is a search hit) besides the real duplicate.
``possible_duplicates`` is then asked ``--times`` times, beside the counter search for the same
name (the reference it is built on), and ``schema_shape`` (what ``check`` compares) is read
``--times`` times. ``--db`` adds an existing shop (e.g. the million-customer one), only read.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]

TYPED = ("Marie", "Gonzalez", "020 7946 0958", "maria@example.com")


def _ms(call: Callable[[], object], times: int) -> list[float]:
    call()  # the first, with cold caches, is not what a cashier feels all day
    out = []
    for _ in range(times):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _line(engine: str, label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * len(ordered)))]
    print(
        f"{engine:<10} {label:<28} p50 {statistics.median(times):7.2f}  p99 {p99:7.2f}"
        f"  max {max(times):7.2f} ms",
        flush=True,
    )


def _fill(look_alikes: int) -> None:
    from shopcrm.core import settings
    from shopcrm.core.customers import CustomerInput, add_customer

    settings.set_many({"phone_region": "GB"})
    add_customer(CustomerInput("María", "González", phone="+44 20 7946 0958"))
    for n in range(look_alikes):
        add_customer(CustomerInput(f"Maria{n}", "Gonzalez", phone=f"020 7946 {n:04d}"))


def _measure(engine: str, location: str, times: int, fill: int | None) -> None:
    from shopcrm.core.customers import search_customers
    from shopcrm.core.merging import possible_duplicates
    from shopcrm.db import close, database, open_database
    from shopcrm.db.schema import schema_shape

    open_database(location)
    try:
        if fill is not None:
            _fill(fill)
        found = possible_duplicates(*TYPED)
        print(f"{engine:<10} offered: {[(d.full_name, d.reason) for d in found]}")
        _line(engine, "possible_duplicates", _ms(lambda: possible_duplicates(*TYPED), times))
        _line(engine, "search (reference)", _ms(lambda: search_customers("Marie Gonzalez"), times))
        _line(engine, "schema_shape", _ms(lambda: schema_shape(database.obj), times))
    finally:
        close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--look-alikes", type=int, default=300)
    parser.add_argument("--times", type=int, default=200)
    parser.add_argument("--db", default=None, help="an existing shop to read as well")
    args = parser.parse_args()
    from tests.postgres_server import PostgresServer

    with tempfile.TemporaryDirectory() as folder:
        _measure("sqlite", str(Path(folder) / "shop.sqlite3"), args.times, args.look_alikes)
        server = PostgresServer.start()
        try:
            url = server.create_database()
            _measure("postgresql", url, args.times, args.look_alikes)
        finally:
            server.stop()
    if args.db:
        _measure("given shop", args.db, args.times, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
