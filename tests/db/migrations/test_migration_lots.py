"""Schema version 4 keeps the loyalty lots on the ledger: an existing ledger (written by
version 3, which had no lots) is replayed once, in the order it was written.

The replay runs on both engines; the copy made before an upgrade is SQLite-only (a file next
to the database file; on PostgreSQL the server's own backups are the copy).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from shopcrm.core import loyalty
from shopcrm.core.loyalty import lot_problems
from shopcrm.core.loyalty.arithmetic import open_lots
from shopcrm.db import close, connect, open_database, parse_location
from shopcrm.db.migrations import migrate
from shopcrm.db.models import LoyaltyEntry

# id, customer, kind, stamps, points, visit, reverses, reason, staff, created_at
V3_LEDGER = [
    (1, 1, "earn", 1, 50, None, None, "", None, "2025-01-10 10:00:00"),
    (2, 1, "earn", 1, 30, None, None, "", None, "2025-03-10 10:00:00"),
    (3, 1, "redeem", 0, -60, None, None, "Free coffee", None, "2025-04-01 10:00:00"),
    (4, 1, "earn", 1, 40, None, None, "", None, "2025-05-01 10:00:00"),
    (5, 1, "reverse", -1, -40, None, 4, "visit voided: typo", None, "2025-05-01 10:05:00"),
    (6, 1, "expire", 0, -20, None, None, "20 points earned 2025-03-10 expired",
     None, "2026-03-10 10:00:00"),
    (7, 1, "earn", 1, 25, None, None, "", None, "2026-04-02 10:00:00"),
    # entered after the fact, dated before the redemption it cannot have paid for
    (8, 1, "earn", 1, 70, None, None, "", None, "2025-02-01 10:00:00"),
    (9, 2, "earn", 1, 10, None, None, "", None, "2026-01-05 09:00:00"),
    (10, 2, "adjust", 0, -4, None, None, "by hand", None, "2026-01-06 09:00:00"),
    (11, 3, "earn", 10, 0, None, None, "", None, "2026-01-05 09:00:00"),
    (12, 3, "redeem", -10, 0, None, None, "stamp card", None, "2026-01-06 09:00:00"),
]  # fmt: skip


def make_v3_shop(location: str) -> None:
    db = connect(parse_location(location))
    p = db.param
    assert migrate(db, target=3) == [1, 2, 3]
    with db.atomic():
        for cid in (1, 2, 3):
            db.execute_sql(
                "INSERT INTO customer (id, first_name, last_name, phone, email, created_at,"
                f" updated_at) VALUES ({p}, 'Old', 'Regular', '', '', '2024-01-01 00:00:00',"
                " '2024-01-01 00:00:00')",
                (cid,),
            )
        for row in V3_LEDGER:
            db.execute_sql(
                "INSERT INTO loyalty_entry (id, customer_id, kind, stamps, points, visit_id,"
                f" reverses_id, reason, staff_id, created_at) VALUES ({','.join([p] * 10)})",
                row,
            )
    close()


def test_version_3_ledgers_get_their_lots(empty_location: str) -> None:
    make_v3_shop(empty_location)
    open_database(empty_location)
    try:
        held = {e.id: e.lot_remaining for e in LoyaltyEntry.select()}
        # redeem 60: lot 1 (50) then 10 of lot 2; the reversal empties its own lot 4; the
        # expiry takes what is left of lot 2; lot 8 came later, so it paid for nothing
        assert held == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 25, 8: 70, 9: 6, 10: 0, 11: 0, 12: 0}
        assert LoyaltyEntry.get_by_id(6).lot_id == 2
        assert lot_problems() == []
        for cid in (1, 2):
            stored = [
                (e.id, e.lot_remaining)
                for e in LoyaltyEntry.select()
                .where((LoyaltyEntry.customer == cid) & (LoyaltyEntry.lot_remaining > 0))
                .order_by(LoyaltyEntry.created_at, LoyaltyEntry.id)
            ]
            replayed = [
                (lot.entry_id, lot.remaining) for lot in open_lots(loyalty.entries(cid), 12)
            ]
            assert stored == replayed
        # the old rows are all there, balances unchanged
        assert loyalty.balances(1).points == 50 + 30 - 60 + 40 - 40 - 20 + 25 + 70
    finally:
        close()


def test_the_old_database_is_copied_before_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    make_v3_shop(str(path))
    open_database(str(path))
    close()
    (copy,) = tmp_path.glob("v3.v3-backup-*.sqlite3")
    old = sqlite3.connect(copy)
    try:
        assert old.execute("SELECT max(version) FROM schema_migration").fetchone() == (3,)
        rows = old.execute(
            "SELECT id, customer_id, kind, stamps, points, visit_id, reverses_id, reason,"
            " staff_id, created_at FROM loyalty_entry ORDER BY id"
        ).fetchall()
        assert rows == V3_LEDGER
        columns = [row[1] for row in old.execute("PRAGMA table_info(loyalty_entry)")]
        assert "lot_remaining" not in columns
    finally:
        old.close()
    # opening the upgraded database again copies nothing more
    open_database(str(path))
    close()
    assert len(list(tmp_path.glob("v3.v3-backup-*.sqlite3"))) == 1


def test_a_new_database_is_not_copied(tmp_path: Path) -> None:
    open_database(str(tmp_path / "new.sqlite3"))
    close()
    assert [p.name for p in tmp_path.iterdir() if "backup" in p.name] == []
