"""tantivy (the Rust search engine) over the same folded names, as the benchmark's reference.

Optional: ``pip install shopcrm[bench]`` brings it; without it :func:`load` returns None and the
benchmark says the reference was skipped. The reference answers name queries the way ours does
(whole words, then every word as a prefix, then one typo in one word, the other words as
prefixes), each tier a top-20 by the same rank key, so the comparison is of engines, not of
rules. Phone queries have no reference (tantivy has no substring index over digits).
"""

from __future__ import annotations

import importlib.util
import tempfile
import time
from typing import Any

from shopcrm.db.search.folding import MAX_TOKEN, phone_query_digits, query_words
from shopcrm.db.search.typos import typo_candidates_key


def available() -> bool:
    return importlib.util.find_spec("tantivy") is not None


class TantivyReference:
    def __init__(self, tantivy: Any, index: Any, folder: tempfile.TemporaryDirectory) -> None:
        self._t = tantivy
        self._index = index
        self._folder = folder
        self._schema = index.schema
        self.searcher = index.searcher()

    def _top(self, query: Any, limit: int) -> list[int]:
        result = self.searcher.search(
            query, limit, count=False, order_by_field="key", order=self._t.Order.Asc
        )
        return [key for key, _ in result.hits]

    def _all(self, queries: list[Any]) -> Any:
        if len(queries) == 1:
            return queries[0]
        return self._t.Query.boolean_query([(self._t.Occur.Must, q) for q in queries])

    def _term(self, word: str) -> Any:
        return self._t.Query.term_query(self._schema, "words", word)

    def _prefix(self, word: str) -> Any:
        # A regex of the escaped word then anything: tantivy walks its term dictionary (an FST)
        # for the prefix, as its own prefix queries do.
        escaped = "".join("\\" + c if not c.isalnum() else c for c in word)
        return self._t.Query.regex_query(self._schema, "words", escaped + ".*")

    def search(self, text: str, limit: int = 20) -> list[int]:
        if phone_query_digits(text) is not None:
            return []
        words = list(dict.fromkeys(w[:MAX_TOKEN] for w in query_words(text)))
        if not words:
            return []
        exact = self._all([self._term(w) for w in words])
        keys: dict[int, None] = dict.fromkeys(self._top(exact, limit))
        if len(keys) < limit:
            prefixed = self._all(list(map(self._prefix, words)))
            keys.update(dict.fromkeys(self._top(prefixed, limit + len(keys))))
        if len(keys) < limit and len(words) <= 4:
            for i, word in enumerate(words):
                if not typo_candidates_key(word):
                    continue
                fuzzy = self._t.Query.fuzzy_term_query(self._schema, "words", word, 1, True)
                others = [self._prefix(w) for j, w in enumerate(words) if j != i]
                keys.update(dict.fromkeys(self._top(self._all([fuzzy, *others]), limit)))
        return list(keys)[:limit]


def load(db: Any) -> tuple[TantivyReference, float, int] | None:
    """The reference over every indexed customer's words, the seconds it took to build and its
    size in bytes; None when tantivy is not installed."""
    if not available():
        return None
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("words", tokenizer_name="whitespace", index_option="basic")
    builder.add_integer_field("key", fast=True)
    schema = builder.build()
    folder = tempfile.TemporaryDirectory(prefix="shopcrm-tantivy-")
    index = tantivy.Index(schema, path=folder.name)
    start = time.perf_counter()
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    for key, words in db.execute_sql("SELECT key, words FROM search_doc ORDER BY key"):
        writer.add_document(tantivy.Document(words=words, key=key))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    took = time.perf_counter() - start
    from pathlib import Path

    size = sum(p.stat().st_size for p in Path(folder.name).rglob("*") if p.is_file())
    return TantivyReference(tantivy, index, folder), took, size
