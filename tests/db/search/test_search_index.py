"""The search index itself, on both engines: put, remove, bulk load, typo vocabulary, checks."""

from __future__ import annotations

from datetime import UTC, datetime

import peewee
import pytest

from shopcrm.db import write_transaction
from shopcrm.db.models import Customer
from shopcrm.db.search import EXACT, PREFIX, TYPO, SearchDocument, SearchHit, search_index
from shopcrm.db.search.postgres_index import PostgresSearchIndex
from shopcrm.db.search.sqlite_index import SqliteSearchIndex

AnyIndex = SqliteSearchIndex | PostgresSearchIndex


def new_customer(first: str, last: str = "", phone: str = "", email: str = "") -> int:
    """A customer row only (not indexed): the index is driven by hand in these tests."""
    now = datetime.now(UTC)
    return Customer.create(
        first_name=first, last_name=last, phone=phone, email=email, created_at=now, updated_at=now
    ).id


def doc(cid: int, rank: int = 32) -> SearchDocument:
    c = Customer.get_by_id(cid)
    return SearchDocument.for_customer(cid, c.first_name, c.last_name, c.phone, c.email, rank)


@pytest.fixture
def index(db: peewee.Database) -> AnyIndex:
    idx = search_index(db)
    assert isinstance(idx, SqliteSearchIndex | PostgresSearchIndex)
    return idx


def vocab(db: peewee.Database) -> dict[str, int]:
    return dict(db.execute_sql("SELECT token, refs FROM search_vocab").fetchall())


def test_put_and_search(index: AnyIndex) -> None:
    a = new_customer("Maria", "Gonzalez", "+442079460958")
    b = new_customer("Mario", "Rossi")
    with write_transaction():
        index.put(doc(a))
        index.put(doc(b))
    assert index.count() == 2
    assert index.search("maria") == [SearchHit(a, EXACT), SearchHit(b, TYPO)]
    assert index.search("mari") == [SearchHit(a, PREFIX), SearchHit(b, PREFIX)]
    assert index.search("0958") == [SearchHit(a, PREFIX)]
    assert index.search("maria", limit=1) == [SearchHit(a, EXACT)]
    assert index.search("maria", limit=0) == []
    assert index.search(None) == []  # type: ignore[arg-type]
    assert index.check() == []


def test_remove(index: AnyIndex, db: peewee.Database) -> None:
    a = new_customer("Maria", "Gonzalez", "+442079460958")
    with write_transaction():
        index.put(doc(a))
        index.remove(a)
        index.remove(a)  # removing twice is harmless
    assert index.count() == 0
    assert index.search("maria") == []
    assert index.search("0958") == []
    assert index.search("gonzlez") == []
    assert vocab(db) == {}
    assert db.execute_sql("SELECT count(*) FROM search_typo").fetchone()[0] == 0
    assert index.check() == []


def test_put_replaces_the_old_document(index: AnyIndex, db: peewee.Database) -> None:
    a = new_customer("Maria", "Gonzalez")
    with write_transaction():
        index.put(doc(a))
    Customer.update(first_name="Lucia").where(Customer.id == a).execute()
    with write_transaction():
        index.put(doc(a, rank=3))
    assert index.count() == 1
    assert index.search("maria") == []
    assert index.search("lucia") == [SearchHit(a, EXACT)]
    assert vocab(db) == {"lucia": 1, "gonzalez": 1}
    assert index.check() == []


def test_shared_tokens_are_reference_counted(index: AnyIndex, db: peewee.Database) -> None:
    a = new_customer("Jo", "Smith")
    b = new_customer("John", "Smith")
    with write_transaction():
        index.put(doc(a))
        index.put(doc(b))
    assert vocab(db)["smith"] == 2
    with write_transaction():
        index.remove(a)
    assert vocab(db)["smith"] == 1
    assert index.search("smiht") == [SearchHit(b, TYPO)]
    with write_transaction():
        index.remove(b)
    assert "smith" not in vocab(db)
    assert index.search("smiht") == []


def test_put_many_matches_put(index: AnyIndex, db: peewee.Database) -> None:
    ids = [new_customer(f"Name{i}", "Baker" if i % 2 else "Brewer") for i in range(1, 51)]
    with write_transaction():
        index.put_many(doc(cid, rank=cid % 64) for cid in ids)
    assert index.count() == 50
    assert vocab(db)["baker"] == 25
    assert vocab(db)["brewer"] == 25
    bakers = [h.customer_id for h in index.search("baker", limit=100)]
    baker_ids = [cid for cid in ids if Customer.get_by_id(cid).last_name == "Baker"]
    expected = sorted(baker_ids, key=lambda c: (c % 64, c))  # rank bucket, then id
    assert bakers == expected
    assert index.search("bakr", limit=100) == [SearchHit(c, TYPO) for c in expected]
    with write_transaction():
        index.put_many([])
    assert index.check() == []


def test_corrections(index: AnyIndex) -> None:
    a = new_customer("Maria", "Gonzalez")
    b = new_customer("Marta", "Gomez")
    with write_transaction():
        index.put(doc(a))
        index.put(doc(b))
    assert index.corrections("maria") == ["marta"]
    assert index.corrections("mraia") == ["maria"]
    assert index.corrections("gonzlez") == ["gonzalez"]
    assert index.corrections("gonzlex") == []
    assert index.corrections("ma") == []  # too short to correct


def test_check_reports_a_damaged_index(index: AnyIndex, db: peewee.Database) -> None:
    a = new_customer("Maria", "Gonzalez", "+442079460958")
    with write_transaction():
        index.put(doc(a))
    # Change the indexed text behind the index's back.
    db.execute_sql("UPDATE search_doc SET words = 'someone else', phone = '123'")
    problems = index.check()
    assert problems
    postings = "search_words" if isinstance(index, SqliteSearchIndex) else "search_term"
    assert any(postings in p for p in problems)


def test_bulk_loading_keeps_words_with_copys_special_characters_whole(
    db: peewee.Database, index: AnyIndex
) -> None:
    """Folded tokens are letters and digits only, but the bulk load writes PostgreSQL's COPY
    text itself: a word with a backslash, tab or line break in it must arrive as it is."""
    cid = new_customer("Odd")
    odd = SearchDocument(cid, words=("a\\b", "c\rd", "plain"), name_words=("plain",), phone="")
    with write_transaction():
        index.put_many([odd])
    assert index.check() == []
    assert [hit.customer_id for hit in index.search("plain", 5)] == [cid]
    if isinstance(index, PostgresSearchIndex):
        terms = {t for (t,) in db.execute_sql("SELECT term FROM search_term")}
        assert {"=a\\b", "=c", "=d", "=plain"} <= terms  # a document's words part at spaces
