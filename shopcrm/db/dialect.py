"""The few places where SQLite and PostgreSQL need different SQL, each behind one small function.

Everything else — peewee's queries and the raw SQL that both engines read the same way — is
written once. A function here takes the open database and answers for its engine; callers
outside ``db`` never test the engine themselves.
"""

from __future__ import annotations

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
