"""Logging and voiding visits: validation, who did it, the cached statistics, the search rank."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import peewee
import pytest

from shopcrm.core import settings as shop_settings
from shopcrm.core.customers import CustomerInput, add_customer, search_customers
from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.ranking import rank_bucket
from shopcrm.core.staff import add_staff
from shopcrm.core.visits import get_visit, log_visit, refresh_customer_stats, void_visit
from shopcrm.db import database, write_transaction
from shopcrm.db.models import CustomerStats, LoyaltyEntry, Visit
from shopcrm.db.search import DEFAULT_RANK, search_index


@pytest.fixture
def shop(db: peewee.Database) -> peewee.Database:
    shop_settings.set_many({"currency": "GBP", "locale": "en_GB"})
    return db


def new_customer(first: str = "Ann", last: str = "Visitor") -> int:
    return add_customer(CustomerInput(first_name=first, last_name=last)).id


def days_ago(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def nothing_saved() -> None:
    assert Visit.select().count() == 0
    assert LoyaltyEntry.select().count() == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount_minor": -1}, "amount"),
        ({"amount_minor": 10**12 + 1}, "amount"),
        ({"satisfaction": 6}, "satisfaction"),
        ({"satisfaction": 0}, "satisfaction"),
        ({"at": datetime.now(UTC) + timedelta(hours=1)}, "at"),
        ({"at": datetime(2025, 1, 1, 12, 0)}, "at"),  # naive: no time zone
        ({"at": datetime(1999, 12, 31, tzinfo=UTC)}, "at"),
        ({"note": "x" * 10_001}, "note"),
        ({"feedback": "y" * 10_001}, "feedback"),
    ],
)
def test_bad_visits_refused_and_nothing_saved(shop: peewee.Database, kwargs, field: str) -> None:
    cid = new_customer()
    with pytest.raises(ValidationError) as err:
        log_visit(cid, **kwargs)
    assert field in err.value.errors
    nothing_saved()
    assert CustomerStats.select().count() == 0


def test_all_problems_reported_at_once(shop: peewee.Database) -> None:
    cid = new_customer()
    with pytest.raises(ValidationError) as err:
        log_visit(cid, amount_minor=-5, satisfaction=9, note="n" * 10_001)
    assert set(err.value.errors) == {"amount", "satisfaction", "note"}
    nothing_saved()


def test_edges_accepted(shop: peewee.Database) -> None:
    cid = new_customer()
    v = log_visit(cid, amount_minor=0, satisfaction=1, note="n" * 10_000, feedback="  fine  ")
    assert (v.amount_minor, v.satisfaction, len(v.note), v.feedback) == (0, 1, 10_000, "fine")
    v = log_visit(cid, amount_minor=10**12, satisfaction=5, at=datetime.now(UTC))
    assert v.amount_minor == 10**12
    v = log_visit(cid, at=datetime.now(UTC) + timedelta(minutes=4))  # a clock a bit fast
    assert Visit.select().count() == 3


def test_a_time_in_another_zone_is_stored_as_utc(shop: peewee.Database) -> None:
    cid = new_customer()
    local = datetime(2025, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    v = log_visit(cid, at=local)
    stored = get_visit(v.id).visited_at
    assert stored == datetime(2025, 3, 1, 14, 30, tzinfo=UTC)
    assert stored.utcoffset() == timedelta(0)


def test_unknown_customer_or_staff(shop: peewee.Database) -> None:
    with pytest.raises(NotFoundError):
        log_visit(4242)
    cid = new_customer()
    with pytest.raises(NotFoundError):
        log_visit(cid, staff_id=77)
    nothing_saved()
    v = log_visit(cid)
    with pytest.raises(NotFoundError):
        void_visit(v.id, "mistake", staff_id=77)
    assert not get_visit(v.id).voided
    with pytest.raises(NotFoundError):
        get_visit(v.id + 100)


def test_the_staff_member_is_recorded(shop: peewee.Database) -> None:
    cid = new_customer()
    kim = add_staff("Kim", "cashier")
    boss = add_staff("Pat", "owner")
    v = log_visit(cid, amount_minor=1500, staff_id=kim.id, note="latte")
    assert v.staff == "Kim"
    row = Visit.get_by_id(v.id)
    assert row.staff_id == kim.id
    earned = LoyaltyEntry.get(LoyaltyEntry.visit == v.id)
    assert earned.staff_id == kim.id
    void_visit(v.id, "wrong customer", staff_id=boss.id)
    row = Visit.get_by_id(v.id)
    assert row.voided_by_id == boss.id and row.voided and row.voided_at is not None
    reverse = LoyaltyEntry.get(LoyaltyEntry.kind == "reverse")
    assert reverse.staff_id == boss.id
    assert get_visit(v.id).to_json()["staff"] == "Kim"


def test_the_visit_view(shop: peewee.Database) -> None:
    cid = new_customer()
    at = days_ago(2)
    v = log_visit(
        cid, amount_minor=1234, note="  new glasses  ", satisfaction=4, feedback="quick", at=at
    )
    data = v.to_json()
    assert data["customer_id"] == cid
    assert data["amount_minor"] == 1234
    assert data["note"] == "new glasses"
    assert (data["satisfaction"], data["feedback"]) == (4, "quick")
    assert (data["stamps_earned"], data["points_earned"]) == (1, 12)
    assert data["voided"] is False
    assert datetime.fromisoformat(str(data["visited_at"])) == at


def fresh_aggregate(customer_id: int) -> tuple[int, int, datetime | None, datetime | None]:
    live = [
        v
        for v in Visit.select().where(Visit.customer == customer_id).order_by(Visit.visited_at)
        if not v.voided
    ]
    return (
        len(live),
        sum(v.amount_minor or 0 for v in live),
        live[0].visited_at if live else None,
        live[-1].visited_at if live else None,
    )


def cached(customer_id: int) -> tuple[int, int, datetime | None, datetime | None]:
    s = CustomerStats.get_by_id(customer_id)
    return (s.visits, s.total_spent_minor, s.first_visit_at, s.last_visit_at)


def test_customer_stats_follow_logs_and_voids(shop: peewee.Database) -> None:
    cid = new_customer()
    other = new_customer("Bo")
    ids = []
    for days, amount in [(40, 1000), (30, None), (20, 2500), (10, 700), (400, 9900)]:
        ids.append(log_visit(cid, amount_minor=amount, at=days_ago(days)).id)
        assert cached(cid) == fresh_aggregate(cid)
    log_visit(other, amount_minor=5)
    for visit_id in (ids[3], ids[4], ids[0]):
        void_visit(visit_id, "test")
        assert cached(cid) == fresh_aggregate(cid)
    assert cached(cid)[:2] == (2, 2500)
    void_visit(ids[1], "test")
    void_visit(ids[2], "test")
    assert cached(cid) == (0, 0, None, None) == fresh_aggregate(cid)
    assert search_index(database.obj).rank_of(cid) == DEFAULT_RANK
    for days, amount in [(5, 300), (900, None), (1, 1)]:  # counted onto the emptied cache
        log_visit(cid, amount_minor=amount, at=days_ago(days))
        assert cached(cid) == fresh_aggregate(cid)
    assert cached(other) == fresh_aggregate(other)
    with write_transaction():
        stats = refresh_customer_stats(other, datetime.now(UTC))
    assert (stats.visits, stats.total_spent_minor) == (1, 5)


def test_rank_matches_the_bucket_and_regulars_come_first(shop: peewee.Database) -> None:
    """Same-named customers: the one who comes more often in the last 12 months ranks first."""
    index = search_index(database.obj)
    others = {}
    for visits in (0, 1, 3, 6, 16):
        cid = new_customer("Sam", "Taylor")
        for i in range(visits):
            log_visit(cid, at=days_ago(i + 1))
        others[visits] = cid
        assert index.rank_of(cid) == rank_bucket(visits)
    target = new_customer("Sam", "Taylor")
    log_visit(target, at=days_ago(500))  # too long ago to count

    def order() -> list[int]:
        return [r.id for r in search_customers("sam taylor")]

    def above(a: int, b: int) -> bool:
        found = order()
        return found.index(a) < found.index(b)

    assert order()[0] == others[16]
    assert index.rank_of(target) == DEFAULT_RANK
    assert above(others[1], target)
    for visits in range(1, 9):
        log_visit(target, at=days_ago(visits))
        assert index.rank_of(target) == rank_bucket(visits)
        if visits == 1:
            assert above(target, others[0])
        if visits == 2:
            assert above(target, others[1])
        if visits == 4:
            assert above(target, others[3])
        if visits == 8:
            assert above(target, others[6])
            assert above(others[16], target)
    assert rank_bucket(0) == DEFAULT_RANK
    assert [rank_bucket(n) for n in (1, 2, 3, 4, 7, 8, 15, 16)] == [30, 28, 28, 26, 26, 24, 24, 22]


def test_rank_steps_down_when_a_visit_is_voided(shop: peewee.Database) -> None:
    cid = new_customer()
    ids = [log_visit(cid, at=days_ago(i + 1)).id for i in range(4)]
    assert search_index(database.obj).rank_of(cid) == rank_bucket(4)
    void_visit(ids[0], "double")
    assert search_index(database.obj).rank_of(cid) == rank_bucket(3)


def test_search_rows_show_the_last_visit(shop: peewee.Database) -> None:
    cid = new_customer("Quentin", "Unique")
    at = days_ago(3)
    log_visit(cid, at=at)
    log_visit(cid, at=days_ago(9))
    (row,) = search_customers("quentin unique")
    assert row.last_visit is not None
    assert abs(datetime.fromisoformat(row.last_visit) - at) < timedelta(seconds=1)
