"""A second run in the same month under another rule: who already holds a live voucher.

The regulars run reaches Ann, Ζωή and Bob; a top-spenders run the same month would reach Dan
and Ann, so Ann is the one customer it counts (and leaves out when asked)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import peewee
import pytest

from shopcrm.core import vouchers
from shopcrm.core.errors import ValidationError
from shopcrm.core.vouchers import (
    HAND_PICKED,
    REGULARS,
    TOP_SPENDERS,
    RuleSpec,
    VoucherValue,
    live_voucher_holders,
)
from shopcrm.core.vouchers.holders import month_start
from shopcrm.db.models import VoucherBatch
from tests.core.vouchers.voucher_shop import MONTH, TODAY, make_shop

EXPIRES = TODAY + timedelta(days=40)
REGULARS_RUN = RuleSpec(REGULARS, MONTH, min_visits=4)
TOP_RUN = RuleSpec(TOP_SPENDERS, MONTH, top=2)


@pytest.fixture
def shop(db: peewee.Database) -> dict[str, int]:
    return make_shop()


def draft(spec: RuleSpec, **kwargs: object) -> vouchers.BatchDraft:
    return vouchers.BatchDraft(spec, VoucherValue.amount(500), EXPIRES, **kwargs)  # type: ignore[arg-type]


def test_a_second_run_under_another_rule_counts_who_holds_one(shop) -> None:
    assert live_voucher_holders() == frozenset()
    first = vouchers.issue_batch(draft(REGULARS_RUN))
    assert first.holders == first.holders_left_out == 0
    assert live_voucher_holders() == {shop["ann"], shop["zoe"], shop["bob"]}

    second = vouchers.issue_batch(draft(TOP_RUN))
    assert {v.customer_id for v in second.vouchers} == {shop["dan"], shop["ann"]}
    assert (second.holders, second.holders_left_out) == (1, 0)  # Ann got a second one


def test_the_draft_can_leave_them_out(shop) -> None:
    vouchers.issue_batch(draft(REGULARS_RUN))
    second = vouchers.issue_batch(draft(TOP_RUN, leave_out_holders=True))
    assert [v.customer_id for v in second.vouchers] == [shop["dan"]]
    assert (second.holders, second.holders_left_out) == (0, 1)


def test_only_live_vouchers_of_this_month_count(shop) -> None:
    issued = vouchers.issue_batch(draft(REGULARS_RUN))
    by_customer = {v.customer_id: v.code for v in issued.vouchers}
    vouchers.redeem(by_customer[shop["ann"]])
    vouchers.void_voucher(by_customer[shop["bob"]], "wrong name")
    assert live_voucher_holders() == {shop["zoe"]}  # redeemed and voided ones are not live
    start = month_start(datetime.now(UTC))
    VoucherBatch.update(issued_at=start - timedelta(seconds=1)).execute()
    assert live_voucher_holders() == frozenset()  # issued last month
    VoucherBatch.update(issued_at=start).execute()
    assert live_voucher_holders() == {shop["zoe"]}
    vouchers.void_batch(issued.batch_id, "misprint")
    assert live_voucher_holders() == frozenset()


def test_when_everyone_holds_one_leaving_them_out_issues_nothing(shop) -> None:
    vouchers.issue_batch(draft(TOP_RUN))
    hand = RuleSpec(HAND_PICKED, MONTH, customer_ids=(shop["dan"], shop["ann"]))
    with pytest.raises(ValidationError, match="nobody is left"):
        vouchers.issue_batch(draft(hand, leave_out_holders=True))
    assert VoucherBatch.select().count() == 1
    assert len(vouchers.issue_batch(draft(hand)).vouchers) == 2  # not left out: both again


def test_month_start_is_the_local_first_of_the_month() -> None:
    now = datetime(2026, 3, 17, 9, 30, tzinfo=UTC)
    start = month_start(now).astimezone()
    assert (start.day, start.hour, start.minute) == (1, 0, 0)
    assert start.month == now.astimezone().month
