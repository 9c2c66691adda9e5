"""Migrations 6 and 8 bring an older PostgreSQL search index up to today's, as on SQLite.

Version 6 indexes Greek and Korean names again with today's folding; version 8 adds the rows
that find numbers by their start. An old shop is made by migrating a new database only that far
and writing its index rows the way that version did.
"""

from __future__ import annotations

import peewee
import pytest

from shopcrm.core.customers import search_customers
from shopcrm.db import close, connect, open_database, parse_location
from shopcrm.db.migrations import current_version, migrate
from shopcrm.db.search import SearchDocument, search_index
from shopcrm.db.search.postgres_terms import STARTS, SUFFIX


def _add_customer(db: peewee.Database, first: str, last: str, phone: str) -> int:
    return db.execute_sql(
        "INSERT INTO customer (first_name, last_name, phone, email, created_at, updated_at)"
        " VALUES (%s, %s, %s, '', '2026-01-01 00:00:00', '2026-01-01 00:00:00') RETURNING id",
        (first, last, phone),
    ).fetchone()[0]


@pytest.fixture
def old_shop(postgres_url: str) -> str:
    return postgres_url


def test_version_7_shop_finds_numbers_by_their_start(old_shop: str) -> None:
    db = connect(parse_location(old_shop))
    migrate(db, target=7)
    with db.atomic():
        index = search_index(db)
        for first, phone, rank in [
            ("Oliver", "+447948210001", 40),
            ("Olivia", "+447911124821", 50),
            ("Noah", "+12015550123", 0),
            ("Mia", "", 0),
        ]:
            cid = _add_customer(db, first, "", phone)
            index.put(SearchDocument.for_customer(cid, first, "", phone, rank=rank))
        # Version 7 had no rows for the start of a number, nor for its suffixes.
        for kind in (STARTS, SUFFIX):
            db.execute_sql("DELETE FROM search_term WHERE starts_with(term, %s)", (kind,))
    close()
    db = open_database(old_shop)
    try:
        assert current_version(db) >= 8
        assert search_index(db).check() == []
        starts = db.execute_sql(
            "SELECT count(*) FROM search_term WHERE starts_with(term, %s)", (STARTS,)
        ).fetchone()[0]
        assert starts == 6  # two digit forms of each of three numbers
        # Ends (Olivia, though Oliver is a regular), then elsewhere; starts, nationally too.
        assert [r.first_name for r in search_customers("4821")] == ["Olivia", "Oliver"]
        assert [r.first_name for r in search_customers("201 555")] == ["Noah"]
        assert [r.first_name for r in search_customers("079")] == ["Oliver", "Olivia"]
        assert [r.first_name for r in search_customers("1201")] == ["Noah"]
    finally:
        close()


def test_version_5_shop_finds_greek_and_korean_names_by_todays_spelling(old_shop: str) -> None:
    db = connect(parse_location(old_shop))
    migrate(db, target=5)
    with db.atomic():
        index = search_index(db)
        # Version 5 spelled ου letter by letter and knew 김 only as "gim".
        old = {
            "Παπαδοπούλου": ("papadopoyloy",),
            "김": ("민준", "준", "min", "jun", "minjun", "김", "gim"),
            "Jones": ("oliver", "jones"),
        }
        firsts = {"Παπαδοπούλου": "Μαρία", "김": "민준", "Jones": "Oliver"}
        for last, words in old.items():
            cid = _add_customer(db, firsts[last], last, "")
            index.put(SearchDocument(cid, words, words, "", 32))
    close()
    db = open_database(old_shop)
    try:
        assert search_index(db).check() == []
        assert [r.last_name for r in search_customers("papadopoulou")] == ["Παπαδοπούλου"]
        assert search_customers("papadopoyloy") == []
        assert [r.last_name for r in search_customers("kim")] == ["김"]
        assert [r.last_name for r in search_customers("jones")] == ["Jones"]
    finally:
        close()
