"""The balances kept beside the ledger (``loyalty_balance``) stay the sums of the ledger's lines
through every kind of write, the search rows read them, and ``shopcrm check`` notices when
they drift. Real SQLite files, no mocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import peewee
import pytest

from shopcrm.core import settings as shop_settings
from shopcrm.core.check import check_database
from shopcrm.core.customers import CustomerInput, add_customer, search_customers
from shopcrm.core.loyalty import account as loyalty
from shopcrm.core.loyalty import add_months
from shopcrm.core.loyalty.balances import balance_problems, stored
from shopcrm.core.visits import log_visit, void_visit
from shopcrm.db.models import LoyaltyBalance, LoyaltyEntry


@pytest.fixture
def shop(db: peewee.Database) -> peewee.Database:
    shop_settings.set_many({"currency": "GBP", "locale": "en_GB"})
    return db


def new_customer(name: str) -> int:
    return add_customer(CustomerInput(first_name=name, last_name="Kept")).id


def ledger_sums(customer_id: int) -> tuple[int, int]:
    lines = LoyaltyEntry.select().where(LoyaltyEntry.customer == customer_id)
    return sum(e.stamps for e in lines), sum(e.points for e in lines)


def kept(customer_id: int) -> tuple[int, int]:
    return stored([customer_id]).get(customer_id, (0, 0))


def test_every_kind_of_write_keeps_the_balance_the_sum_of_the_ledger(
    shop: peewee.Database,
) -> None:
    cid = new_customer("Bea")
    long_ago = add_months(datetime.now(UTC), -13)
    log_visit(cid, amount_minor=4_000, at=long_ago)  # 40 points, expired by now
    steps = [
        lambda: log_visit(cid, amount_minor=25_000),  # earn; writes the expired 40 off
        lambda: loyalty.redeem_points(cid, points=30),
        lambda: loyalty.adjust_points(cid, 15, "birthday"),
        lambda: loyalty.adjust_points(cid, -5, "typo"),
    ]
    for step in steps:
        step()
        assert kept(cid) == ledger_sums(cid)
    for _ in range(9):
        log_visit(cid)
    loyalty.redeem_stamp_card(cid)
    assert kept(cid) == ledger_sums(cid)
    visit = log_visit(cid, amount_minor=1_000)
    void_visit(visit.id, "rang up twice")
    assert kept(cid) == ledger_sums(cid) == (1, 250 - 30 + 15 - 5)
    assert balance_problems() == []


def test_a_customer_with_no_ledger_line_has_no_balance_row(shop: peewee.Database) -> None:
    cid = new_customer("Cy")
    assert stored([cid]) == {}
    assert loyalty.balances(cid).as_tuple() == (0, 0)
    assert LoyaltyBalance.select().count() == 0


def test_the_search_rows_show_the_kept_balance(shop: peewee.Database) -> None:
    cid = new_customer("Dora")
    for i in range(12):
        log_visit(cid, amount_minor=1_000, at=datetime.now(UTC) - timedelta(days=i + 1))
    (row,) = search_customers("dora")
    assert row.loyalty == "Full card + 2 · 120 pts · Silver"
    LoyaltyBalance.update(points=LoyaltyBalance.points + 7).execute()
    (row,) = search_customers("dora")
    assert row.loyalty == "Full card + 2 · 127 pts · Silver"  # read from the kept row


def test_tiers_by_visits_are_named_right_past_the_highest_threshold(
    shop: peewee.Database,
) -> None:
    """The glance counts a year's visits only as far as the highest tier (25): a regular
    with 40 of them, some voided and some older than a year, is Gold there and on the card."""
    cid = new_customer("Eli")
    now = datetime.now(UTC)
    for i in range(40):
        log_visit(cid, at=now - timedelta(days=i + 1))
    for i in range(5):
        log_visit(cid, at=now - timedelta(days=400 + i))
    (row,) = search_customers("eli")
    assert row.loyalty is not None and row.loyalty.endswith("· Gold")
    assert loyalty.status(cid).tier.name == "Gold"


def test_voided_and_old_visits_do_not_count_towards_the_glance_tier(
    shop: peewee.Database,
) -> None:
    cid = new_customer("Fay")
    now = datetime.now(UTC)
    visits = [log_visit(cid, at=now - timedelta(days=i + 1)) for i in range(25)]
    log_visit(cid, at=now - timedelta(days=380))
    glance = search_customers("fay")[0].loyalty
    assert glance is not None and glance.endswith("· Gold")
    void_visit(visits[0].id, "never came")
    glance = search_customers("fay")[0].loyalty
    assert glance is not None and glance.endswith("· Silver")
    assert loyalty.status(cid).tier.name == "Silver"


def test_check_reports_a_balance_that_drifted_from_its_ledger(shop: peewee.Database) -> None:
    ann, bob, cy = new_customer("Ann"), new_customer("Bob"), new_customer("Cy")
    log_visit(ann, amount_minor=2_000)
    log_visit(bob, amount_minor=3_000)
    assert check_database().ok
    LoyaltyBalance.update(points=LoyaltyBalance.points - 1).where(
        LoyaltyBalance.customer == ann
    ).execute()
    LoyaltyBalance.delete().where(LoyaltyBalance.customer == bob).execute()
    LoyaltyBalance.insert(customer=cy, stamps=3, points=0).execute()
    problems = check_database().problems
    assert sorted(problems) == sorted(
        [
            f"loyalty: customer {ann}'s kept balance is not the ledger's: stamps 1 kept,"
            " 1 in the ledger; points 19 kept, 20 in the ledger",
            f"loyalty: customer {bob}'s kept balance is not the ledger's: stamps 0 kept,"
            " 1 in the ledger; points 0 kept, 30 in the ledger",
            f"loyalty: customer {cy} is kept with a balance but has no ledger lines",
        ]
    )
