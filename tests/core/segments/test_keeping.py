"""Segments and late days kept on the customer's row: with every visit, over time, after a
settings change (both engines)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import peewee

from shopcrm.core import settings
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.segments import (
    customer_segment,
    due_count,
    refresh_due,
    segment_members,
    segment_sizes,
)
from shopcrm.core.segments.rules import DUE
from shopcrm.core.visits import log_visit, void_visit
from shopcrm.db.models import CustomerStats


def stats(cid: int) -> CustomerStats:
    return CustomerStats.get(CustomerStats.customer == cid)


def test_a_visit_keeps_the_segment_and_late_day_current(db: peewee.Database) -> None:
    cid = add_customer(CustomerInput("Ana")).id
    assert customer_segment(cid) is None
    now = datetime.now(UTC)
    log_visit(cid, at=now - timedelta(days=30))
    assert customer_segment(cid) == "new"
    assert stats(cid).late_from is None
    for days in (20, 10, 0):
        log_visit(cid, at=now - timedelta(days=days), amount_minor=300)
    row = stats(cid)
    assert customer_segment(cid) == "regular"
    assert row.usual_gap_tenths == 100
    assert row.late_from == now.date() + timedelta(days=21)
    assert row.segment_until >= now.date()


def test_voiding_recomputes(db: peewee.Database) -> None:
    cid = add_customer(CustomerInput("Ben")).id
    now = datetime.now(UTC)
    visits = [log_visit(cid, at=now - timedelta(days=d)) for d in (30, 20, 10, 0)]
    assert stats(cid).late_from is not None
    void_visit(visits[-1].id, "typed on the wrong card")
    row = stats(cid)
    assert row.late_from is None  # three visits left: too little history
    assert row.segment == "new"


def test_time_moves_segments_through_the_due_rows_only(db: peewee.Database) -> None:
    cid = add_customer(CustomerInput("Cleo")).id
    now = datetime.now(UTC)
    for days in (90, 80, 70, 61):
        log_visit(cid, at=now - timedelta(days=days))
    other = add_customer(CustomerInput("Dan")).id
    log_visit(other)
    # as if the segment had been worked out two days ago: due today
    CustomerStats.update(segment="regular", segment_until=now.date() - timedelta(days=1)).where(
        CustomerStats.customer == cid
    ).execute()
    assert due_count(now.date()) == 1
    assert refresh_due(now) == 1
    assert customer_segment(cid) == "at_risk"
    assert customer_segment(other) == "new"
    assert due_count(now.date()) == 0
    assert refresh_due(now) == 0


def test_a_rhythm_setting_change_recomputes_everybody(db: peewee.Database) -> None:
    cid = add_customer(CustomerInput("Eli")).id
    now = datetime.now(UTC)
    for days in (3, 2, 1):
        log_visit(cid, at=now - timedelta(days=days))
    assert customer_segment(cid) == "new"
    settings.set_many({"shop_name": "Corner"})
    assert due_count(now.date()) == 0  # other settings leave the rows alone
    settings.set_many({"segment_regular_visits": "3"})
    assert stats(cid).segment_until == DUE
    assert refresh_due() == 1
    assert customer_segment(cid) == "regular"


def test_sizes_and_members(db: peewee.Database) -> None:
    a = add_customer(CustomerInput("Fay", email="fay@example.com")).id
    b = add_customer(CustomerInput("Gus", do_not_contact=True)).id
    add_customer(CustomerInput("Hal"))
    log_visit(a)
    log_visit(b)
    sizes = segment_sizes()
    assert sizes["new"] == 2 and sizes["none"] == 1 and sum(sizes.values()) == 3
    members = segment_members("new")
    assert [m.customer_id for m in members] == [a, b]
    assert [m.do_not_contact for m in members] == [False, True]
    assert segment_members("new", after_id=a)[0].customer_id == b
