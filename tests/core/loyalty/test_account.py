"""Loyalty through the database: visits earn, redemptions and adjustments spend, voids take
back, expiry writes off, tiers follow the last 12 months. Real SQLite files, no mocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import peewee
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopcrm.core import settings as shop_settings
from shopcrm.core.customers import CustomerInput, add_customer, search_customers
from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.loyalty import ADJUST, EARN, EXPIRE, REDEEM, REVERSE, add_months, lot_problems
from shopcrm.core.loyalty import account as loyalty
from shopcrm.core.loyalty.arithmetic import expiry_outlook
from shopcrm.core.visits import log_visit, void_visit
from shopcrm.db import write_transaction
from shopcrm.db.models import LoyaltyEntry, Visit


@pytest.fixture
def shop(db: peewee.Database) -> peewee.Database:
    """The default loyalty scheme in pounds: 10 stamps a card, 1 point per pound, rewards
    Free coffee=100 and Slice of cake=250, Silver at 10 visits and Gold at 25, expiry 12 months."""
    shop_settings.set_many({"currency": "GBP", "locale": "en_GB"})
    return db


def new_customer(name: str = "Ann") -> int:
    return add_customer(CustomerInput(first_name=name, last_name="Loyal")).id


def rows(customer_id: int) -> list[LoyaltyEntry]:
    return list(
        LoyaltyEntry.select()
        .where(LoyaltyEntry.customer == customer_id)
        .order_by(LoyaltyEntry.created_at, LoyaltyEntry.id)
    )


def assert_consistent(customer_id: int) -> None:
    """The balance is the sum of the ledger rows, the explanation agrees, nothing negative."""
    lines = rows(customer_id)
    balance = loyalty.balances(customer_id)
    assert balance.stamps == sum(e.stamps for e in lines)
    assert balance.points == sum(e.points for e in lines)
    assert balance.stamps >= 0
    assert balance.points >= 0
    explained = loyalty.ledger(customer_id)
    assert len(explained) == len(lines)
    if explained:
        assert (explained[0].stamps_after, explained[0].points_after) == (
            balance.stamps,
            balance.points,
        )
    assert all(line.points_after >= 0 and line.stamps_after >= 0 for line in explained)
    status = loyalty.status(customer_id)
    assert 0 <= status.points <= balance.points
    assert status.stamps == balance.stamps
    # the lots kept line by line are what a replay of the whole ledger gives
    assert lot_problems([customer_id]) == []
    # and what the card says expires (already, and next) is what the reference reckons
    now = datetime.now(UTC)
    months = loyalty.current_rules().points_expiry_months
    pending, upcoming = expiry_outlook(loyalty.entries(customer_id), months, now)
    at_now = loyalty.status(customer_id, now=now)
    assert (at_now.points, at_now.next_expiry) == (balance.points - pending, upcoming)


def days_ago(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


# -- random orders of counter operations ------------------------------------------------------

operation = st.one_of(
    st.tuples(
        st.just("log"),
        st.one_of(st.none(), st.integers(0, 20_000)),
        st.sampled_from([0, 0, 1, 30, 200, 380, 500]),  # days ago: some already expired
    ),
    st.tuples(st.just("redeem"), st.floats(0.01, 1.5), st.just(0)),
    st.tuples(st.just("reward"), st.sampled_from(["Free coffee", "slice of cake"]), st.just(0)),
    st.tuples(st.just("stamp_card"), st.just(0), st.just(0)),
    st.tuples(st.just("adjust"), st.integers(-300, 300).filter(bool), st.just(0)),
    st.tuples(st.just("void"), st.integers(0, 100), st.just(0)),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(operation, min_size=1, max_size=15))
def test_random_operations_keep_balances_explained(shop: peewee.Database, steps) -> None:
    cid = new_customer()  # a fresh customer per example, in the same database
    visits: list[int] = []
    for kind, arg, extra in steps:
        before = rows(cid)
        status = loyalty.status(cid)
        if kind == "log":
            visits.append(log_visit(cid, amount_minor=arg, at=days_ago(extra)).id)
        elif kind == "redeem":
            wanted = max(1, int(status.points * arg))
            if wanted > status.points:
                with pytest.raises(ValidationError) as err:
                    loyalty.redeem_points(cid, points=wanted)
                assert "points" in err.value.errors
            else:
                line = loyalty.redeem_points(cid, points=wanted)
                assert line.points == -wanted
                assert line.points_after == status.points - wanted
        elif kind == "reward":
            cost = {"free coffee": 100, "slice of cake": 250}[arg.casefold()]
            if cost > status.points:
                with pytest.raises(ValidationError):
                    loyalty.redeem_points(cid, reward=arg)
            else:
                assert loyalty.redeem_points(cid, reward=arg).points == -cost
        elif kind == "stamp_card":
            if status.stamps < 10:
                with pytest.raises(ValidationError):
                    loyalty.redeem_stamp_card(cid)
            else:
                assert loyalty.redeem_stamp_card(cid).stamps_after == status.stamps - 10
        elif kind == "adjust":
            if status.points + arg < 0:
                with pytest.raises(ValidationError):
                    loyalty.adjust_points(cid, arg, "by hand")
            else:
                assert loyalty.adjust_points(cid, arg, "by hand").points_after == (
                    status.points + arg
                )
        elif kind == "void" and visits:
            visit_id = visits[arg % len(visits)]
            if Visit.get_by_id(visit_id).voided:
                with pytest.raises(ValidationError):
                    void_visit(visit_id, "again")
            else:
                void_visit(visit_id, "wrong customer")
        after = rows(cid)
        # append-only: every earlier line is still there, unchanged
        assert [(e.id, e.kind, e.stamps, e.points) for e in before] == [
            (e.id, e.kind, e.stamps, e.points) for e in after if e.id in {b.id for b in before}
        ]
        assert_consistent(cid)


# -- voids -------------------------------------------------------------------------------------


def test_void_reverses_exactly_what_the_visit_earned(shop: peewee.Database) -> None:
    cid = new_customer()
    log_visit(cid, amount_minor=4000, at=days_ago(3))
    loyalty.adjust_points(cid, 7, "welcome gift")
    before = loyalty.balances(cid)
    visit = log_visit(cid, amount_minor=1299)
    assert (visit.stamps_earned, visit.points_earned) == (1, 12)
    assert loyalty.balances(cid) == loyalty.Balances(before.stamps + 1, before.points + 12)
    voided = void_visit(visit.id, "  rang up  twice ")
    assert voided.voided and voided.void_reason == "rang up twice"
    assert loyalty.balances(cid) == before
    reverse = [e for e in rows(cid) if e.kind == REVERSE]
    earned = [e for e in rows(cid) if e.kind == EARN and e.visit_id == visit.id]
    assert len(reverse) == 1 and len(earned) == 1
    assert (reverse[0].stamps, reverse[0].points) == (-1, -12)
    assert reverse[0].reverses_id == earned[0].id
    assert reverse[0].visit_id == visit.id
    assert "rang up twice" in reverse[0].reason
    assert_consistent(cid)


def test_void_after_spending_clamps_at_zero(shop: peewee.Database) -> None:
    cid = new_customer()
    visit = log_visit(cid, amount_minor=5000)  # 1 stamp, 50 points
    loyalty.redeem_points(cid, points=40)
    void_visit(visit.id, "card declined")
    assert loyalty.balances(cid) == loyalty.Balances(0, 0)
    reverse = next(e for e in rows(cid) if e.kind == REVERSE)
    assert (reverse.stamps, reverse.points) == (-1, -10)
    assert_consistent(cid)


def test_void_after_the_stamp_card_was_redeemed_takes_no_stamp(shop: peewee.Database) -> None:
    cid = new_customer()
    ids = [log_visit(cid, at=days_ago(i + 1)).id for i in range(10)]
    loyalty.redeem_stamp_card(cid)
    void_visit(ids[0], "test visit")
    assert loyalty.balances(cid) == loyalty.Balances(0, 0)
    assert_consistent(cid)


def test_void_twice_is_refused_and_writes_nothing(shop: peewee.Database) -> None:
    cid = new_customer()
    visit = log_visit(cid, amount_minor=2000)
    void_visit(visit.id, "mistake")
    count = len(rows(cid))
    with pytest.raises(ValidationError) as err:
        void_visit(visit.id, "mistake again")
    assert "already voided" in str(err.value)
    assert len(rows(cid)) == count
    assert Visit.get_by_id(visit.id).void_reason == "mistake"


def test_void_needs_a_reason_and_a_visit(shop: peewee.Database) -> None:
    cid = new_customer()
    visit = log_visit(cid, amount_minor=2000)
    with pytest.raises(ValidationError) as err:
        void_visit(visit.id, "   ")
    assert "reason" in err.value.errors
    with pytest.raises(ValidationError):
        void_visit(visit.id, "x" * 501)
    assert not Visit.get_by_id(visit.id).voided
    with pytest.raises(NotFoundError):
        void_visit(visit.id + 1000, "gone")


# -- redeeming ---------------------------------------------------------------------------------


def test_stamp_card_only_when_full(shop: peewee.Database) -> None:
    cid = new_customer()
    for i in range(9):
        log_visit(cid, at=days_ago(i + 1))
    with pytest.raises(ValidationError) as err:
        loyalty.redeem_stamp_card(cid)
    assert err.value.errors["stamps"] == "the card has 9 of 10 stamps: not full yet"
    assert not [e for e in rows(cid) if e.kind == REDEEM]
    log_visit(cid)
    status = loyalty.status(cid)
    assert status.full_cards == 1
    assert "Free coffee (stamp card)" in status.rewards_available
    line = loyalty.redeem_stamp_card(cid)
    assert (line.kind, line.stamps, line.stamps_after, line.reason) == (
        REDEEM,
        -10,
        0,
        "Free coffee",
    )
    assert loyalty.status(cid).rewards_available == ()
    assert_consistent(cid)


def test_two_full_cards_show_as_times_two(shop: peewee.Database) -> None:
    cid = new_customer()
    for i in range(20):
        log_visit(cid, at=days_ago(i + 1))
    assert "Free coffee (stamp card) ×2" in loyalty.status(cid).rewards_available


def test_no_stamp_card_refused(shop: peewee.Database) -> None:
    shop_settings.set_value("stamps_per_card", "0")
    cid = new_customer()
    assert log_visit(cid, amount_minor=500).stamps_earned == 0
    with pytest.raises(ValidationError) as err:
        loyalty.redeem_stamp_card(cid)
    assert "no stamp card" in err.value.errors["stamps"]


def test_redeem_points_partial_reward_and_refusals(shop: peewee.Database) -> None:
    cid = new_customer()
    log_visit(cid, amount_minor=30_050)  # 300 points
    assert loyalty.status(cid).rewards_available == (
        "Free coffee (100 points)",
        "Slice of cake (250 points)",
    )
    line = loyalty.redeem_points(cid, points=7)  # partial redemption
    assert (line.kind, line.points, line.points_after, line.reason) == (
        REDEEM,
        -7,
        293,
        "points redeemed",
    )
    line = loyalty.redeem_points(cid, reward="slice of CAKE")
    assert (line.points, line.points_after, line.reason) == (-250, 43, "Slice of cake")
    count = len(rows(cid))
    with pytest.raises(ValidationError) as err:
        loyalty.redeem_points(cid, points=44)
    assert err.value.errors["points"] == "only 43 points to spend"
    with pytest.raises(ValidationError) as err:
        loyalty.redeem_points(cid, reward="Free coffee")
    assert "43" in err.value.errors["points"]
    with pytest.raises(ValidationError) as err:
        loyalty.redeem_points(cid, reward="Pony")
    assert "Pony" in err.value.errors["reward"] and "Free coffee" in err.value.errors["reward"]
    with pytest.raises(ValidationError) as err:
        loyalty.redeem_points(cid, reward="Free coffee", points=5)
    assert "100" in err.value.errors["points"]
    for bad in (0, -5, None):
        with pytest.raises(ValidationError):
            loyalty.redeem_points(cid, points=bad)
    assert len(rows(cid)) == count
    assert loyalty.redeem_points(cid, points=43).points_after == 0
    assert_consistent(cid)


def test_unknown_customer(shop: peewee.Database) -> None:
    with pytest.raises(NotFoundError):
        loyalty.redeem_points(9999, points=1)
    with pytest.raises(NotFoundError):
        loyalty.redeem_stamp_card(9999)
    with pytest.raises(NotFoundError):
        loyalty.adjust_points(9999, 5, "gift")


def test_adjust_points(shop: peewee.Database) -> None:
    cid = new_customer()
    line = loyalty.adjust_points(cid, 50, "  complaint  about the  cake ")
    assert (line.kind, line.points, line.points_after, line.reason) == (
        ADJUST,
        50,
        50,
        "complaint about the cake",
    )
    with pytest.raises(ValidationError) as err:
        loyalty.adjust_points(cid, -51, "too many")
    assert err.value.errors["points"] == "only 50 points to take away"
    with pytest.raises(ValidationError) as err:
        loyalty.adjust_points(cid, 0, "")
    assert set(err.value.errors) == {"points", "reason"}
    with pytest.raises(ValidationError):
        loyalty.adjust_points(cid, loyalty.MAX_ADJUST + 1, "lots")
    assert loyalty.adjust_points(cid, -50, "taken back").points_after == 0
    assert_consistent(cid)


# -- expiry ------------------------------------------------------------------------------------


def test_expired_points_are_gone_on_the_card_and_written_off_at_the_next_write(
    shop: peewee.Database,
) -> None:
    cid = new_customer()
    old_at = add_months(datetime.now(UTC), -13)
    log_visit(cid, amount_minor=3000, at=old_at)  # 30 points, expired a month ago
    # nothing written off yet, but the card already counts the old points as gone
    assert loyalty.balances(cid).points == 30
    status = loyalty.status(cid)
    assert status.points == 0
    assert status.rewards_available == ()
    assert status.next_expiry is None
    assert not any(e.kind == EXPIRE for e in rows(cid))
    log_visit(cid, amount_minor=2000, at=days_ago(30))  # the next loyalty write: 20 points
    expired = [e for e in rows(cid) if e.kind == EXPIRE]
    assert len(expired) == 1
    assert expired[0].points == -30
    assert abs(expired[0].created_at - add_months(old_at, 12)) < timedelta(seconds=1)
    assert "30 points earned" in expired[0].reason
    assert loyalty.balances(cid).points == 20 == loyalty.status(cid).points
    # written off once only
    loyalty.adjust_points(cid, 1, "again")
    assert len([e for e in rows(cid) if e.kind == EXPIRE]) == 1
    assert_consistent(cid)


def test_expiry_takes_the_oldest_points_first(shop: peewee.Database) -> None:
    cid = new_customer()
    now = datetime.now(UTC)
    first_at = add_months(now, -11) - timedelta(days=10)  # expires in about 3 weeks
    log_visit(cid, amount_minor=3000, at=first_at)  # lot A: 30 points
    log_visit(cid, amount_minor=2000, at=days_ago(10))  # lot B: 20 points
    loyalty.redeem_points(cid, points=10)  # spent from A, the older lot
    first_expiry = add_months(first_at, 12)
    status = loyalty.status(cid)
    assert status.points == 40
    assert status.next_expiry is not None
    assert status.next_expiry[1] == 20  # what is left of A
    assert abs(status.next_expiry[0] - first_expiry) < timedelta(seconds=1)
    later = first_expiry + timedelta(days=1)
    assert loyalty.status(cid, now=later).points == 20  # B is intact
    with write_transaction():
        assert loyalty.write_off_expired(cid, loyalty.current_rules(), later) == 20
    assert loyalty.balances(cid).points == 20
    assert_consistent(cid)


def test_points_never_expire_when_expiry_is_off(shop: peewee.Database) -> None:
    shop_settings.set_value("points_expiry_months", "0")
    cid = new_customer()
    log_visit(cid, amount_minor=3000, at=days_ago(3000))
    loyalty.adjust_points(cid, 1, "touch")
    assert loyalty.status(cid).points == 31 == loyalty.balances(cid).points
    assert loyalty.status(cid).next_expiry is None


# -- tiers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visits", "tier", "to_next"),
    [(0, None, 10), (9, None, 1), (10, "Silver", 15), (24, "Silver", 1), (25, "Gold", None)],
)
def test_tiers_move_at_the_visit_thresholds(
    shop: peewee.Database, visits: int, tier: str | None, to_next: int | None
) -> None:
    cid = new_customer()
    for i in range(visits):
        log_visit(cid, at=days_ago(i + 1))
    status = loyalty.status(cid)
    assert (status.tier.name, status.tier.measure, status.tier.to_next) == (tier, visits, to_next)


def test_visits_older_than_twelve_months_and_voided_visits_do_not_count(
    shop: peewee.Database,
) -> None:
    cid = new_customer()
    for i in range(9):
        log_visit(cid, at=days_ago(i + 1))
    log_visit(cid, at=days_ago(366))
    log_visit(cid, at=days_ago(700))
    assert loyalty.status(cid).tier.name is None
    last = log_visit(cid, at=days_ago(364))
    assert loyalty.status(cid).tier.name == "Silver"
    void_visit(last.id, "duplicate")
    assert loyalty.status(cid).tier.name is None


def test_tiers_by_spend_in_whole_currency_units(shop: peewee.Database) -> None:
    shop_settings.set_many({"tier_basis": "spend", "tiers": "Gold=250; Silver=100"})
    cid = new_customer()
    log_visit(cid, amount_minor=50_000, at=days_ago(400))  # too long ago
    log_visit(cid, amount_minor=9_999, at=days_ago(5))  # £99.99
    status = loyalty.status(cid)
    assert (status.tier.name, status.tier.measure, status.tier.to_next) == (None, 99, 1)
    log_visit(cid, amount_minor=1, at=days_ago(4))  # £100.00
    assert loyalty.status(cid).tier.name == "Silver"
    log_visit(cid, amount_minor=14_999, at=days_ago(3))  # £249.99
    assert loyalty.status(cid).tier.name == "Silver"
    log_visit(cid, amount_minor=1, at=days_ago(2))  # £250.00
    status = loyalty.status(cid)
    assert (status.tier.name, status.tier.measure, status.tier.next_name) == ("Gold", 250, None)


def test_search_glance_agrees_with_the_card(shop: peewee.Database) -> None:
    cid = new_customer("Glenda")
    for i in range(10):
        log_visit(cid, amount_minor=1500, at=days_ago(i + 1))
    log_visit(cid, amount_minor=3000, at=add_months(datetime.now(UTC), -13))
    status = loyalty.status(cid)
    (row,) = [r for r in search_customers("Glenda") if r.id == cid]
    assert row.loyalty == f"Full card + 1 · {status.points} pts · Silver"
    assert status.stamps == 11 and status.points == 150


def test_a_visit_logged_after_the_fact_cannot_pay_for_a_later_redemption(
    shop: peewee.Database,
) -> None:
    """A visit entered today for 13 months ago earned points that expired a month ago; a
    redemption made today was paid from today's points, so the old points still expire."""
    cid = new_customer()
    log_visit(cid, amount_minor=10_000, at=days_ago(1))  # 100 points
    loyalty.redeem_points(cid, points=100)
    log_visit(cid, amount_minor=10_000, at=add_months(datetime.now(UTC), -13))  # expired
    assert loyalty.status(cid).points == 0
    loyalty.adjust_points(cid, 1, "any loyalty write")
    assert loyalty.balances(cid).points == 1 == loyalty.status(cid).points
    assert_consistent(cid)


def test_voiding_a_visit_whose_points_expired_takes_nothing_more(shop: peewee.Database) -> None:
    cid = new_customer()
    old = log_visit(cid, amount_minor=5000, at=add_months(datetime.now(UTC), -13))
    log_visit(cid, amount_minor=5000, at=days_ago(1))  # writes the old 50 points off
    assert loyalty.balances(cid).points == 50
    void_visit(old.id, "entered for the wrong customer")
    assert loyalty.balances(cid).points == 50  # the 50 points earned yesterday are untouched
