"""The few places where SQLite and PostgreSQL need different SQL, each behind one small function.

Everything else — peewee's queries and the raw SQL that both engines read the same way — is
written once. A function here takes the open database and answers for its engine; outside
``db`` the engine is asked only for what one engine alone has (SQLite's file tuning, its
integrity pragmas).
"""

from __future__ import annotations

from collections.abc import Sequence

import peewee

#: An arbitrary, fixed key for PostgreSQL's advisory lock around schema upgrades.
_MIGRATION_LOCK_KEY = 0x5107_C12A


def is_postgresql(db: peewee.Database | peewee.DatabaseProxy) -> bool:
    """True for a PostgreSQL database (or the models' proxy while it points at one)."""
    if isinstance(db, peewee.DatabaseProxy):
        db = db.obj
    return isinstance(db, peewee.PostgresqlDatabase)


def big_integer(db: peewee.Database | peewee.DatabaseProxy) -> str:
    """The column type of a count that may pass 2**31 (points): SQLite's INTEGER is 64-bit
    already, PostgreSQL's is 32-bit."""
    return "BIGINT" if is_postgresql(db) else "INTEGER"


def lock_for_schema_upgrade(db: peewee.Database | peewee.DatabaseProxy) -> None:
    """Inside the upgrade's transaction: make a second till opening the same database at
    the same moment wait for this upgrade instead of running it twice. SQLite's ``BEGIN
    IMMEDIATE`` already did; PostgreSQL takes a transaction-scoped advisory lock, which
    nothing else waits for (reading the version takes no lock at all)."""
    if is_postgresql(db):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK_KEY,))


def joined_text(db: peewee.Database | peewee.DatabaseProxy, column: str) -> str:
    """An aggregate of ``column``'s values as one comma-separated text (thousands of values
    reach Python as one value, not one row each); times come as ISO text on both engines."""
    if is_postgresql(db):
        return f"string_agg({column}::text, ',')"
    return f"GROUP_CONCAT({column})"


def whole_sum(db: peewee.Database | peewee.DatabaseProxy, expression: str) -> str:
    """``SUM(expression)`` read back as a Python int: PostgreSQL sums a BIGINT column as a
    NUMERIC (a Decimal in Python), so there the sum is cast back."""
    if is_postgresql(db):
        return f"SUM({expression})::bigint"
    return f"SUM({expression})"


def with_params(db: peewee.Database | peewee.DatabaseProxy, sql: str) -> str:
    """``sql`` written with SQLite's ``?`` placeholders, with this engine's placeholders. For
    the bulk writers' fixed statements, which hold no ``?`` or ``%`` of their own."""
    return sql.replace("?", "%s") if is_postgresql(db) else sql


def insert_ignoring_duplicates(db: peewee.Database | peewee.DatabaseProxy, insert: str) -> str:
    """``INSERT …`` that skips rows whose unique key is there already."""
    if is_postgresql(db):
        return f"{with_params(db, insert)} ON CONFLICT DO NOTHING"
    return insert.replace("INSERT", "INSERT OR IGNORE", 1)


def insert_replacing(
    db: peewee.Database | peewee.DatabaseProxy, insert: str, key: str, columns: list[str]
) -> str:
    """``INSERT …`` that replaces the row with the same ``key`` (setting ``columns``)."""
    if is_postgresql(db):
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != key)
        return f"{with_params(db, insert)} ON CONFLICT ({key}) DO UPDATE SET {updates}"
    return insert.replace("INSERT", "INSERT OR REPLACE", 1)


def ids_written(db: peewee.Database | peewee.DatabaseProxy, tables: list[str]) -> None:
    """After rows were written with ids of their own (bulk loading): PostgreSQL's sequences
    move past them, so the next row a till adds gets a free id. SQLite needs nothing."""
    if not is_postgresql(db):
        return
    for table in tables:
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
        )


def insert_rows(
    db: peewee.Database | peewee.DatabaseProxy,
    table: str,
    columns: tuple[str, ...],
    rows: Sequence[Sequence[object]],
) -> None:
    """Write many new rows into ``table`` (bulk loading inside the caller's transaction).
    PostgreSQL takes them as one COPY: a pipelined INSERT is still a statement the server
    plans and runs per row, and for an import of 100,000 customers those statements were a
    third of its time. SQLite runs the INSERT per row in process, which costs little."""
    if not rows:
        return
    if isinstance(db, peewee.DatabaseProxy):
        db = db.obj
    names = ", ".join(f'"{c}"' for c in columns)
    if is_postgresql(db):
        with db.cursor() as cursor, cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(columns))
    db.cursor().executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
