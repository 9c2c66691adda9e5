"""Phone queries on SQLite: the trigram index finds candidates, Python puts them in tiers.

A trigram phrase costs about as much as its commonest trigrams: ``447`` starts every UK mobile
and ``201`` is in every New Jersey number, so a long phrase can take tens of milliseconds
though it matches a handful of numbers. The index is therefore asked only for a
*window* of at most :data:`WINDOW` digits — the last ones typed, which are spread evenly over
numbers — and each candidate's digit forms are checked here against every typed digit.

1. Numbers *ending* with the digits: the window followed by the end anchor, a selective
   phrase (one number in ten thousand for four digits), read in rank order until full.
2. Then every number *containing* the window, in rank order: those starting with the digits go
   to the second tier, those containing them elsewhere to the third. The scan stops once the
   second tier is full; when it is not, it reads every candidate, which stays cheap because a
   window that is common somewhere is common at the start of numbers (area codes, mobile
   prefixes), where it fills the second tier at once.
"""

from __future__ import annotations

import itertools
import sqlite3

import peewee

from shopcrm.db.search.phones import END, MAX_PHONE_DIGITS, forms_of

#: Most digits handed to the trigram index in one phrase (4 trigrams).
WINDOW = 6

_CANDIDATES = (
    "SELECT d.key, d.phone FROM search_phone JOIN search_doc d ON d.key = search_phone.rowid"
    " WHERE search_phone MATCH ? ORDER BY search_phone.rowid"
)


def _phrase(text: str) -> str:
    return '"' + text + '"'  # digits and the anchor only: nothing to escape


def phone_keys(db: peewee.SqliteDatabase, digits: str, limit: int) -> list[int]:
    """Index keys of the numbers matching ``digits``, in the order of the ranking contract."""
    if len(digits) > MAX_PHONE_DIGITS or limit <= 0:
        return []
    cursor = db.cursor()
    try:
        return _keys(cursor, digits, digits[-WINDOW:], limit)
    finally:
        cursor.close()  # a scan stopped early must not hold its read snapshot open


def _keys(cursor: sqlite3.Cursor, digits: str, window: str, limit: int) -> list[int]:
    ends: list[int] = []
    for key, text in cursor.execute(_CANDIDATES, (_phrase(window + END),)):
        if any(form.endswith(digits) for form in forms_of(text)):
            ends.append(key)
            if len(ends) == limit:
                return ends
    taken = set(ends)
    starts: list[int] = []
    elsewhere: list[int] = []
    wanted = limit - len(ends)
    for key, text in cursor.execute(_CANDIDATES, (_phrase(window),)):
        if key in taken:
            continue
        forms = forms_of(text)
        if any(form.startswith(digits) for form in forms):
            starts.append(key)
            if len(starts) == wanted:
                break
        elif len(elsewhere) < wanted and any(digits in form for form in forms):
            elsewhere.append(key)
    return ends + list(itertools.islice(itertools.chain(starts, elsewhere), wanted))
