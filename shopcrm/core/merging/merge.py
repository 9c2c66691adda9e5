"""Merging a duplicate customer into the one kept: one owner-only transaction.

Everything of the other customer that :data:`.moves.MOVED` names (visits, notes, loyalty
ledger lines, vouchers) and the tags the kept customer lacks become the kept customer's; the
kept customer's blanks are filled (:mod:`.blanks`); their lots are replayed over the merged
ledger and their balance set to its sums (:mod:`shopcrm.core.loyalty.rebuild`); their visit
statistics and search rank are made from all the visits. The other customer is not deleted:
``merged_into`` names the kept one, they leave the search, and their card says where they
went. ``customer_merge`` records exactly what moved, so :func:`.unmerge.unmerge` can put it
back. Both customers are locked first (PostgreSQL), so two tills merging the same pair, or
logging a visit for one of them meanwhile, wait for each other: the second merge then finds
the duplicate merged already and is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import peewee

from shopcrm.core import audit
from shopcrm.core.errors import NotFoundError, ShopError
from shopcrm.core.loyalty.rebuild import kept_balance, rebuild_balance, rebuild_lots
from shopcrm.core.merging.blanks import apply_filled, blanks_filled
from shopcrm.core.merging.moves import MOVED, ids_of, move, move_tags, tag_ids
from shopcrm.core.merging.recompute import has_stats, hide_from_search, index_customer
from shopcrm.core.merging.record import MergeRecord, MergeView, view_of
from shopcrm.core.owner import OwnerProof, require_owner
from shopcrm.core.staff import known_staff
from shopcrm.core.visits import refresh_customer_stats
from shopcrm.db import write_transaction
from shopcrm.db.merge_model import CustomerMerge
from shopcrm.db.models import Customer, LoyaltyEntry
from shopcrm.db.transactions import lock_customers, transactional


class MergeRefused(ShopError):
    """A merge or its undo that cannot be done, with the reason in one line."""


@dataclass(frozen=True)
class MergePreview:
    """What merging ``other`` into ``keep`` would do, for the confirmation."""

    keep_id: int
    other_id: int
    keep_name: str
    other_name: str
    moves: dict[str, int]
    filled: dict[str, object]
    stamps: int
    points: int

    def to_json(self) -> dict[str, object]:
        return {
            "keep_id": self.keep_id,
            "other_id": self.other_id,
            "keep_name": self.keep_name,
            "other_name": self.other_name,
            "moves": self.moves,
            "filled": self.filled,
            "stamps": self.stamps,
            "points": self.points,
        }


def _pair(keep_id: int, other_id: int) -> tuple[Customer, Customer]:
    """Both customers, locked, or why they cannot be merged."""
    if keep_id == other_id:
        raise MergeRefused("a customer cannot be merged with themselves")
    found = lock_customers([keep_id, other_id])
    for cid in (keep_id, other_id):
        if cid not in found:
            raise NotFoundError(f"no customer with id {cid}")
    keep, other = Customer.get_by_id(keep_id), Customer.get_by_id(other_id)
    for c in (keep, other):
        if c.erased_at is not None:
            raise MergeRefused(f"customer {c.id} was erased: an erased customer is not merged")
        if c.merged_into is not None:
            raise MergeRefused(f"customer {c.id} was merged into customer {c.merged_into} already")
    return keep, other


def _balance_of(customer_id: int) -> tuple[int, int]:
    return kept_balance(customer_id) or (0, 0)


def merge_preview(keep_id: int, other_id: int) -> MergePreview:
    """What :func:`merge_customers` would move and fill (nothing is written); refused as it
    would be."""
    with write_transaction():  # the same checks, under the same locks
        keep, other = _pair(keep_id, other_id)
        moves = {m.table: len(ids_of(m, other_id, keep_id)) for m in MOVED}
        moves["customer_tag"] = len(tag_ids(other_id) - tag_ids(keep_id))
        filled = {k: v[1] for k, v in blanks_filled(keep, other).items()}
        stamps, points = _balance_of(other_id)
        return MergePreview(
            keep.id, other.id, keep.full_name, other.full_name, moves, filled, stamps, points
        )


@transactional
def merge_customers(
    keep_id: int,
    other_id: int,
    *,
    owner: OwnerProof | None = None,
    staff_id: int | None = None,
    now: datetime | None = None,
) -> MergeView:
    """Merge customer ``other_id`` into ``keep_id`` (owner-only; see the module docstring)."""
    now = now or datetime.now(UTC)
    with write_transaction():
        require_owner(owner, "merge customers")
        keep, other = _pair(keep_id, other_id)
        balances = {"keep": kept_balance(keep_id), "other": kept_balance(other_id)}
        record = MergeRecord(
            balances={who: _listed(balance) for who, balance in balances.items()},
            stats=[cid for cid in (keep_id, other_id) if has_stats(cid)],
            ledger_end=LoyaltyEntry.select(peewee.fn.MAX(LoyaltyEntry.id)).scalar() or 0,
        )
        for moved in MOVED:
            ids = ids_of(moved, other_id, keep_id)
            if ids:
                move(moved, ids, other_id, keep_id)
                record.rows[moved.table] = ids
        record.tags = sorted(tag_ids(other_id) - tag_ids(keep_id))
        move_tags(record.tags, other_id, keep_id)
        record.filled = blanks_filled(keep, other)
        apply_filled(keep, record.filled, undo=False)
        who = audit.actor(staff_id, owner)
        keep.updated_at, keep.updated_by_id = now, known_staff(who)
        keep.save()
        if record.rows.get("loyalty_entry"):
            record.lots = rebuild_lots(keep_id)
            rebuild_balance(keep_id)
            rebuild_balance(other_id)
        hide_from_search(other_id)
        Customer.update(merged_into=keep_id).where(Customer.id == other_id).execute()
        refresh_customer_stats(keep_id, now)
        index_customer(keep)
        row = CustomerMerge.create(
            keep=keep_id, other=other_id, merged_at=now, staff=known_staff(who),
            moved=record.to_text(),
        )  # fmt: skip
        audit.record(
            "customer.merge",
            keep_id,
            {"merge": row.id, "other": other_id, "moved": record.counts(), "filled": record.filled},
            staff_id=who,
            now=now,
        )
        return view_of(row)


def _listed(balance: tuple[int, int] | None) -> list[int] | None:
    return None if balance is None else list(balance)
