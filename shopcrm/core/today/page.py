"""The Today page's content: every section's rows for one day, read at once.

:data:`SECTIONS` lists the sections in the order the page and ``shopcrm today --json`` show
them. Follow-ups due and complaints past their target come from the follow-ups package
(``shopcrm.core.followups``), which orders them itself (most overdue first; oldest complaint
first), and each open follow-up shows in one of the two at most.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from shopcrm.core.followups import TodayFollowup, complaints_overdue, followups_due
from shopcrm.core.today.birthdays import birthdays
from shopcrm.core.today.expiring import vouchers_expiring
from shopcrm.core.today.late import late_regulars
from shopcrm.core.today.model import Today, TodayRow

Section = Callable[[date, int], list[TodayRow]]


def _rows(found: list[TodayFollowup], kind: str) -> list[TodayRow]:
    return [
        TodayRow(
            f.customer_id,
            f.customer_name,
            f.reason,
            (order, f.followup_id),  # in the order the follow-ups chose
            kind,
            {
                "followup_id": f.followup_id,
                "kind": f.kind,
                "about": f.about,
                "due_on": f.due_on,
                "assignee": f.assignee,
                "age_working_days": f.age_days,
            },
        )
        for order, f in enumerate(found)
    ]


def _followups_due(day: date, limit: int) -> list[TodayRow]:
    return _rows(followups_due(day, limit), "followup")


def _complaints_overdue(day: date, limit: int) -> list[TodayRow]:
    return _rows(complaints_overdue(day, limit), "complaint")


#: Section key → the function that lists its rows (day, limit).
SECTIONS: dict[str, Section] = {
    "birthdays": birthdays,
    "followups_due": _followups_due,
    "late_regulars": late_regulars,
    "vouchers_expiring": vouchers_expiring,
    "complaints_overdue": _complaints_overdue,
}
#: The most rows a section shows: a morning list, not a report.
LIMIT = 100


def today_page(day: date, limit: int = LIMIT) -> Today:
    """Every section's rows for ``day`` (the shop's local date), each at most ``limit``.
    Plain reads, no transaction: on SQLite a write transaction would hold the other tills up,
    and a section a visit later is what the next refresh shows."""
    return Today(
        day,
        {key: section(day, limit) for key, section in SECTIONS.items()},
    )
