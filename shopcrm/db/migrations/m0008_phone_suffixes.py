"""Schema version 8: phone digits found through a B-tree of their suffixes.

Phone queries whose digits are rare but made of common trigrams (``013120``: ``120`` is in most
US numbers) read whole posting lists of the trigram index: 10-40 ms at a million customers.
``search_phone_suffix`` holds every suffix of every digit form instead (see
:mod:`shopcrm.db.search.phone_tiers`), about 11 rows per phone.
"""

from __future__ import annotations

import peewee

from shopcrm.db.search.sqlite_phone import ensure_suffix_table


def apply(db: peewee.Database) -> None:
    if isinstance(db, peewee.SqliteDatabase):
        ensure_suffix_table(db)  # already made when this upgrade ran migration 2 or 6
