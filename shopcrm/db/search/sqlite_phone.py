"""Phone queries on SQLite: three tiers, each read from the index that answers it in rank order.

A B-tree of every *suffix* of every digit form (``search_phone_suffix``, schema 7; 3 digits
and longer, plus each whole form marked with ``^``) answers the selective questions exactly:

1. numbers *ending* with the digits are the rows whose suffix *is* the digits, and within one
   suffix the rows come in key (rank) order, so the first ``limit`` of them are read and nothing
   more: the last 4 digits, the commonest query, are one short index read;
2. numbers *starting* with them are the ``^`` rows in the range ``^digits``;
3. numbers containing them anywhere are the suffix rows in the range ``digits``.

A range comes in digit order, not rank order, so it is read whole and sorted here, which is
cheap while it is short (at most :data:`SPARSE` rows). A longer range means the digits are
common (an area code, a mobile prefix): then the FTS5 trigram index (``search_phone``) is read
in rank order instead and its candidates are put in tiers here until the list is full, which
takes few candidates exactly because the digits are common. Each path alone is slow somewhere:
the trigram index reads whole posting lists of common trigrams (``120`` is in most US numbers)
to find a rare run of digits, and a range of 100,000 suffixes is 100,000 rows to sort.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import peewee

from shopcrm.db.search.phones import MAX_PHONE_DIGITS, forms_of, phone_tier

SUFFIXES_DDL = """CREATE TABLE search_phone_suffix (
    suffix TEXT NOT NULL, key INTEGER NOT NULL, PRIMARY KEY (suffix, key)
) WITHOUT ROWID"""

#: Marks a whole digit form among the suffixes (sorts after the digits: its own range).
START = "^"
#: Rows of a range read and sorted at most; a longer range is read in rank order from FTS5.
SPARSE = 1000
#: Most digits handed to the trigram index in one phrase (4 trigrams); longer runs are checked
#: against every typed digit here.
WINDOW = 6
_SHORTEST = 3  # a phone query has at least 3 digits

_ENDS = "SELECT key FROM search_phone_suffix WHERE suffix = ? ORDER BY suffix, key LIMIT ?"
_RANGE = "SELECT key FROM search_phone_suffix WHERE suffix >= ? AND suffix < ? LIMIT ?"
_CANDIDATES = (
    "SELECT d.key, d.phone FROM search_phone JOIN search_doc d ON d.key = search_phone.rowid"
    " WHERE search_phone MATCH ? ORDER BY search_phone.rowid"
)


def suffix_rows(key: int, phone: str) -> list[tuple[str, int]]:
    """The ``search_phone_suffix`` rows of one customer's indexed phone text."""
    suffixes: set[str] = set()
    for form in forms_of(phone):
        if len(form) >= _SHORTEST:
            suffixes.add(START + form)
            suffixes.update(form[i:] for i in range(len(form) - _SHORTEST + 1))
    return [(s, key) for s in sorted(suffixes)]


def ensure_suffix_table(db: peewee.SqliteDatabase) -> None:
    """Create ``search_phone_suffix`` from ``search_doc`` unless it is there (schema 7).

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


def phone_keys(db: peewee.SqliteDatabase, digits: str, limit: int) -> list[int]:
    """Index keys of the numbers matching ``digits``, in the order of the ranking contract."""
    if not _SHORTEST <= len(digits) <= MAX_PHONE_DIGITS or limit <= 0:
        return []
    cursor = db.cursor()
    try:
        return _keys(cursor, digits, limit)
    finally:
        cursor.close()  # a scan stopped early must not hold its read snapshot open


def _keys(cursor: sqlite3.Cursor, digits: str, limit: int) -> list[int]:
    ends = [key for (key,) in cursor.execute(_ENDS, (digits, limit))]
    if len(ends) == limit:
        return ends
    wanted = limit - len(ends)
    starting = _sparse_range(cursor, START + digits)
    if starting is None:
        return ends + _scan(cursor, digits, wanted)
    taken = set(ends)
    starts = [key for key in starting if key not in taken][:wanted]
    wanted -= len(starts)
    if not wanted:
        return ends + starts
    containing = _sparse_range(cursor, digits)
    if containing is None:
        return ends + starts + _scan(cursor, digits, wanted, only_elsewhere=True)
    taken.update(starts)
    return ends + starts + [key for key in containing if key not in taken][:wanted]


def _sparse_range(cursor: sqlite3.Cursor, prefix: str) -> list[int] | None:
    """Keys of the suffixes starting with ``prefix``, sorted; None when there are too many
    to sort (``:`` is the character after ``9``)."""
    keys = [key for (key,) in cursor.execute(_RANGE, (prefix, prefix + ":", SPARSE + 1))]
    return None if len(keys) > SPARSE else sorted(set(keys))


def _scan(
    cursor: sqlite3.Cursor, digits: str, wanted: int, only_elsewhere: bool = False
) -> list[int]:
    """The first ``wanted`` numbers after those ending with ``digits`` (all known already):
    starts first, then elsewhere; ``only_elsewhere`` when every start is known too."""
    starts: list[int] = []
    elsewhere: list[int] = []
    for key, text in cursor.execute(_CANDIDATES, ('"' + digits[-WINDOW:] + '"',)):
        tier = phone_tier(digits, forms_of(text))
        if tier == 1 and not only_elsewhere:
            starts.append(key)
            if len(starts) == wanted:
                break
        elif tier == 2 and len(elsewhere) < wanted:
            elsewhere.append(key)
            if only_elsewhere and len(elsewhere) == wanted:
                break
    return (starts + elsewhere)[:wanted]
