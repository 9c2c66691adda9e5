"""Every earlier schema version upgrades to exactly a new shop's schema, every row kept, on both
engines; also a shop as the first versions of migrations 4 and 5 left it (see
:mod:`tests.db.migrations.old_shops`).

"A new shop's schema" is :func:`shopcrm.db.schema.expected_shape`, which
``tests/db/schema/test_expected_schema.py`` holds equal to a database made new on each engine.
"""

from __future__ import annotations

import pytest

from shopcrm.db import close, connect, parse_location
from shopcrm.db.migrations import LATEST, current_version, migrate
from shopcrm.db.schema import schema_problems
from tests.db.migrations.old_shops import AS_FIRST_WRITTEN, make_old_shop, shop_rows

CASES = [(version, "") for version in range(1, LATEST)] + sorted(AS_FIRST_WRITTEN)


def _cut(rows: list[tuple[object, ...]], width: int) -> list[tuple[object, ...]]:
    return sorted((row[:width] for row in rows), key=repr)


@pytest.mark.parametrize(
    ("version", "made_by"), CASES, ids=[f"v{v}{m and '-' + m}" for v, m in CASES]
)
def test_an_old_shop_upgrades_to_a_new_shops_schema_with_every_row(
    empty_location: str, version: int, made_by: str
) -> None:
    db = connect(parse_location(empty_location))
    try:
        make_old_shop(db, version, made_by)
        before = shop_rows(db)
        customers = len(before["customer"])
        if made_by:
            assert schema_problems(db) != []  # at LATEST's shape it would prove nothing
        assert migrate(db) == list(range(version + 1, LATEST + 1))

        assert current_version(db) == LATEST
        assert schema_problems(db) == []
        after = shop_rows(db)
        for table, rows in before.items():
            width = len(rows[0]) if rows else 0
            assert rows, f"{table} has no rows at version {version}: the test proves less"
            if table == "schema_migration":
                assert set(rows) <= set(after[table])
            else:
                assert _cut(after[table], width) == rows, table
        assert db.execute_sql("SELECT count(*) FROM search_doc").fetchone()[0] == customers
    finally:
        close()


def test_the_old_shops_have_rows_in_every_table_they_have(empty_location: str) -> None:
    db = connect(parse_location(empty_location))
    try:
        make_old_shop(db, LATEST - 1)
        empty = [t for t, rows in shop_rows(db).items() if not rows]
        assert empty == []
    finally:
        close()
