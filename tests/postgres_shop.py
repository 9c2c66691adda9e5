"""One migrated PostgreSQL shop for the whole test run, put back to a fresh shop after each test.

Making a database per test costs 130-500 ms on a loaded machine (``CREATE DATABASE`` from a
template) and ``TRUNCATE`` of every table about 150 ms; the suite has hundreds of tests on
PostgreSQL. So the run migrates one database once, notes what a fresh shop holds (the rows of
the few tables migrations seed, every sequence's position), and after each test deletes every
row, puts the seeded ones back and sets the sequences back, in one round trip: 5-15 ms
(after a test that wrote thousands of rows, one TRUNCATE instead: deleting them row by row
checks every foreign key per row). Tests about migrations or empty databases use
``postgres_url`` instead (a new, empty database of their own).

Whatever a test left connected to the shop (a helper process, a worker thread's connection)
is disconnected first, so nothing it holds can keep the reset waiting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from tests.postgres_server import PostgresServer

#: From this many rows left by a test on, the reset truncates instead of deleting.
_MANY = 2_000


@dataclass
class PostgresShop:
    """The shared shop database: its URL, and the script that makes it a fresh shop again."""

    url: str
    _admin: Any = None  # a psycopg connection to the shop database, autocommit
    _script: str = ""
    _truncate: str = ""
    _rows_left: str = ""
    _seeded: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = field(default_factory=dict)

    @classmethod
    def create(cls, server: PostgresServer) -> PostgresShop:
        from shopcrm.db import close, open_database

        url = server.create_database()
        open_database(url)
        close()
        return cls.adopt(url)

    @classmethod
    def adopt(cls, url: str) -> PostgresShop:
        """The shop database at ``url`` as it is now (seeded by the caller) is what
        :meth:`reset` puts back."""
        import psycopg

        shop = cls(url=url, _admin=psycopg.connect(url, autocommit=True))
        shop._prepare()
        return shop

    def _prepare(self) -> None:
        """Note the fresh shop: which tables hold rows, in what order they can be emptied,
        and where each sequence stands."""
        conn = self._admin
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        ]
        order = _children_first(conn, tables)
        statements = []
        self._seeded.clear()
        for table in order:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            rows = cursor.fetchall()
            columns = [d.name for d in cursor.description or ()]
            if rows:
                self._seeded[table] = (columns, rows)
            statements.append(f'DELETE FROM "{table}"')
        sequences = []
        for sequence, last, called in conn.execute(
            "SELECT schemaname || '.' || sequencename, coalesce(last_value, start_value),"
            " last_value IS NOT NULL FROM pg_sequences WHERE schemaname = current_schema()"
        ):
            sequences.append(f"SELECT setval('{sequence}', {int(last)}, {bool(called)})")
        self._script = ";\n".join(statements + sequences)
        names = ", ".join(f'"{t}"' for t in order)
        self._truncate = ";\n".join([f"TRUNCATE {names}", *sequences])
        self._rows_left = "SELECT " + " + ".join(
            f'(SELECT count(*) FROM (SELECT 1 FROM "{t}" LIMIT {_MANY}) AS s)' for t in order
        )

    def reset(self) -> None:
        """Back to the fresh shop noted at the start."""
        conn = self._admin
        name = urlsplit(self.url).path.lstrip("/")
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        row = conn.execute(self._rows_left).fetchone()
        many = row is not None and row[0] >= _MANY
        with conn.transaction():
            # Deleting row by row checks every foreign key per row (the ledger's references to
            # itself have no index): after a big demo that took minutes. TRUNCATE costs a
            # fixed ~150 ms instead, worth it only then.
            conn.execute(self._truncate if many else self._script)
            for table, (columns, rows) in reversed(self._seeded.items()):
                names = ", ".join(f'"{c}"' for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                with conn.cursor() as cursor:
                    cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)

    def close(self) -> None:
        if self._admin is not None:
            self._admin.close()
            self._admin = None


def _children_first(conn: Any, tables: list[str]) -> list[str]:
    """``tables`` ordered so that a table comes before every table its rows refer to."""
    refers: dict[str, set[str]] = {t: set() for t in tables}
    for child, parent in conn.execute(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c"
        " WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace"
    ):
        child, parent = child.strip('"'), parent.strip('"')
        if child in refers and parent != child:
            refers[child].add(parent)
    ordered: list[str] = []
    placed: set[str] = set()

    def place(table: str) -> None:
        if table in placed:
            return
        placed.add(table)
        for other in tables:  # whoever refers to this table goes before it
            if table in refers[other]:
                place(other)
        ordered.append(table)

    for table in sorted(tables):
        place(table)
    return ordered
