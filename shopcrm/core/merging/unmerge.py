"""Undoing a merge: every row it moved goes back to the customer merged away, who is back
in the search; balances, lots, visit statistics and ranks are made again for both.

What happened since the merge decides what the undo can do (and it says so in one line when
it cannot, changing nothing):

- Rows added to the kept customer after the merge (a visit, a note, a voucher) stay theirs:
  only the recorded rows move back.
- A ledger line written after the merge for one of the moved visits or lots (a void of a
  moved visit, an expiry of a moved lot) goes back with what it is about.
- Refused: the merge was undone already; the kept customer was merged into somebody else
  since (undo that merge first); either customer was erased since; a moved row was deleted
  or is somebody else's now; and, since balances are never left below zero, the kept
  customer spent since the merge points that came with it (they would owe them).
- A blank the merge filled that was edited since keeps the edit (the undo names it).

With nothing new on the kept customer's ledger, the lots and balances are put back exactly
as the merge found them; otherwise both ledgers are replayed (:mod:`shopcrm.core.loyalty.rebuild`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from shopcrm.core import audit
from shopcrm.core.errors import NotFoundError
from shopcrm.core.loyalty.rebuild import rebuild_balance, rebuild_lots, set_kept_balance
from shopcrm.core.merging.blanks import apply_filled
from shopcrm.core.merging.merge import MergeRefused
from shopcrm.core.merging.moves import MOVED, Moved, move, move_tags, still_theirs
from shopcrm.core.merging.recompute import index_customer, refresh_stats
from shopcrm.core.merging.record import MergeRecord, MergeView, view_of
from shopcrm.core.owner import OwnerProof, require_owner
from shopcrm.core.staff import known_staff
from shopcrm.db import write_transaction
from shopcrm.db.merge_model import CustomerMerge
from shopcrm.db.models import Customer, LoyaltyEntry
from shopcrm.db.rows import tuples
from shopcrm.db.transactions import lock_customers, transactional

_LEDGER = Moved("loyalty_entry")


def _merge_row(merge_id: int) -> CustomerMerge:
    row = CustomerMerge.get_or_none(CustomerMerge.id == merge_id) if 0 < merge_id < 2**63 else None
    if row is None:
        raise NotFoundError(f"no merge with id {merge_id}")
    return row


def _check_customers(row: CustomerMerge) -> tuple[Customer, Customer]:
    lock_customers([row.keep_id, row.other_id])
    keep, other = Customer.get_by_id(row.keep_id), Customer.get_by_id(row.other_id)
    if row.undone_at is not None:
        raise MergeRefused(f"merge {row.id} was undone already")
    if keep.merged_into is not None:
        raise MergeRefused(
            f"customer {keep.id} was merged into customer {keep.merged_into} since:"
            " undo that merge first"
        )
    for c in (keep, other):
        if c.erased_at is not None:
            raise MergeRefused(f"customer {c.id} was erased since the merge: it cannot be undone")
    if other.merged_into != keep.id:
        raise MergeRefused(f"customer {other.id} is not merged into customer {keep.id} any more")
    return keep, other


def _check_rows(record: MergeRecord, keep_id: int) -> None:
    by_table = {m.table: m for m in MOVED}
    for table, ids in record.rows.items():
        moved = by_table.get(table, Moved(table))
        gone = len(ids) - still_theirs(moved, ids, keep_id)
        if gone:
            raise MergeRefused(
                f"{gone} of the {len(ids)} {table.replace('_', ' ')} rows this merge moved"
                f" are no longer customer {keep_id}'s: it cannot be undone"
            )


def _followers(record: MergeRecord, keep_id: int) -> tuple[list[int], bool]:
    """Ledger lines written for the kept customer since the merge that are about moved
    visits or lots (they go back too), and whether any other line was written since."""
    newer = list(
        tuples(
            LoyaltyEntry.select(
                LoyaltyEntry.id, LoyaltyEntry.visit, LoyaltyEntry.reverses, LoyaltyEntry.lot
            )
            .where((LoyaltyEntry.customer == keep_id) & (LoyaltyEntry.id > record.ledger_end))
            .order_by(LoyaltyEntry.id)
        )
    )
    visits, lines = set(record.rows.get("visit", ())), set(record.rows.get("loyalty_entry", ()))
    followers: list[int] = []
    for line_id, visit, reverses, lot in newer:
        if visit in visits or reverses in lines or lot in lines:
            followers.append(line_id)
            lines.add(line_id)
    return followers, len(followers) < len(newer)


def _restore_loyalty(record: MergeRecord, keep_id: int, other_id: int, replay: bool) -> None:
    if not replay:
        for line_id, left in record.lots.items():
            LoyaltyEntry.update(lot_remaining=left).where(LoyaltyEntry.id == line_id).execute()
        set_kept_balance(keep_id, _pair_of(record.balances.get("keep")))
        set_kept_balance(other_id, _pair_of(record.balances.get("other")))
        return
    for cid in (keep_id, other_id):
        rebuild_lots(cid)
        stamps, points = rebuild_balance(cid)
        if stamps < 0 or points < 0:
            raise MergeRefused(
                f"customer {keep_id} has spent since the merge points or stamps that came with"
                " it: the undo would leave a balance below zero"
            )


def _pair_of(value: object) -> tuple[int, int] | None:
    if not isinstance(value, list):
        return None
    return int(value[0]), int(value[1])


@transactional
def unmerge(
    merge_id: int,
    *,
    owner: OwnerProof | None = None,
    staff_id: int | None = None,
    now: datetime | None = None,
) -> MergeView:
    """Undo merge ``merge_id`` (owner-only; see the module docstring)."""
    now = now or datetime.now(UTC)
    with write_transaction():
        require_owner(owner, "undo a merge")
        row = _merge_row(merge_id)
        keep, other = _check_customers(row)
        record = MergeRecord.from_text(row.moved)
        _check_rows(record, keep.id)
        followers, newer = _followers(record, keep.id)
        for moved in MOVED:
            ids = record.rows.get(moved.table, [])
            if moved.table == _LEDGER.table:
                ids = [*ids, *followers]
            move(moved, ids, keep.id, other.id)
        move_tags(record.tags, keep.id, other.id)
        left_alone = apply_filled(keep, record.filled, undo=True)
        who = audit.actor(staff_id, owner)
        keep.updated_at, keep.updated_by_id = now, known_staff(who)
        keep.save()
        if record.rows.get("loyalty_entry"):
            _restore_loyalty(record, keep.id, other.id, replay=newer or bool(followers))
        Customer.update(merged_into=None).where(Customer.id == other.id).execute()
        refresh_stats(keep.id, keep.id in record.stats, now)
        refresh_stats(other.id, other.id in record.stats, now)
        index_customer(keep)
        index_customer(other)
        CustomerMerge.update(undone_at=now, undone_by=known_staff(who)).where(
            CustomerMerge.id == row.id
        ).execute()
        audit.record(
            "customer.unmerge",
            keep.id,
            {
                "merge": row.id,
                "other": other.id,
                "moved_back": record.counts(),
                "followers": followers,
                "left_alone": left_alone,
            },
            staff_id=who,
            now=now,
        )
        return view_of(CustomerMerge.get_by_id(row.id), tuple(left_alone))
