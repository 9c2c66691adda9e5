"""The Feedback list: what customers said about their visits (a score 1-5, a comment), newest
first, and the average score per month.

Both read the partial index ``visit_feedback`` (schema 13), which holds only the visits with
a score or a comment; the condition below repeats the index's word for word, as SQLite
needs to use it. Voided visits are left out (logged by mistake, so not what anyone said).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from shopcrm.core.errors import ValidationError
from shopcrm.db import database
from shopcrm.db.dialect import is_postgresql
from shopcrm.db.models import utc_from_db

#: The index's condition (see the schema 13 migration), on the table aliased ``v``.
_RATED = "(v.satisfaction IS NOT NULL OR v.feedback <> '')"
MAX_ROWS = 1_000


@dataclass(frozen=True)
class FeedbackRow:
    visit_id: int
    customer_id: int
    customer_name: str
    visited_at: datetime
    satisfaction: int | None
    feedback: str
    staff: str | None

    def to_json(self) -> dict[str, object]:
        return {
            "visit_id": self.visit_id,
            "customer_id": self.customer_id,
            "customer_name": self.customer_name,
            "visited_at": self.visited_at.isoformat(),
            "satisfaction": self.satisfaction,
            "feedback": self.feedback,
            "staff": self.staff,
        }


@dataclass(frozen=True)
class MonthAverage:
    month: str  # "2026-11" (UTC months: a visit at midnight on the 1st may fall either side)
    scores: int
    average: float

    def to_json(self) -> dict[str, object]:
        return {"month": self.month, "scores": self.scores, "average": round(self.average, 2)}


def _start(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone().astimezone(UTC)


def _range(since: date | None, until: date | None) -> tuple[str, list[object]]:
    conditions: list[str]
    params: list[object]
    conditions, params = [_RATED, "NOT v.voided"], []
    p = database.param
    if since is not None:
        conditions.append(f"v.visited_at >= {p}")
        params.append(_stored(_start(since)))
    if until is not None:
        conditions.append(f"v.visited_at < {p}")
        params.append(_stored(_start(until + timedelta(days=1))))
    return " AND ".join(conditions), params


def _stored(moment: datetime) -> object:
    from shopcrm.db.models import Visit

    return Visit.visited_at.db_value(moment)


def feedback_list(
    *,
    since: date | None = None,
    until: date | None = None,
    scores: tuple[int, ...] = (),
    with_comment: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[FeedbackRow]:
    """Scores and comments between ``since`` and ``until`` (local days, both included),
    newest first; ``scores`` keeps only those scores, ``with_comment`` only visits with a
    comment."""
    if any(not 1 <= s <= 5 for s in scores):
        raise ValidationError({"satisfaction": "satisfaction is 1 to 5"})
    where, params = _range(since, until)
    if scores:
        where += f" AND v.satisfaction IN ({', '.join(str(int(s)) for s in scores)})"
    if with_comment:
        where += " AND v.feedback <> ''"
    p = database.param
    sql = (
        "SELECT v.id, v.customer_id, c.first_name, c.last_name, v.visited_at, v.satisfaction,"
        " v.feedback, s.name FROM visit v JOIN customer c ON c.id = v.customer_id"
        " LEFT JOIN staff s ON s.id = v.staff_id"
        f" WHERE {where} ORDER BY v.visited_at DESC, v.id DESC LIMIT {p} OFFSET {p}"
    )
    params += [max(0, min(limit, MAX_ROWS)), max(0, offset)]
    return [
        FeedbackRow(vid, cid, f"{first} {last}".strip(), utc_from_db(at), score, text, staff)
        for vid, cid, first, last, at, score, text, staff in database.execute_sql(sql, params)
    ]


def monthly_averages(since: date | None = None, until: date | None = None) -> list[MonthAverage]:
    """The average score of each month with scores, oldest first."""
    where, params = _range(since, until)
    month = (
        "to_char(v.visited_at, 'YYYY-MM')"
        if is_postgresql(database)
        else "substr(v.visited_at, 1, 7)"
    )
    sql = (
        f"SELECT {month}, count(v.satisfaction), avg(v.satisfaction) FROM visit v"
        f" WHERE {where} GROUP BY 1 ORDER BY 1"
    )
    return [
        MonthAverage(str(m), int(n), float(avg))
        for m, n, avg in database.execute_sql(sql, params)
        if n
    ]
