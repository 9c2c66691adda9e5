"""The demo shop as ready-to-insert rows, made in batches (in this process or a helper one).

Everything here is plain data in and plain tuples out, so the batches can be made in a second
process while the first one writes to the database: on a 2-core counter PC that halves the
time a million-customer demo takes.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

from shopcrm.db.search import DEFAULT_RANK, SearchDocument
from shopcrm.db.search.folding import MAX_TOKEN, email_tokens
from shopcrm.demo.people import DemoCustomer, PeopleFactory
from shopcrm.demo.visits import HistoryFactory, VisitRows, VisitSetup, time_text

_ASCII_EMAIL = re.compile(r"[a-z0-9@._+-]+")
_ALNUM_RUN = re.compile(r"[a-z0-9]+")


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
    visits: VisitSetup


@dataclass
class RowBatch:
    number: int  # batches are numbered from 0 in customer order
    customers: list[tuple] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)
    notes: list[tuple[int, str, int, str]] = field(default_factory=list)
    # id, words, names, phone, rank
    docs: list[tuple[int, tuple[str, ...], tuple[str, ...], str, int]] = field(default_factory=list)
    visits: VisitRows = field(default_factory=VisitRows)

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


def _email_tokens(email: str) -> list[str]:
    """``folding.email_tokens`` for the plain lower-case ASCII addresses the demo makes
    (folding them character by character was a tenth of the demo's time); others go there."""
    if not _ASCII_EMAIL.fullmatch(email):
        return email_tokens(email)
    local = email.split("@", 1)[0]
    parts = _ALNUM_RUN.findall(local)
    tokens = dict.fromkeys(part[:MAX_TOKEN] for part in parts)
    for joined in ("".join(parts), "".join(_ALNUM_RUN.findall(email))):
        if joined:
            tokens[joined[:MAX_TOKEN]] = None
    return list(tokens)


def _document_parts(cid: int, person: DemoCustomer, rank: int = DEFAULT_RANK) -> tuple:
    words, name_words = _name_words(person.first_name, person.last_name)
    if person.email:
        words = tuple(dict.fromkeys(words + tuple(_email_tokens(person.email))))
    return cid, words, name_words, person.phone_forms, rank


def _customer_seed(seed: int, index: int) -> int:
    """Each customer has its own random stream, so a customer's rows do not depend on how the
    demo was cut into batches or shared between processes."""
    return seed * 2**32 + index


def _batch(plan: Plan, number: int, people: PeopleFactory, history: HistoryFactory) -> RowBatch:
    batch = RowBatch(number)
    rng = people.rng
    start = number * plan.batch
    for index in range(start, min(plan.customers, start + plan.batch)):
        rng.seed(_customer_seed(plan.seed, index))
        cid = plan.first_id + index
        p = people.customer()
        joined = int(p.created_at.timestamp())
        since = history.history(rng, index, cid, joined, batch.visits)
        created = utc_text(p.created_at) if since == joined else time_text(since)
        batch.customers.append(
            (cid, p.first_name, p.last_name, p.phone, p.email, *p.birthday, created, created)
        )
        batch.links.extend((cid, plan.tag_ids[tag]) for tag in p.tags)
        batch.notes.extend((cid, text, bool(pinned), utc_text(at)) for text, pinned, at in p.notes)
        stats = batch.visits.stats
        rank = stats[-1][5] if stats and stats[-1][0] == cid else DEFAULT_RANK
        batch.docs.append(_document_parts(cid, p, rank))
    return batch


def batch_count(plan: Plan) -> int:
    return -(-plan.customers // plan.batch)


def produce(plan: Plan, worker: int = 0, workers: int = 1) -> Iterator[RowBatch]:
    """Batches ``worker``, ``worker + workers``, ... of the demo; the same plan always gives
    the same rows, whichever process makes which batch."""
    people = PeopleFactory(random.Random(), plan.home_region, plan.today)
    history = HistoryFactory(plan.visits)
    for number in range(worker, batch_count(plan), workers):
        yield _batch(plan, number, people, history)
