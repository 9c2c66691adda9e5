"""How long a posting list is, from PostgreSQL's own statistics, without reading it.

Combining two words' lists well depends on their lengths (see :mod:`postgres_query`), and
counting a list costs about as much as reading it. ``ANALYZE`` already knows the long ones:
the most common values of ``search_term.term`` (the schema asks for a thousand of them) are
exactly the lists worth worrying about, with their share of all rows. Any other list is shorter
than the least common of those. The numbers are read once and kept for a few minutes: list
lengths change slowly, and a stale estimate only makes a plan slower, never a result wrong.
That holds only while no estimate is zero (a zero list is taken as certainly empty, and the
query skipped): ``VACUUM`` of an emptied table sets its row count to 0 while ``pg_stats`` still
lists the old common terms, and a rare term's share can round down to nothing, so every
estimate is at least 1, and a table that looks empty counts as not analysed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import peewee

_KEEP_S = 300.0
_STATS_SQL = (
    "SELECT s.most_common_vals::text::text[], s.most_common_freqs, c.reltuples"
    " FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename"
    " AND c.relnamespace = to_regnamespace(s.schemaname)"
    " WHERE s.tablename = 'search_term' AND s.attname = 'term'"
    " AND s.schemaname = current_schema()"
)


@dataclass(frozen=True)
class ListSizes:
    common: dict[str, int]
    #: Every list not in ``common`` is at most this long (as far as ANALYZE saw).
    other: int
    read_at: float

    def of(self, term: str) -> int:
        return self.common.get(term, self.other)


_cache: dict[int, ListSizes] = {}


def list_sizes(db: peewee.Database, unknown: int) -> ListSizes:
    """Estimated lengths of ``db``'s posting lists; ``unknown`` for every list when the table
    has not been analysed yet."""
    now = time.monotonic()
    known = _cache.get(id(db))
    if known is not None and now - known.read_at < _KEEP_S:
        return known
    row = db.execute_sql(_STATS_SQL).fetchone()
    if row is None or not row[0] or float(row[2]) < 1:
        sizes = ListSizes({}, unknown, now)
    else:
        rows = float(row[2])
        common = {t: max(1, int(f * rows)) for t, f in zip(row[0], row[1], strict=True)}
        sizes = ListSizes(common, min(common.values()), now)
    _cache[id(db)] = sizes
    return sizes
