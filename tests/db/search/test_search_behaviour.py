"""The search's behaviour, the same on both engines: one suite, run on SQLite and PostgreSQL.

A small shop with names in many scripts (``tests/db/shop_data.py``) is indexed once per engine
with varied rank buckets, then asked the counter's questions: the spec's cases, the tiers and
their order, and random queries checked against a brute-force answer over every customer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import peewee
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopcrm.core.validation import clean_phone
from shopcrm.db import close, open_database, write_transaction
from shopcrm.db.connection import database
from shopcrm.db.models import Customer
from shopcrm.db.search import EXACT, PREFIX, TYPO, SearchDocument, SearchHit, search_index
from shopcrm.db.search.folding import MAX_TOKEN, phone_query_digits, query_words
from shopcrm.db.search.typos import typo_candidates_key, within_one_typo
from tests.core.test_search import CASES, QUERY
from tests.db.shop_data import SHOP


@dataclass
class Shop:
    db: peewee.Database
    ids: dict[str, int]
    docs: dict[int, SearchDocument]

    def found(self, query: str, limit: int = 100) -> list[str]:
        names = {cid: key for key, cid in self.ids.items()}
        return [names[h.customer_id] for h in search_index(self.db).search(query, limit)]


def _rank(position: int) -> int:
    """Varied rank buckets, not in id order, so that ranking is really exercised."""
    return (0, 32, 5, 63, 32, 17, 1, 40)[position % 8]


def _fill(db: peewee.Database) -> Shop:
    now = datetime.now(UTC)
    ids: dict[str, int] = {}
    docs: dict[int, SearchDocument] = {}
    for position, (key, first, last, phone, email) in enumerate(SHOP):
        e164 = clean_phone(phone, "GB")
        cid = Customer.create(
            first_name=first, last_name=last, phone=e164, email=email, created_at=now
        ).id
        ids[key] = cid
        docs[cid] = SearchDocument.for_customer(cid, first, last, e164, email, _rank(position))
    with write_transaction():
        index = search_index(db)
        for d in docs.values():
            index.put(d)
    return Shop(db, ids, docs)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shop_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Shop]:
    if request.param == "sqlite":
        db = open_database(str(tmp_path_factory.mktemp("shop") / "shop.sqlite3"))
        yield _fill(db)
        close()
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create_database()
    yield _fill(open_database(url))
    close()
    server.drop_database(url)


@pytest.fixture
def shop(shop_db: Shop) -> Shop:
    database.initialize(shop_db.db)  # other tests may have bound another database meanwhile
    return shop_db


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[repr(q) for q, _ in CASES])
def test_search_rules(shop: Shop, query: str, expected: set[str]) -> None:
    result = shop.found(query)
    assert set(result) == expected
    assert len(result) == len(set(result))


def test_tiers_then_rank_buckets(shop: Shop) -> None:
    hits = search_index(shop.db).search("maria")
    ids = shop.ids
    # maria_g (rank 0), maria_s (rank 63), maria_gr (rank 5) exact; mario (32), marta (5) typo
    assert hits == [
        SearchHit(ids["maria_g"], EXACT),
        SearchHit(ids["maria_gr"], EXACT),
        SearchHit(ids["maria_s"], EXACT),
        SearchHit(ids["marta"], TYPO),
        SearchHit(ids["mario"], TYPO),
    ]
    # john (rank 5) and jo (rank 32) exact; johanna only a prefix (smithers)
    assert shop.found("smith") == ["john", "jo", "johanna"]
    # jo exact; jose (rank 0), john (5), johanna (63) prefixes
    assert shop.found("jo") == ["jo", "jose", "john", "johanna"]
    assert [h.quality for h in search_index(shop.db).search("jo")] == [EXACT] + [PREFIX] * 3


def test_limit_cuts_the_ranked_list(shop: Shop) -> None:
    for query in ("mar", "maria", "m", "smi jo", "123", "5678", "willaims"):
        everyone = shop.found(query, 100)
        for n in range(len(everyone) + 1):
            assert shop.found(query, n) == everyone[:n]


# -- phone digits ----------------------------------------------------------------------------


@pytest.fixture
def phone_shop(db: peewee.Database) -> dict[str, int]:
    """Numbers that end with 0123 and numbers that have it elsewhere, ranks against them."""
    now = datetime.now(UTC)
    people = {
        "middle_best": ("+442079012399", 0),  # 0123 in the middle, best rank
        "end_worst": ("+12015550123", 63),  # ends with 0123, worst rank
        "middle_mid": ("+390212345678", 20),  # 0212 3… : "123" in the middle
        "end_mid": ("+442071230123", 20),  # 0123 at the end and 123 in the middle
        "nothing": ("+447911555555", 0),
    }
    ids: dict[str, int] = {}
    with write_transaction():
        for name, (phone, rank) in people.items():
            cid = Customer.create(first_name=name, phone=phone, created_at=now).id
            ids[name] = cid
            search_index(db).put(SearchDocument.for_customer(cid, name, "", phone, "", rank))
    return ids


def _phone_found(db: peewee.Database, ids: dict[str, int], query: str) -> list[str]:
    names = {cid: key for key, cid in ids.items()}
    hits = search_index(db).search(query, 100)
    assert {h.quality for h in hits} <= {PREFIX}
    return [names[h.customer_id] for h in hits]


def test_numbers_ending_with_the_digits_come_first(
    db: peewee.Database, phone_shop: dict[str, int]
) -> None:
    assert _phone_found(db, phone_shop, "0123") == ["end_mid", "end_worst", "middle_best"]
    assert _phone_found(db, phone_shop, "123") == [
        "end_mid",
        "end_worst",
        "middle_best",
        "middle_mid",
    ]
    # the national spelling of the whole number is an ending too
    assert _phone_found(db, phone_shop, "020 7123 0123") == ["end_mid"]
    assert _phone_found(
        db,
        phone_shop,
        "0123",
    ) == _phone_found(db, phone_shop, "01-23")


def test_phone_digits_anywhere_in_the_number(
    db: peewee.Database, phone_shop: dict[str, int]
) -> None:
    assert set(_phone_found(db, phone_shop, "0123")) == {"end_mid", "end_worst", "middle_best"}
    assert _phone_found(db, phone_shop, "79012") == ["middle_best"]
    assert _phone_found(db, phone_shop, "555") == ["nothing", "end_worst"]
    assert _phone_found(db, phone_shop, "12") == []  # fewer than 3 digits: not a phone query
    assert _phone_found(db, phone_shop, "9" * 21) == []


# -- random queries against a brute-force answer ---------------------------------------------


def brute_force(query: str, docs: dict[int, SearchDocument]) -> list[SearchHit]:
    """What the search must return: every matching customer, by tier then rank key."""
    digits = phone_query_digits(query)
    if digits is not None:
        if len(digits) > 20:
            return []
        groups: list[tuple[int, int, int]] = []
        for d in docs.values():
            forms = d.phone.split()
            if any(f.endswith(digits) for f in forms):
                groups.append((0, d.key, d.customer_id))
            elif any(f.startswith(digits) for f in forms):
                groups.append((1, d.key, d.customer_id))
            elif any(digits in f for f in forms):
                groups.append((2, d.key, d.customer_id))
        return [SearchHit(cid, PREFIX) for _, _, cid in sorted(groups)]
    words = list(dict.fromkeys(w[:MAX_TOKEN] for w in query_words(query)))
    if not words:
        return []
    vocab = {t for d in docs.values() for t in d.name_words}

    def starts(word: str, tokens: tuple[str, ...]) -> bool:
        return any(t.startswith(word) for t in tokens)

    found: list[tuple[int, int, int]] = []
    for d in docs.values():
        tokens = d.words
        if all(w in tokens for w in words):
            found.append((EXACT, d.key, d.customer_id))
        elif all(starts(w, tokens) for w in words):
            found.append((PREFIX, d.key, d.customer_id))
        elif len(words) <= 4 and any(
            typo_candidates_key(w)
            and any(t != w and t in vocab and within_one_typo(w, t) for t in tokens)
            and all(starts(o, tokens) for j, o in enumerate(words) if j != i)
            for i, w in enumerate(words)
        ):
            found.append((TYPO, d.key, d.customer_id))
    return [SearchHit(cid, quality) for quality, _, cid in sorted(found)]


def _same_answer(shop: Shop, query: str, got: list[SearchHit]) -> None:
    assert got == brute_force(query, shop.docs)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERY)
def test_fuzz_exactly_the_matching_customers_in_order(shop: Shop, query: str) -> None:
    _same_answer(shop, query, search_index(shop.db).search(query, 500))


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERY, limit=st.integers(-3, 12))
def test_fuzz_limit_is_a_prefix_of_the_full_answer(shop: Shop, query: str, limit: int) -> None:
    index = search_index(shop.db)
    assert index.search(query, limit) == index.search(query, 500)[: max(0, limit)]


def test_rerank_moves_a_customer_within_its_tier(db: peewee.Database, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    index = search_index(db)
    ids = [
        Customer.create(first_name=f"Sam{i}", last_name="Baker", created_at=now).id
        for i in range(5)
    ]
    with write_transaction():
        index.put_many(
            SearchDocument.for_customer(c, f"Sam{i}", "Baker") for i, c in enumerate(ids)
        )
    assert [h.customer_id for h in index.search("baker")] == ids
    with write_transaction():
        assert index.rerank(ids[3], 2)
        assert not index.rerank(ids[3], 2)  # already there: nothing written
        assert index.rerank(ids[0], 63)
        assert not index.rerank(10**6, 1)  # not indexed
    assert index.rank_of(ids[3]) == 2
    assert index.rank_of(10**6) is None
    assert [h.customer_id for h in index.search("baker")] == [ids[3], *ids[1:3], ids[4], ids[0]]
    assert [h.customer_id for h in index.search("bak sam")] == [ids[3], *ids[1:3], ids[4], ids[0]]
    assert [h.customer_id for h in index.search("bakr")] == [ids[3], *ids[1:3], ids[4], ids[0]]
    assert index.check() == []
