"""Which rows follow a customer into the one they are merged into, and moving them.

Every table whose rows belong to one customer and should follow them is one :class:`Moved`
line in :data:`MOVED` (``where`` picks some of them only: ``Moved("followup", where="status =
'open'")`` would leave the closed ones behind; all of a customer's follow-ups move, as their
visits do, since the closed ones are part of the history on the card). A merge
records the ids it moved per table, and its undo moves exactly those back, so a row added to
the kept customer after the merge stays with them.

Tags are not here: a tag link has no id of its own and the kept customer may have the same
tag already (see :func:`move_tags`). Balances and visit statistics are not moved either:
they are sums, made again from the moved rows (:mod:`.recompute`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shopcrm.db import database, placeholders

#: Ids per statement: well under every engine's limit of bound parameters.
_CHUNK = 500


@dataclass(frozen=True)
class Moved:
    """A table with a ``column`` naming the customer a row belongs to (``where``: only the
    rows that hold it, in SQL, when not all of them should move; ``{keep}`` in it stands for
    the kept customer's id)."""

    table: str
    column: str = "customer_id"
    where: str = ""


#: What a merge moves, in this order (and its undo moves back).
MOVED: tuple[Moved, ...] = (
    Moved("visit"),
    Moved("note"),
    Moved("loyalty_entry"),
    Moved("voucher"),
    Moved("followup"),
    Moved("consent_change"),
    # What another system knew of them: moves unless the kept customer has history from the
    # same source already (one per customer and source), which then stands; the other's stays
    # on the merged-away customer and comes back with an undo.
    Moved(
        "imported_history",
        where="source NOT IN"
        " (SELECT h.source FROM imported_history h WHERE h.customer_id = {keep})",
    ),
)


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def ids_of(moved: Moved, customer_id: int, keep_id: int) -> list[int]:
    """The ids of the rows of ``moved.table`` that belong to the customer (and would move
    into ``keep_id``)."""
    p = database.param
    extra = f" AND ({moved.where.format(keep=int(keep_id))})" if moved.where else ""
    rows = database.execute_sql(
        f"SELECT id FROM {moved.table} WHERE {moved.column} = {p}{extra} ORDER BY id",
        (customer_id,),
    )
    return [row_id for (row_id,) in rows]


def still_theirs(moved: Moved, ids: Sequence[int], customer_id: int) -> int:
    """How many of ``ids`` still exist and belong to the customer."""
    found = 0
    for chunk in _chunks(ids):
        p = database.param
        found += database.execute_sql(
            f"SELECT count(*) FROM {moved.table}"
            f" WHERE {moved.column} = {p} AND id IN ({placeholders(len(chunk))})",
            (customer_id, *chunk),
        ).fetchone()[0]
    return found


def move(moved: Moved, ids: Sequence[int], from_id: int, to_id: int) -> int:
    """Give the rows ``ids`` (of ``from_id``) to ``to_id``; how many moved."""
    count = 0
    for chunk in _chunks(ids):
        p = database.param
        cursor = database.execute_sql(
            f"UPDATE {moved.table} SET {moved.column} = {p}"
            f" WHERE {moved.column} = {p} AND id IN ({placeholders(len(chunk))})",
            (to_id, from_id, *chunk),
        )
        count += cursor.rowcount
    return count


def tag_ids(customer_id: int) -> set[int]:
    p = database.param
    rows = database.execute_sql(
        f"SELECT tag_id FROM customer_tag WHERE customer_id = {p}", (customer_id,)
    )
    return {tag for (tag,) in rows}


def move_tags(tags: Sequence[int], from_id: int, to_id: int) -> None:
    """Give the tags to ``to_id``: ``from_id``'s links go, ``to_id`` gets each it lacks."""
    if not tags:
        return
    p = database.param
    have = tag_ids(to_id)
    for chunk in _chunks(list(tags)):
        database.execute_sql(
            f"DELETE FROM customer_tag WHERE customer_id = {p}"
            f" AND tag_id IN ({placeholders(len(chunk))})",
            (from_id, *chunk),
        )
    for tag in tags:
        if tag not in have:
            database.execute_sql(
                f"INSERT INTO customer_tag (customer_id, tag_id) VALUES ({p}, {p})",
                (to_id, tag),
            )
