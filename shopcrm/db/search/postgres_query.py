"""The SQL a search sends to PostgreSQL: how posting lists are combined, in few statements.

A round trip to the server costs more than reading a posting list's first twenty entries, so
the exact and prefix tiers (and the typo candidates the third tier may need) travel in one
statement, and the typo tier's words in a second one, only when the first left room. Every
tier is a ``SELECT DISTINCT key … ORDER BY key LIMIT n`` over posting lists that the index
returns in key order: PostgreSQL stops after ``n`` entries instead of sorting all matches.

How several words' lists meet depends on their lengths (estimated from PostgreSQL's statistics,
see :mod:`postgres_sizes`; a long word's range of whole tokens is counted, capped at
:data:`SHORT_LIST`, when its prefix list is long). A merge join reads
an entry in about 0.2 µs, a probe for one key costs about 4 µs (measured at a million
customers): a list much shorter than the others drives and probes them for each of its keys
(a merge join would read the long list to its end when the two share few customers); lists of
comparable length are merge-joined.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from shopcrm.db.search.postgres_terms import Clause

#: Words joined through their posting lists; any further word of a (pasted, long) query is
#: checked on the document of each customer the joined words leave.
MAX_JOINED = 3
#: A list with fewer entries than this is "short": it may be read whole (and sorted, for a
#: range of whole tokens) or drive probes into the others.
SHORT_LIST = 5000
#: Queries with more words than this are not counted first (a pasted wall of text).
MAX_COUNTED = 8
#: How many times shorter than every other list a list must be to drive probes into them.
PROBE_RATIO = 20

Statement = tuple[str, list[object]]


@dataclass
class Sizes:
    """Estimated list lengths of a query's clauses, and the long words whose (counted)
    range of whole tokens is short enough to read whole."""

    entries: dict[Clause, int] = field(default_factory=dict)
    ranged: set[Clause] = field(default_factory=set)


_NOTHING: Statement = ("SELECT NULL::bigint AS key WHERE false", [])


def counts_sql(clauses: Sequence[Clause]) -> Statement:
    """One row: how many entries each clause's list has, counting no further than
    :data:`SHORT_LIST`."""
    parts: list[str] = []
    params: list[object] = []
    for i, clause in enumerate(clauses):
        sql, values = clause.count_form()
        parts.append(
            f"(SELECT count(*) FROM (SELECT 1 FROM search_term t WHERE"
            f" {sql.replace('{a}', 't')} LIMIT %s) AS c{i})"
        )
        params += [*values, SHORT_LIST]
    return "SELECT " + ", ".join(parts), params


def keys_sql(clauses: Sequence[Clause], limit: int, known: Sizes | None = None) -> Statement:
    """Rank keys of the customers every clause matches, best first, at most ``limit``."""
    known = known or Sizes()
    sizes = [known.entries.get(c, SHORT_LIST) for c in clauses]
    if 0 in sizes:
        return _NOTHING
    ordered = [c for _, _, c in sorted(zip(sizes, range(len(clauses)), clauses, strict=True))]
    driver_size = min(sizes)
    probe = len(sizes) > 1 and driver_size * PROBE_RATIO < sorted(sizes)[1]
    joined, checked = ordered[:MAX_JOINED], ordered[MAX_JOINED:]
    driver, others = joined[0], joined[1:]
    tables = ["search_term t0"]
    from_params: list[object] = []
    if driver in known.ranged:
        where = [driver.scan_sql.replace("{a}", "t0")]
        params: list[object] = list(driver.scan_params)
    else:
        where = [driver.on("t0")]
        params = list(driver.params)
    for i, other in enumerate(others, 1):
        if probe:
            # Probe the other lists for each key of the short one (LIMIT 1 keeps it a per-key
            # index look-up: the planner cannot turn it back into a merge join).
            tables.append(
                f"CROSS JOIN LATERAL (SELECT 1 FROM search_term t{i} WHERE {other.on(f't{i}')}"
                f" AND t{i}.key = t0.key LIMIT 1) AS p{i}"
            )
            from_params += other.params
        else:
            tables.append(f"JOIN search_term t{i} ON t{i}.key = t0.key")
            where.append(other.on(f"t{i}"))
            params += other.params
    params = from_params + params
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
