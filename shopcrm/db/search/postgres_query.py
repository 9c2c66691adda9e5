"""The SQL a search sends to PostgreSQL: as few statements as the tiers allow.

A round trip to the server costs more than reading a posting list's first twenty entries, so
the exact and prefix tiers (and the typo candidates the third tier may need) travel in one
statement, and the typo tier's words in a second one, only when the first left room. Every
tier is a ``SELECT DISTINCT key … ORDER BY key LIMIT n`` over posting lists that the index
returns in key order: PostgreSQL stops after ``n`` entries instead of sorting all matches.
"""

from __future__ import annotations

from collections.abc import Sequence

from shopcrm.db.search.postgres_terms import Clause

#: Words merge-joined through their posting lists; any further word of a (pasted, long)
#: query is checked on the document of each customer the joined words leave.
MAX_JOINED = 3

Statement = tuple[str, list[object]]


def keys_sql(clauses: Sequence[Clause], limit: int) -> Statement:
    """Rank keys of the customers every clause matches, best first, at most ``limit``."""
    ordered = sorted(clauses, key=lambda c: -c.weight)
    joined, checked = ordered[:MAX_JOINED], ordered[MAX_JOINED:]
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
    return sql, [*params, limit]


def tiers_sql(tiers: Sequence[Statement], limit: int, variants: Sequence[str] = ()) -> Statement:
    """One statement for several tiers: rows ``(tier, key, NULL, NULL)`` in each tier's
    order, then ``(NULL, NULL, variant, token)`` for the typo vocabulary's ``variants``. A
    tier is only read while the tiers before it found fewer than ``limit`` customers."""
    ctes: list[str] = []
    parts: list[str] = []
    params: list[object] = []
    for number, (sql, values) in enumerate(tiers):
        ctes.append(f"tier{number} AS MATERIALIZED ({sql})")
        params += values
        select = f"SELECT {number}, key, NULL, NULL FROM tier{number}"
        if number:
            earlier = " + ".join(f"(SELECT count(*) FROM tier{i})" for i in range(number))
            select += f" WHERE {earlier} < %s"
        parts.append(f"({select})")
    params += [limit] * (len(tiers) - 1)
    if variants:
        parts.append("(SELECT NULL, NULL, variant, token FROM search_typo WHERE variant = ANY(%s))")
        params.append(list(variants))
    return f"WITH {', '.join(ctes)} {' UNION ALL '.join(parts)}", params


def union_sql(statements: Sequence[Statement], limit: int) -> Statement:
    """The best ``limit`` keys found by any of ``statements``."""
    parts = [f"({sql})" for sql, _ in statements]
    params = [p for _, values in statements for p in values]
    sql = f"SELECT DISTINCT key FROM ({' UNION ALL '.join(parts)}) AS u ORDER BY key LIMIT %s"
    return sql, [*params, limit]
