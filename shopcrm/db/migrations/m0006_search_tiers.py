"""Schema version 6: the search index learns where phone digits sit, and longer prefixes.

- ``search_doc.phone`` held a customer's digit forms separated by spaces (``447911123456
  07911123456``); each is now followed by ``$`` (see :mod:`shopcrm.db.search.phones`), so
  "ends with 3456" is the substring ``3456$``. The substring index is rebuilt from it.
- ``search_words`` gets prefix indexes for 5 to 8 letters beside 1 to 4. Without them a prefix
  such as ``olivi`` merged the posting lists of every token starting with it (thousands, since
  each email address gives its own tokens): 5-18 ms at a million customers instead of 0.05.
  The index grows by about 40 % (27 MB at a million customers).
- Customers with Greek or Korean names are indexed again: Greek ου is now spelled ``ou``
  (Papadopoulou, not Papadopoyloy) and a Korean family name is also found by its usual
  spelling (김 by ``kim``, see :mod:`shopcrm.db.search.korean`).

On PostgreSQL the index layout was born with phone ends and long prefixes, but its folding is
the same code: only the Greek and Korean names are indexed again there.
"""

from __future__ import annotations

import peewee

from shopcrm.db.search import search_index
from shopcrm.db.search.document import DEFAULT_RANK, SearchDocument
from shopcrm.db.search.sqlite_phone import ensure_suffix_table

SEARCH_WORDS_DDL = """CREATE VIRTUAL TABLE search_words USING fts5 (
    words, content='search_doc', content_rowid='key',
    tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'",
    prefix='1 2 3 4 5 6 7 8'
)"""


#: Customers whose names hold Hangul syllables or Greek letters, in each engine's pattern syntax.
_GREEK_OR_KOREAN = {
    "sqlite": "first_name || last_name GLOB '*[가-힣]*' OR first_name || last_name GLOB '*[Ά-ώ]*'",
    "postgresql": "first_name || last_name ~ '[가-힣Ά-ώ]'",
}


def apply(db: peewee.Database) -> None:
    if not isinstance(db, peewee.SqliteDatabase):
        _index_greek_and_korean_names_again(db, _GREEK_OR_KOREAN["postgresql"])
        return
    db.execute_sql(
        "UPDATE search_doc SET phone = replace(phone, ' ', '$ ') || '$'"
        " WHERE phone != '' AND phone NOT LIKE '%$'"  # put() since 6 writes them anchored
    )
    db.execute_sql("INSERT INTO search_phone (search_phone) VALUES ('rebuild')")
    db.execute_sql("DROP TABLE search_words")
    db.execute_sql(SEARCH_WORDS_DDL)
    db.execute_sql("INSERT INTO search_words (search_words) VALUES ('rebuild')")
    ensure_suffix_table(db)  # schema 8's table: today's index writes it too
    _index_greek_and_korean_names_again(db, _GREEK_OR_KOREAN["sqlite"])


def _index_greek_and_korean_names_again(db: peewee.Database, names_match: str) -> None:
    index = search_index(db)
    rows = db.execute_sql(
        f"SELECT id, first_name, last_name, phone, email FROM customer WHERE {names_match}"
    ).fetchall()
    for cid, first, last, phone, email in rows:
        rank = index.rank_of(cid)
        doc = SearchDocument.for_customer(
            cid, first, last, phone, email, DEFAULT_RANK if rank is None else rank
        )
        index.put(doc)
