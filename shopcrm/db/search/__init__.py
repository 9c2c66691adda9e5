"""Customer search behind one interface, so another database engine can bring its own index.

:func:`search_index` returns the index for the open database. Callers (``core``) only use the
:class:`SearchIndex` protocol: ``put``/``put_many``/``remove`` inside their write transaction,
``search`` to get ranked :class:`SearchHit` objects.
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

    def search(self, query: str, limit: int = 20) -> list[SearchHit]: ...

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
