"""What a visit earns under the owner's scheme, and which tier a customer holds (pure rules)."""

from __future__ import annotations

from fractions import Fraction

import peewee
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shopcrm.core import loyalty
from shopcrm.core import settings as shop_settings
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.loyalty import LoyaltyRules, tier_for
from shopcrm.core.visits import log_visit

DEFAULT = LoyaltyRules()


@pytest.mark.parametrize(
    ("amount", "earned"),
    [(None, (1, 0)), (0, (1, 0)), (99, (1, 0)), (100, (1, 1)), (1299, (1, 12)), (5000, (1, 50))],
)
def test_a_stamp_per_visit_and_a_point_per_whole_unit(
    amount: int | None, earned: tuple[int, int]
) -> None:
    assert DEFAULT.earned(amount) == earned


@pytest.mark.parametrize(
    ("amount", "earned"),
    [(None, (0, 0)), (0, (0, 0)), (499, (0, 4)), (500, (1, 5)), (501, (1, 5)), (10_000, (1, 100))],
)
def test_a_stamp_only_over_the_minimum_amount(amount: int | None, earned: tuple[int, int]) -> None:
    rules = LoyaltyRules(stamp_min_amount_minor=500)
    assert rules.earned(amount) == earned


def test_stamp_card_and_points_can_be_off() -> None:
    assert LoyaltyRules(stamps_per_card=0).earned(5000) == (0, 50)
    assert LoyaltyRules(points_per_unit=0).earned(5000) == (1, 0)
    assert LoyaltyRules(stamps_per_card=0, points_per_unit=0).earned(5000) == (0, 0)


def test_points_per_unit_round_down() -> None:
    rules = LoyaltyRules(points_per_unit=3)
    assert rules.earned(1299) == (1, 38)  # 3 × 12.99 = 38.97
    assert rules.earned(33) == (1, 0)  # 0.99 points
    assert rules.earned(34) == (1, 1)


def test_yen_has_no_minor_unit() -> None:
    rules = LoyaltyRules(minor_per_unit=1)
    assert rules.earned(1250) == (1, 1250)
    assert LoyaltyRules(minor_per_unit=1, points_per_unit=2).earned(7) == (1, 14)


@settings(max_examples=200, deadline=None)
@given(
    amount=st.one_of(st.none(), st.integers(0, 10**12)),
    per_card=st.integers(0, 100),
    minimum=st.integers(0, 100_000),
    per_unit=st.integers(0, 1000),
    minor=st.sampled_from([1, 100, 1000]),
)
def test_earned_matches_the_rule(
    amount: int | None, per_card: int, minimum: int, per_unit: int, minor: int
) -> None:
    rules = LoyaltyRules(
        stamps_per_card=per_card,
        stamp_min_amount_minor=minimum,
        points_per_unit=per_unit,
        minor_per_unit=minor,
    )
    stamps, points = rules.earned(amount)
    qualifies = minimum == 0 or (amount is not None and amount >= minimum)
    assert stamps == (1 if per_card and qualifies else 0)
    spent_units = Fraction(amount or 0, minor)  # exact: 133.64 * 225 is 30068.999… in floats
    assert points == (amount or 0) * per_unit // minor
    assert points <= spent_units * per_unit < points + 1 or per_unit == 0


@pytest.mark.parametrize(
    ("visits", "name", "next_name", "to_next"),
    [
        (0, None, "Silver", 10),
        (9, None, "Silver", 1),
        (10, "Silver", "Gold", 15),
        (24, "Silver", "Gold", 1),
        (25, "Gold", None, None),
        (400, "Gold", None, None),
    ],
)
def test_tiers_by_visits(visits: int, name: str | None, next_name: str | None, to_next) -> None:
    status = tier_for(DEFAULT, visits, 10**9)  # spend is ignored on the visits basis
    assert (status.name, status.measure, status.next_name, status.to_next) == (
        name,
        visits,
        next_name,
        to_next,
    )


