"""The demo shop: a realistic customer list to try the app on, or to measure it at scale.

The use cases in :mod:`shopcrm.core.customers` open one transaction per customer, which is right
at the counter but would take hours for the million customers the benchmarks need. The demo
therefore writes the tables and the search index directly, in batches, inside one write
transaction: either the whole demo is there or none of it is.

Search documents are not built with one :meth:`SearchDocument.for_customer` call per customer
(130 µs each, mostly parsing the phone number, which alone would take two minutes at 1,000,000
customers): the name part comes from ``for_customer`` cached per name (names repeat), the phone
digits come with the generated number (see :mod:`demo_phones`). The result is the same
document; the tests compare every demo customer's index row with ``for_customer``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache

from shopcrm.core import settings
from shopcrm.core.demo_people import DemoCustomer, PeopleFactory
from shopcrm.db import database, write_transaction
from shopcrm.db.search import SearchDocument, search_index
from shopcrm.db.search.folding import email_tokens

BATCH = 20_000
#: A bigger page cache while loading: the index B-trees stay in memory instead of spilling.
_LOAD_CACHE_KIB = 256_000

_INSERT_CUSTOMER = (
    "INSERT INTO customer (id, first_name, last_name, phone, email, birthday_month,"
    " birthday_day, birthday_year, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_LINK = "INSERT INTO customer_tag (customer_id, tag_id) VALUES (?, ?)"
_INSERT_NOTE = "INSERT INTO note (customer_id, text, pinned, created_at) VALUES (?, ?, ?, ?)"

Progress = Callable[[int, int], None]


def _utc_text(moment: datetime) -> str:
    """How :class:`UtcDateTimeField` stores a time: naive UTC text."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


@lru_cache(maxsize=131_072)
def _name_words(first_name: str, last_name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The name part of a customer's document (names repeat, so this is mostly cached)."""
    doc = SearchDocument.for_customer(1, first_name, last_name)
    return doc.words, doc.name_words


def search_document(customer_id: int, person: DemoCustomer) -> SearchDocument:
    """The same document as ``SearchDocument.for_customer``, built from cached parts."""
    names, name_words = _name_words(person.first_name, person.last_name)
    if person.email:
        names = tuple(dict.fromkeys(names + tuple(email_tokens(person.email))))
    return SearchDocument(
        customer_id=customer_id, words=names, name_words=name_words, phone=person.phone_forms
    )


def _tag_ids(cursor, names: list[str]) -> dict[str, int]:
    cursor.executemany("INSERT OR IGNORE INTO tag (name) VALUES (?)", [(n,) for n in names])
    marks = ",".join("?" * len(names))
    return dict(cursor.execute(f"SELECT name, id FROM tag WHERE name IN ({marks})", names))


def _write_batch(cursor, index, tag_ids: dict[str, int], first_id: int, people) -> None:
    customers, links, notes, docs = [], [], [], []
    for offset, person in enumerate(people):
        cid = first_id + offset
        created = _utc_text(person.created_at)
        month, day, year = person.birthday
        customers.append(
            (
                cid,
                person.first_name,
                person.last_name,
                person.phone,
                person.email,
                month,
                day,
                year,
                created,
                created,
            )
        )
        links.extend((cid, tag_ids[tag]) for tag in person.tags)
        notes.extend((cid, text, int(pinned), _utc_text(at)) for text, pinned, at in person.notes)
        docs.append(search_document(cid, person))
    cursor.executemany(_INSERT_CUSTOMER, customers)
    cursor.executemany(_INSERT_LINK, links)
    cursor.executemany(_INSERT_NOTE, notes)
    index.put_many(docs)


def generate_demo_shop(
    customers: int = 500, seed: int | None = None, progress: Progress | None = None
) -> int:
    """Add ``customers`` made-up customers to the open database; returns how many were added.

    The same ``seed`` gives the same shop (on the same day: join dates count back from today).
    Customers are added after any already there, so a demo can be grown in steps.
    """
    if customers <= 0:
        return 0
    rng = random.Random(seed)
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    factory = PeopleFactory(rng, settings.phone_region(), today)
    db = database.obj
    index = search_index(db)
    cache_kib = db.execute_sql("PRAGMA cache_size").fetchone()[0]
    db.execute_sql(f"PRAGMA cache_size = -{_LOAD_CACHE_KIB}")
    try:
        with write_transaction():
            cursor = db.cursor()
            tag_ids = _tag_ids(cursor, list(factory.tags.items))
            next_id = (cursor.execute("SELECT max(id) FROM customer").fetchone()[0] or 0) + 1
            done = 0
            while done < customers:
                size = min(BATCH, customers - done)
                people = [factory.customer() for _ in range(size)]
                _write_batch(cursor, index, tag_ids, next_id + done, people)
                done += size
                if progress is not None:
                    progress(done, customers)
    finally:
        db.execute_sql(f"PRAGMA cache_size = {int(cache_kib)}")
    return customers
