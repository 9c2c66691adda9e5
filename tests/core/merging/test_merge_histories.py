"""Merge and undo over random loyalty histories (both engines): whatever two customers did —
visits over two years with points expiring, redemptions, hand adjustments, voids — the merged
ledger's lots are what it replays to and the balance its sum, and the undo gives every row back
exactly; with more done after the merge, the undo either gives back consistent ledgers or is
refused with nothing changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import peewee
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopcrm.core import loyalty
from shopcrm.core import settings as shop_settings
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.errors import ValidationError
from shopcrm.core.loyalty.balances import balance_problems
from shopcrm.core.loyalty.lot_check import lot_problems
from shopcrm.core.merging import MergeRefused, merge_customers, unmerge
from shopcrm.core.visits import log_visit, void_visit
from shopcrm.db.models import Visit
from tests.core.merging.merge_shop import dump

#: (who: 0 kept, 1 the duplicate; what; a number for it)
Step = tuple[int, str, int]
STEPS = st.lists(
    st.tuples(
        st.integers(0, 1),
        st.sampled_from(["visit", "visit", "visit", "redeem", "adjust", "void"]),
        st.integers(1, 800),
    ),
    min_size=1,
    max_size=14,
)


def _do(steps: list[Step], ids: tuple[int, int]) -> None:
    now = datetime.now(UTC)
    for who, what, n in steps:
        customer = ids[who]
        try:
            if what == "visit":
                log_visit(customer, amount_minor=n * 37, at=now - timedelta(days=n))
            elif what == "redeem":
                loyalty.redeem_points(customer, max(1, n // 4))
            elif what == "adjust":
                loyalty.adjust_points(customer, n // 3 - 100, "by hand")
            else:
                live = Visit.select().where((Visit.customer == customer) & ~Visit.voided)
                visit = live.order_by(Visit.id).offset(n % max(1, live.count())).first()
                if visit is not None:
                    void_visit(visit.id, "mistake")
        except ValidationError:
            pass  # not enough points: the till says so and nothing happens


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(before=STEPS, after=st.lists(st.tuples(st.just(0), st.sampled_from(
    ["visit", "redeem", "void"]), st.integers(1, 800)), max_size=4))  # fmt: skip
def test_any_two_histories_merge_and_come_apart_again(
    db: peewee.Database, before: list[Step], after: list[Step]
) -> None:
    shop_settings.set_many({"points_per_unit": "1", "points_expiry_months": "12"})
    ids = (add_customer(CustomerInput("Keep")).id, add_customer(CustomerInput("Other")).id)
    _do(before, ids)
    rows = dump(db)
    expected = [loyalty.balances(c) for c in ids]

    merge = merge_customers(*ids)
    assert lot_problems(list(ids)) == [] and balance_problems(list(ids)) == []
    merged = loyalty.balances(ids[0])
    assert merged.points == expected[0].points + expected[1].points
    assert merged.stamps == expected[0].stamps + expected[1].stamps

    if not after:
        unmerge(merge.id)
        assert dump(db) == rows
        return
    _do(after, ids)
    done = dump(db)
    try:
        unmerge(merge.id)
    except MergeRefused as exc:
        assert "below zero" in str(exc)
        assert dump(db) == done
    assert lot_problems(list(ids)) == [] and balance_problems(list(ids)) == []
