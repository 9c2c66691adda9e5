"""The customer search index on PostgreSQL: posting lists in a B-tree, read in rank order.

Same behaviour and ranking as :class:`~shopcrm.db.search.sqlite_index.SqliteSearchIndex`
(folding, typo vocabulary and rank keys are shared); only the storage differs. Tables are made
by :func:`~shopcrm.db.search.postgres_schema.create_postgres_search_schema`:

- ``search_doc``: one row per customer, its rank key and the folded text (to rebuild its terms
  when it moves or changes);
- ``search_term``: the posting lists (see :mod:`~shopcrm.db.search.postgres_terms`);
- ``search_vocab`` / ``search_typo``: name tokens and their one-letter deletions, for typos.

A query word is one ``term`` of the index, which holds its customers in rank-key order, so
``ORDER BY key LIMIT n`` reads only the first ``n`` entries of a one-letter prefix's million;
several words merge-join their lists on ``key``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import peewee

from shopcrm.db.search.document import SearchDocument, customer_id_of, rank_key, rank_of_key
from shopcrm.db.search.folding import MAX_TOKEN, phone_query_digits, query_words
from shopcrm.db.search.hits import EXACT, PREFIX, TYPO, SearchHit
from shopcrm.db.search.postgres_check import check_postgres_index
from shopcrm.db.search.postgres_terms import (
    Clause,
    any_exact_clause,
    contains_clause,
    doc_rows,
    ends_clause,
    exact_clause,
    prefix_clause,
)
from shopcrm.db.search.sqlite_index import _implied_prefixes_removed
from shopcrm.db.search.typos import deletion_variants, typo_candidates_key, within_one_typo

#: As on SQLite: more distinct words than this get no typo correction.
_MAX_TYPO_WORDS = 4
_MAX_PHONE_DIGITS = 20
#: Words merge-joined through their posting lists; any further word of a (pasted, long)
#: query is checked on the few customers the joined words leave.
_MAX_JOINED = 3
_MAX_LIMIT = 1 << 31

_Doc = tuple[int, str, str, str]  # key, words, phone, name_words


class PostgresSearchIndex:
    """Search index for one PostgreSQL database (all writes run inside the caller's
    transaction)."""

    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    # -- writing -----------------------------------------------------------------------------

    def _old(self, customer_id: int) -> _Doc | None:
        row = self._db.execute_sql(
            "SELECT key, words, phone, name_words FROM search_doc WHERE customer_id = %s",
            (customer_id,),
        ).fetchone()
        return None if row is None else (row[0], row[1], row[2], row[3])

    def put(self, doc: SearchDocument) -> None:
        """Index a customer, replacing what was indexed for it before."""
        old = self._old(doc.customer_id)
        words, names = " ".join(doc.words), " ".join(doc.name_words)
        if old is not None:
            if old == (doc.key, words, doc.phone, names):
                return
            self._delete(*old)
        self._insert(doc.key, doc.customer_id, words, doc.phone, names)

    def put_many(self, docs: Iterable[SearchDocument]) -> None:
        """Index many customers that are not indexed yet (bulk loading, e.g. the demo shop)."""
        rows = [
            (d.key, d.customer_id, " ".join(d.words), d.phone, " ".join(d.name_words)) for d in docs
        ]
        if not rows:
            return
        rows.sort()
        with self._db.cursor() as cursor:
            with cursor.copy(
                "COPY search_doc (key, customer_id, words, phone, name_words) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
            with cursor.copy("COPY search_term (term, key, rest) FROM STDIN") as copy:
                for key, _, words, phone, _ in rows:
                    for term, rest in sorted(doc_rows(words.split(), phone)):
                        copy.write_row((term, key, rest))
        counts: dict[str, int] = {}
        for row in rows:
            for token in row[4].split():
                counts[token] = counts.get(token, 0) + 1
        self._add_vocab(counts)

    def rerank(self, customer_id: int, rank: int) -> bool:
        """Move a customer to another rank bucket; False when it was already there (the
        common case: nothing is written)."""
        old = self._old(customer_id)
        if old is None:
            return False
        key = rank_key(rank, customer_id)
        if key == old[0]:
            return False
        terms = sorted({t for t, _ in doc_rows(old[1].split(), old[2])})
        ex = self._db.execute_sql
        ex("UPDATE search_doc SET key = %s WHERE customer_id = %s", (key, customer_id))
        ex(
            "UPDATE search_term SET key = %s WHERE term = ANY(%s) AND key = %s",
            (key, terms, old[0]),
        )
        return True

    def rank_of(self, customer_id: int) -> int | None:
        old = self._old(customer_id)
        return None if old is None else rank_of_key(old[0])

    def remove(self, customer_id: int) -> None:
        old = self._old(customer_id)
        if old is not None:
            self._delete(*old)

    def _insert(self, key: int, customer_id: int, words: str, phone: str, names: str) -> None:
        ex = self._db.execute_sql
        ex(
            "INSERT INTO search_doc (key, customer_id, words, phone, name_words)"
            " VALUES (%s, %s, %s, %s, %s)",
            (key, customer_id, words, phone, names),
        )
        rows = sorted(doc_rows(words.split(), phone))
        ex(
            "INSERT INTO search_term (term, key, rest)"
            " SELECT t, %s, r FROM unnest(%s::text[], %s::text[]) AS u (t, r)",
            (key, [t for t, _ in rows], [r for _, r in rows]),
        )
        self._add_vocab(dict.fromkeys(names.split(), 1))

    def _delete(self, key: int, words: str, phone: str, names: str) -> None:
        ex = self._db.execute_sql
        terms = sorted({t for t, _ in doc_rows(words.split(), phone)})
        ex("DELETE FROM search_term WHERE term = ANY(%s) AND key = %s", (terms, key))
        ex("DELETE FROM search_doc WHERE key = %s", (key,))
        self._drop_vocab(names.split())

    def _add_vocab(self, counts: dict[str, int]) -> None:
        if not counts:
            return
        tokens = sorted(counts)  # one lock order for every till: no deadlock between two puts
        inserted = self._db.execute_sql(
            "INSERT INTO search_vocab (token, refs)"
            " SELECT * FROM unnest(%s::text[], %s::int[])"
            " ON CONFLICT (token) DO UPDATE SET refs = search_vocab.refs + excluded.refs"
            " RETURNING token, xmax = 0",
            (tokens, [counts[t] for t in tokens]),
        ).fetchall()
        new = [token for token, fresh in inserted if fresh]
        pairs = sorted((v, t) for t in new for v in deletion_variants(t))
        if pairs:
            self._db.execute_sql(
                "INSERT INTO search_typo (variant, token)"
                " SELECT * FROM unnest(%s::text[], %s::text[]) ON CONFLICT DO NOTHING",
                ([v for v, _ in pairs], [t for _, t in pairs]),
            )

    def _drop_vocab(self, tokens: list[str]) -> None:
        if not tokens:
            return
        ex = self._db.execute_sql
        updated = ex(
            "UPDATE search_vocab SET refs = refs - 1 WHERE token = ANY(%s) RETURNING token, refs",
            (sorted(set(tokens)),),
        ).fetchall()
        gone = sorted(token for token, refs in updated if refs <= 0)
        if gone:
            ex("DELETE FROM search_vocab WHERE token = ANY(%s)", (gone,))
            ex("DELETE FROM search_typo WHERE token = ANY(%s)", (gone,))

    # -- searching ---------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Customers matching ``query`` in rank order: exact words, then prefixes, then typos."""
        if limit <= 0 or not isinstance(query, str):
            return []
        limit = min(limit, _MAX_LIMIT)
        digits = phone_query_digits(query)
        if digits is not None:
            return self._search_phone(digits, limit)
        words = list(dict.fromkeys(w[:MAX_TOKEN] for w in query_words(query)))
        if not words:
            return []
        hits: list[SearchHit] = []
        seen: set[int] = set()

        def take(keys: Iterable[int], quality: int) -> None:
            for key in keys:
                cid = customer_id_of(key)
                if cid not in seen and len(hits) < limit:
                    seen.add(cid)
                    hits.append(SearchHit(cid, quality))

        take(self._keys([exact_clause(w) for w in words], limit), EXACT)
        if len(hits) < limit:
            prefix_words = _implied_prefixes_removed(words)
            take(self._keys([prefix_clause(w) for w in prefix_words], limit + len(hits)), PREFIX)
        if len(hits) < limit and len(words) <= _MAX_TYPO_WORDS:
            take(self._typo_keys(words, limit + len(hits)), TYPO)
        return hits

    def _keys(self, clauses: Sequence[Clause], limit: int) -> list[int]:
        """Rank keys of the customers every clause matches, best first, at most ``limit``."""
        ordered = sorted(clauses, key=lambda c: -c.weight)
        joined, checked = ordered[:_MAX_JOINED], ordered[_MAX_JOINED:]
        tables = ["search_term t0"]
        tables += [f"JOIN search_term t{i} ON t{i}.key = t0.key" for i in range(1, len(joined))]
        where = [c.on(f"t{i}") for i, c in enumerate(joined)]
        params: list[object] = [p for c in joined for p in c.params]
        if checked:
            tables.append("JOIN search_doc d ON d.key = t0.key")
            where += [c.doc_sql for c in checked]
            params += [p for c in checked for p in c.doc_params]
        sql = (
            f"SELECT DISTINCT t0.key FROM {' '.join(tables)} WHERE {' AND '.join(where)}"
            " ORDER BY t0.key LIMIT %s"
        )
        return [r[0] for r in self._db.execute_sql(sql, (*params, limit)).fetchall()]

    def _search_phone(self, digits: str, limit: int) -> list[SearchHit]:
        """Numbers that end with the digits first, then numbers with them elsewhere."""
        if len(digits) > _MAX_PHONE_DIGITS:
            return []
        ending = self._keys([ends_clause(digits)], limit)
        keys = list(ending)
        if len(keys) < limit:
            first = set(ending)
            more = self._keys([contains_clause(digits)], limit + len(ending))
            keys += [k for k in more if k not in first]
        return [SearchHit(customer_id_of(k), PREFIX) for k in keys[:limit]]

    def corrections(self, word: str) -> list[str]:
        """Indexed name tokens one typo away from ``word`` (not ``word`` itself)."""
        if not typo_candidates_key(word):
            return []
        rows = self._db.execute_sql(
            "SELECT DISTINCT token FROM search_typo WHERE variant = ANY(%s)",
            (sorted(deletion_variants(word)),),
        ).fetchall()
        return sorted(t for (t,) in rows if t != word and within_one_typo(word, t))

    def _typo_keys(self, words: list[str], limit: int) -> list[int]:
        keys: set[int] = set()
        for i, word in enumerate(words):
            fixes = self.corrections(word)
            if not fixes:
                continue
            others = _implied_prefixes_removed([w for j, w in enumerate(words) if j != i])
            clauses = [any_exact_clause(fixes), *(prefix_clause(w) for w in others)]
            keys.update(self._keys(clauses, limit))
        return sorted(keys)[:limit]

    # -- maintenance -------------------------------------------------------------------------

    def count(self) -> int:
        return self._db.execute_sql("SELECT count(*) FROM search_doc").fetchone()[0]

    def check(self) -> list[str]:
        """Differences between the index tables and the documents they were made from."""
        return check_postgres_index(self._db)
