"""Schema version 8: phone digits found through a B-tree of their suffixes.

Phone queries whose digits are rare but made of common trigrams (``013120``: ``120`` is in most
US numbers) read whole posting lists of the trigram index: 10-40 ms at a million customers.
``search_phone_suffix`` holds every suffix of every digit form instead (see
:mod:`shopcrm.db.search.phone_tiers`), about 11 rows per phone.

PostgreSQL's index answers the same three questions from ``search_term``
(:mod:`shopcrm.db.search.postgres_phone`) and needs new rows for them: ``("^" + form, key,
"")`` per digit form (numbers starting with some digits) and ``("%" + suffix, key, "")`` per
suffix of 3 digits or more (numbers containing rare digits), added here from ``search_doc``.
A customer put since (migration 6 re-puts some) has them already: ``ON CONFLICT DO NOTHING``.
"""

from __future__ import annotations

import peewee

from shopcrm.db.search.postgres_terms import STARTS, SUFFIX
from shopcrm.db.search.sqlite_phone import ensure_suffix_table

_ADD_STARTS_AND_SUFFIXES = (
    "INSERT INTO search_term (term, key, rest)"
    " SELECT DISTINCT %s || form, key, '' FROM search_doc,"
    " regexp_split_to_table(phone, ' +') AS form WHERE form <> ''"
    " UNION SELECT DISTINCT %s || substr(form, i), key, '' FROM search_doc,"
    " regexp_split_to_table(phone, ' +') AS form, generate_series(1, length(form) - 2) AS i"
    " ORDER BY 1, 2 ON CONFLICT DO NOTHING"
)


def apply(db: peewee.Database) -> None:
    if isinstance(db, peewee.SqliteDatabase):
        ensure_suffix_table(db)  # already made when this upgrade ran migration 2 or 6
    else:
        db.execute_sql(_ADD_STARTS_AND_SUFFIXES, (STARTS, SUFFIX))
