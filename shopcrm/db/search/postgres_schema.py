"""The customer search tables on PostgreSQL (migration 0002 creates them there).

PostgreSQL has no FTS5, so the posting lists SQLite keeps inside FTS5 live in one plain B-tree
table, ``search_term (term, key, rest)``, whose primary key is also the only index the query
path reads (index-only scans). Within one ``term`` the index is ordered by ``key`` (rank bucket,
then customer id), so ``WHERE term = … ORDER BY key LIMIT n`` stops after ``n`` rows however
many customers share a one-letter prefix, and several words are intersected by merge-joining
their lists on ``key``. See :mod:`shopcrm.db.search.postgres_terms` for what the rows hold.

Every text column uses the "C" collation: terms are compared byte by byte, which is both what
the index needs (no locale rules between a query and its rows) and much faster than a locale.
"""

from __future__ import annotations

import peewee

POSTGRES_SEARCH_DDL = (
    """CREATE TABLE search_doc (
        customer_id INTEGER PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE,
        key BIGINT NOT NULL UNIQUE,
        words TEXT COLLATE "C" NOT NULL,
        phone TEXT COLLATE "C" NOT NULL,
        name_words TEXT COLLATE "C" NOT NULL
    )""",
    """CREATE TABLE search_term (
        term TEXT COLLATE "C" NOT NULL,
        key BIGINT NOT NULL,
        rest TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (term, key, rest)
    )""",
    # The planner of a search reads the most common terms' share (postgres_sizes.py).
    "ALTER TABLE search_term ALTER COLUMN term SET STATISTICS 1000",
    """CREATE TABLE search_vocab (
        token TEXT COLLATE "C" PRIMARY KEY,
        refs INTEGER NOT NULL
    )""",
    """CREATE TABLE search_typo (
        variant TEXT COLLATE "C" NOT NULL,
        token TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (variant, token)
    )""",
    "CREATE INDEX search_typo_token ON search_typo (token)",
)


def create_postgres_search_schema(db: peewee.Database) -> None:
    """Create the search tables in ``db`` (inside the caller's migration transaction); the
    ``customer`` table must exist already."""
    for statement in POSTGRES_SEARCH_DDL:
        db.execute_sql(statement)