@pytest.mark.parametrize(
    ("spent_minor", "minor", "name", "measure"),
    [
        (9_999, 100, None, 99),
        (10_000, 100, "Silver", 100),
        (24_999, 100, "Silver", 249),
        (25_000, 100, "Gold", 250),
        (99, 1, None, 99),
        (100, 1, "Silver", 100),
    ],
)
def test_tiers_by_spend_in_whole_units(
    spent_minor: int, minor: int, name: str | None, measure: int
) -> None:
    rules = LoyaltyRules(
        tier_basis="spend", tiers=(("Gold", 250), ("Silver", 100)), minor_per_unit=minor
    )
    status = tier_for(rules, 1000, spent_minor)  # visits are ignored on the spend basis
    assert (status.name, status.measure) == (name, measure)


@settings(max_examples=200, deadline=None)
@given(
    thresholds=st.lists(st.integers(1, 100), min_size=0, max_size=5, unique=True),
    measure=st.integers(0, 120),
)
def test_the_tier_is_the_highest_threshold_reached(thresholds: list[int], measure: int) -> None:
    tiers = tuple((f"T{t}", t) for t in thresholds)
    status = tier_for(LoyaltyRules(tiers=tiers), measure, 0)
    reached = [t for t in thresholds if t <= measure]
    ahead = [t for t in thresholds if t > measure]
    assert status.name == (f"T{max(reached)}" if reached else None)
    assert status.next_at == (min(ahead) if ahead else None)
    assert status.to_next == (min(ahead) - measure if ahead else None)


# -- the rules as the shop's settings define them ----------------------------------------------


def test_rules_from_the_default_settings(db: peewee.Database) -> None:
    shop_settings.set_many({"currency": "GBP"})
    assert loyalty.current_rules() == LoyaltyRules()


def test_rules_from_changed_settings(db: peewee.Database) -> None:
    shop_settings.set_many(
        {
            "currency": "EUR",
            "locale": "de_DE",
            "stamps_per_card": "8",
            "stamp_min_amount": "5,00",
            "stamp_reward": "Gratis Kaffee",
            "points_per_unit": "2",
            "rewards": "Kuchen=300; Kaffee=120",
            "tier_basis": "spend",
            "tiers": "Gold=500; Silber=200",
            "points_expiry_months": "6",
        }
    )
    assert loyalty.current_rules() == LoyaltyRules(
        stamps_per_card=8,
        stamp_min_amount_minor=500,
        stamp_reward="Gratis Kaffee",
        points_per_unit=2,
        minor_per_unit=100,
        rewards=(("Kaffee", 120), ("Kuchen", 300)),
        tier_basis="spend",
        tiers=(("Silber", 200), ("Gold", 500)),
        points_expiry_months=6,
    )


def test_a_visit_with_no_amount_earns_no_stamp_when_a_minimum_is_set(db: peewee.Database) -> None:
    shop_settings.set_many({"currency": "GBP", "locale": "en_GB", "stamp_min_amount": "5"})
    cid = add_customer(CustomerInput(first_name="Mo")).id
    assert (log_visit(cid).stamps_earned, log_visit(cid).points_earned) == (0, 0)
    visit = log_visit(cid, amount_minor=499)
    assert (visit.stamps_earned, visit.points_earned) == (0, 4)
    visit = log_visit(cid, amount_minor=500)
    assert (visit.stamps_earned, visit.points_earned) == (1, 5)
    assert loyalty.balances(cid) == loyalty.Balances(1, 9)


def test_yen_shop_earns_a_point_per_yen(db: peewee.Database) -> None:
    shop_settings.set_many({"currency": "JPY", "locale": "ja_JP"})
    assert loyalty.current_rules().minor_per_unit == 1
    cid = add_customer(CustomerInput(first_name="Yui")).id
    visit = log_visit(cid, amount_minor=1250)  # ¥1,250
    assert (visit.stamps_earned, visit.points_earned) == (1, 1250)
