"""Phone digits rank by where they sit in the number (the contract in ``shopcrm.db.search``)."""

from __future__ import annotations

import random

import peewee
import pytest

from shopcrm.db.search import PREFIX
from tests.db.search.shop import Person, index_people

TAIL = "4821"


def tail_shop(rng: random.Random) -> list[Person]:
    """30 numbers ending in TAIL, 40 with TAIL elsewhere (many of them regulars), 20 without;
    all valid UK numbers."""
    people = []
    for i in range(30):
        people.append(Person(f"Ender{i}", "Tail", f"+44791{i:03d}{TAIL}", rank=rng.randrange(64)))
    for i in range(40):
        at = rng.randrange(3)
        middle = (
            f"+4479{TAIL}{i:04d}"  # right after the mobile prefix
            if at == 0
            else f"+44161{TAIL}{i:03d}"  # right after the area code
            if at == 1
            else f"+447{i:02d}{TAIL}{i % 10}99"  # in the middle
        )
        people.append(Person(f"Middle{i}", "Elsewhere", middle, rank=rng.choice((0, 1, 32, 63))))
    for i in range(20):
        people.append(Person(f"Other{i}", "None", f"+4479110{i:05d}", rank=0))
    rng.shuffle(people)
    return people


def test_numbers_ending_with_the_digits_rank_above_numbers_containing_them(
    db: peewee.Database,
) -> None:
    people = tail_shop(random.Random(11))
    index, ids = index_people(db, people)
    person = dict(zip(ids, people, strict=True))
    order = {cid: (p.rank, cid) for cid, p in person.items()}
    enders = sorted((c for c, p in person.items() if p.phone.endswith(TAIL)), key=order.get)
    middles = sorted((c for c, p in person.items() if p.first.startswith("Middle")), key=order.get)

    hits = index.search(TAIL, limit=500)
    assert [h.customer_id for h in hits] == enders + middles  # regulars first within each
    assert {h.quality for h in hits} == {PREFIX}
    # The counter's 20 rows are all numbers ending in the digits, however regular the others.
    assert [h.customer_id for h in index.search(TAIL)] == enders[:20]
    assert [h.customer_id for h in index.search("48-21", limit=30)] == enders


def test_the_start_of_a_number_ranks_between_its_end_and_elsewhere(db: peewee.Database) -> None:
    index, (start, end, middle) = index_people(
        db,
        [
            Person("Start", phone="+447911123456"),  # national 07911 123456
            Person("End", phone="+441632079111", rank=40),  # ends with 079111
            Person("Middle", phone="+447079111999", rank=0),  # 07079111999
        ],
    )
    assert [h.customer_id for h in index.search("079111")] == [end, start, middle]


@pytest.mark.parametrize(
    ("region", "number", "typed", "decoy"),
    [
        # UK: the trunk prefix 0, and the international call prefix 00
        ("GB", "+447911123456", "07911 123", "+447079111239"),
        ("GB", "+447911123456", "0044 7911 123", "+447079111239"),
        # France: 06 12 … is a mobile; a regular whose number has 0612 34 inside comes after
        ("FR", "+33612345678", "06 12 34", "+33106123499"),
        # Germany: 0151 … is a mobile
        ("DE", "+4915123456789", "01512 345", "+4930015123457"),
        # Spain has no trunk prefix: the national form is 612 …; 0034 is the call prefix
        ("ES", "+34612345678", "612 345", "+34961234567"),
        ("ES", "+34612345678", "0034 612 345", "+34961234567"),
        # the US dials 011 before a country code
        ("US", "+34612345678", "011 34 612 345", "+34961234567"),
    ],
)
def test_national_and_dialled_forms_find_the_number_first(
    db: peewee.Database, region: str, number: str, typed: str, decoy: str
) -> None:
    index, (target, regular) = index_people(
        db, [Person("Target", phone=number), Person("Regular", phone=decoy, rank=0)]
    )
    hits = [h.customer_id for h in index.search(typed, region=region)]
    assert hits[0] == target
    assert regular not in hits[:1]


def test_the_call_prefix_belongs_to_the_shops_region(db: peewee.Database) -> None:
    index, (target,) = index_people(db, [Person("Target", phone="+34612345678")])
    assert [h.customer_id for h in index.search("011 34 612 345", region="US")] == [target]
    # In the UK 011… is how Sheffield and Leeds numbers start, not a call prefix.
    assert index.search("011 34 612 345", region="GB") == []
    assert [h.customer_id for h in index.search("+34 612 345", region="GB")] == [target]
    assert [h.customer_id for h in index.search("0034 612 345", region="GB")] == [target]
