"""The demo shop as ready-to-insert rows, made in batches (in this process or a helper one).

Everything here is plain data in and plain tuples out, so the batches can be made in a second
process while the first one writes to the database: on a 2-core counter PC that halves the
time a million-customer demo takes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from shopcrm.core.demo_people import DemoCustomer, PeopleFactory
from shopcrm.db.search import SearchDocument
from shopcrm.db.search.folding import email_tokens


@dataclass(frozen=True)
class Plan:
    """What to make: ``customers`` people from ``seed``, with ids from ``first_id`` on."""

    seed: int
    home_region: str
    today: datetime
    first_id: int
    customers: int
    batch: int
    tag_ids: dict[str, int]


@dataclass
class RowBatch:
    customers: list[tuple]
    links: list[tuple[int, int]]
    notes: list[tuple[int, str, int, str]]
    docs: list[tuple[int, tuple[str, ...], tuple[str, ...], str]]  # id, words, names, phone

    def __len__(self) -> int:
        return len(self.customers)


def utc_text(moment: datetime) -> str:
    """How :class:`UtcDateTimeField` stores a time: naive UTC text."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


@lru_cache(maxsize=131_072)
def _name_words(first_name: str, last_name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The name part of a customer's document (names repeat, so this is mostly cached)."""
    doc = SearchDocument.for_customer(1, first_name, last_name)
    return doc.words, doc.name_words


def search_document(customer_id: int, person: DemoCustomer) -> SearchDocument:
    """The same document as ``SearchDocument.for_customer``, built from cached parts."""
    return SearchDocument(*_document_parts(customer_id, person))


def _document_parts(cid: int, person: DemoCustomer) -> tuple:
    words, name_words = _name_words(person.first_name, person.last_name)
    if person.email:
        words = tuple(dict.fromkeys(words + tuple(email_tokens(person.email))))
    return cid, words, name_words, person.phone_forms


def _rows(first_id: int, people: list[DemoCustomer], tag_ids: dict[str, int]) -> RowBatch:
    batch = RowBatch([], [], [], [])
    for cid, p in enumerate(people, start=first_id):
        created = utc_text(p.created_at)
        batch.customers.append(
            (cid, p.first_name, p.last_name, p.phone, p.email, *p.birthday, created, created)
        )
        batch.links.extend((cid, tag_ids[tag]) for tag in p.tags)
        batch.notes.extend((cid, text, int(pinned), utc_text(at)) for text, pinned, at in p.notes)
        batch.docs.append(_document_parts(cid, p))
    return batch


def produce(plan: Plan) -> Iterator[RowBatch]:
    """The rows of the whole demo, batch by batch; the same plan always gives the same rows."""
    factory = PeopleFactory(random.Random(plan.seed), plan.home_region, plan.today)
    done = 0
    while done < plan.customers:
        size = min(plan.batch, plan.customers - done)
        people = [factory.customer() for _ in range(size)]
        yield _rows(plan.first_id + done, people, plan.tag_ids)
        done += size
