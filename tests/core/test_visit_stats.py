"""Visit statistics against hand-computed examples (``summarise``) and through the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import peewee

from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.visit_stats import summarise, visit_summary
from shopcrm.core.visits import log_visit, void_visit

NOW = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)
DAY0 = datetime(2025, 1, 1, 10, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return DAY0 + timedelta(days=n)


def test_median_gap_and_spend() -> None:
    visits = [
        (day(14), 800, ""),
        (day(0), 1250, "first visit"),
        (day(28), None, ""),
        (day(7), None, "asked about the cake"),
    ]  # any order
    s = summarise(visits, NOW)
    assert s.visits == 4
    assert s.usual_gap_days == 7.0  # gaps 7, 7, 14
    assert s.total_spent_minor == 2050
    assert s.average_spend_minor == 1025  # over the two visits with a purchase
    assert s.lifetime_value_minor == 2050
    assert s.last_12_months_minor == 2050
    assert s.first_visit == day(0)
    assert s.last_visit == day(28)
    assert s.last_note == "asked about the cake"  # the newest visit with a note


def test_even_number_of_gaps_and_fractions() -> None:
    s = summarise([(day(0), 100, ""), (day(3), 200, ""), (day(10), 300, "")], NOW)
    assert s.usual_gap_days == 5.0  # median of 3 and 7
    assert s.average_spend_minor == 200
    s = summarise([(day(0), None, ""), (day(1.5), None, "")], NOW)
    assert s.usual_gap_days == 1.5
    s = summarise([(day(0), None, ""), (day(1 / 3), None, "")], NOW)
    assert s.usual_gap_days == 0.3  # one decimal


def test_last_twelve_months_and_lifetime() -> None:
    visits = [
        (NOW - timedelta(days=400), 5000, "long ago"),
        (NOW - timedelta(days=366), 700, ""),
        (NOW - timedelta(days=364), 300, ""),
        (NOW - timedelta(days=1), 1000, ""),
    ]
    s = summarise(visits, NOW)
    assert s.lifetime_value_minor == s.total_spent_minor == 7000
    assert s.last_12_months_minor == 1300
    assert s.average_spend_minor == 1750
    assert s.usual_gap_days == 34.0  # gaps 34, 2, 363
    assert s.last_note == "long ago"


def test_average_rounds_to_the_nearest_minor_unit() -> None:
    s = summarise([(day(0), 100, ""), (day(1), 200, ""), (day(2), 200, "")], NOW)
    assert s.average_spend_minor == 167  # 500 / 3
    s = summarise([(day(0), 0, ""), (day(1), None, "")], NOW)
    assert (s.total_spent_minor, s.average_spend_minor) == (0, 0)


def test_one_visit() -> None:
    s = summarise([(day(0), 990, "hello")], NOW)
    assert (s.visits, s.usual_gap_days, s.total_spent_minor, s.average_spend_minor) == (
        1,
        None,
        990,
        990,
    )
    assert s.first_visit == s.last_visit == day(0)


def test_no_visits() -> None:
    s = summarise([], NOW)
    assert s.visits == 0
    assert s.total_spent_minor == s.lifetime_value_minor == s.last_12_months_minor == 0
    assert s.average_spend_minor is None
    assert s.first_visit is s.last_visit is s.usual_gap_days is None
    assert s.last_note == ""
    assert s.to_json()["last_visit"] is None


def test_visits_without_amounts() -> None:
    s = summarise([(day(0), None, ""), (day(7), None, "")], NOW)
    assert (s.total_spent_minor, s.average_spend_minor, s.usual_gap_days) == (0, None, 7.0)


def test_to_json() -> None:
    data = summarise([(day(0), 1250, "a"), (day(7), 800, "")], NOW).to_json()
    assert data == {
        "visits": 2,
        "total_spent_minor": 2050,
        "average_spend_minor": 1025,
        "first_visit": day(0).isoformat(),
        "last_visit": day(7).isoformat(),
        "usual_gap_days": 7.0,
        "lifetime_value_minor": 2050,
        "last_12_months_minor": 2050,
        "last_note": "a",
    }


def test_visit_summary_ignores_voided_visits(db: peewee.Database) -> None:
    cid = add_customer(CustomerInput(first_name="Vi")).id
    now = datetime.now(UTC)
    at = [now - timedelta(days=d) for d in (28, 21, 14, 7)]
    log_visit(cid, amount_minor=1250, at=at[0], note="first")
    wrong = log_visit(cid, amount_minor=99_900, at=at[1], note="typo amount")
    log_visit(cid, amount_minor=800, at=at[2])
    log_visit(cid, at=at[3])
    void_visit(wrong.id, "amount typed wrong")
    s = visit_summary(cid)
    assert s.visits == 3
    assert s.total_spent_minor == s.lifetime_value_minor == s.last_12_months_minor == 2050
    assert s.average_spend_minor == 1025
    assert s.usual_gap_days == 10.5  # gaps 14 and 7 (the voided visit between is ignored)
    assert s.last_note == "first"
    assert s.first_visit is not None and abs(s.first_visit - at[0]) < timedelta(seconds=1)


def test_visit_summary_of_a_customer_with_no_visits(db: peewee.Database) -> None:
    cid = add_customer(CustomerInput(first_name="Nova")).id
    assert visit_summary(cid).visits == 0
