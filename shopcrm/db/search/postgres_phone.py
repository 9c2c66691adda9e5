"""Phone queries on PostgreSQL (the steps are :mod:`.phone_tiers`'s, shared with SQLite).

The three questions of the ranking contract each read their own terms of ``search_term``
(:mod:`.postgres_terms`):

- numbers *ending* with the digits: the range of ``$`` terms (each form reversed) starting
  with the reversed digits — a few hundred rows even for 3 digits at a million customers, so
  they are sorted by key in the statement;
- numbers *starting* with them: the range of ``^`` terms (each whole form) starting with them;
- numbers *containing* them: the range of ``%`` terms (every suffix of every form) starting
  with them, read whole and sorted while short. When it is long (common digits) the ``#``
  posting list of their first three digits, filtered on ``rest``, is read instead: within one
  term the index is in key (rank) order, so it is read page by page and stops as soon as the
  list is full. The ``#`` list alone would do for both, but it is the list of the first three
  digits: ``120`` is in most US numbers, and reading it whole to find a rare ``12015795633``
  took 125 ms at a million customers.
"""

from __future__ import annotations

from collections.abc import Iterator

import peewee

from shopcrm.db.search.phone_tiers import AFTER_DIGITS, START, ranked_keys
from shopcrm.db.search.postgres_terms import ENDS, STARTS, SUFFIX, contains_clause

#: Rows of the "containing" list read per round trip, first and at most (it doubles).
_FIRST_PAGE = 64
_LAST_PAGE = 4096

_ENDING = (
    "SELECT DISTINCT key FROM search_term WHERE term >= %s AND term < %s ORDER BY key LIMIT %s"
)
_RANGE = "SELECT key FROM search_term WHERE term >= %s AND term < %s LIMIT %s"


class _Reader:
    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    def _keys(self, sql: str, params: tuple[object, ...]) -> list[int]:
        return [key for (key,) in self._db.execute_sql(sql, params).fetchall()]

    def ending(self, digits: str, limit: int) -> list[int]:
        low = ENDS + digits[::-1]
        return self._keys(_ENDING, (low, low + AFTER_DIGITS, limit))

    def range_keys(self, prefix: str, most: int) -> list[int]:
        starting = prefix.startswith(START)
        low = STARTS + prefix[len(START) :] if starting else SUFFIX + prefix
        return self._keys(_RANGE, (low, low + AFTER_DIGITS, most))

    def containing(self, digits: str) -> Iterator[tuple[int, str]]:
        clause = contains_clause(digits)
        sql = (
            "SELECT t.key, d.phone FROM search_term t JOIN search_doc d ON d.key = t.key"
            f" WHERE {clause.on('t')} AND t.key > %s ORDER BY t.key LIMIT %s"
        )
        last, page = -1, _FIRST_PAGE
        while True:
            rows = self._db.execute_sql(sql, (*clause.params, last, page)).fetchall()
            for key, phone in rows:
                if key != last:  # a number holding the digits twice has two rows
                    last = key
                    yield key, phone
            if len(rows) < page:
                return
            page = min(2 * page, _LAST_PAGE)


def phone_keys(db: peewee.Database, digits: str, limit: int) -> list[int]:
    """Index keys of the numbers matching ``digits``, in the order of the ranking contract."""
    return ranked_keys(_Reader(db), digits, limit)
