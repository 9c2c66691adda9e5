"""Voucher runs: who each rule picks, issuing in one transaction, duplicates, voiding, counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import peewee
import pytest

from shopcrm.core import vouchers
from shopcrm.core.errors import ValidationError
from shopcrm.core.vouchers import (
    BIRTHDAYS,
    DAYS_90,
    HAND_PICKED,
    LAPSED,
    REGULARS,
    TOP_SPENDERS,
    RuleSpec,
    VoucherValue,
    batches,
    is_valid,
    select_customers,
)
from shopcrm.db.models import Customer, Voucher, VoucherBatch
from tests.core.vouchers.voucher_shop import MONTH, TODAY, make_shop

EXPIRES = TODAY + timedelta(days=40)


@pytest.fixture
def shop(db: peewee.Database) -> dict[str, int]:
    return make_shop()


def picked(spec: RuleSpec) -> list[int]:
    return [c.customer_id for c in select_customers(spec).candidates]


def draft(spec: RuleSpec, **kwargs: object) -> vouchers.BatchDraft:
    values = {"value": VoucherValue.amount(500), "expires_on": EXPIRES, **kwargs}
    return vouchers.BatchDraft(rule=spec, **values)  # type: ignore[arg-type]


def test_regulars_of_the_month_most_visits_first_without_do_not_contact(shop) -> None:
    selection = select_customers(RuleSpec(REGULARS, MONTH, min_visits=4))
    assert [c.customer_id for c in selection.candidates] == [shop["ann"], shop["zoe"], shop["bob"]]
    assert [c.visits for c in selection.candidates] == [6, 5, 4]
    assert selection.left_out == 1  # Eve asked not to be contacted


def test_regulars_over_90_days_and_the_other_rules(shop) -> None:
    assert shop["cat"] in picked(RuleSpec(REGULARS, MONTH, min_visits=1, window=DAYS_90))
    assert picked(RuleSpec(TOP_SPENDERS, MONTH, top=2)) == [shop["dan"], shop["ann"]]
    assert picked(RuleSpec(BIRTHDAYS, MONTH)) == [shop["fay"]]
    assert picked(RuleSpec(LAPSED, MONTH, min_visits=5, lapsed_days=60)) == [shop["gus"]]
    hand = (shop["bob"], shop["eve"], shop["ann"])
    assert picked(RuleSpec(HAND_PICKED, MONTH, customer_ids=hand)) == [shop["bob"], shop["ann"]]


def test_erased_customers_are_left_out(shop) -> None:
    Customer.update(erased_at=datetime.now(UTC)).where(Customer.id == shop["ann"]).execute()
    selection = select_customers(RuleSpec(REGULARS, MONTH, min_visits=4))
    assert shop["ann"] not in [c.customer_id for c in selection.candidates]
    assert selection.left_out == 1  # Eve, who asked; Ann's data is gone, nothing to leave out


def test_issue_writes_one_batch_and_a_voucher_each_with_the_message_filled(shop) -> None:
    spec = RuleSpec(REGULARS, MONTH, min_visits=4)
    issued = vouchers.issue_batch(
        draft(
            spec,
            excluded=frozenset({shop["bob"]}),
            message_template="Hi {first_name}, "
            "{visits} visits in {month} at {shop}: {value} until {expires}.",
        )
    )
    assert [v.customer_id for v in issued.vouchers] == [shop["ann"], shop["zoe"]]
    assert all(is_valid(v.code) for v in issued.vouchers)
    ann = issued.vouchers[0]
    month = MONTH.strftime("%B %Y")
    assert ann.message.startswith(f"Hi Ann, 6 visits in {month} at The Corner Café: £5.00 off")
    assert issued.vouchers[1].message.startswith("Hi Ζωή, 5 visits")
    batch = VoucherBatch.get_by_id(issued.batch_id)
    assert (batch.name, batch.month, batch.rule) == (
        f"{month} thank-you",
        MONTH.strftime("%Y-%m"),
        REGULARS,
    )
    assert issued.vouchers[0].to_json()["code"].count("-") == 3


def test_issuing_the_same_month_and_rule_again_warns_then_only_reaches_the_rest(shop) -> None:
    spec = RuleSpec(REGULARS, MONTH, min_visits=4)
    first = vouchers.issue_batch(draft(spec, excluded=frozenset({shop["bob"]})))
    with pytest.raises(vouchers.DuplicateBatchError) as caught:
        vouchers.issue_batch(draft(spec))
    assert caught.value.existing.id == first.batch_id
    assert "issued for this month and rule already" in str(caught.value)
    assert VoucherBatch.select().count() == 1
    again = vouchers.issue_batch(draft(spec), again=True)
    assert [v.customer_id for v in again.vouchers] == [shop["bob"]]
    with pytest.raises(ValidationError, match="nobody is left"):
        vouchers.issue_batch(draft(spec), again=True)
    assert Voucher.select().count() == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"value": VoucherValue.amount(0)}, "value"),
        ({"value": VoucherValue.percent_off(101)}, "value"),
        ({"value": VoucherValue.free_item("   ")}, "value"),
        ({"message_template": "Hi {frist_name}"}, "message"),
        ({"message_template": "Hi {first_name"}, "message"),
        ({"expires_on": TODAY - timedelta(days=1)}, "expires"),
        ({"expires_on": TODAY + timedelta(days=2000)}, "expires"),
    ],
)
def test_a_bad_draft_is_refused_and_nothing_is_written(shop, change, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        vouchers.issue_batch(draft(RuleSpec(REGULARS, MONTH), **change))
    assert field in caught.value.errors
    assert VoucherBatch.select().count() == 0 and Voucher.select().count() == 0


def test_a_failure_half_way_leaves_no_batch(shop, monkeypatch) -> None:
    def broken(rows):
        Voucher.insert_many(rows[:1]).execute()
        raise peewee.IntegrityError("disk trouble")

    monkeypatch.setattr(batches, "_insert_vouchers", broken)
    with pytest.raises(peewee.IntegrityError):
        vouchers.issue_batch(draft(RuleSpec(REGULARS, MONTH)))
    assert VoucherBatch.select().count() == 0 and Voucher.select().count() == 0


def test_a_code_collision_is_caught_by_the_constraint_and_redrawn(shop, monkeypatch) -> None:
    first = vouchers.issue_batch(draft(RuleSpec(REGULARS, MONTH, min_visits=6)))
    taken = first.vouchers[0].code
    codes = iter([taken, taken])
    real = vouchers.new_code
    monkeypatch.setattr(batches, "new_code", lambda: next(codes, None) or real())
    second = vouchers.issue_batch(draft(RuleSpec(TOP_SPENDERS, MONTH, top=2)))
    assert taken not in [v.code for v in second.vouchers]
    assert Voucher.select().where(Voucher.code == taken).count() == 1


def test_batch_list_counts_and_voiding(shop) -> None:
    from shopcrm.core.vouchers import redeem

    issued = vouchers.issue_batch(draft(RuleSpec(REGULARS, MONTH, min_visits=4)))
    redeem(issued.vouchers[0].code)
    voided = vouchers.void_voucher(issued.vouchers[1].code, "lost in the post")
    assert voided.status == "voided"
    summary = vouchers.get_batch(issued.batch_id)
    assert (summary.issued, summary.redeemed, summary.voided) == (3, 1, 1)
    assert summary.redemption_rate == pytest.approx(0.5)
    with pytest.raises(ValidationError):
        vouchers.void_voucher(issued.vouchers[0].code, "too late")  # redeemed already
    with pytest.raises(ValidationError):
        vouchers.void_batch(issued.batch_id, "  ")
    done = vouchers.void_batch(issued.batch_id, "wrong value printed")
    assert done.batch_voided and done.voided == 2
    statuses = [v.status for v in vouchers.batch_vouchers(issued.batch_id)]
    assert statuses == ["redeemed", "voided", "voided"]
    assert vouchers.list_batches()[0].to_json()["batch_voided"] is True


def test_a_single_voucher_from_the_card(shop) -> None:
    issued = vouchers.issue_single(
        shop["cat"],
        VoucherValue.free_item("A slice of cake"),
        EXPIRES,
        "Sorry about Tuesday, {first_name}!",
    )
    (voucher,) = vouchers.customer_vouchers(shop["cat"], only_valid=True)
    assert voucher.code == issued.vouchers[0].code
    assert voucher.message == "Sorry about Tuesday, Cat!"
    assert voucher.value_text == "A slice of cake"
    # Handed over the counter: someone who asked not to be mailed may still get one.
    private = vouchers.issue_single(shop["eve"], VoucherValue.percent_off(10), EXPIRES, "Hi")
    assert private.vouchers[0].customer_id == shop["eve"]
    # A second one for the same customer is not a duplicate run.
    vouchers.issue_single(shop["cat"], VoucherValue.percent_off(10), EXPIRES, "Again")
    assert len(vouchers.customer_vouchers(shop["cat"])) == 2


def test_the_database_check_finds_a_code_that_fails_its_check_character(shop) -> None:
    from shopcrm.core.check import check_database

    issued = vouchers.issue_batch(draft(RuleSpec(REGULARS, MONTH, min_visits=4)))
    assert check_database().ok
    code = issued.vouchers[0].code
    broken = code[:-1] + ("0" if code[-1] != "0" else "1")
    Voucher.update(code=broken).where(Voucher.code == code).execute()
    problems = check_database().problems
    assert problems == [
        f"voucher {issued.vouchers[0].id}: the code {broken!r} fails its check character"
    ]


def test_a_second_run_reaches_a_customer_whose_voucher_was_voided(shop) -> None:
    spec = RuleSpec(REGULARS, MONTH, min_visits=4)
    first = vouchers.issue_batch(draft(spec))
    ann = next(v for v in first.vouchers if v.customer_id == shop["ann"])
    vouchers.void_voucher(ann.code, "printed with the wrong name")
    assert shop["ann"] not in vouchers.served_customers(spec)
    again = vouchers.issue_batch(draft(spec), again=True)
    assert [v.customer_id for v in again.vouchers] == [shop["ann"]]


def test_erased_customers_are_not_counted_as_left_out(shop) -> None:
    Customer.update(erased_at=datetime.now(UTC), do_not_contact=True).where(
        Customer.id == shop["eve"]
    ).execute()
    assert select_customers(RuleSpec(REGULARS, MONTH, min_visits=4)).left_out == 0
