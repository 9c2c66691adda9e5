"""The demo shop's follow-ups, so the card, the Follow-ups list and the Today page show
something true: a complaint for every visit scored at or below the shop's threshold (resolved
within a day or two when the visit is more than ten days old, open when recent), and a few
hand-made ones per thousand customers (call-backs due, check-ins coming up, complaints of
which some are past the owner's target).

Proportional and cheap: the low scores are found through the feedback index (under 1 % of
the visits), and the hand-made ones are one per 400 customers (at least four, so a small
demo shows each kind); a demo of a million customers adds a few thousand rows in about a
second.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from shopcrm.core import settings
from shopcrm.core.followups.kinds import default_due
from shopcrm.core.followups.workdays import next_working_day
from shopcrm.db import database
from shopcrm.db.dialect import with_params
from shopcrm.db.models import utc_from_db
from shopcrm.demo.rows import utc_text

#: One hand-made follow-up per this many customers (at least :data:`LEAST`, at most :data:`MOST`).
PER_CUSTOMERS = 400
LEAST, MOST = 4, 2_500
#: A complaint from a visit older than this was resolved; a newer one is still open.
RESOLVED_AFTER = timedelta(days=10)

COMPLAINTS = (
    "Birthday cake was a day late",
    "Charged twice on the card machine",
    "Oat milk ran out again",
    "Was given someone else's order",
    "Sandwich was soggy",
)
CALLBACKS = (
    "Ring when the sourdough starter is ready",
    "Call back about the wedding cake quote",
    "Ring to confirm Saturday's order",
    "Call about the umbrella left behind",
)
CHECKINS = (
    "Ask how the new job is going",
    "Check the gluten-free bread suited them",
    "Ask how the move went",
    "See if the celebration cake went down well",
)
RESOLUTIONS = (
    "Apologised and replaced it",
    "Refunded the difference",
    "Spoke to the supplier; sorted",
    "Rang and apologised; happy again",
)

_INSERT = (
    "INSERT INTO followup (customer_id, kind, about, visit_id, due_on, assignee_id, status,"
    " resolution, created_at, created_by_id, closed_at, closed_by_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _local(moment: datetime) -> date:
    return moment.astimezone().date()


def add_demo_followups(
    cursor, first_id: int, customers: int, seed: int, now: datetime, owner_id: int | None
) -> int:
    """Write the follow-ups of the customers ``first_id`` … of this demo (inside its
    transaction); returns how many."""
    rng = random.Random(seed ^ 0x5F0110)
    rows = _from_low_scores(cursor, first_id, now, owner_id, rng)
    rows += _hand_made(cursor, first_id, customers, now, owner_id, rng)
    cursor.executemany(with_params(database.obj, _INSERT), rows)
    return len(rows)


def _from_low_scores(cursor, first_id, now, owner_id, rng) -> list[tuple[object, ...]]:
    threshold = settings.load().complaint_score_threshold
    if threshold < 1:
        return []
    # "+customer_id": no index on it, so the feedback index (a few rows in a hundred) is used.
    found = cursor.execute(
        with_params(
            database.obj,
            "SELECT v.id, v.customer_id, v.staff_id, v.visited_at, v.satisfaction, v.feedback"
            " FROM visit v WHERE (satisfaction IS NOT NULL OR feedback <> '')"
            f" AND +v.customer_id >= ? AND NOT v.voided AND v.satisfaction <= {int(threshold)}"
            " ORDER BY v.visited_at, v.id",  # the same rows in the same order on both engines
        ),
        (first_id,),
    ).fetchall()
    rows: list[tuple[object, ...]] = []
    for vid, cid, staff, at, score, feedback in found:
        moment = utc_from_db(at)
        about = f"Scored the visit {score} of 5" + (f": {feedback}" if feedback else "")
        who = staff or owner_id
        due = next_working_day(_local(moment)).isoformat()
        if now - moment > RESOLVED_AFTER:
            closed = moment + timedelta(hours=rng.randint(2, 60))
            resolution = RESOLUTIONS[rng.randrange(len(RESOLUTIONS))]
            rows.append(
                (cid, "complaint", about, vid, due, who, "done", resolution, utc_text(moment),
                 staff, utc_text(closed), owner_id)
            )  # fmt: skip
        else:
            rows.append(
                (cid, "complaint", about, vid, due, who, "open", "", utc_text(moment), staff,
                 None, None)
            )  # fmt: skip
    return rows


def _regular(cursor, first_id: int, customers: int, rng: random.Random) -> int:
    """A random customer of this demo who has come a few times (one look-up by key each
    try); any customer when a few tries find none (a demo of newcomers)."""
    query = with_params(database.obj, "SELECT visits FROM customer_stats WHERE customer_id = ?")
    cid = first_id
    for _ in range(20):
        cid = first_id + rng.randrange(customers)
        found = cursor.execute(query, (cid,)).fetchone()
        if found and found[0] >= 3:
            return cid
    return cid


def _hand_made(cursor, first_id, customers, now, owner_id, rng) -> list[tuple[object, ...]]:
    count = max(LEAST, min(MOST, customers // PER_CUSTOMERS))
    rows: list[tuple[object, ...]] = []
    for index in range(count):
        cid = _regular(cursor, first_id, customers, rng)
        if index < 2:  # two complaints surely past a two-working-day target
            kind, back = "complaint", 5 + index
        else:
            pick = rng.random()
            kind = "complaint" if pick < 0.4 else "callback" if pick < 0.75 else "checkin"
            back = rng.randrange({"complaint": 7, "callback": 4, "checkin": 11}[kind])
        texts = {"complaint": COMPLAINTS, "callback": CALLBACKS, "checkin": CHECKINS}[kind]
        created = (now - timedelta(days=back, minutes=rng.randrange(600))).astimezone(UTC)
        due = default_due(kind, _local(created)).isoformat()
        about = texts[rng.randrange(len(texts))]
        rows.append(
            (cid, kind, about, None, due, owner_id, "open", "", utc_text(created), owner_id,
             None, None)
        )  # fmt: skip
    return rows
