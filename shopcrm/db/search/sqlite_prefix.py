"""Word prefixes on SQLite: the prefix indexes answer up to 8 letters; longer prefixes are cut.

FTS5 answers ``"olivi"*`` from a prefix index only when one exists for exactly that length
(migration 6 made them for 1 to 8 letters). A longer prefix falls back to merging the posting
list of every token that starts with it, and the tokens that start with ``rodriguez`` include
every email address of every Rodriguez: thousands of lists, 10-30 ms at a million customers.
So a longer word is looked up by its first 8 letters, which stream from the prefix index in
rank order, and each candidate is checked here against the whole word; 8 letters leave few
candidates that fail the check, so the scan stops after about ``limit`` rows. When it does not
(``osullivak``: thousands of O'Sullivans, none of them a match), few tokens start with the
whole word, so FTS5's own merge for it is cheap: after :data:`CHECK_BUDGET` candidates the
search hands over to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import peewee

#: The longest prefix FTS5 has an index for (see migration 6).
INDEXED_PREFIX = 8
#: Candidates checked before FTS5's exact (merging) prefix query is cheaper.
CHECK_BUDGET = 200

_CANDIDATES = (
    "SELECT d.key, d.words FROM search_words JOIN search_doc d ON d.key = search_words.rowid"
    " WHERE search_words MATCH ? ORDER BY search_words.rowid"
)


def quoted(token: str) -> str:
    # Tokens are purely alphanumeric (see folding), so quoting cannot be escaped; the
    # replace is a second lock on the door.
    return '"' + token.replace('"', '""') + '"'


def prefix_term(word: str, cut: bool = True) -> str:
    """The FTS5 prefix term for ``word``: itself, or (``cut``) its first 8 letters."""
    return quoted(word[:INDEXED_PREFIX] if cut else word) + "*"


def checked_keys(
    db: peewee.SqliteDatabase, expr: str, prefixes: Sequence[str], limit: int
) -> list[int] | None:
    """Keys matching ``expr`` whose tokens also start with each of ``prefixes`` longer than
    the prefix index, in rank order; None when no prefix is that long, or when the check
    found too few among :data:`CHECK_BUDGET` candidates (FTS5's exact query is then cheap)."""
    long = [w for w in prefixes if len(w) > INDEXED_PREFIX]
    if not long:
        return None
    keys: list[int] = []
    cursor = db.cursor()
    try:
        for seen, (key, text) in enumerate(cursor.execute(_CANDIDATES, (expr,))):
            if seen == max(CHECK_BUDGET, 2 * limit):
                return None
            tokens = text.split()
            if all(any(t.startswith(w) for t in tokens) for w in long):
                keys.append(key)
                if len(keys) >= limit:
                    break
    except (sqlite3.OperationalError, peewee.OperationalError):
        return []  # see SqliteSearchIndex._match
    finally:
        cursor.close()
    return keys
