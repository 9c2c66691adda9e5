"""Customers put straight into a search index, for tests that speak only the SearchIndex protocol
(so they can run on every engine's index)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import peewee

from shopcrm.db import write_transaction
from shopcrm.db.models import Customer
from shopcrm.db.search import DEFAULT_RANK, SearchDocument, SearchIndex, search_index


@dataclass(frozen=True)
class Person:
    first: str
    last: str = ""
    phone: str = ""
    email: str = ""
    rank: int = DEFAULT_RANK


def index_people(db: peewee.Database, people: list[Person]) -> tuple[SearchIndex, list[int]]:
    """Save ``people`` as customers and index them; their ids in the same order."""
    now = datetime.now(UTC)
    ids = []
    docs = []
    with write_transaction():
        for p in people:
            cid = Customer.create(
                first_name=p.first,
                last_name=p.last,
                phone=p.phone,
                email=p.email,
                created_at=now,
                updated_at=now,
            ).id
            ids.append(cid)
            docs.append(SearchDocument.for_customer(cid, p.first, p.last, p.phone, p.email, p.rank))
        index = search_index(db)
        index.put_many(docs)
    return index, ids
