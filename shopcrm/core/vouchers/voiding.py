"""Voiding a voucher, a chosen set of them, or a whole batch (owner): each stays on record,
and can no longer be redeemed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from shopcrm.core import audit
from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.owner import OwnerProof, require_owner
from shopcrm.core.progress import CancelCheck, Progress, stop_if_cancelled
from shopcrm.core.staff import known_staff
from shopcrm.core.validation import MAX_REASON, checked_text
from shopcrm.core.vouchers.codes import grouped, parse
from shopcrm.core.vouchers.lookup import get_batch, get_voucher
from shopcrm.core.vouchers.views import REDEEMED, VOIDED, BatchSummary, VoucherView
from shopcrm.db import write_transaction
from shopcrm.db.models import Voucher, VoucherBatch
from shopcrm.db.rows import tuples
from shopcrm.db.transactions import transactional

#: Ids per statement: well under every SQLite build's limit of bound variables, and small
#: enough that progress moves and Cancel is heard often.
_CHUNK = 500
#: How many codes a refusal names before it says "and N more".
_NAMED = 5


def _clean_reason(reason: str) -> str:
    return checked_text("reason", reason, limit=MAX_REASON, required="say why it is voided")


@transactional
def void_voucher(
    code_or_id: str | int,
    reason: str,
    *,
    staff_id: int | None = None,
    owner: OwnerProof | None = None,
) -> VoucherView:
    """Void one voucher that has not been redeemed (owner)."""
    reason = _clean_reason(reason)
    with write_transaction():
        require_owner(owner, "void vouchers")
        known_staff(staff_id)
        voucher = get_voucher(code_or_id)
        if voucher.status == REDEEMED:
            raise ValidationError({"voucher": "it was redeemed already and cannot be voided"})
        if voucher.status == VOIDED:
            raise ValidationError({"voucher": "it is voided already"})
        changed = (
            Voucher.update(voided_at=datetime.now(UTC), voided_by=staff_id, void_reason=reason)
            .where(
                (Voucher.id == voucher.id)
                & Voucher.redeemed_at.is_null()
                & Voucher.voided_at.is_null()
            )
            .execute()
        )
        if changed != 1:  # another till redeemed (or voided) it since it was read
            _refuse_done(_states([voucher.id], []), 1)
        change = {"voided": audit.change(False, True), "reason": reason}
        audit.record("voucher.void", voucher.code, change, staff_id=audit.actor(staff_id, owner))
        return get_voucher(voucher.id)


@transactional
def void_batch(
    batch_id: int, reason: str, *, staff_id: int | None = None, owner: OwnerProof | None = None
) -> BatchSummary:
    """Void a whole batch (owner): its vouchers not yet redeemed can no longer be."""
    reason = _clean_reason(reason)
    with write_transaction():
        require_owner(owner, "void a voucher batch")
        known_staff(staff_id)
        batch = VoucherBatch.get_or_none(VoucherBatch.id == batch_id)
        if batch is None:
            raise NotFoundError(f"no voucher batch {batch_id}")
        if batch.voided_at is not None:
            raise ValidationError({"batch": "it is voided already"})
        changed = (
            VoucherBatch.update(voided_at=datetime.now(UTC), voided_by=staff_id, void_reason=reason)
            .where((VoucherBatch.id == batch_id) & VoucherBatch.voided_at.is_null())
            .execute()
        )
        if changed != 1:  # another owner voided it since it was read
            raise ValidationError({"batch": "it is voided already"})
        change = {"voided": audit.change(False, True), "reason": reason}
        who = audit.actor(staff_id, owner)
        audit.record("voucher.void", f"batch {batch_id}", change, staff_id=who)
        return get_batch(batch_id)


@dataclass(frozen=True)
class VoidedVouchers:
    """What :func:`void_vouchers` did. Not a view per voucher: the window reads its batch
    again anyway, and 9,000 views would cost as much again as the voiding itself."""

    voucher_ids: tuple[int, ...]
    voided_at: datetime
    reason: str

    @property
    def count(self) -> int:
        return len(self.voucher_ids)


@transactional
def void_vouchers(
    codes_or_ids: Iterable[str | int],
    reason: str,
    *,
    staff_id: int | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    owner: OwnerProof | None = None,
) -> VoidedVouchers:
    """Void the chosen vouchers together (owner), in one transaction: all of them or none.

    A voucher redeemed or voided meanwhile (at another till, or by a batch void) is refused
    with the others, naming how many and which, rather than skipped: the owner confirmed
    "void these N", and what is done must be what was confirmed. The window then shows the
    vouchers as they now are, and voiding the rest again is one click. A voucher that is
    not there (a code mistyped, an id gone) is refused the same way.
    """
    reason = _clean_reason(reason)
    wanted = list(dict.fromkeys(codes_or_ids))  # the same voucher twice is voided once
    if not wanted:
        raise ValidationError({"vouchers": "choose the vouchers to void"})
    codes = {item: parse(item) for item in wanted if isinstance(item, str)}
    ids = [item for item in wanted if isinstance(item, int)]
    with write_transaction():
        require_owner(owner, "void vouchers")
        known_staff(staff_id)
        rows = _states(ids, list(codes.values()))
        _refuse_missing(wanted, codes, rows)
        now, chosen = datetime.now(UTC), tuple(sorted({row[0] for row in rows}))
        _refuse_done(rows, len(chosen))
        if progress is not None:
            progress(0, len(chosen))
        stop_if_cancelled(cancelled)
        for start in range(0, len(chosen), _CHUNK):
            chunk = chosen[start : start + _CHUNK]
            changed = (
                Voucher.update(voided_at=now, voided_by=staff_id, void_reason=reason)
                .where(
                    Voucher.id.in_(chunk)
                    & Voucher.redeemed_at.is_null()
                    & Voucher.voided_at.is_null()
                )
                .execute()
            )
            if changed != len(chunk):  # redeemed at another till since they were read
                _refuse_done(_states(chunk, []), len(chosen))
            if progress is not None:
                progress(start + len(chunk), len(chosen))
            stop_if_cancelled(cancelled)
        change = {"vouchers": list(chosen), "count": len(chosen), "reason": reason}
        who = audit.actor(staff_id, owner)
        audit.record("voucher.void", f"{len(chosen)} vouchers", change, staff_id=who, now=now)
        return VoidedVouchers(chosen, now, reason)


#: (id, code, redeemed, voided) of one voucher, as :func:`_states` reads it.
_State = tuple[int, str, bool, bool]


def _states(ids: Sequence[int], codes: Sequence[str]) -> list[_State]:
    """Each asked voucher's id, code and whether it was redeemed or voided (itself or with
    its batch), read inside the voiding's transaction so nothing changes under it."""
    found: list[_State] = []
    for column, keys in ((Voucher.id, [i for i in ids if 0 < i < 2**63]), (Voucher.code, codes)):
        for start in range(0, len(keys), _CHUNK):
            query = (
                Voucher.select(
                    Voucher.id,
                    Voucher.code,
                    Voucher.redeemed_at,
                    Voucher.voided_at,
                    VoucherBatch.voided_at,
                )
                .join(VoucherBatch)
                .where(column.in_(keys[start : start + _CHUNK]))
            )
            found += [
                (vid, code, redeemed is not None, voided is not None or batch_voided is not None)
                for vid, code, redeemed, voided, batch_voided in tuples(query)
            ]
    return list(dict.fromkeys(found))  # a voucher asked by id and by code, once


