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

from collections.abc import Iterable, Iterator

import peewee

from shopcrm.db.search.document import SearchDocument, customer_id_of, rank_key, rank_of_key
from shopcrm.db.search.folding import MAX_TOKEN, query_words
from shopcrm.db.search.hits import EXACT, PREFIX, TYPO, SearchHit
from shopcrm.db.search.phones import phone_query
from shopcrm.db.search.postgres_check import check_postgres_index
from shopcrm.db.search.postgres_phone import phone_keys
from shopcrm.db.search.postgres_query import (
    MAX_COUNTED,
    SHORT_LIST,
    Sizes,
    counts_sql,
    keys_sql,
    tiers_sql,
    union_sql,
)
from shopcrm.db.search.postgres_sizes import list_sizes
from shopcrm.db.search.postgres_terms import (
    Clause,
    doc_rows,
    exact_clause,
    prefix_clause,
)
from shopcrm.db.search.sqlite_index import _implied_prefixes_removed
from shopcrm.db.search.typos import deletion_variants, typo_candidates_key, within_one_typo

#: As on SQLite: more distinct words than this get no typo correction.
_MAX_TYPO_WORDS = 4
_MAX_LIMIT = 1 << 31

_Doc = tuple[int, str, str, str]  # key, words, phone, name_words


def _fixes(word: str, vocab: dict[str, set[str]]) -> list[str]:
    """The tokens one typo from ``word``, given the vocabulary under its deletion variants."""
    found = {t for v in deletion_variants(word) for t in vocab.get(v, ())}
    return sorted(t for t in found if t != word and within_one_typo(word, t))


class _Hits:
    """Hits gathered tier by tier: each customer once, at its best tier, up to the limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.found: list[SearchHit] = []
        self._seen: set[int] = set()

    @property
    def full(self) -> bool:
        return len(self.found) >= self.limit

    def take(self, keys: Iterable[int], quality: int) -> None:
        for key in keys:
            cid = customer_id_of(key)
            if cid not in self._seen and not self.full:
                self._seen.add(cid)
                self.found.append(SearchHit(cid, quality))


_COPY_SPECIAL = ("\\", "\t", "\n", "\r")


def _copy_text(value: str) -> str:
    """``value`` in COPY's text format: backslash, tab, newline and carriage return escaped."""
    for char, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        value = value.replace(char, escaped)
    return value


#: Documents whose term rows go to the server together: it indexes one block while the
#: next is made here.
_BLOCK = 200


