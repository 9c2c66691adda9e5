"""The owner PIN (both engines): owner-only use cases refuse a cashier, an owner without a
proof and a wrong PIN in core, with nothing changed; the right PIN lets them through; a shop
without a PIN works as before. The PIN is a salted slow hash, and wrong PINs slow down, burst
or not."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import peewee
import pytest

from shopcrm.core import loyalty, owner, settings, staff, vouchers
from shopcrm.core.backup import make_backup, restore_backup
from shopcrm.core.customers import CustomerInput, add_customer, search_customers
from shopcrm.core.errors import ValidationError
from shopcrm.core.owner import OwnerProof, OwnerRequired, prove_owner, require_owner, set_pin
from shopcrm.core.vouchers import HAND_PICKED, SINGLE, RuleSpec, VoucherValue
from shopcrm.db import close, database, open_database, parse_location
from shopcrm.db.models import Customer, StaffPin, Voucher, VoucherBatch
from tests.core.vouchers.voucher_shop import MONTH, TODAY

PIN = "4821"


def _owner_id() -> int:
    member = staff.default_staff()
    assert member is not None and member.role == "owner"
    return member.id


def _draft(customer_ids: tuple[int, ...], rule: str = HAND_PICKED) -> vouchers.BatchDraft:
    return vouchers.BatchDraft(
        rule=RuleSpec(rule, MONTH, customer_ids=customer_ids),
        value=VoucherValue.amount(500),
        expires_on=TODAY + timedelta(days=30),
        name="Thanks",
    )


@pytest.fixture
def shop(db: peewee.Database) -> dict[str, int]:
    """A customer with points, a batch of one voucher, a cashier; no PIN yet."""
    settings.set_many({"points_per_unit": "1"})
    ann = add_customer(CustomerInput("Ann", "Regular")).id
    loyalty.adjust_points(ann, 50, "welcome")
    batch = vouchers.issue_batch(_draft((ann,)))
    jo = staff.add_staff("Jo Baker", "cashier").id
    return {"ann": ann, "batch": batch.batch_id, "jo": jo, "owner": _owner_id()}


def _actions(ids: dict[str, int]) -> dict[str, Callable[[OwnerProof | None], object]]:
    """Every owner-only use case, each asked with ``owner=``; and what each would change."""
    code = Voucher.get(Voucher.batch == ids["batch"]).code
    return {
        "settings": lambda o: settings.set_many({"shop_name": "Taken Over"}, owner=o),
        "add staff": lambda o: staff.add_staff("Mallory", "owner", owner=o),
        "change role": lambda o: staff.set_role(ids["jo"], "owner", owner=o),
        "deactivate": lambda o: staff.set_active(ids["jo"], False, owner=o),
        "adjust points": lambda o: loyalty.adjust_points(ids["ann"], 999, "gift", owner=o),
        "issue batch": lambda o: vouchers.issue_batch(_draft((ids["ann"],)), again=True, owner=o),
        "void voucher": lambda o: vouchers.void_voucher(code, "lost", owner=o),
        "void vouchers": lambda o: vouchers.void_vouchers([code], "lost", owner=o),
        "void batch": lambda o: vouchers.void_batch(ids["batch"], "wrong", owner=o),
    }


def _state() -> tuple[object, ...]:
    return (
        settings.load().shop_name,
        [(m.name, m.role, m.active) for m in staff.list_staff(include_inactive=True)],
        [(b.id, b.voided_at) for b in VoucherBatch.select().order_by(VoucherBatch.id)],
        [(v.id, v.voided_at) for v in Voucher.select().order_by(Voucher.id)],
        [loyalty.balances(c.id).points for c in Customer.select().order_by(Customer.id)],
    )


NAMES = [
    "settings",
    "add staff",
    "change role",
    "deactivate",
    "adjust points",
    "issue batch",
    "void voucher",
    "void vouchers",
    "void batch",
]


@pytest.mark.parametrize("action", NAMES)
def test_a_shop_without_a_pin_lets_everyone_do_owner_actions(shop, action) -> None:
    before = _state()
    _actions(shop)[action](None)
    assert _state() != before


@pytest.mark.parametrize("action", NAMES)
def test_owner_actions_are_refused_without_the_right_pin(shop, action) -> None:
    set_pin(shop["owner"], PIN)
    before = _state()
    run = _actions(shop)[action]
    with pytest.raises(OwnerRequired, match=r"^owner PIN required \("):
        run(None)
    forged = OwnerProof(shop["owner"], "not-a-token", time.monotonic() + 60)
    with pytest.raises(OwnerRequired, match="owner mode has ended"):
        run(forged)
    with pytest.raises(OwnerRequired, match=r"\(wrong PIN\)"):
        run(prove_owner(shop["owner"], "0000"))
    with pytest.raises(OwnerRequired, match=r"\(Jo Baker is a cashier\)"):
        run(prove_owner(shop["jo"], PIN))
    assert _state() == before
    run(prove_owner(shop["owner"], PIN))
    assert _state() != before


def test_a_proof_ends_when_forgotten_or_when_its_time_is_up(shop, monkeypatch) -> None:
    set_pin(shop["owner"], PIN)
    proof = prove_owner(shop["owner"], PIN)
    require_owner(proof)
    owner.forget_proof(proof)
    with pytest.raises(OwnerRequired, match="owner mode has ended"):
        require_owner(proof)
    proof = prove_owner(shop["owner"], PIN)
    monkeypatch.setattr(time, "monotonic", lambda: proof.expires + 1)
    with pytest.raises(OwnerRequired, match="owner mode has ended"):
        require_owner(proof)


def test_an_owner_made_a_cashier_loses_the_proof(shop) -> None:
    pat = staff.add_staff("Pat", "owner").id
    set_pin(shop["owner"], PIN)
    proof = prove_owner(shop["owner"], PIN)
    set_pin(pat, "99887766", owner=proof)
    pats = prove_owner(pat, "99887766")
    staff.set_role(pat, "cashier", owner=proof)
    with pytest.raises(OwnerRequired):
        settings.set_many({"shop_name": "Pat's"}, owner=pats)


def test_a_single_voucher_from_the_card_is_a_counter_action(shop) -> None:
    set_pin(shop["owner"], PIN)
    batch = vouchers.issue_batch(_draft((shop["ann"],), SINGLE), again=True)
    assert len(batch.vouchers) == 1
    two = add_customer(CustomerInput("Bob", "Two")).id
    with pytest.raises(OwnerRequired):  # a "single" of several customers is a run
        vouchers.issue_batch(_draft((shop["ann"], two), SINGLE), again=True)


def test_restore_is_owner_only_when_the_shop_has_a_pin(shop_location: str) -> None:
    open_database(shop_location)
    add_customer(CustomerInput("Kept", "One"))
    backup = make_backup().record.path
    add_customer(CustomerInput("Later", "Two"))
    set_pin(_owner_id(), PIN)
    owner_id = _owner_id()
    close()
    with pytest.raises(OwnerRequired):
        restore_backup(backup, parse_location(shop_location))
    open_database(shop_location)
    with pytest.raises(OwnerRequired, match="wrong PIN"):
        prove_owner(owner_id, "1111")
    assert [c.last_name for c in search_customers("later")] == ["Two"]
    proof = prove_owner(owner_id, PIN)
    close()
    restore_backup(backup, parse_location(shop_location), owner=proof)
    open_database(shop_location)
    try:
        assert search_customers("later") == []
    finally:
        close()


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", " 1234", "١٢٣٤", "", "12 34"])
def test_a_pin_is_4_to_12_digits(shop, pin: str) -> None:
    with pytest.raises(ValidationError, match=r"^pin: a PIN is 4 to 12 digits \(0-9\)$") as err:
        set_pin(shop["owner"], pin)
    assert pin not in str(err.value) or pin == ""
    assert not StaffPin.select().exists()


def test_only_an_owner_has_a_pin_and_changing_it_needs_the_old_one(shop) -> None:
    with pytest.raises(OwnerRequired, match="Jo Baker is a cashier"):
        set_pin(shop["jo"], PIN)
    set_pin(shop["owner"], PIN)  # the shop's first PIN: nothing to prove
    with pytest.raises(OwnerRequired, match="needs the old one"):
        set_pin(shop["owner"], "5555")
    with pytest.raises(OwnerRequired, match="wrong PIN"):
        set_pin(shop["owner"], "5555", old_pin="1111")
    set_pin(shop["owner"], "5555", old_pin=PIN)
    prove_owner(shop["owner"], "5555")
    pat = staff.add_staff("Pat", "owner", owner=prove_owner(shop["owner"], "5555")).id
    with pytest.raises(OwnerRequired):  # a second owner's first PIN needs an owner
        set_pin(pat, PIN)


def test_the_hash_is_salted_slow_and_keeps_its_parameters(shop) -> None:
    pat = staff.add_staff("Pat", "owner").id
    set_pin(shop["owner"], PIN)
    set_pin(pat, PIN, owner=prove_owner(shop["owner"], PIN))
    first, second = (StaffPin.get(StaffPin.staff == s).pin_hash for s in (shop["owner"], pat))
    assert first != second
    assert first.startswith(f"scrypt${owner.SCRYPT_N}${owner.SCRYPT_R}${owner.SCRYPT_P}$")
    assert PIN not in first
    started = time.perf_counter()
    assert owner.pin_matches(PIN, first)
    took = time.perf_counter() - started
    assert took >= 0.05, f"one verification took {took * 1000:.0f} ms"
    assert not owner.pin_matches("4822", first)


def _try(staff_id: int, pin: str, now: datetime) -> str:
    try:
        owner.check_owner_pin(staff_id, pin, now=now)
    except OwnerRequired as exc:
        return "slowed" if exc.wait_s > 0 else exc.why
    return "right"


def test_wrong_pins_slow_down_doubling_and_a_right_one_resets(shop) -> None:
    set_pin(shop["owner"], PIN)
    now = datetime.now(UTC)
    for n in range(owner.FREE_TRIES):
        assert _try(shop["owner"], "0000", now + timedelta(seconds=n)) == "wrong PIN"
    last = now + timedelta(seconds=owner.FREE_TRIES - 1)
    assert _try(shop["owner"], PIN, last + timedelta(seconds=1)) == "slowed"  # even the right one
    assert _try(shop["owner"], "0000", last + timedelta(seconds=2.5)) == "wrong PIN"  # 2 s wait
    last += timedelta(seconds=2.5)
    assert _try(shop["owner"], "0000", last + timedelta(seconds=3)) == "slowed"  # now 4 s
    assert _try(shop["owner"], "0000", last + timedelta(seconds=4.5)) == "wrong PIN"
    last += timedelta(seconds=4.5)
    assert _try(shop["owner"], PIN, last + timedelta(seconds=7)) == "slowed"  # now 8 s
    assert _try(shop["owner"], PIN, last + timedelta(seconds=8.5)) == "right"
    assert StaffPin.get(StaffPin.staff == shop["owner"]).failures == 0
    assert _try(shop["owner"], "0000", last + timedelta(seconds=9)) == "wrong PIN"


def test_the_wait_is_capped(shop) -> None:
    set_pin(shop["owner"], PIN)
    StaffPin.update(failures=60, failed_at=datetime.now(UTC)).execute()
    with pytest.raises(OwnerRequired) as err:
        owner.check_owner_pin(shop["owner"], PIN)
    assert owner.MAX_WAIT_S - 5 < err.value.wait_s <= owner.MAX_WAIT_S
    assert f"wait {err.value.wait_s:.0f} s" in str(err.value)


def test_parallel_guesses_each_meet_the_pace_of_the_ones_before(shop) -> None:
    set_pin(shop["owner"], PIN)
    burst = 6
    start = threading.Barrier(burst, timeout=30)
    results: list[str] = []
    when = datetime.now(UTC)

    def guess() -> None:
        try:
            start.wait()
            results.append(_try(shop["owner"], "0000", when))
        except Exception as exc:  # anything else is the failure
            results.append(f"{type(exc).__name__}: {exc}")
        finally:
            database.close()

    threads = [threading.Thread(target=guess) for _ in range(burst)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    counted = Counter(results)
    assert counted == {"wrong PIN": owner.FREE_TRIES, "slowed": burst - owner.FREE_TRIES}, counted
    assert StaffPin.get(StaffPin.staff == shop["owner"]).failures == owner.FREE_TRIES


def test_the_pin_is_not_in_the_settings_or_errors(shop, tmp_path: Path) -> None:
    set_pin(shop["owner"], "90817263")
    assert "90817263" not in repr(settings.load())
    with pytest.raises(OwnerRequired) as err:
        prove_owner(shop["owner"], "90817264")
    assert "9081726" not in str(err.value)
    assert "token" not in repr(prove_owner(shop["owner"], "90817263"))
