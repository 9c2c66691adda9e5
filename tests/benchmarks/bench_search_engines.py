"""Customer search on SQLite and on PostgreSQL, the same customers and queries, one run.

Run on demand (pytest does not collect this folder)::

    .venv/bin/python tests/benchmarks/bench_search_engines.py [--sqlite /work/bench/shop-1m.sqlite3]
        [--pg-url postgresql://…] [--reuse] [--trgm] [--json out.json]

The SQLite shop (a demo shop, e.g. the 1,000,000-customer one) is opened read-only. Its
customers and their search documents (folded text, rank bucket: exactly what its index holds)
are copied into a PostgreSQL database — a throwaway server started from the system's binaries,
or ``--pg-url`` — and the PostgreSQL index is built from them with ``put_many``; folding is
the same Python code for both engines and is not part of the build time. Then the query mix
of ``bench_search.py`` runs on both, interleaved query by query so that a busy machine slows
both alike, and a sample of reranks (what logging a visit does to the index) runs on
PostgreSQL. ``--reuse`` skips the build when ``--pg-url`` already holds it; ``--trgm`` also
measures a pg_trgm GIN index over the same text, the alternative design.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import peewee

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from query_mix import MIX, Query, build_queries  # noqa: E402

from shopcrm.db.search.document import SearchDocument, rank_of_key  # noqa: E402
from shopcrm.db.search.postgres_index import PostgresSearchIndex  # noqa: E402
from shopcrm.db.search.postgres_schema import create_postgres_search_schema  # noqa: E402
from shopcrm.db.search.sqlite_index import SqliteSearchIndex  # noqa: E402

P99_BUDGET_MS = 20.0
RERANK_SAMPLE = 300
_BATCH = 50_000


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def _pg(url: str) -> peewee.PostgresqlDatabase:
    parts = urlsplit(url)
    return peewee.PostgresqlDatabase(
        unquote(parts.path.lstrip("/")),
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        host=parts.hostname,
        port=parts.port,
        prefer_psycopg3=True,
    )


def _sqlite_docs(lite: peewee.SqliteDatabase) -> Iterator[list[SearchDocument]]:
    last = -1
    while True:
        rows = lite.execute_sql(
            "SELECT key, customer_id, words, phone, name_words FROM search_doc"
            " WHERE key > ? ORDER BY key LIMIT ?",
            (last, _BATCH),
        ).fetchall()
        if not rows:
            return
        yield [
            SearchDocument(cid, tuple(words.split()), tuple(names.split()), phone, rank_of_key(k))
            for k, cid, words, phone, names in rows
        ]
        last = rows[-1][0]


def build(lite: peewee.SqliteDatabase, pg: peewee.PostgresqlDatabase) -> dict[str, float]:
    """Copy the customers, then index them on PostgreSQL; seconds per step."""
    t0 = time.perf_counter()
    pg.execute_sql("DROP TABLE IF EXISTS search_doc, search_term, search_vocab, search_typo")
    pg.execute_sql("DROP TABLE IF EXISTS customer")
    pg.execute_sql(
        "CREATE TABLE customer (id INTEGER PRIMARY KEY, first_name TEXT NOT NULL,"
        " last_name TEXT NOT NULL, phone TEXT NOT NULL, email TEXT NOT NULL)"
    )
    rows = lite.execute_sql("SELECT id, first_name, last_name, phone, email FROM customer")
    with pg.atomic(), pg.cursor() as cursor, cursor.copy("COPY customer FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    t1 = time.perf_counter()
    index = PostgresSearchIndex(pg)
    with pg.atomic():
        create_postgres_search_schema(pg)
        done = 0
        for docs in _sqlite_docs(lite):
            index.put_many(docs)
            done += len(docs)
            print(f"\r  indexed {done:,}", end="", flush=True)
    print()
    t2 = time.perf_counter()
    pg.execute_sql("VACUUM ANALYZE")
    t3 = time.perf_counter()
    return {"copy_customers_s": t1 - t0, "put_many_s": t2 - t1, "vacuum_analyze_s": t3 - t2}


def pg_sizes(pg: peewee.PostgresqlDatabase) -> dict[str, int]:
    names = ("search_doc", "search_term", "search_vocab", "search_typo")
    return {
        n: pg.execute_sql("SELECT pg_total_relation_size(%s)", (n,)).fetchone()[0] for n in names
    }


def sqlite_sizes(lite: peewee.SqliteDatabase) -> dict[str, int] | None:
    try:
        rows = lite.execute_sql(
            "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'search%' GROUP BY name"
        ).fetchall()
    except peewee.OperationalError:
        return None  # SQLite built without the dbstat table
    return dict(rows)


def time_interleaved(
    queries: list[Query], engines: dict[str, Callable[[str], object]]
) -> dict[str, dict[str, list[float]]]:
    """Milliseconds per query, per engine and kind (after one warm-up pass)."""
    for search in engines.values():
        for q in queries:
            search(q.text)
    out: dict[str, dict[str, list[float]]] = {name: {} for name in engines}
    clock = time.perf_counter
    for q in queries:
        for name, search in engines.items():
            t = clock()
            search(q.text)
            out[name].setdefault(q.kind, []).append((clock() - t) * 1000)
    return out


def time_reranks(pg: peewee.PostgresqlDatabase, seed: int) -> tuple[list[float], list[float]]:
    """Milliseconds per rerank (what a visit adds to its transaction) and per rerank with the
    commit of its own transaction (durable: the server's fsync is in it)."""
    index = PostgresSearchIndex(pg)
    low, high = pg.execute_sql(
        "SELECT min(customer_id), max(customer_id) FROM search_doc"
    ).fetchone()
    rng = random.Random(seed)
    alone: list[float] = []
    committed: list[float] = []
    for cid in rng.sample(range(low, high + 1), RERANK_SAMPLE):
        rank = index.rank_of(cid)
        if rank is None:
            continue
        t0 = time.perf_counter()
        with pg.atomic():
            index.rerank(cid, rank - 2 if rank >= 2 else rank + 2)
            t1 = time.perf_counter()
        t2 = time.perf_counter()
        alone.append((t1 - t0) * 1000)
        committed.append((t2 - t0) * 1000)
    return alone, committed


def trgm_engine(pg: peewee.PostgresqlDatabase) -> tuple[Callable[[str], object], int, float]:
    """The alternative: pg_trgm GIN indexes over the documents' text, one LIKE per word, and
    the matches sorted by rank key (only the prefix tier: a lower bound of its cost)."""
    from shopcrm.db.search.folding import phone_query_digits, query_words

    t = time.perf_counter()
    pg.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    pg.execute_sql(
        "CREATE INDEX IF NOT EXISTS search_doc_words_trgm ON search_doc"
        " USING gin ((' ' || words) gin_trgm_ops)"
    )
    pg.execute_sql(
        "CREATE INDEX IF NOT EXISTS search_doc_phone_trgm ON search_doc"
        " USING gin (phone gin_trgm_ops)"
    )
    pg.execute_sql("ANALYZE search_doc")
    took = time.perf_counter() - t
    size = sum(
        pg.execute_sql("SELECT pg_relation_size(%s)", (n,)).fetchone()[0]
        for n in ("search_doc_words_trgm", "search_doc_phone_trgm")
    )

    def search(text: str) -> object:
        digits = phone_query_digits(text)
        if digits is not None:
            return pg.execute_sql(
                "SELECT key FROM search_doc WHERE phone LIKE %s ORDER BY key LIMIT 20",
                (f"%{digits}%",),
            ).fetchall()
        words = query_words(text)
        if not words:
            return []
        where = " AND ".join(["(' ' || words) LIKE %s"] * len(words))
        return pg.execute_sql(
            f"SELECT key FROM search_doc WHERE {where} ORDER BY key LIMIT 20",
            tuple(f"% {w}%" for w in words),
        ).fetchall()

    return search, size, took


def report_table(timings: dict[str, dict[str, list[float]]]) -> dict[str, dict[str, dict]]:
    names = list(timings)
    head = f"{'kind':<14}{'n':>4}" + "".join(
        f"  {name + ' p50':>16} {'p99':>7} {'max':>7}" for name in names
    )
    print(head)
    print("-" * len(head))
    out: dict[str, dict[str, dict]] = {name: {} for name in names}
    for kind, _ in MIX:
        line = f"{kind:<14}{len(timings[names[0]][kind]):>4}"
        for name in names:
            ms = timings[name][kind]
            stats = {
                "p50": statistics.median(ms),
                "p99": _percentile(ms, 0.99),
                "max": max(ms),
            }
            out[name][kind] = stats
            line += f"  {stats['p50']:>16.3f} {stats['p99']:>7.3f} {stats['max']:>7.3f}"
        print(line)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", default="/work/bench/shop-1m.sqlite3")
    parser.add_argument("--pg-url", help="an empty database (or the built one with --reuse)")
    parser.add_argument("--reuse", action="store_true", help="the index in --pg-url is built")
    parser.add_argument("--trgm", action="store_true", help="also measure pg_trgm GIN")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--json", metavar="FILE")
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
    report: dict[str, object] = {"sqlite": args.sqlite}
    try:
        customers = lite.execute_sql("SELECT count(*) FROM customer").fetchone()[0]
        report["customers"] = customers
        if not args.reuse:
            print(f"building the PostgreSQL index of {customers:,} customers ...")
            report["build"] = build(lite, pg)
            print("  " + ", ".join(f"{k} {v:.1f}" for k, v in report["build"].items()))
        report["pg_bytes"] = pg_sizes(pg)
        report["sqlite_bytes"] = sqlite_sizes(lite)
        for engine in ("pg_bytes", "sqlite_bytes"):
            sizes = report[engine]
            if isinstance(sizes, dict):
                total = sum(sizes.values()) / 2**20
                parts = ", ".join(f"{k} {v / 2**20:.0f}" for k, v in sizes.items())
                print(f"{engine[:-6]} search tables: {total:.0f} MiB ({parts})")
        queries = build_queries(lite, args.seed)
        engines: dict[str, Callable[[str], object]] = {
            "sqlite": lambda text: SqliteSearchIndex(lite).search(text, 20),
            "postgresql": lambda text: PostgresSearchIndex(pg).search(text, 20),
        }
        if args.trgm:
            search, size, took = trgm_engine(pg)
            engines["pg_trgm"] = search
            report["trgm"] = {"bytes": size, "build_s": took}
            print(f"pg_trgm GIN indexes: {size / 2**20:.0f} MiB, built in {took:.1f} s")
        timings = time_interleaved(queries, engines)
        print(
            f"\nSearch at {customers:,} customers, limit 20, ms (budget p99 <= {P99_BUDGET_MS:g})"
        )
        report["search"] = report_table(timings)
        alone, committed = time_reranks(pg, args.seed)
        report["rerank_ms"] = {
            "p50": statistics.median(alone),
            "p99": _percentile(alone, 0.99),
            "with_commit_p50": statistics.median(committed),
            "with_commit_p99": _percentile(committed, 0.99),
        }
        print(
            f"\nPostgreSQL rerank over {len(alone)}: p50 {statistics.median(alone):.2f} ms,"
            f" p99 {_percentile(alone, 0.99):.2f} ms; with its own commit p50"
            f" {statistics.median(committed):.2f} ms, p99 {_percentile(committed, 0.99):.2f} ms"
        )
        worst = max(s["p99"] for s in report["search"]["postgresql"].values())  # type: ignore[index]
        print(
            f"PostgreSQL worst p99 {worst:.2f} ms: {'PASS' if worst <= P99_BUDGET_MS else 'FAIL'}"
        )
    finally:
        lite.close()
        pg.close()
        if server is not None:
            server.stop()
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
