"""Voiding the vouchers an owner chose, together: one transaction, all of them or none."""

from __future__ import annotations

from datetime import timedelta

import peewee
import pytest

from shopcrm.core import staff, vouchers
from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.progress import WorkCancelled
from shopcrm.core.vouchers import (
    HAND_PICKED,
    IssuedBatch,
    RuleSpec,
    VoucherValue,
    batch_vouchers,
    grouped,
    void_vouchers,
)
from shopcrm.db.models import Customer, Voucher, utcnow
from tests.core.vouchers.voucher_shop import MONTH, TODAY


def _batch(count: int, name: str = "Thanks") -> IssuedBatch:
    """A batch of ``count`` vouchers for as many new customers (inserted in one go)."""
    now = utcnow()
    first = Customer.select(peewee.fn.MAX(Customer.id)).scalar() or 0
    Customer.insert_many(
        [{"first_name": f"Regular {n}", "created_at": now, "updated_at": now} for n in range(count)]
    ).execute()
    ids = tuple(cid for (cid,) in Customer.select(Customer.id).where(Customer.id > first).tuples())
    spec = RuleSpec(HAND_PICKED, MONTH, customer_ids=ids)
    draft = vouchers.BatchDraft(
        rule=spec, value=VoucherValue.amount(500), expires_on=TODAY + timedelta(days=30), name=name
    )
    return vouchers.issue_batch(draft)


def _voided(batch: IssuedBatch) -> int:
    return (
        Voucher.select()
        .where((Voucher.batch == batch.batch_id) & Voucher.voided_at.is_null(False))
        .count()
    )


@pytest.fixture
def batch(db: peewee.Database) -> IssuedBatch:
    return _batch(6)


def test_a_thousand_vouchers_in_one_call(db: peewee.Database) -> None:
    issued = _batch(1_000)
    steps: list[tuple[int, int]] = []
    done = void_vouchers(
        [v.id for v in issued.vouchers],
        "wrong date printed",
        progress=lambda d, t: steps.append((d, t)),
    )
    assert done.count == 1_000
    assert sorted(done.voucher_ids) == sorted(v.id for v in issued.vouchers)
    views = batch_vouchers(issued.batch_id)
    assert {v.status for v in views} == {"voided"}
    assert {v.void_reason for v in views} == {"wrong date printed"}
    assert {v.voided_at for v in views} == {done.voided_at}
    assert steps[0] == (0, 1_000) and steps[-1] == (1_000, 1_000)
    assert [d for d, _t in steps] == sorted(d for d, _t in steps)
    assert vouchers.get_batch(issued.batch_id).voided == 1_000


def test_a_failure_half_way_leaves_nothing_voided(db: peewee.Database) -> None:
    issued = _batch(1_200)
    ids = [v.id for v in issued.vouchers]

    def power_cut(done: int, total: int) -> None:
        if 0 < done < total:  # after the first statement has voided its share
            raise OSError("the till lost power")

    with pytest.raises(OSError, match="lost power"):
        void_vouchers(ids, "wrong date printed", progress=power_cut)
    assert _voided(issued) == 0

    presses: list[int] = []

    def cancel_after_the_first_step() -> bool:
        presses.append(1)
        return len(presses) > 2  # before the first statement, and after it: go on; then stop

    with pytest.raises(WorkCancelled):
        void_vouchers(ids, "wrong date printed", cancelled=cancel_after_the_first_step)
    assert _voided(issued) == 0
    assert {v.status for v in batch_vouchers(issued.batch_id)} == {"valid"}


def test_a_redeemed_one_in_the_selection_refuses_them_all(batch: IssuedBatch) -> None:
    codes = [v.code for v in batch.vouchers]
    vouchers.redeem(codes[2], till="front")
    vouchers.void_voucher(codes[4], "lost in the post")
    with pytest.raises(ValidationError) as refused:
        void_vouchers(codes, "offer withdrawn")
    message = str(refused.value)
    assert "2 of the 6 chosen cannot be voided, so none was" in message
    assert f"redeemed already: {grouped(codes[2])}" in message
    assert f"voided already: {grouped(codes[4])}" in message
    assert grouped(codes[0]) not in message
    assert _voided(batch) == 1  # the one voided before, and no other

    done = void_vouchers([c for n, c in enumerate(codes) if n not in (2, 4)], "offer withdrawn")
    assert done.count == 4
    assert [v.status for v in batch_vouchers(batch.batch_id)] == [
        "voided",
        "voided",
        "redeemed",
        "voided",
        "voided",
        "voided",
    ]


def test_a_single_refusal_says_it_as_the_single_void_does(batch: IssuedBatch) -> None:
    code = batch.vouchers[0].code
    vouchers.redeem(code, till="front")
    with pytest.raises(ValidationError, match="it was redeemed already and cannot be voided"):
        void_vouchers([code], "offer withdrawn")
    vouchers.void_batch(batch.batch_id, "offer withdrawn")
    with pytest.raises(ValidationError, match="it is voided already"):
        void_vouchers([batch.vouchers[1].id], "again")


def test_many_refused_are_named_up_to_five(db: peewee.Database) -> None:
    issued = _batch(12)
    for voucher in issued.vouchers[:8]:
        vouchers.redeem(voucher.code, till="front")
    with pytest.raises(ValidationError) as refused:
        void_vouchers([v.id for v in issued.vouchers], "offer withdrawn")
    assert "8 of the 12 chosen" in str(refused.value)
    assert "and 3 more" in str(refused.value)
    assert _voided(issued) == 0


def test_unknown_vouchers_and_bad_input_change_nothing(batch: IssuedBatch) -> None:
    ids = [v.id for v in batch.vouchers]
    with pytest.raises(NotFoundError, match=f"no voucher 999999, {2**70}; nothing was voided"):
        void_vouchers([*ids, 999_999, 2**70], "offer withdrawn")
    with pytest.raises(ValidationError, match="reason"):
        void_vouchers(ids, "   ")
    with pytest.raises(ValidationError, match="choose the vouchers"):
        void_vouchers([], "offer withdrawn")
    with pytest.raises(vouchers.CodeError):
        void_vouchers([batch.vouchers[0].code, "not a code"], "offer withdrawn")
    left = staff.add_staff("Lee")
    staff.set_active(left.id, False)
    with pytest.raises(ValidationError, match="does not work here"):
        void_vouchers(ids, "offer withdrawn", staff_id=left.id)
    assert _voided(batch) == 0


def test_codes_in_any_form_and_twice_are_voided_once_by_whom(batch: IssuedBatch) -> None:
    owner = staff.add_staff("Olga", "owner")
    first, second = batch.vouchers[0], batch.vouchers[1]
    typed = grouped(first.code).lower().replace("-", " ")
    done = void_vouchers([typed, first.id, second.code, second.code], "x", staff_id=owner.id)
    assert done.voucher_ids == (first.id, second.id)
    assert _voided(batch) == 2
    by = {
        row.id: row.voided_by_id for row in Voucher.select().where(Voucher.id.in_(done.voucher_ids))
    }
    assert by == {first.id: owner.id, second.id: owner.id}
