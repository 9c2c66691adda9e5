"""Version 13 gives every customer's statistics a usual gap, late day and segment: an old
shop's rows arrive marked due and the batched catch-up fills them, as a visit would (both
engines)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from shopcrm.core.segments import customer_segment, due_count, refresh_due
from shopcrm.core.segments.rules import DUE
from shopcrm.db import close, connect, open_database, parse_location
from shopcrm.db.migrations import LATEST, current_version, migrate
from shopcrm.db.models import CustomerStats


def test_an_old_shop_is_filled_by_the_catch_up(empty_location: str) -> None:
    db = connect(parse_location(empty_location))
    last = datetime.now(UTC).replace(microsecond=0, tzinfo=None) - timedelta(days=25)
    try:
        migrate(db, target=LATEST - 1)
        with db.atomic():
            db.execute_sql(
                "INSERT INTO customer (id, first_name, last_name, phone, email, created_at,"
                f" updated_at) VALUES (1, 'Rita', '', '', '', {db.param}, {db.param})",
                (last, last),
            )
            for i in range(5):
                db.execute_sql(
                    "INSERT INTO visit (customer_id, visited_at, amount_minor, note, feedback,"
                    f" voided, void_reason) VALUES (1, {db.param}, 500, '', '', FALSE, '')",
                    (last - timedelta(days=10 * (4 - i)),),
                )
            db.execute_sql(
                "INSERT INTO customer_stats (customer_id, visits, total_spent_minor,"
                " first_visit_at, last_visit_at, rank, ranked_at)"
                f" VALUES (1, 5, 2500, {db.param}, {db.param}, 26, {db.param})",
                (last - timedelta(days=40), last, last),
            )
    finally:
        close()
    open_database(empty_location)  # upgrades
    assert current_version(CustomerStats._meta.database.obj) == LATEST
    row = CustomerStats.get_by_id(1)
    assert row.segment_until == DUE and row.late_from is None
    assert due_count() == 1
    assert refresh_due() == 1
    row = CustomerStats.get_by_id(1)
    assert row.usual_gap_tenths == 100
    assert row.late_from == last.date() + timedelta(days=21)
    assert customer_segment(1) == "regular"
    assert row.segment_until > date.today() - timedelta(days=1)
    close()
