"""Phone queries on PostgreSQL at scale: the contract's three groups against the two-group
statement they replaced (the reference, measured in the same run, interleaved).

Run on demand (pytest does not collect this folder)::

    .venv/bin/python tests/benchmarks/bench_pg_phones.py [--sqlite /work/bench/shop-1m.sqlite3]
        [--pg-url postgresql://…] [--reuse]

The PostgreSQL index is built from the SQLite shop as in :mod:`bench_search_engines` (that
shop may have any schema: only its customers and documents are read). Besides the phone kinds
of the query mix, a few common digit runs (area codes, mobile prefixes) take the path that
reads candidates in rank order.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import peewee

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from bench_search_engines import _percentile, _pg, build  # noqa: E402
from query_mix import build_queries  # noqa: E402

from shopcrm.db.search.folding import phone_query_digits  # noqa: E402
from shopcrm.db.search.postgres_index import PostgresSearchIndex  # noqa: E402
from shopcrm.db.search.postgres_query import keys_sql, tiers_sql  # noqa: E402
from shopcrm.db.search.postgres_terms import ENDS, Clause, contains_clause  # noqa: E402

COMMON = ["447", "0791", "4479", "1201", "120", "555", "0161", "000", "2015", "7911"]


def two_groups(pg: peewee.PostgresqlDatabase, text: str) -> list[int]:
    """The statement PostgreSQL answered phone queries with before: ends, then elsewhere."""
    digits = phone_query_digits(text) or ""
    low = ENDS + digits[::-1]
    ends = Clause("{a}.term >= %s AND {a}.term < %s", (low, low + ":"))
    sql, params = tiers_sql([keys_sql([ends], 20), keys_sql([contains_clause(digits)], 40)], 20)
    return [key for _, key, _, _ in pg.execute_sql(sql, params).fetchall()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", default="/work/bench/shop-1m.sqlite3")
    parser.add_argument("--pg-url")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    server = None
    url = args.pg_url
    if url is None:
        from tests.postgres_server import PostgresServer

        server = PostgresServer.start()
        url = server.create_database()
        print(f"throwaway PostgreSQL server: {url}")
    lite = peewee.SqliteDatabase(f"file:{args.sqlite}?mode=ro", uri=True)
    pg = _pg(url)
    try:
        if not args.reuse:
            print("  " + ", ".join(f"{k} {v:.1f}" for k, v in build(lite, pg).items()))
        queries = [(q.kind, q.text) for q in build_queries(lite, args.seed) if "phone" in q.kind]
        queries += [("common digits", d) for d in COMMON for _ in range(5)]
        index = PostgresSearchIndex(pg)
        engines = {
            "three groups": lambda text: index.search(text, 20),
            "two (before)": lambda text: two_groups(pg, text),
        }
        for search in engines.values():
            for _, text in queries:
                search(text)
        times: dict[str, dict[str, list[float]]] = {name: {} for name in engines}
        for kind, text in queries:
            for name, search in engines.items():
                t = time.perf_counter()
                search(text)
                times[name].setdefault(kind, []).append((time.perf_counter() - t) * 1000)
        print(f"\n{'kind':<16}{'n':>4}" + "".join(f"{n + ' p50':>20}{'p99':>8}" for n in engines))
        for kind in times["three groups"]:
            line = f"{kind:<16}{len(times['three groups'][kind]):>4}"
            for name in engines:
                ms = times[name][kind]
                line += f"{statistics.median(ms):>20.3f}{_percentile(ms, 0.99):>8.3f}"
            print(line)
    finally:
        lite.close()
        pg.close()
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
