"""Schema version 2: the customer search index, filled from the customers already there.

SQLite keeps it in FTS5 tables (the DDL below); PostgreSQL in plain B-tree tables whose DDL
sits with its index (:mod:`shopcrm.db.search.postgres_schema`).
"""

from __future__ import annotations

import peewee

from shopcrm.db.search import search_index
from shopcrm.db.search.document import SearchDocument
from shopcrm.db.search.postgres_schema import create_postgres_search_schema
from shopcrm.db.search.sqlite_phone import ensure_suffix_table

_SQLITE_DDL = (
    """CREATE TABLE search_doc (
        key INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL UNIQUE REFERENCES customer (id) ON DELETE CASCADE,
        words TEXT NOT NULL,
        phone TEXT NOT NULL,
        name_words TEXT NOT NULL
    )""",
    """CREATE VIRTUAL TABLE search_words USING fts5 (
        words, content='search_doc', content_rowid='key',
        tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'",
        prefix='1 2 3 4'
    )""",
    """CREATE VIRTUAL TABLE search_phone USING fts5 (
        phone, content='search_doc', content_rowid='key', tokenize='trigram'
    )""",
    """CREATE TABLE search_vocab (
        token TEXT PRIMARY KEY, refs INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE search_typo (
        variant TEXT NOT NULL, token TEXT NOT NULL, PRIMARY KEY (variant, token)
    ) WITHOUT ROWID""",
    "CREATE INDEX search_typo_token ON search_typo (token)",
)


def apply(db: peewee.Database) -> None:
    if isinstance(db, peewee.SqliteDatabase):
        for statement in _SQLITE_DDL:
            db.execute_sql(statement)
        ensure_suffix_table(db)  # schema 8's table: today's index writes it too
    else:
        create_postgres_search_schema(db)  # B-tree posting lists instead of FTS5
    rows = db.execute_sql(
        "SELECT id, first_name, last_name, phone, email FROM customer ORDER BY id"
    )
    batch: list[SearchDocument] = []
    index = search_index(db)
    for cid, first, last, phone, email in rows.fetchall():
        batch.append(SearchDocument.for_customer(cid, first, last, phone, email))
        if len(batch) >= 10_000:
            index.put_many(batch)
            batch = []
    index.put_many(batch)
