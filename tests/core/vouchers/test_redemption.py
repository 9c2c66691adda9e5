"""Redeeming at the counter: once only, a clear reason for every refusal, slowed-down guessing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import peewee
import pytest

from shopcrm.core import vouchers
from shopcrm.core.staff import add_staff
from shopcrm.core.vouchers import (
    REGULARS,
    RuleSpec,
    VoucherRefused,
    VoucherValue,
    find,
    grouped,
    new_code,
    redeem,
    redemption,
)
from shopcrm.core.vouchers.codes import ALPHABET, check_character
from shopcrm.db.models import Visit, Voucher, VoucherAttempt, VoucherBatch
from tests.core.vouchers.voucher_shop import MONTH, TODAY, make_shop


@pytest.fixture
def codes(db: peewee.Database) -> list[str]:
    make_shop()
    draft = vouchers.BatchDraft(
        RuleSpec(REGULARS, MONTH, min_visits=4), VoucherValue.amount(500), TODAY + timedelta(9)
    )
    return [v.code for v in vouchers.issue_batch(draft).vouchers]


def refused(text: str, **kwargs: object) -> VoucherRefused:
    with pytest.raises(VoucherRefused) as caught:
        redeem(text, **kwargs)  # type: ignore[arg-type]
    return caught.value


def test_redeemed_once_with_a_visit_logged_in_the_same_transaction(codes) -> None:
    sam = add_staff("Sam")
    done = redeem(grouped(codes[0]).lower(), staff_id=sam.id, log_visit=True, amount_minor=350)
    assert done.voucher.status == "redeemed" and done.voucher.redeemed_by == "Sam"
    visit = Visit.get_by_id(done.visit_id)
    assert (visit.customer_id, visit.amount_minor) == (done.voucher.customer_id, 350)
    again = refused(codes[0], till="till 2")
    assert again.reason == "already_redeemed"
    assert "by Sam" in str(again) and f"visit #{done.visit_id}" in str(again)
    assert again.voucher is not None and again.voucher.customer_id == visit.customer_id


def test_a_refused_redemption_logs_no_visit(codes) -> None:
    redeem(codes[0])
    visits_before = Visit.select().count()
    assert refused(codes[0], log_visit=True).reason == "already_redeemed"
    assert Visit.select().count() == visits_before


def test_each_refusal_has_its_own_reason(codes) -> None:
    wrong_last = codes[1][:-1] + ALPHABET[(ALPHABET.index(codes[1][-1]) + 1) % 32]
    assert refused(wrong_last).reason == "mistyped"
    unknown_head = "ZZZZZZZZZZZZ"
    unknown = refused(unknown_head + check_character(unknown_head), till="other")
    assert unknown.reason == "unknown" and "not a voucher of this shop" in str(unknown)
    assert refused("hello", till="third").reason == "not_a_code"

    vouchers.void_voucher(codes[1], "customer moved away")
    voided = refused(codes[1], till="fourth")
    assert voided.reason == "voided" and "customer moved away" in str(voided)

    batch = Voucher.get(Voucher.code == codes[2]).batch_id
    VoucherBatch.update(expires_on=TODAY - timedelta(days=1)).where(
        VoucherBatch.id == batch
    ).execute()
    expired = refused(codes[2], till="fifth")
    assert expired.reason == "expired" and "valid until" in str(expired)
    assert Voucher.select().where(Voucher.redeemed_at.is_null(False)).count() == 0


def test_a_run_of_wrong_codes_slows_the_till_down_and_a_good_code_resets_it(codes) -> None:
    now = datetime.now(UTC)
    wrong = [new_code() for _ in range(6)]  # valid check character, not in the database
    for n in range(redemption.FREE_MISSES):
        assert refused(wrong[n], till="A", now=now + timedelta(seconds=n)).reason == "unknown"
    # The next try straight away must wait; the other till is not slowed down.
    slowed = refused(wrong[3], till="A", now=now + timedelta(seconds=3))
    assert slowed.reason == "throttled" and slowed.wait_s > 0
    assert "wait" in str(slowed)
    assert refused(wrong[3], till="B", now=now + timedelta(seconds=3)).reason == "unknown"
    # Even the right code must wait: guessing is what is slowed down.
    assert refused(codes[0], till="A", now=now + timedelta(seconds=3)).reason == "throttled"
    # After the wait the right code goes through and the run is forgotten.
    later = now + timedelta(seconds=3 + slowed.wait_s)
    redeem(codes[0], till="A", now=later)
    assert VoucherAttempt.select().where(VoucherAttempt.till == "A").count() == 0
    # Waits double with every further miss, capped.
    waits = []
    for _ in range(12):
        VoucherAttempt.create(till="C", at=now, text="x")
        waits.append(redemption._wait_needed("C", now))
    assert waits[:2] == [0, 0] and waits[2:6] == [2, 4, 8, 16]
    assert redemption._wait_needed("C", now) == redemption.MAX_WAIT_S


def test_find_shows_the_voucher_before_redeeming(codes) -> None:
    view = find(" " + grouped(codes[0]).replace("0", "O") + " ")
    assert view.code == codes[0] and view.status == "valid"
    assert view.value_text == "£5.00 off"
