"""Guessing codes is slowed down per till and per shop, and a burst of guesses sent at once is
looked up one at a time: after the first, every try meets the pace the ones before it set."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import peewee
import pytest

from shopcrm.core import vouchers
from shopcrm.core.vouchers import (
    REGULARS,
    RuleSpec,
    VoucherRefused,
    VoucherValue,
    find,
    new_code,
    redemption,
)
from shopcrm.db import database, write_transaction
from shopcrm.db.models import VoucherAttempt
from shopcrm.db.transactions import serialise
from tests.core.vouchers.voucher_shop import MONTH, TODAY, make_shop

BURST = 12


@pytest.fixture
def codes(db: peewee.Database) -> list[str]:
    make_shop()
    draft = vouchers.BatchDraft(
        RuleSpec(REGULARS, MONTH, min_visits=4), VoucherValue.amount(500), TODAY + timedelta(9)
    )
    return [v.code for v in vouchers.issue_batch(draft).vouchers]


def outcome(text: str, till: str, now: datetime) -> str:
    try:
        find(text, till=till, now=now)
    except VoucherRefused as exc:
        return exc.reason
    return "found"


def test_a_burst_of_guesses_after_a_wait_is_looked_up_one_at_a_time(codes) -> None:
    now = datetime.now(UTC)
    for n in range(redemption.FREE_MISSES):
        assert outcome(new_code(), "A", now + timedelta(seconds=n)) == "unknown"
    later = now + timedelta(seconds=redemption.FREE_MISSES + 10)  # the wait is over
    # Eleven unknown codes and one real one, all at once from the same till, each try on a
    # connection of its own: they are looked up one at a time, and the first miss stops the
    # rest (the real code is found only if its turn came before that miss).
    guesses = [new_code() for _ in range(BURST - 1)] + [codes[0]]
    start = threading.Barrier(BURST, timeout=30)
    results: list[str] = []

    def guess(text: str) -> None:
        try:
            start.wait()
            results.append(outcome(text, "A", later))
        except Exception as exc:  # anything else is the failure
            results.append(f"{type(exc).__name__}: {exc}")
        finally:
            database.close()

    threads = [threading.Thread(target=guess, args=(text,)) for text in guesses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    counted = Counter(results)
    assert sum(counted.values()) == BURST, counted
    assert counted["unknown"] == 1 and counted["found"] <= 1, counted
    assert counted["throttled"] == BURST - 1 - counted["found"], counted
    assert len(redemption._recent_misses(later)) == redemption.FREE_MISSES + 1


def test_a_try_waits_for_the_try_ahead_of_it_to_be_counted(codes) -> None:
    """The try ahead (here: the test, holding the turn) records a miss that slows the till
    down; a real code tried meanwhile waits for its turn and then meets that pace, rather
    than being looked up on the state from before the miss."""
    now = datetime.now(UTC)
    for n in range(redemption.FREE_MISSES - 1):
        assert outcome(new_code(), "A", now + timedelta(seconds=n)) == "unknown"
    later = now + timedelta(seconds=redemption.FREE_MISSES)
    results: list[str] = []

    def try_the_real_code() -> None:
        try:
            results.append(outcome(codes[0], "A", later))
        finally:
            database.close()

    waiting = threading.Thread(target=try_the_real_code)
    with write_transaction():
        serialise("voucher code tries")
        VoucherAttempt.create(till="A", at=later, text="guess")
        waiting.start()
        waiting.join(timeout=0.5)
        assert results == []  # still waiting for its turn
    waiting.join(timeout=30)
    assert results == ["throttled"]


def test_misses_spread_over_many_tills_slow_the_whole_shop(codes) -> None:
    now = datetime.now(UTC)
    for n in range(redemption.SHOP_FREE_MISSES):  # one slip at each of ten tills
        assert outcome(new_code(), f"till {n}", now + timedelta(seconds=n / 10)) == "unknown"
    fresh_till = "till that never missed"
    right_after = now + timedelta(seconds=redemption.SHOP_FREE_MISSES / 10)
    with pytest.raises(VoucherRefused) as slowed:
        find(codes[0], till=fresh_till, now=right_after)
    assert slowed.value.reason == "throttled" and "in this shop" in str(slowed.value)
    assert slowed.value.wait_s > 0
    after_the_wait = right_after + timedelta(seconds=slowed.value.wait_s + 0.5)
    assert find(codes[0], till=fresh_till, now=after_the_wait).code == codes[0]


def test_a_throttled_try_records_nothing_and_looks_nothing_up(codes) -> None:
    now = datetime.now(UTC)
    for n in range(redemption.FREE_MISSES):
        outcome(new_code(), "B", now + timedelta(seconds=n))
    misses = redemption._recent_misses(now + timedelta(seconds=5))
    assert outcome(codes[0], "B", now + timedelta(seconds=3)) == "throttled"
    assert redemption._recent_misses(now + timedelta(seconds=5)) == misses
