"""The demo shop's follow-ups (both engines): one complaint per low-scored visit, resolved when
old and open when recent, and hand-made ones so the Today page has something true to show:
call-backs due and complaints past the owner's target."""

from __future__ import annotations

from datetime import UTC, datetime

import peewee

from shopcrm.core import followups
from shopcrm.db.care_models import Followup
from shopcrm.db.models import Visit
from shopcrm.demo.followups import LEAST
from shopcrm.demo.shop import generate_demo_shop


def test_demo_follow_ups(db: peewee.Database) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    generate_demo_shop(400, seed=5, now=now)
    low = Visit.select().where((Visit.satisfaction <= 2) & ~Visit.voided)
    from_scores = Followup.select().where(Followup.visit.is_null(False))
    assert from_scores.count() == low.count() > 0
    assert {f.visit_id for f in from_scores} == {v.id for v in low}
    assert Followup.select().where(Followup.visit.is_null()).count() == LEAST
    for row in from_scores:
        assert (row.status == "done") == (row.closed_at is not None) == bool(row.resolution)
    today = followups.local_day(now)
    assert len(followups.complaints_overdue(today)) >= 2
    assert followups.followups_due(today) != []
    customer = followups.complaints_overdue(today)[0].customer_id
    assert followups.open_followups(customer, today) != []
