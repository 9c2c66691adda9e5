"""Phone queries on SQLite (the steps are :mod:`.phone_tiers`'s, shared with PostgreSQL).

The suffix B-tree is ``search_phone_suffix`` (schema 8, ``WITHOUT ROWID``: the primary key is
the table). Numbers containing common digits are read in rank order from the FTS5 trigram
index ``search_phone``, whose row id is the rank key: dense digits stop it after a few rows.
Only a window of the last :data:`WINDOW` typed digits goes to FTS5, since a phrase costs about
as much as its commonest trigrams; the tiers check every typed digit anyway.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

import peewee

from shopcrm.db.search.phone_tiers import AFTER_DIGITS, ranked_keys, suffix_rows

SUFFIXES_DDL = """CREATE TABLE search_phone_suffix (
    suffix TEXT NOT NULL, key INTEGER NOT NULL, PRIMARY KEY (suffix, key)
) WITHOUT ROWID"""

#: Most digits handed to the trigram index in one phrase (4 trigrams).
WINDOW = 6

_ENDING = "SELECT key FROM search_phone_suffix WHERE suffix = ? ORDER BY suffix, key LIMIT ?"
_RANGE = "SELECT key FROM search_phone_suffix WHERE suffix >= ? AND suffix < ? LIMIT ?"
_CONTAINING = (
    "SELECT d.key, d.phone FROM search_phone JOIN search_doc d ON d.key = search_phone.rowid"
    " WHERE search_phone MATCH ? ORDER BY search_phone.rowid"
)


class _Reader:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    def ending(self, digits: str, limit: int) -> list[int]:
        return [key for (key,) in self._cursor.execute(_ENDING, (digits, limit))]

    def range_keys(self, prefix: str, most: int) -> list[int]:
        rows = self._cursor.execute(_RANGE, (prefix, prefix + AFTER_DIGITS, most))
        return [key for (key,) in rows]

    def containing(self, digits: str) -> Iterator[tuple[int, str]]:
        # digits and the anchor only: nothing to escape in the phrase
        yield from self._cursor.execute(_CONTAINING, ('"' + digits[-WINDOW:] + '"',))


def phone_keys(db: peewee.SqliteDatabase, digits: str, limit: int) -> list[int]:
    """Index keys of the numbers matching ``digits``, in the order of the ranking contract."""
    cursor = db.cursor()
    try:
        return ranked_keys(_Reader(cursor), digits, limit)
    finally:
        cursor.close()  # a scan stopped early must not hold its read snapshot open


def ensure_suffix_table(db: peewee.SqliteDatabase) -> None:
    """Create ``search_phone_suffix`` from ``search_doc`` unless it is there (schema 8).

    Migrations that write through the index (2 and 6, with today's code) call this first, so
    an old shop upgraded in one go has the table they write to; migration 7 then finds it made.
    The rows go through a temporary table to be written in key order: written in the order
    customers come, they would scatter over the whole B-tree.
    """
    if "search_phone_suffix" in db.get_tables():
        return
    db.execute_sql(SUFFIXES_DDL)
    db.execute_sql("CREATE TEMP TABLE phone_suffix_load (suffix TEXT, key INTEGER)")
    reader, writer = db.cursor(), db.cursor()
    reader.execute("SELECT key, phone FROM search_doc WHERE phone != ''")
    while batch := reader.fetchmany(20_000):
        writer.executemany(
            "INSERT INTO temp.phone_suffix_load (suffix, key) VALUES (?, ?)",
            [row for key, phone in batch for row in suffix_rows(key, phone)],
        )
    db.execute_sql(
        "INSERT INTO search_phone_suffix (suffix, key)"
        " SELECT suffix, key FROM temp.phone_suffix_load ORDER BY suffix, key"
    )
    db.execute_sql("DROP TABLE temp.phone_suffix_load")


def add_suffixes(cursor: sqlite3.Cursor, rows: Iterable[tuple[str, int]]) -> None:
    cursor.executemany("INSERT INTO search_phone_suffix (suffix, key) VALUES (?, ?)", rows)


def drop_suffixes(cursor: sqlite3.Cursor, rows: Iterable[tuple[str, int]]) -> None:
    cursor.executemany("DELETE FROM search_phone_suffix WHERE suffix = ? AND key = ?", rows)
