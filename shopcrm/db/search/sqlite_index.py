"""The customer search index on SQLite: FTS5 over Python-folded tokens, rowids in rank order.

Layout (created by migration 0002, grown by 0006 and 0007):

- ``search_doc``: one row per customer, ``key`` = rank bucket then customer id (see
  :func:`document.rank_key`), and the folded text the FTS tables index (they use it as their
  external content, so ``rebuild`` and ``integrity-check`` work);
- ``search_words``: FTS5 over name and email tokens with prefix indexes for 1-8 letters;
- ``search_phone``: FTS5 trigram index over phone digits (any run of 3+ digits);
- ``search_phone_suffix``: a B-tree of every suffix of every phone digit form (see
  :mod:`.phone_tiers`);
- ``search_vocab`` / ``search_typo``: distinct name tokens and their one-letter deletions, for
  one-typo matching.

Because the FTS rowid *is* the rank, ``ORDER BY rowid LIMIT n`` returns the best matches
without sorting every match: a one-letter prefix at a million customers costs the same as a
rare name.

Writing: every transaction that writes to an FTS5 table adds a small segment to it, and FTS5
merges segments as they pile up. By default (``automerge``) that merge work runs inside the
writing commit, 64 pages per level for every 64 pages written: a visit that moved a customer's
rank wrote 700 pages now and then, the slowest commits at the counter. Since schema 6 the
tables do not merge in commits (``automerge`` 0, see :func:`set_automerge`): bulk loads
(:meth:`SqliteSearchIndex.put_many`) still merge as they go, the window merges a little at a
time when the till is idle (:func:`merge_step`, from :mod:`shopcrm.db.checkpoints`), and FTS5
merges a level in the commit only once it holds ``crisismerge`` (16) segments.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Sequence

import peewee

from shopcrm.db.search.document import SearchDocument, customer_id_of, rank_key, rank_of_key
from shopcrm.db.search.folding import MAX_TOKEN, query_words
from shopcrm.db.search.hits import EXACT, PREFIX, TYPO, SearchHit
from shopcrm.db.search.phone_tiers import suffix_rows
from shopcrm.db.search.phones import anchored, phone_query
from shopcrm.db.search.sqlite_phone import add_suffixes, drop_suffixes, phone_keys
from shopcrm.db.search.sqlite_prefix import INDEXED_PREFIX, checked_keys, prefix_term, quoted
from shopcrm.db.search.typos import deletion_variants, typo_candidates_key, within_one_typo
from shopcrm.db.storage_errors import StorageError, StorageKind

#: A query with more distinct words than this cannot be typed at a counter; only the exact and
#: prefix tiers run for it (still correct, just no typo correction).
_MAX_TYPO_WORDS = 4
#: The FTS5 tables of the index, which segment merging is about.
FTS_TABLES = ("search_words", "search_phone")
#: FTS5's default ``automerge``: merge a level once it holds this many segments.
BULK_AUTOMERGE = 4
#: Pages one idle merge step writes per table: a few milliseconds that a till's commit might
#: wait for, should it come just then.
MERGE_STEP_PAGES = 64


def _implied_prefixes_removed(words: Sequence[str]) -> list[str]:
    """Drop words that are a prefix of another query word: they match whenever it does."""
    # In sorted order, a word that is a prefix of another is a prefix of the word right after
    # it, so this stays O(n log n) for a pasted wall of text (not O(n^2)).
    ordered = sorted(set(words))
    implied = {w for w, nxt in itertools.pairwise(ordered) if nxt.startswith(w)}
    return [w for w in words if w not in implied]


def set_automerge(db: peewee.SqliteDatabase, segments: int) -> None:
    """FTS5's ``automerge`` for both tables (part of the caller's transaction): 0 keeps
    merge work out of the commits that write to the index."""
    for table in FTS_TABLES:
        db.execute_sql(
            f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', ?)", (int(segments),)
        )


def merge_step(connection: sqlite3.Connection, pages: int = MERGE_STEP_PAGES) -> bool:
    """Merge about ``pages`` pages of each FTS table's segments, in one short transaction on
    the caller's own connection (the window's background thread); True when there was work
    (FTS5 changes at least two rows when it merged), so a caller can stop asking once the
    index is tidy. Raises :class:`sqlite3.OperationalError` when another connection is
    writing: the caller tries again when the till is idle."""
    worked = False
    with connection:
        for table in FTS_TABLES:
            before = connection.total_changes
            connection.execute(
                f"INSERT INTO {table} ({table}, rank) VALUES ('merge', ?)", (int(pages),)
            )
            worked = worked or connection.total_changes - before >= 2
    return worked


class SqliteSearchIndex:
    """Search index for one SQLite database (all writes run inside the caller's transaction)."""

    def __init__(self, db: peewee.SqliteDatabase) -> None:
        self._db = db

    # -- writing -----------------------------------------------------------------------------

    def put(self, doc: SearchDocument) -> None:
        """Index a customer, replacing what was indexed for it before."""
        old = self._db.execute_sql(
            "SELECT key, words, phone, name_words FROM search_doc WHERE customer_id = ?",
            (doc.customer_id,),
        ).fetchone()
        words, names, phone = " ".join(doc.words), " ".join(doc.name_words), anchored(doc.phone)
        if old is not None:
            if tuple(old) == (doc.key, words, phone, names):
                return
            self._delete_row(*old)
        self._insert_row(doc.key, doc.customer_id, words, phone, names)

    def put_many(self, docs: Iterable[SearchDocument]) -> None:
        """Index many customers that are not indexed yet (bulk loading, e.g. the demo shop).

        Nobody waits at the counter for a bulk load, so it merges: first what earlier commits
        left unmerged (about a level's worth of pages for each page this load writes, the
        rate of FTS5's own ``automerge``), then, with ``automerge`` on while it loads, the
        segments FTS5 writes out as its memory fills. The load's last segment is written at
        the commit, unmerged: the next load or the idle merging takes it."""
        rows = [
            (d.key, d.customer_id, " ".join(d.words), anchored(d.phone), " ".join(d.name_words))
            for d in docs
        ]
        for table in FTS_TABLES:
            self._db.execute_sql(
                f"INSERT INTO {table} ({table}, rank) VALUES ('merge', ?)",
                (max(MERGE_STEP_PAGES, len(rows) // 8),),
            )
        set_automerge(self._db, BULK_AUTOMERGE)
        try:
            self._insert_many(rows)
        finally:
            set_automerge(self._db, 0)

    def _insert_many(self, rows: list[tuple[int, int, str, str, str]]) -> None:
        rows.sort()
        cursor = self._db.cursor()
        cursor.executemany(
            "INSERT INTO search_doc (key, customer_id, words, phone, name_words)"
            " VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        cursor.executemany(
            "INSERT INTO search_words (rowid, words) VALUES (?, ?)", [(r[0], r[2]) for r in rows]
        )
        cursor.executemany(
            "INSERT INTO search_phone (rowid, phone) VALUES (?, ?)", [(r[0], r[3]) for r in rows]
        )
        add_suffixes(cursor, sorted(s for r in rows for s in suffix_rows(r[0], r[3])))
        counts: dict[str, int] = {}
        for r in rows:
            for token in r[4].split():
                counts[token] = counts.get(token, 0) + 1
        self._add_vocab(counts)

    def rerank(self, customer_id: int, rank: int) -> bool:
        """Move a customer to another rank bucket without re-folding its text; False when the
        customer was already there (the common case: nothing is written)."""
        old = self._db.execute_sql(
            "SELECT key, words, phone, name_words FROM search_doc WHERE customer_id = ?",
            (customer_id,),
        ).fetchone()
        if old is None:
            return False
        key = rank_key(rank, customer_id)
        if key == old[0]:
            return False
        self._delete_row(*old)
        self._insert_row(key, customer_id, old[1], old[2], old[3])
        return True

    def rank_of(self, customer_id: int) -> int | None:
        row = self._db.execute_sql(
            "SELECT key FROM search_doc WHERE customer_id = ?", (customer_id,)
        ).fetchone()
        return None if row is None else rank_of_key(row[0])

    def remove(self, customer_id: int) -> None:
        old = self._db.execute_sql(
            "SELECT key, words, phone, name_words FROM search_doc WHERE customer_id = ?",
            (customer_id,),
        ).fetchone()
        if old is not None:
            self._delete_row(*old)

    def _insert_row(self, key: int, customer_id: int, words: str, phone: str, names: str) -> None:
        ex = self._db.execute_sql
        ex(
            "INSERT INTO search_doc (key, customer_id, words, phone, name_words)"
            " VALUES (?, ?, ?, ?, ?)",
            (key, customer_id, words, phone, names),
        )
        ex("INSERT INTO search_words (rowid, words) VALUES (?, ?)", (key, words))
        ex("INSERT INTO search_phone (rowid, phone) VALUES (?, ?)", (key, phone))
        add_suffixes(self._db.cursor(), suffix_rows(key, phone))
        self._add_vocab(dict.fromkeys(names.split(), 1))

    def _delete_row(self, key: int, words: str, phone: str, names: str) -> None:
        ex = self._db.execute_sql
        ex(
            "INSERT INTO search_words (search_words, rowid, words) VALUES ('delete', ?, ?)",
            (key, words),
        )
        ex(
            "INSERT INTO search_phone (search_phone, rowid, phone) VALUES ('delete', ?, ?)",
            (key, phone),
        )
        ex("DELETE FROM search_doc WHERE key = ?", (key,))
        drop_suffixes(self._db.cursor(), suffix_rows(key, phone))
        self._drop_vocab(names.split())

    def _add_vocab(self, counts: dict[str, int]) -> None:
        if not counts:
            return
        cursor = self._db.cursor()
        known: set[str] = set()
        tokens = list(counts)
        for start in range(0, len(tokens), 500):
            chunk = tokens[start : start + 500]
            marks = ",".join("?" * len(chunk))
            known.update(
                row[0]
                for row in cursor.execute(
                    f"SELECT token FROM search_vocab WHERE token IN ({marks})", chunk
                )
            )
        cursor.executemany(
            "UPDATE search_vocab SET refs = refs + ? WHERE token = ?",
            [(counts[t], t) for t in tokens if t in known],
        )
        new = [t for t in tokens if t not in known]
        cursor.executemany(
            "INSERT INTO search_vocab (token, refs) VALUES (?, ?)", [(t, counts[t]) for t in new]
        )
        cursor.executemany(
            "INSERT OR IGNORE INTO search_typo (variant, token) VALUES (?, ?)",
            [(v, t) for t in new for v in deletion_variants(t)],
        )

    def _drop_vocab(self, tokens: list[str]) -> None:
        ex = self._db.execute_sql
        for token in tokens:
            ex("UPDATE search_vocab SET refs = refs - 1 WHERE token = ?", (token,))
            row = ex("SELECT refs FROM search_vocab WHERE token = ?", (token,)).fetchone()
            if row is not None and row[0] <= 0:
                ex("DELETE FROM search_vocab WHERE token = ?", (token,))
                ex("DELETE FROM search_typo WHERE token = ?", (token,))

    # -- searching ---------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20, region: str = "") -> list[SearchHit]:
        """Customers matching ``query`` in the order the package docstring promises."""
        if limit <= 0 or not isinstance(query, str):
            return []
        digits = phone_query(query, region)
        if digits is not None:
            return self._search_phone(digits, limit)
        # Index tokens are cut at MAX_TOKEN letters, so a longer typed word (a whole email
        # address, a long compound name) is cut the same way rather than matching nothing.
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

        take(self._match(" ".join(map(quoted, words)), limit), EXACT)
        if len(hits) < limit:
            prefix_words = _implied_prefixes_removed(words)
            expr = " ".join(prefix_term(w, cut=False) for w in prefix_words)
            take(self._match(expr, limit + len(hits), prefix_words), PREFIX)
        if len(hits) < limit and len(words) <= _MAX_TYPO_WORDS:
            take(self._typo_keys(words, limit + len(hits)), TYPO)
        return hits

    def _match(self, expr: str, limit: int, prefixes: Sequence[str] = ()) -> list[int]:
        """Keys matching ``expr`` in rank order; ``prefixes``: the words ``expr`` has as
        prefix terms, where those longer than a prefix index may be looked up by their start
        (see :mod:`.sqlite_prefix`)."""
        long = [w for w in prefixes if len(w) > INDEXED_PREFIX]
        if long:
            cut = expr
            for w in long:
                cut = cut.replace(prefix_term(w, cut=False), prefix_term(w), 1)
            checked = checked_keys(self._db, cut, long, limit)
            if checked is not None:
                return checked
        try:
            rows = self._db.execute_sql(
                "SELECT rowid FROM search_words WHERE search_words MATCH ? ORDER BY rowid LIMIT ?",
                (expr, limit),
            ).fetchall()
        except (sqlite3.OperationalError, peewee.OperationalError):
            # Only reachable if SQLite's Unicode tables split a token Python kept whole; such a
            # word cannot match anything we indexed, so the honest answer is "no match".
            return []
        return [r[0] for r in rows]

    def _search_phone(self, digits: str, limit: int) -> list[SearchHit]:
        return [SearchHit(customer_id_of(k), PREFIX) for k in phone_keys(self._db, digits, limit)]

    def corrections(self, word: str) -> list[str]:
        """Indexed name tokens one typo away from ``word`` (not ``word`` itself)."""
        if not typo_candidates_key(word):
            return []
        variants = sorted(deletion_variants(word))
        marks = ",".join("?" * len(variants))
        rows = self._db.execute_sql(
            f"SELECT DISTINCT token FROM search_typo WHERE variant IN ({marks})", variants
        ).fetchall()
        return sorted(t for (t,) in rows if t != word and within_one_typo(word, t))

    def _typo_keys(self, words: list[str], limit: int) -> list[int]:
        keys: set[int] = set()
        for i, word in enumerate(words):
            fixes = self.corrections(word)
            if not fixes:
                continue
            others = _implied_prefixes_removed([w for j, w in enumerate(words) if j != i])
            alternatives = " OR ".join(map(quoted, fixes))
            # FTS5 has no implicit AND after a parenthesised group: spell it out.
            expr = " AND ".join([f"({alternatives})", *(prefix_term(w, cut=False) for w in others)])
            keys.update(self._match(expr, limit, others))
        return sorted(keys)[:limit]

    # -- maintenance -------------------------------------------------------------------------

    def count(self) -> int:
        return self._db.execute_sql("SELECT count(*) FROM search_doc").fetchone()[0]

    def check(self) -> list[str]:
        """Problems found by FTS5's own integrity checks (empty when the index is sound)."""
        problems = []
        for table in ("search_words", "search_phone"):
            try:
                self._db.execute_sql(
                    f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"
                )
            except StorageError as exc:
                if exc.kind is not StorageKind.CORRUPT:
                    raise
                problems.append(f"{table}: {exc.detail}")
            except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
                problems.append(f"{table}: {exc}")
        return problems
