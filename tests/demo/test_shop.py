"""The demo shop: realistic, valid, findable, consistent and reproducible, on both engines.

Writing a large demo through a rollback journal instead of the write-ahead log is SQLite's own
(``sqlite_only``)."""

from __future__ import annotations

import os
import random
import sqlite3
import unicodedata
from datetime import UTC, datetime, timedelta

import peewee
import phonenumbers
import pytest

from shopcrm.core import loyalty, settings
from shopcrm.core.check import check_database
from shopcrm.core.customers import search_customers
from shopcrm.core.loyalty import LoyaltyRules, lot_problems
from shopcrm.core.loyalty.arithmetic import Entry, open_lots
from shopcrm.core.ranking import rank_bucket
from shopcrm.core.validation import clean_birthday, clean_email
from shopcrm.core.visits import refresh_customer_stats
from shopcrm.db import close, is_sqlite, open_database
from shopcrm.db.models import Visit, utc_from_db
from shopcrm.db.search import DEFAULT_RANK, SearchDocument, search_index
from shopcrm.db.search.phones import anchored
from shopcrm.demo import shop as demo
from shopcrm.demo.shop import generate_demo_shop
from tests.backends import sqlite_only

N = 300


def _script(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            for script in ("LATIN", "GREEK", "CYRILLIC", "CJK", "HANGUL", "ARABIC", "DEVANAGARI"):
                if name.startswith(script):
                    return script
            if "HIRAGANA" in name or "KATAKANA" in name:
                return "CJK"
    return "OTHER"


def history(db: peewee.Database, ledger_ids: bool = True) -> tuple[list, ...]:
    """Everything the demo wrote besides the customers, for comparing two shops. Ledger line
    numbers depend on how the demo was cut into batches; without ``ledger_ids`` a line is
    compared by what it says (a reversal by the visit of the line it reverses)."""
    ledger = (
        "SELECT * FROM loyalty_entry ORDER BY id"
        if ledger_ids
        else "SELECT e.customer_id, e.kind, e.stamps, e.points, e.visit_id, r.visit_id, e.reason,"
        " e.staff_id, e.created_at FROM loyalty_entry e LEFT JOIN loyalty_entry r"
        " ON r.id = e.reverses_id ORDER BY e.customer_id, e.created_at, e.kind, e.points"
    )
    return tuple(
        db.execute_sql(sql).fetchall()
        for sql in (
            "SELECT * FROM staff ORDER BY id",
            "SELECT * FROM visit ORDER BY id",
            ledger,
            "SELECT * FROM customer_stats ORDER BY customer_id",
            "SELECT key, customer_id FROM search_doc ORDER BY key",
        )
    )


def _schema(db: peewee.Database) -> list[tuple]:
    """Every table and index with its definition (the indexes a large demo rebuilds too)."""
    if is_sqlite(db):
        sql = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
    else:
        sql = (
            "SELECT 'index', indexname, tablename, indexdef FROM pg_indexes"
            " WHERE schemaname = current_schema() UNION ALL SELECT 'table', tablename,"
            " tablename, '' FROM pg_tables WHERE schemaname = current_schema() ORDER BY 2"
        )
    return db.execute_sql(sql).fetchall()


def _customers(db: peewee.Database) -> list[tuple]:
    return db.execute_sql(
        "SELECT id, first_name, last_name, phone, email, birthday_month, birthday_day,"
        " birthday_year FROM customer ORDER BY id"
    ).fetchall()


NOW = datetime(2026, 3, 14, 15, 9, 26, tzinfo=UTC)


@pytest.fixture
def shop(db: peewee.Database) -> list[tuple]:
    calls: list[tuple[int, int]] = []
    assert (
        generate_demo_shop(
            N, seed=7, progress=lambda done, total: calls.append((done, total)), now=NOW
        )
        == N
    )
    assert calls[-1] == (N, N)
    return _customers(db)


def test_names_come_from_many_scripts(shop: list[tuple]) -> None:
    scripts = [_script(first + last) for _, first, last, *_ in shop]
    assert {"LATIN", "CYRILLIC", "GREEK", "CJK"} <= set(scripts)
    assert scripts.count("LATIN") > 0.7 * len(scripts)  # a European/US shop
    assert any("'" in last for _, _, last, *_ in shop) or any("-" in c[2] for c in shop)


def test_contact_details_are_valid(shop: list[tuple]) -> None:
    phones = [c[3] for c in shop if c[3]]
    assert 0.7 * N < len(phones) < N  # most, not all, customers gave a phone
    for phone in phones:
        parsed = phonenumbers.parse(phone, None)
        assert phonenumbers.is_valid_number(parsed), phone
        assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == phone
    emails = [c[4] for c in shop if c[4]]
    assert 0.2 * N < len(emails) < 0.8 * N
    for email in emails:
        assert email.isascii() and clean_email(email) == email
    for *_, month, day, year in shop:
        assert clean_birthday(month, day, year) == (month, day, year)


def test_index_rows_match_the_reference_documents(
    db: peewee.Database, shop: list[tuple], backend: str
) -> None:
    """The demo builds search documents its own (faster) way; they must be the same. (SQLite's
    index stores the phone forms anchored for its trigram search; PostgreSQL's as they are.)"""
    stored = {
        row[0]: row[1:]
        for row in db.execute_sql(
            "SELECT customer_id, key, words, phone, name_words FROM search_doc"
        ).fetchall()
    }
    ranks = dict(db.execute_sql("SELECT customer_id, rank FROM customer_stats").fetchall())
    for cid, first, last, phone, email, *_ in shop:
        rank = ranks.get(cid, DEFAULT_RANK)
        doc = SearchDocument.for_customer(cid, first, last, phone, email, rank=rank)
        phone = anchored(doc.phone) if backend == "sqlite" else doc.phone
        expected = (doc.key, " ".join(doc.words), phone, " ".join(doc.name_words))
        assert stored[cid] == expected, (first, last, phone, email)


def test_customers_are_findable_by_name(shop: list[tuple]) -> None:
    rng = random.Random(3)
    for cid, first, last, *_ in rng.sample(shop, 20):
        for query in (last, first, f"{first} {last}"):
            found = [c.id for c in search_customers(query, 500)]
            assert cid in found, query


def test_the_database_checks_out_and_has_notes_and_tags(db: peewee.Database, shop: list) -> None:
    assert check_database().ok
    notes = db.execute_sql(
        "SELECT count(*), sum(CASE WHEN pinned THEN 1 ELSE 0 END) FROM note"
    ).fetchone()
    assert notes[0] > 0 and notes[1] > 0
    assert db.execute_sql("SELECT count(DISTINCT customer_id) FROM customer_tag").fetchone()[0] > 0


def test_same_seed_gives_the_same_shop(
    db: peewee.Database, shop: list, empty_location: str
) -> None:
    def tags_and_notes(database: peewee.Database) -> tuple[list, list]:
        return (
            database.execute_sql(
                "SELECT customer_id, tag_id FROM customer_tag ORDER BY 1, 2"
            ).fetchall(),
            database.execute_sql(
                "SELECT customer_id, text, pinned FROM note ORDER BY id"
            ).fetchall(),
        )

    first_extras, first_history = tags_and_notes(db), history(db)
    close()
    other = open_database(empty_location)
    generate_demo_shop(N, seed=7, now=NOW)
    assert _customers(other) == shop
    assert tags_and_notes(other) == first_extras
    assert history(other) == first_history


@pytest.mark.parametrize("workers", [2, 3])
def test_helper_processes_make_the_same_shop(
    db: peewee.Database,
    shop: list,
    empty_location: str,
    monkeypatch: pytest.MonkeyPatch,
    workers: int,
) -> None:
    """Large demos are made in helper processes; the rows must not depend on that."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(demo, "WORKERS", workers)
    monkeypatch.setattr(demo, "PARALLEL_FROM", 1)
    monkeypatch.setattr(demo, "BATCH", 16)
    monkeypatch.setattr(demo, "REINDEX_FROM", 1)  # and the indexes are dropped and rebuilt
    monkeypatch.setattr(demo, "DIRECT_FROM", 1)  # and written through a rollback journal
    first_history, first_schema = history(db, ledger_ids=False), _schema(db)
    close()
    other = open_database(empty_location)
    assert demo.helper_count(N) == workers  # (that they really run: test_helper_processes.py)
    generate_demo_shop(N, seed=7, now=NOW)
    assert _customers(other) == shop
    assert history(other, ledger_ids=False) == first_history
    assert _schema(other) == first_schema
    if is_sqlite(other):
        assert other.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert check_database().ok


@sqlite_only
def test_demo_beside_another_connection_stays_in_wal_mode(
    db: peewee.Database, db_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rollback journal needs the database to itself; with another connection open (the
    app in another window) the demo is written through the log, and that one keeps reading."""
    monkeypatch.setattr(demo, "DIRECT_FROM", 1)
    generate_demo_shop(20, seed=3, now=NOW)
    reader = sqlite3.connect(db_path)
    try:
        assert reader.execute("SELECT count(*) FROM customer").fetchone() == (20,)
        generate_demo_shop(30, seed=4, now=NOW)
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert reader.execute("SELECT count(*) FROM customer").fetchone() == (50,)
    finally:
        reader.close()
    assert check_database().ok


def test_demo_adds_after_existing_customers(db: peewee.Database) -> None:
    generate_demo_shop(10, seed=1)
    generate_demo_shop(15, seed=2)
    ids = [c[0] for c in _customers(db)]
    assert ids == list(range(1, 26))
    assert check_database().ok


# -- staff, visits and loyalty -------------------------------------------------------------------


def test_staff_are_an_owner_and_cashiers(db: peewee.Database, shop: list) -> None:
    staff = db.execute_sql("SELECT id, name, role FROM staff").fetchall()
    assert 3 <= len(staff) <= 5
    assert [role for *_, role in staff].count("owner") == 1
    assert all(" " in name and name != "Owner" for _, name, _ in staff)
    served = db.execute_sql("SELECT DISTINCT staff_id FROM visit").fetchall()
    assert {s for (s,) in served} == {s for s, *_ in staff}


def _days_ago(stored: object) -> float:
    return (NOW - utc_from_db(stored)).total_seconds() / 86400


def _year_ago() -> object:
    """A year before NOW, as the database stores a time (for comparing in SQL)."""
    return Visit.visited_at.db_value(NOW - timedelta(days=365))


def test_visits_follow_every_pattern(db: peewee.Database, shop: list) -> None:
    rows = db.execute_sql(
        "SELECT c.id, count(v.id), min(v.visited_at), max(v.visited_at),"
        f" sum(CASE WHEN v.visited_at >= {db.param} THEN 1 ELSE 0 END)"
        " FROM customer c LEFT JOIN visit v ON v.customer_id = c.id AND NOT v.voided"
        " GROUP BY c.id",
        (_year_ago(),),
    ).fetchall()
    kinds = {"daily": 0, "weekly": 0, "lapsed": 0, "monthly or less": 0, "once": 0, "never": 0}
    for _, count, _first, last, recent in rows:
        if count == 0:
            kinds["never"] += 1
        elif count == 1:
            kinds["once"] += 1
        elif recent >= 150:
            kinds["daily"] += 1
        elif 25 <= recent < 70 and _days_ago(last) < 30:
            kinds["weekly"] += 1
        elif count >= 12 and 80 < _days_ago(last) < 290:
            kinds["lapsed"] += 1
        elif 2 <= count <= 30:
            kinds["monthly or less"] += 1
    assert all(kinds.values()), kinds
    visits = db.execute_sql(
        "SELECT count(*), count(amount_minor), min(amount_minor), max(amount_minor),"
        " count(NULLIF(note, '')), count(satisfaction), count(NULLIF(feedback, '')),"
        " sum(CASE WHEN voided THEN 1 ELSE 0 END),"
        " sum(CASE WHEN voided AND void_reason != '' AND voided_at > visited_at THEN 1 ELSE 0"
        " END), max(visited_at) FROM visit"
    ).fetchone()
    total, priced, low, high, noted, rated, feedback, voided, explained, latest = visits
    assert 6 * N < total < 16 * N  # about ten visits a customer
    assert 0.8 * total < priced < total  # some visits have no amount
    assert low >= 240 and high <= 2500  # a café's baskets (GBP pence, the test shop's currency)
    assert noted and rated and feedback and voided and voided == explained
    assert utc_from_db(latest) <= NOW


def test_earn_lines_are_what_the_rules_give(db: peewee.Database, shop: list) -> None:
    rules = LoyaltyRules.from_settings(settings.load())
    earned = {
        visit: (stamps, points, created, customer)
        for visit, stamps, points, created, customer in db.execute_sql(
            "SELECT visit_id, stamps, points, created_at, customer_id FROM loyalty_entry"
            " WHERE kind = 'earn'"
        )
    }
    reversed_visits = {
        v for (v,) in db.execute_sql("SELECT visit_id FROM loyalty_entry WHERE kind = 'reverse'")
    }
    for vid, customer, amount, at, voided in db.execute_sql(
        "SELECT id, customer_id, amount_minor, visited_at, voided FROM visit"
    ):
        stamps, points = rules.earned(amount)
        assert earned.get(vid) == ((stamps, points, at, customer) if stamps or points else None)
        assert (vid in reversed_visits) == bool(voided and (stamps or points))


def _entries(db: peewee.Database) -> dict[int, list[Entry]]:
    by_customer: dict[int, list[Entry]] = {}
    for row in db.execute_sql(
        "SELECT customer_id, id, kind, stamps, points, created_at, reverses_id, visit_id"
        " FROM loyalty_entry ORDER BY created_at, id"
    ):
        at = utc_from_db(row[5])
        by_customer.setdefault(row[0], []).append(
            Entry(row[1], row[2], row[3], row[4], at, *row[6:])
        )
    return by_customer


def test_balances_never_go_below_zero_and_lots_add_up(db: peewee.Database, shop: list) -> None:
    months = LoyaltyRules.from_settings(settings.load()).points_expiry_months
    kinds = set()
    for customer, entries in _entries(db).items():
        stamps = points = 0
        for e in entries:
            kinds.add(e.kind)
            stamps += e.stamps
            points += e.points
            assert stamps >= 0 and points >= 0, (customer, e)
        # Every spending line was covered by earned lots, as the core's arithmetic sees it.
        assert sum(lot.remaining for lot in open_lots(entries, months)) == points, customer
        status = loyalty.status(customer, NOW)
        assert status.stamps == stamps and 0 <= status.points <= points
    assert kinds == {"earn", "redeem", "expire", "reverse"}
    assert lot_problems() == []  # the lots the demo stored are the ledger's


def test_visit_statistics_match_the_visits(db: peewee.Database, shop: list) -> None:
    stored = db.execute_sql(
        "SELECT customer_id, visits, total_spent_minor, first_visit_at, last_visit_at, rank,"
        " ranked_at FROM customer_stats ORDER BY customer_id"
    ).fetchall()
    fresh = db.execute_sql(
        "SELECT customer_id, sum(CASE WHEN voided THEN 0 ELSE 1 END),"
        " coalesce(sum(CASE WHEN voided THEN 0 ELSE amount_minor END), 0),"
        " min(CASE WHEN voided THEN NULL ELSE visited_at END),"
        " max(CASE WHEN voided THEN NULL ELSE visited_at END),"
        f" sum(CASE WHEN NOT voided AND visited_at >= {db.param} THEN 1 ELSE 0 END)"
        " FROM visit GROUP BY customer_id ORDER BY customer_id",
        (_year_ago(),),
    ).fetchall()
    assert [s[:5] for s in stored] == [f[:5] for f in fresh]
    assert [s[5] for s in stored] == [rank_bucket(f[5]) for f in fresh]
    assert {utc_from_db(s[6]) for s in stored} == {NOW}
    # And what the use case computes, on a few customers (rolled back).
    for row in random.Random(5).sample(stored, 25):
        with db.atomic() as transaction:
            again = refresh_customer_stats(row[0], NOW)
            transaction.rollback()
        first = utc_from_db(row[3]) if row[3] else None
        last = utc_from_db(row[4]) if row[4] else None
        assert (again.visits, again.total_spent_minor, again.first_visit_at) == (*row[1:3], first)
        assert (again.last_visit_at, again.rank) == (last, row[5])
        assert type(again.total_spent_minor) is int


def test_search_ranks_regulars_first(db: peewee.Database, shop: list) -> None:
    ranks = dict(db.execute_sql("SELECT customer_id, rank FROM customer_stats").fetchall())
    index = search_index(db)
    for cid, *_ in shop:
        assert index.rank_of(cid) == ranks.get(cid, DEFAULT_RANK)
    names = {cid: (first, last) for cid, first, last, *_ in shop}
    regulars = [cid for cid, rank in ranks.items() if rank <= rank_bucket(26)]
    once = [cid for cid, rank in ranks.items() if rank == rank_bucket(1)]
    pairs = [
        (r, o) for r in regulars for o in once if names[r][1][:1].lower() == names[o][1][:1].lower()
    ]
    assert pairs
    regular, one_timer = pairs[0]
    found = [c.id for c in search_customers(names[regular][1][:1], 300)]
    assert found.index(regular) < found.index(one_timer)
