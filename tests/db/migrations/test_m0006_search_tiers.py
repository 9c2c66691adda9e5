"""Version 6 upgrades a version-5 search index in place: phone ends, long prefixes, Korean names."""

from __future__ import annotations

from pathlib import Path

from shopcrm.core.customers import search_customers
from shopcrm.db import close, connect, open_database, parse_location
from shopcrm.db.migrations import LATEST, migrate

#: Customers as version 5 indexed them: digit forms separated by a space, no anchors.
V5_CUSTOMERS = [
    (1, "Oliver", "Jones", "+447948210001", "oliver jones", "447948210001 07948210001"),
    (2, "Olivia", "Smith", "+447911124821", "olivia smith", "447911124821 07911124821"),
    (3, "민준", "김", "", "민준 준 min jun minjun 김 gim", ""),
]


def make_v5_database(path: Path) -> None:
    db = connect(parse_location(str(path)))
    migrate(db, target=5)
    with db.atomic():
        # Today's migration 2 already makes schema 7's phone suffixes; version 5 had none.
        db.execute_sql("DROP TABLE search_phone_suffix")
        for cid, first, last, phone, words, forms in V5_CUSTOMERS:
            db.execute_sql(
                "INSERT INTO customer (id, first_name, last_name, phone, email, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, '', '2026-01-01 00:00:00',"
                " '2026-01-01 00:00:00')",
                (cid, first, last, phone),
            )
            key = (32 << 32) | cid
            db.execute_sql(
                "INSERT INTO search_doc (key, customer_id, words, phone, name_words)"
                " VALUES (?, ?, ?, ?, '')",
                (key, cid, words, forms),
            )
            db.execute_sql("INSERT INTO search_words (rowid, words) VALUES (?, ?)", (key, words))
            db.execute_sql("INSERT INTO search_phone (rowid, phone) VALUES (?, ?)", (key, forms))
    close()


def test_version_5_search_index_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite3"
    make_v5_database(path)
    db = open_database(str(path))
    try:
        assert LATEST >= 6
        phones = [p for (p,) in db.execute_sql("SELECT phone FROM search_doc ORDER BY key")]
        assert phones[:2] == [
            "447948210001$ 07948210001$",
            "447911124821$ 07911124821$",
        ]
        # The number ending in 4821 first, though the other customer was saved first.
        assert [r.first_name for r in search_customers("4821")] == ["Olivia", "Oliver"]
        assert [r.first_name for r in search_customers("07911")] == ["Olivia"]
        assert [r.first_name for r in search_customers("olivi")] == ["Olivia"]
        assert [r.first_name for r in search_customers("olive")] == ["Oliver"]
        assert [r.first_name for r in search_customers("kim")] == ["민준"]
        for table in ("search_words", "search_phone"):
            db.execute_sql(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")
    finally:
        close()
