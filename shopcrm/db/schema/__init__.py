"""The schema a database holds, compared with the one a new database has at the latest version.

An upgraded shop must end up with exactly a new shop's schema (see
:mod:`shopcrm.db.migrations.m0010_indexes_as_new` for what older shopcrms left behind), and
``shopcrm check`` says where one does not.

The expected schema is kept as data generated from code (``expected_sqlite.py``,
``expected_postgresql.py``), not built at check time: building a new schema takes every
migration (a few hundred milliseconds, and on PostgreSQL a schema of its own, which a till's
user may not be allowed to create and a check must not write), while reading the expected one
costs nothing. A test builds a new database on each engine and fails, printing the new text,
whenever the two part, so the data cannot fall behind the migrations.
"""

from __future__ import annotations

import peewee

from shopcrm.db.schema import expected_postgresql, expected_sqlite
from shopcrm.db.schema.shape import Shape, schema_differences, schema_shape

__all__ = ["Shape", "expected_shape", "schema_differences", "schema_problems", "schema_shape"]


def expected_shape(db: peewee.Database) -> Shape:
    """The shape of a new database at the latest version, on ``db``'s engine."""
    if isinstance(db, peewee.SqliteDatabase):
        return expected_sqlite.SHAPE
    return expected_postgresql.SHAPE


def schema_problems(db: peewee.Database) -> list[str]:
    """How ``db``'s schema differs from a new database's, a readable line each."""
    return schema_differences(schema_shape(db), expected_shape(db))
