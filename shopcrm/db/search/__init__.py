"""Customer search behind one interface, so another database engine can bring its own index.

:func:`search_index` returns the index for the open database. Callers (``core``) only use the
:class:`SearchIndex` protocol: ``put``/``put_many``/``remove`` inside their write transaction,
``search`` to get ranked :class:`SearchHit` objects.

The ranking contract (every engine's index returns exactly this; the tests in
``tests/db/search`` and ``tests/core/test_search.py`` state it as behaviour):

Order key. Each customer has a rank bucket (0 best .. 63, :data:`DEFAULT_RANK` for customers
without visits; regulars sit low). Within a tier, hits come in (rank bucket, customer id)
order: regulars first, then the customer saved first. No other tie-break exists (no text
relevance, no word order, no recency beyond what the bucket holds).

Words. The query is folded (:func:`folding.query_words`: case, accents and punctuation gone,
words cut at ``MAX_TOKEN``); duplicate words count once. A customer's tokens are its document's
``words`` (names in their own script and in Latin letters, email parts). Tiers, best first,
a customer appearing only in the best tier it reaches:

1. ``EXACT``: every query word is one of the customer's tokens.
2. ``PREFIX``: every query word is the start of one of the customer's tokens (the same token
   may serve several words).
3. ``TYPO``: at most 4 query words; for some word *w* of at least 3 letters that is not all
   digits, the customer has a token *t* != *w* among the ``name_words`` of some indexed
   customer, one edit (insert, delete, substitute, or swap of neighbours) from *w*, and every
   other word is the start of one of the customer's tokens.

Phones. A query made only of digits, spaces and ``+()./-`` with at least 3 digits is a phone
query and searches only phones. Its digits are the typed digits, except that the shop's
international call prefix (``00`` in most regions, ``011`` in the US; passed as ``region``) is
dropped when the query starts with it and leaves at least 3 digits. A customer's phone has
several digit forms (international and national: ``447911123456`` and ``07911123456``). Tiers:

1. some form *ends* with the digits (the last 4 digits are how regulars are found);
2. some form *starts* with them (a number typed from its start, nationally or with its
   country code);
3. some form contains them elsewhere.

Every phone hit has the quality ``PREFIX``; at most 20 digits are looked for (longer matches
nobody).

Limits. ``search`` returns at most ``limit`` hits, the first ``limit`` of the full ordered list;
``limit`` <= 0, a query that is not text, or nothing left after folding return ``[]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import peewee

from shopcrm.db.search.document import DEFAULT_RANK, SearchDocument
from shopcrm.db.search.hits import EXACT, PREFIX, TYPO, SearchHit

__all__ = [
    "DEFAULT_RANK",
    "EXACT",
    "PREFIX",
    "TYPO",
    "SearchDocument",
    "SearchHit",
    "SearchIndex",
    "search_index",
]


class SearchIndex(Protocol):
    def put(self, doc: SearchDocument) -> None: ...

    def put_many(self, docs: Iterable[SearchDocument]) -> None: ...

    def remove(self, customer_id: int) -> None: ...

    def rerank(self, customer_id: int, rank: int) -> bool: ...

    def rank_of(self, customer_id: int) -> int | None: ...

    def search(self, query: str, limit: int = 20, region: str = "") -> list[SearchHit]: ...

    def count(self) -> int: ...

    def check(self) -> list[str]: ...


def search_index(db: peewee.Database) -> SearchIndex:
    """The search index of ``db``: FTS5 on SQLite, B-tree posting lists on PostgreSQL."""
    if isinstance(db, peewee.SqliteDatabase):
        from shopcrm.db.search.sqlite_index import SqliteSearchIndex

        return SqliteSearchIndex(db)
    if isinstance(db, peewee.PostgresqlDatabase):
        from shopcrm.db.search.postgres_index import PostgresSearchIndex

        return PostgresSearchIndex(db)
    raise NotImplementedError(f"no customer search for {type(db).__name__} databases")
