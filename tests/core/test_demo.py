"""The demo shop: realistic, valid, findable, consistent and reproducible."""

from __future__ import annotations

import random
import unicodedata

import peewee
import phonenumbers
import pytest

from shopcrm.core import demo
from shopcrm.core.check import check_database
from shopcrm.core.customers import search_customers
from shopcrm.core.demo import generate_demo_shop
from shopcrm.core.validation import clean_birthday, clean_email
from shopcrm.db import close, open_database
from shopcrm.db.search import SearchDocument

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


def _customers(db: peewee.Database) -> list[tuple]:
    return db.execute_sql(
        "SELECT id, first_name, last_name, phone, email, birthday_month, birthday_day,"
        " birthday_year FROM customer ORDER BY id"
    ).fetchall()


@pytest.fixture
def shop(db: peewee.Database) -> list[tuple]:
    calls: list[tuple[int, int]] = []
    assert (
        generate_demo_shop(N, seed=7, progress=lambda done, total: calls.append((done, total))) == N
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


def test_index_rows_match_the_reference_documents(db: peewee.Database, shop: list[tuple]) -> None:
    """The demo builds search documents its own (faster) way; they must be the same."""
    stored = {
        row[0]: row[1:]
        for row in db.execute_sql(
            "SELECT customer_id, key, words, phone, name_words FROM search_doc"
        ).fetchall()
    }
    for cid, first, last, phone, email, *_ in shop:
        doc = SearchDocument.for_customer(cid, first, last, phone, email)
        expected = (doc.key, " ".join(doc.words), doc.phone, " ".join(doc.name_words))
        assert stored[cid] == expected, (first, last, phone, email)


def test_customers_are_findable_by_name(shop: list[tuple]) -> None:
    rng = random.Random(3)
    for cid, first, last, *_ in rng.sample(shop, 20):
        for query in (last, first, f"{first} {last}"):
            found = [c.id for c in search_customers(query, 500)]
            assert cid in found, query


def test_the_database_checks_out_and_has_notes_and_tags(db: peewee.Database, shop: list) -> None:
    assert check_database().ok
    notes = db.execute_sql("SELECT count(*), sum(pinned) FROM note").fetchone()
    assert notes[0] > 0 and notes[1] > 0
    assert db.execute_sql("SELECT count(DISTINCT customer_id) FROM customer_tag").fetchone()[0] > 0


def test_same_seed_gives_the_same_shop(db: peewee.Database, shop: list, tmp_path) -> None:
    def tags_and_notes(database: peewee.Database) -> tuple[list, list]:
        return (
            database.execute_sql(
                "SELECT customer_id, tag_id FROM customer_tag ORDER BY 1, 2"
            ).fetchall(),
            database.execute_sql(
                "SELECT customer_id, text, pinned FROM note ORDER BY id"
            ).fetchall(),
        )

    first_extras = tags_and_notes(db)
    close()
    other = open_database(str(tmp_path / "again.sqlite3"))
    generate_demo_shop(N, seed=7)
    assert _customers(other) == shop
    assert tags_and_notes(other) == first_extras


def test_helper_process_makes_the_same_shop(
    db: peewee.Database, shop: list, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large demos are made in a second process; the rows must not depend on that."""
    monkeypatch.setattr(demo, "PARALLEL_FROM", 1)
    monkeypatch.setattr(demo, "BATCH", 64)
    close()
    other = open_database(str(tmp_path / "parallel.sqlite3"))
    generate_demo_shop(N, seed=7)
    assert _customers(other) == shop
    assert check_database().ok


def test_demo_adds_after_existing_customers(db: peewee.Database) -> None:
    generate_demo_shop(10, seed=1)
    generate_demo_shop(15, seed=2)
    ids = [c[0] for c in _customers(db)]
    assert ids == list(range(1, 26))
    assert check_database().ok
