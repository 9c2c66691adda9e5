"""What a merge wrote down about itself (``customer_merge.moved``), and merges as the card
and the command line show them.

The record is JSON, one object:

- ``rows``: ``{table: [ids]}`` of the rows moved to the kept customer (see :mod:`.moves`);
- ``tags``: the tag ids the kept customer took over;
- ``filled``: ``{field: [kept customer's value before, value taken]}`` (see :mod:`.blanks`);
- ``lots``: ``{ledger line id: points left before}`` of the lots the merged ledger changed;
- ``balances``: each customer's kept ``[stamps, points]`` before (null: no row);
- ``stats``: which of the two had a visit statistics row;
- ``ledger_end``: the newest ledger line id at the merge: a kept customer's line above it
  was written after the merge.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from shopcrm.core.merging.moves import MOVED
from shopcrm.db.merge_model import CustomerMerge
from shopcrm.db.models import Customer

_TABLES = {m.table for m in MOVED}


@dataclass
class MergeRecord:
    rows: dict[str, list[int]] = field(default_factory=dict)
    tags: list[int] = field(default_factory=list)
    filled: dict[str, list[object]] = field(default_factory=dict)
    lots: dict[int, int] = field(default_factory=dict)
    balances: dict[str, list[int] | None] = field(default_factory=dict)
    stats: list[int] = field(default_factory=list)
    ledger_end: int = 0

    def to_text(self) -> str:
        data = {
            "rows": self.rows,
            "tags": self.tags,
            "filled": self.filled,
            "lots": {str(k): v for k, v in self.lots.items()},
            "balances": self.balances,
            "stats": self.stats,
            "ledger_end": self.ledger_end,
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_text(cls, text: str) -> MergeRecord:
        data = json.loads(text or "{}")
        return cls(
            rows={str(k): [int(i) for i in v] for k, v in data.get("rows", {}).items()},
            tags=[int(t) for t in data.get("tags", [])],
            filled=dict(data.get("filled", {})),
            lots={int(k): int(v) for k, v in data.get("lots", {}).items()},
            balances=dict(data.get("balances", {})),
            stats=[int(c) for c in data.get("stats", [])],
            ledger_end=int(data.get("ledger_end", 0)),
        )

    def counts(self) -> dict[str, int]:
        """How many rows of each kind moved (every table that moves, tags included)."""
        tables = [m.table for m in MOVED] + [t for t in self.rows if t not in _TABLES]
        moved = {table: len(self.rows.get(table, ())) for table in tables}
        return {**moved, "customer_tag": len(self.tags)}


@dataclass(frozen=True)
class MergeView:
    """One merge: who was kept, who was merged into them, when, what moved, and whether it
    has been undone."""

    id: int
    keep_id: int
    other_id: int
    other_name: str
    merged_at: datetime
    moved: dict[str, int]
    filled: tuple[str, ...]
    undone_at: datetime | None = None
    kept_as_changed: tuple[str, ...] = ()  # an undo: filled fields edited since, left alone

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "keep_id": self.keep_id,
            "other_id": self.other_id,
            "other_name": self.other_name,
            "merged_at": self.merged_at.isoformat(),
            "moved": self.moved,
            "filled": list(self.filled),
            "undone_at": self.undone_at.isoformat() if self.undone_at else None,
            "kept_as_changed": list(self.kept_as_changed),
        }


def view_of(row: CustomerMerge, kept_as_changed: tuple[str, ...] = ()) -> MergeView:
    record = MergeRecord.from_text(row.moved)
    other = Customer.get_by_id(row.other_id)
    return MergeView(
        id=row.id,
        keep_id=row.keep_id,
        other_id=row.other_id,
        other_name=other.full_name,
        merged_at=row.merged_at,
        moved=record.counts(),
        filled=tuple(record.filled),
        undone_at=row.undone_at,
        kept_as_changed=kept_as_changed,
    )


def merges_into(customer_id: int) -> list[MergeView]:
    """The merges that kept this customer, newest first (undone ones too)."""
    rows = (
        CustomerMerge.select()
        .where(CustomerMerge.keep == customer_id)
        .order_by(CustomerMerge.id.desc())
    )
    return [view_of(row) for row in rows]


def merged_into(customer_id: int) -> tuple[int, str] | None:
    """(id, name) of the customer this one was merged into; None when it was not."""
    row = Customer.get_or_none(Customer.id == customer_id)
    if row is None or row.merged_into is None:
        return None
    kept = Customer.get_or_none(Customer.id == row.merged_into)
    return (row.merged_into, kept.full_name if kept else "")


#: What an erased customer's values in a merge record become (as in the audit log).
ERASED = "[erased]"


def scrub_merges(customer_id: int) -> int:
    """Inside an erasure's transaction: the values a merge filled in from or into the erased
    customer (an email, a phone) replaced in its record, so nothing of the person stays in
    the file; the ids of the rows it moved stay. How many records changed. (Such a merge can
    no longer be undone: :func:`.unmerge.unmerge` refuses erased customers.)"""
    about = (CustomerMerge.keep == customer_id) | (CustomerMerge.other == customer_id)
    changed = 0
    for row in CustomerMerge.select().where(about):
        record = MergeRecord.from_text(row.moved)
        scrubbed = {
            name: [ERASED if isinstance(v, str) and v else v for v in values]
            for name, values in record.filled.items()
        }
        if scrubbed != record.filled:
            record.filled = scrubbed
            CustomerMerge.update(moved=record.to_text()).where(CustomerMerge.id == row.id).execute()
            changed += 1
    return changed
