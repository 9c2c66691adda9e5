"""Long prefixes (5 letters and more) rank exactly as the contract says, however they are
looked up: a generated shop where many tokens share long prefixes (names, and the email
addresses that make a token per customer), every customer in a random rank bucket."""

from __future__ import annotations

import random

import peewee
import pytest

from shopcrm.db.search import EXACT, PREFIX, TYPO, SearchDocument, SearchIndex
from shopcrm.db.search.folding import MAX_TOKEN, query_words
from shopcrm.db.search.typos import typo_candidates_key, within_one_typo
from tests.db.search.shop import Person, index_people

FIRSTS = ["Olivia", "Olivier", "Oliver", "Maria", "Mariana", "Marianne", "Christopher", "Chris"]
LASTS = ["Rodriguez", "Rodrigues", "Rodrigo", "Silva", "Fernandez", "Fernandes", "Smith"]
QUERIES = [
    "olivi",
    "olivia",
    "oliviar",
    "olivia s",
    "olivia rodriguez",
    "maria silva fernande",
    "marian",
    "mariann",
    "rodrigue",
    "rodriguez",
    "rodrigues",
    "rodriguezz",
    "rodriguezs",
    "christophe",
    "christopher rodr",
    "christopher rodriguez42",
    "christophe rodriguez",
    "chris fernandes",
    "christpher silva",  # a typo beside a long word
    "mariana rodrigeuz",
    "oliviarodriguez",  # the start of an email address
    "silvamaria",
]


@pytest.fixture
def shop(db: peewee.Database) -> tuple[SearchIndex, dict[int, SearchDocument]]:
    rng = random.Random(5)
    people = []
    for i in range(300):
        first, last = rng.choice(FIRSTS), rng.choice(LASTS)
        email = f"{first}.{last}{i}@example.com" if rng.random() < 0.7 else ""
        people.append(Person(first, last, email=email.lower(), rank=rng.randrange(64)))
    index, ids = index_people(db, people)
    docs = {
        cid: SearchDocument.for_customer(cid, p.first, p.last, "", p.email, p.rank)
        for cid, p in zip(ids, people, strict=True)
    }
    return index, docs


def expected(query: str, docs: dict[int, SearchDocument], limit: int) -> list[tuple[int, int]]:
    """The contract, by brute force: tier, then rank bucket, then customer id."""
    words = list(dict.fromkeys(w[:MAX_TOKEN] for w in query_words(query)))
    vocab = {t for d in docs.values() for t in d.name_words}

    def prefix_of_any(word: str, tokens: tuple[str, ...]) -> bool:
        return any(t.startswith(word) for t in tokens)

    found = []
    for cid, doc in docs.items():
        tokens = doc.words
        if all(w in tokens for w in words):
            tier = EXACT
        elif all(prefix_of_any(w, tokens) for w in words):
            tier = PREFIX
        elif len(words) <= 4 and any(
            typo_candidates_key(w)
            and any(t != w and t in vocab and within_one_typo(w, t) for t in tokens)
            and all(prefix_of_any(o, tokens) for j, o in enumerate(words) if j != i)
            for i, w in enumerate(words)
        ):
            tier = TYPO
        else:
            continue
        found.append((tier, doc.rank, cid))
    return [(cid, tier) for tier, _, cid in sorted(found)][:limit]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("limit", [20, 500])
def test_long_prefixes_rank_by_the_contract(
    shop: tuple[SearchIndex, dict[int, SearchDocument]], query: str, limit: int
) -> None:
    index, docs = shop
    got = [(h.customer_id, h.quality) for h in index.search(query, limit)]
    assert got == expected(query, docs, limit)


def test_the_queries_reach_every_tier(shop: tuple[SearchIndex, dict[int, SearchDocument]]) -> None:
    """The shop is built so that the long-prefix path is exercised, not skipped."""
    docs = shop[1]
    tiers = {q: {t for _, t in expected(q, docs, 500)} for q in QUERIES}
    assert PREFIX in tiers["rodrigue"] and EXACT in tiers["rodriguez"]
    assert tiers["rodriguezs"] == {TYPO}  # no token starts with it: candidates are checked
    assert TYPO in tiers["christpher silva"]
    assert PREFIX in tiers["christophe rodriguez"]
    assert len(expected("rodriguez", docs, 500)) > 20
