"""The customer's history: visits, notes and loyalty events merged newest first, paged by
position (keyset), every item exactly once even when many share one timestamp."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import peewee
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopcrm.core import loyalty
from shopcrm.core import settings as shop_settings
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.loyalty import ADJUST
from shopcrm.core.notes import add_note
from shopcrm.core.staff import add_staff
from shopcrm.core.timeline import LOYALTY, NOTE, VISIT, timeline
from shopcrm.core.visits import log_visit, void_visit
from shopcrm.db.models import LoyaltyEntry, Note


@pytest.fixture
def shop(db: peewee.Database) -> peewee.Database:
    shop_settings.set_many({"currency": "GBP", "locale": "en_GB"})
    return db


def new_customer() -> int:
    return add_customer(CustomerInput(first_name="Tim", last_name="Line")).id


def all_pages(customer_id: int, page: int) -> list[list]:
    pages = []
    before = None
    while True:
        items = timeline(customer_id, before=before, limit=page)
        if not items:
            return pages
        assert len(items) <= page
        pages.append(items)
        before = items[-1].position
        assert len(pages) < 1000, "paging does not end"


def make_item(customer_id: int, kind: str, at: datetime) -> tuple[str, int]:
    if kind == VISIT:
        return VISIT, log_visit(customer_id, amount_minor=500, at=at).id
    if kind == NOTE:
        return NOTE, Note.create(customer=customer_id, text="a note", created_at=at).id
    entry = LoyaltyEntry.create(
        customer=customer_id, kind=ADJUST, points=1, reason="by hand", created_at=at
    )
    return LOYALTY, entry.id


def test_merged_newest_first(shop: peewee.Database) -> None:
    cid = new_customer()
    kim = add_staff("Kim")
    first = log_visit(cid, amount_minor=1250, at=datetime.now(UTC) - timedelta(days=3))
    note = add_note(cid, "ask about the move", pinned=True, staff_id=kim.id)
    loyalty.redeem_points(cid, points=5, staff_id=kim.id)
    items = timeline(cid)
    assert [(i.kind, i.id) for i in items] == [
        (LOYALTY, items[0].id),
        (NOTE, note.id),
        (VISIT, first.id),
    ]
    redeem, pinned, visit = items
    assert (redeem.loyalty_kind, redeem.points, redeem.text, redeem.staff) == (
        "redeem",
        -5,
        "points redeemed",
        "Kim",
    )
    assert pinned.pinned and pinned.text == "ask about the move" and pinned.staff == "Kim"
    # what the visit earned is on the visit item, not a separate "earn" line
    assert (visit.stamps, visit.points, visit.amount_minor) == (1, 12, 1250)
    assert not any(i.loyalty_kind == "earn" for i in items)
    data = visit.to_json()
    assert data["kind"] == "visit" and data["stamps"] == 1 and data["points"] == 12


def test_a_voided_visit_stays_with_its_reason(shop: peewee.Database) -> None:
    cid = new_customer()
    v = log_visit(cid, amount_minor=1000, at=datetime.now(UTC) - timedelta(hours=1))
    void_visit(v.id, "wrong card")
    items = timeline(cid)
    visit = next(i for i in items if i.kind == VISIT)
    assert visit.voided and visit.void_reason == "wrong card"
    reverse = next(i for i in items if i.kind == LOYALTY)
    assert (reverse.loyalty_kind, reverse.stamps, reverse.points) == ("reverse", -1, -10)


@pytest.mark.parametrize("page", [1, 2, 3, 5, 7, 50])
def test_pages_over_identical_times_give_every_item_once(shop: peewee.Database, page: int) -> None:
    cid = new_customer()
    same = datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)
    made = []
    for kind in (VISIT, NOTE, LOYALTY, VISIT, LOYALTY, NOTE, VISIT, NOTE, LOYALTY, VISIT):
        made.append(make_item(cid, kind, same))
    made.append(make_item(cid, NOTE, same + timedelta(seconds=1)))
    made.append(make_item(cid, VISIT, same - timedelta(seconds=1)))
    made.append(make_item(cid, LOYALTY, same - timedelta(microseconds=1)))
    pages = all_pages(cid, page)
    seen = [(i.kind, i.id) for p in pages for i in p]
    assert len(seen) == len(set(seen)) == len(made)
    assert set(seen) == set(made)
    positions = [i.position for p in pages for i in p]
    assert positions == sorted(positions, reverse=True)
    assert all(len(p) == page for p in pages[:-1])


moment = st.sampled_from([0, 0, 0, 1, 2, 3600, 86400])  # seconds before a base: many ties


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    items=st.lists(st.tuples(st.sampled_from([VISIT, NOTE, LOYALTY]), moment), max_size=25),
    page=st.integers(1, 6),
)
def test_paging_is_exact_for_any_mix(shop: peewee.Database, items, page: int) -> None:
    cid = new_customer()
    base = datetime.now(UTC) - timedelta(days=5)
    made = {make_item(cid, kind, base - timedelta(seconds=s)) for kind, s in items}
    seen = [(i.kind, i.id) for p in all_pages(cid, page) for i in p]
    assert len(seen) == len(set(seen))
    assert set(seen) == made
    everything = timeline(cid, limit=1000)
    assert [(i.kind, i.id) for i in everything] == seen
    ats = [i.at for i in everything]
    assert ats == sorted(ats, reverse=True)
