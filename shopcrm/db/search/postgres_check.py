"""Is the PostgreSQL search index what its documents say it should be?

PostgreSQL checks its own B-trees; what can drift is *our* data: posting lists that do not
match the text in ``search_doc`` (a write that went around the index), or a typo vocabulary
whose counts are off. Each table is compared with what the documents imply, as a count and an
order-independent checksum, so a shop of a million customers is checked in one pass over each
table instead of a million look-ups.
"""

from __future__ import annotations

from collections import Counter
from hashlib import md5

import peewee

from shopcrm.db.search.postgres_terms import doc_rows
from shopcrm.db.search.typos import deletion_variants

_BATCH = 10_000
#: The same 60-bit fingerprint of a row in SQL and in Python; summed, order does not matter.
_SQL_FINGERPRINT = "('x' || substr(md5({}), 1, 15))::bit(60)::bigint"


def _fingerprint(text: str) -> int:
    return int(md5(text.encode()).hexdigest()[:15], 16)


def _table_sum(db: peewee.Database, table: str, text_sql: str) -> tuple[int, int]:
    row = db.execute_sql(
        f"SELECT count(*), coalesce(sum({_SQL_FINGERPRINT.format(text_sql)}), 0) FROM {table}"
    ).fetchone()
    return int(row[0]), int(row[1])


def check_postgres_index(db: peewee.Database) -> list[str]:
    """Problems found (empty when the index matches its documents)."""
    terms_count = terms_sum = 0
    vocab: Counter[str] = Counter()
    last = -1
    while True:
        batch = db.execute_sql(
            "SELECT key, words, phone, name_words FROM search_doc WHERE key > %s"
            " ORDER BY key LIMIT %s",
            (last, _BATCH),
        ).fetchall()
        if not batch:
            break
        for key, words, phone, names in batch:
            for term, rest in doc_rows(words.split(), phone):
                terms_count += 1
                terms_sum += _fingerprint(f"{term} {key} {rest}")
            vocab.update(names.split())
        last = batch[-1][0]
    problems = []
    if _table_sum(db, "search_term", "term || ' ' || key || ' ' || rest") != (
        terms_count,
        terms_sum,
    ):
        problems.append("search_term: the posting lists differ from the indexed documents")
    stored = dict(db.execute_sql("SELECT token, refs FROM search_vocab").fetchall())
    if stored != dict(vocab):
        problems.append("search_vocab: name token counts differ from the indexed documents")
    pairs = {(v, t) for t in vocab for v in deletion_variants(t)}
    expected = (len(pairs), sum(_fingerprint(f"{v} {t}") for v, t in pairs))
    if _table_sum(db, "search_typo", "variant || ' ' || token") != expected:
        problems.append("search_typo: typo variants differ from the name tokens")
    return problems
