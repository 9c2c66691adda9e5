"""Version 8 adds the phone suffix B-tree to a version-7 shop, filled from its search index."""

from __future__ import annotations

from pathlib import Path

from shopcrm.core.customers import search_customers
from shopcrm.db import close, connect, open_database, parse_location
from shopcrm.db.migrations import current_version, migrate
from shopcrm.db.search import search_index
from shopcrm.db.search.document import SearchDocument
from shopcrm.db.search.phone_tiers import suffix_rows

PEOPLE = [
    ("Oliver", "+447948210001", 40),
    ("Olivia", "+447911124821", 50),
    ("Noah", "+12015550123", 0),
    ("Mia", "", 0),
]


def make_v7_database(path: Path) -> None:
    db = connect(parse_location(str(path)))
    migrate(db, target=7)
    with db.atomic():
        index = search_index(db)
        for first, phone, rank in PEOPLE:
            db.execute_sql(
                "INSERT INTO customer (first_name, last_name, phone, email, created_at,"
                " updated_at) VALUES (?, '', ?, '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
                (first, phone),
            )
            cid = db.execute_sql("SELECT max(id) FROM customer").fetchone()[0]
            index.put(SearchDocument.for_customer(cid, first, "", phone, rank=rank))
        # Today's migration 2 already makes schema 8's table; a version-7 shop has none.
        db.execute_sql("DROP TABLE search_phone_suffix")
    close()


def test_version_7_shop_gets_every_suffix_of_every_number(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite3"
    make_v7_database(path)
    db = open_database(str(path))
    try:
        assert current_version(db) >= 8
        rows = db.execute_sql("SELECT suffix, key FROM search_phone_suffix").fetchall()
        docs = db.execute_sql("SELECT key, phone FROM search_doc").fetchall()
        assert sorted(rows) == sorted(r for key, phone in docs for r in suffix_rows(key, phone))
        olivia = db.execute_sql("SELECT key FROM search_doc WHERE customer_id = 2").fetchone()[0]
        assert ("^07911124821", olivia) in rows and ("4821", olivia) in rows
        # Ends (Olivia, though Oliver is a regular), then elsewhere; national starts.
        assert [r.first_name for r in search_customers("4821")] == ["Olivia", "Oliver"]
        assert [r.first_name for r in search_customers("201 555")] == ["Noah"]
        assert [r.first_name for r in search_customers("079")] == ["Oliver", "Olivia"]
    finally:
        close()
