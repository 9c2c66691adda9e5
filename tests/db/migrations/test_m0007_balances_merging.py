"""Schema version 7 fills the kept loyalty balances from the ledger and takes the search
index's merging out of the commits."""

from __future__ import annotations

from pathlib import Path

from shopcrm.core.loyalty.balances import balance_problems, stored
from shopcrm.db import close, connect, open_database, parse_location
from shopcrm.db.migrations import migrate

# id, customer, kind, stamps, points, created_at
V5_LEDGER = [
    (1, 1, "earn", 1, 50, "2025-01-10 10:00:00"),
    (2, 1, "redeem", 0, -30, "2025-02-10 10:00:00"),
    (3, 1, "earn", 1, 25, "2025-03-10 10:00:00"),
    (4, 2, "earn", 10, 0, "2026-01-05 09:00:00"),
    (5, 2, "redeem", -10, 0, "2026-01-06 09:00:00"),
    (6, 3, "adjust", 0, 7, "2026-01-07 09:00:00"),
]


def make_v5_shop(path: Path) -> None:
    db = connect(parse_location(str(path)))
    assert migrate(db, target=5) == [1, 2, 3, 4, 5]
    with db.atomic():
        for cid in (1, 2, 3, 4):
            db.execute_sql(
                "INSERT INTO customer (id, first_name, last_name, phone, email, created_at,"
                " updated_at) VALUES (?, 'Old', 'Regular', '', '', '2024-01-01 00:00:00',"
                " '2024-01-01 00:00:00')",
                (cid,),
            )
        for row in V5_LEDGER:
            db.execute_sql(
                "INSERT INTO loyalty_entry (id, customer_id, kind, stamps, points, reason,"
                " created_at) VALUES (?, ?, ?, ?, ?, '', ?)",
                row,
            )
    close()


def test_kept_balances_are_filled_from_the_ledger(tmp_path: Path) -> None:
    path = tmp_path / "v5.sqlite3"
    make_v5_shop(path)
    open_database(str(path))
    try:
        assert stored([1, 2, 3, 4]) == {1: (2, 45), 2: (0, 0), 3: (0, 7)}
        assert balance_problems() == []
    finally:
        close()


def test_the_search_index_does_not_merge_in_commits(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "new.sqlite3"))
    try:
        for table in ("search_words", "search_phone"):
            row = db.execute_sql(f"SELECT v FROM {table}_config WHERE k = 'automerge'").fetchone()
            assert row == (0,)
    finally:
        close()