def _named(items: Sequence[str]) -> str:
    shown = ", ".join(items[:_NAMED])
    return shown + (f" and {len(items) - _NAMED} more" if len(items) > _NAMED else "")


def _refuse_missing(wanted: list[str | int], codes: dict[str, str], rows: list[_State]) -> None:
    ids, found_codes = {row[0] for row in rows}, {row[1] for row in rows}
    missing = [
        str(item)
        for item in wanted
        if (codes[item] not in found_codes if isinstance(item, str) else item not in ids)
    ]
    if missing:
        raise NotFoundError(f"no voucher {_named(missing)}; nothing was voided")


def _refuse_done(rows: list[_State], asked: int) -> None:
    """Refuse the lot when any was redeemed or voided already, saying which."""
    redeemed = [grouped(code) for _id, code, was_redeemed, _voided in rows if was_redeemed]
    voided = [
        grouped(code)
        for _id, code, was_redeemed, was_voided in rows
        if was_voided and not was_redeemed
    ]
    if not redeemed and not voided:
        return
    if asked == 1:  # the words of the single void, as the card and the command line say them
        single = (
            "it was redeemed already and cannot be voided" if redeemed else "it is voided already"
        )
        raise ValidationError({"voucher": single})
    parts = []
    if redeemed:
        parts.append(f"redeemed already: {_named(redeemed)}")
    if voided:
        parts.append(f"voided already: {_named(voided)}")
    count = len(redeemed) + len(voided)
    raise ValidationError(
        {
            "vouchers": f"{count} of the {asked} chosen cannot be voided, so none was"
            f" ({'; '.join(parts)})"
        }
    )