def _term_blocks(docs: list[tuple[int, int, str, str, str]]) -> Iterator[str]:
    """The ``search_term`` rows of ``docs`` in COPY's text format, written out here a block
    at a time: one psycopg ``write_row`` per row cost ~1 µs of Python each, 36 rows a
    customer, a tenth of an import's time. Terms are letters and digits only (see
    :mod:`.postgres_terms`), so no escape is needed; a document that somehow had one of
    COPY's special characters is escaped all the same."""
    for start in range(0, len(docs), _BLOCK):
        lines: list[str] = []
        for key, _, words, phone, _ in docs[start : start + _BLOCK]:
            rows = doc_rows(words.split(), phone)
            if any(c in words for c in _COPY_SPECIAL):
                lines += [f"{_copy_text(t)}\t{key}\t{_copy_text(r)}\n" for t, r in rows]
            else:
                lines += [f"{term}\t{key}\t{rest}\n" for term, rest in rows]
        yield "".join(lines)


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
                for block in _term_blocks(rows):
                    copy.write(block)
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

    def search(self, query: str, limit: int = 20, region: str = "") -> list[SearchHit]:
        """Customers matching ``query`` in rank order: exact words, then prefixes, then typos
        (phone digits: ends, starts, elsewhere; ``region`` names the shop's call prefix)."""
        if limit <= 0 or not isinstance(query, str):
            return []
        limit = min(limit, _MAX_LIMIT)
        digits = phone_query(query, region)
        if digits is not None:
            return [
                SearchHit(customer_id_of(k), PREFIX) for k in phone_keys(self._db, digits, limit)
            ]
        words = list(dict.fromkeys(w[:MAX_TOKEN] for w in query_words(query)))
        if not words:
            return []
        typo_words = [w for w in words if typo_candidates_key(w)]
        if len(words) > _MAX_TYPO_WORDS:
            typo_words = []
        exact = [exact_clause(w) for w in words]
        prefix = [prefix_clause(w) for w in _implied_prefixes_removed(words)]
        sizes = self._sizes([*exact, *prefix])
        sql, params = tiers_sql(
            [keys_sql(exact, limit, sizes), keys_sql(prefix, 2 * limit, sizes)],
            limit,
            sorted({v for w in typo_words for v in deletion_variants(w)}),
        )
        tiers: tuple[list[int], list[int]] = ([], [])
        vocab: dict[str, set[str]] = {}
        for tier, key, variant, token in self._db.execute_sql(sql, params).fetchall():
            if tier is None:
                vocab.setdefault(variant, set()).add(token)
            else:
                tiers[tier].append(key)
        hits = _Hits(limit)
        hits.take(sorted(tiers[0]), EXACT)
        hits.take(sorted(tiers[1]), PREFIX)
        if not hits.full and typo_words:
            fixes = {w: _fixes(w, vocab) for w in typo_words}
            hits.take(self._typo_keys(words, fixes, limit + len(hits.found), sizes), TYPO)
        return hits.found

    def _sizes(self, clauses: list[Clause]) -> Sizes:
        """How long each clause's list is: PostgreSQL's estimate, and for a long word whose
        prefix list is long, a capped count of its whole tokens (one more round trip)."""
        stats = list_sizes(self._db, SHORT_LIST)
        known = Sizes({c: stats.of(str(c.params[0])) for c in clauses})
        long_words = [c for c in dict.fromkeys(clauses) if c.scan_sql]
        to_count = [c for c in long_words if known.entries[c] >= SHORT_LIST][:MAX_COUNTED]
        if to_count:
            sql, params = counts_sql(to_count)
            for clause, count in zip(
                to_count, self._db.execute_sql(sql, params).fetchone(), strict=True
            ):
                if count < SHORT_LIST:
                    known.entries[clause] = count
                    known.ranged.add(clause)
        return known

    def corrections(self, word: str) -> list[str]:
        """Indexed name tokens one typo away from ``word`` (not ``word`` itself)."""
        if not typo_candidates_key(word):
            return []
        variants = sorted(deletion_variants(word))
        rows = self._db.execute_sql(
            "SELECT variant, token FROM search_typo WHERE variant = ANY(%s)", (variants,)
        ).fetchall()
        vocab: dict[str, set[str]] = {}
        for variant, token in rows:
            vocab.setdefault(variant, set()).add(token)
        return _fixes(word, vocab)

    def _typo_keys(
        self, words: list[str], fixes: dict[str, list[str]], limit: int, sizes: Sizes
    ) -> list[int]:
        """Customers with one typed word one typo from their token and every other word a
        prefix of one (any of the words may be the mistyped one)."""
        statements = []
        for i, word in enumerate(words):
            others = _implied_prefixes_removed([w for j, w in enumerate(words) if j != i])
            # One ordered list per correction, merged: "= ANY(fixes)" would sort them all.
            for fix in fixes.get(word, ()):
                fixed = exact_clause(fix)
                sizes.entries[fixed] = list_sizes(self._db, SHORT_LIST).of(str(fixed.params[0]))
                clauses = [fixed, *(prefix_clause(w) for w in others)]
                statements.append(keys_sql(clauses, limit, sizes))
        if not statements:
            return []
        sql, params = union_sql(statements, limit)
        return [key for (key,) in self._db.execute_sql(sql, params).fetchall()]

    # -- maintenance -------------------------------------------------------------------------

    def count(self) -> int:
        return self._db.execute_sql("SELECT count(*) FROM search_doc").fetchone()[0]

    def check(self) -> list[str]:
        """Differences between the index tables and the documents they were made from."""
        return check_postgres_index(self._db)
