"""Phone queries answer the ranking contract whichever index path the digits take.

A short range of the suffix B-tree is read whole, a long one (common digits) from the
engine's candidates in rank order instead (:mod:`shopcrm.db.search.phone_tiers`). A test shop
of a hundred numbers has no range long enough for the second path, so the same queries also
run with the threshold lowered to a few rows: both paths must give the contract's answer.
"""

from __future__ import annotations

import random

import peewee
import pytest

from shopcrm.db.search import phone_tiers
from shopcrm.db.search.document import phone_digit_forms
from shopcrm.db.search.phones import phone_query, phone_tier
from tests.db.search.shop import Person, index_people

#: Number plans with few digits, so that runs of digits repeat across many numbers.
PLANS = ("+447911{}", "+44161{}7", "+1201{}", "+3361{}", "+4915{}9")
#: Digits that start some numbers (a plan, or the few +211 ones) and sit inside many others.
OVERLAPPING = ["000", "2222", "0161", "4479", "120", "1201", "12011", "4915", "011", "211", "2110"]


def crowded_shop(rng: random.Random, size: int = 120) -> list[Person]:
    people = []
    for i in range(size):
        tail = "".join(rng.choice("0112") for _ in range(6))
        # A few South Sudan numbers (+211) start with digits that sit inside many others.
        plan = "+211{}00" if i % 30 == 0 else rng.choice(PLANS)
        people.append(Person(f"P{i}", phone=plan.format(tail), rank=rng.randrange(64)))
    return people


def queries(rng: random.Random, people: list[Person], count: int) -> list[str]:
    forms = [f for p in people for f in phone_digit_forms(p.phone)]
    typed = []
    for _ in range(count):
        form = rng.choice(forms)
        size = rng.randint(3, min(9, len(form)))
        start = rng.choice((0, len(form) - size, rng.randrange(len(form) - size + 1)))
        typed.append(form[start : start + size])
    return typed + OVERLAPPING


def expected(numbers: list[tuple[int, int, list[str]]], digits: str) -> list[int]:
    """Every match in the contract's order, from (id, rank, digit forms) of each customer."""
    ranked = []
    for cid, rank, forms in numbers:
        tier = phone_tier(digits, forms)
        if tier is not None:
            ranked.append((tier, rank, cid))
    return [cid for *_, cid in sorted(ranked)]


@pytest.mark.parametrize("sparse", [phone_tiers.SPARSE, 3, 0])
def test_every_path_gives_the_contracts_order(
    db: peewee.Database, monkeypatch: pytest.MonkeyPatch, sparse: int
) -> None:
    rng = random.Random(7)
    people = crowded_shop(rng)
    index, ids = index_people(db, people)
    numbers = [(c, p.rank, phone_digit_forms(p.phone)) for c, p in zip(ids, people, strict=True)]
    monkeypatch.setattr(phone_tiers, "SPARSE", sparse)
    for typed in queries(rng, people, 100):
        digits = phone_query(typed)
        assert digits is not None
        everyone = expected(numbers, digits)
        for limit in (1, 5, 20, 500):
            got = [h.customer_id for h in index.search(typed, limit)]
            assert got == everyone[:limit], (typed, limit)


def test_a_changed_or_removed_number_is_found_by_its_new_digits_only(db: peewee.Database) -> None:
    from shopcrm.db import write_transaction
    from shopcrm.db.search import SearchDocument

    index, (moved, kept, gone) = index_people(
        db,
        [
            Person("Moved", phone="+447911123456"),
            Person("Kept", phone="+447911654321", rank=3),
            Person("Gone", phone="+447911123499"),
        ],
    )
    with write_transaction():
        index.put(SearchDocument.for_customer(moved, "Moved", "", "+441612220000", rank=1))
        index.rerank(kept, 40)
        index.remove(gone)
    assert [h.customer_id for h in index.search("07911")] == [kept]
    assert [h.customer_id for h in index.search("123")] == []
    assert [h.customer_id for h in index.search("0000")] == [moved]
    assert [h.customer_id for h in index.search("0161 222")] == [moved]
    assert index.check() == []
    if isinstance(db, peewee.SqliteDatabase):  # SQLite's suffix B-tree has no stale rows
        rows = db.execute_sql("SELECT count(*) FROM search_phone_suffix").fetchone()[0]
        assert rows == sum(
            len(phone_tiers.suffix_rows(key, phone))
            for key, phone in db.execute_sql("SELECT key, phone FROM search_doc")
        )
