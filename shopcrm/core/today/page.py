"""The Today page's content: every section's rows for one day, read at once.

:data:`SECTIONS` lists the sections in the order the page and ``shopcrm today --json`` show
them. Follow-ups due and complaints past their target come from the follow-ups package
(``shopcrm.core.followups``); until it is wired in here they are empty lists, so the JSON
already has every key.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from shopcrm.core.today.birthdays import birthdays
from shopcrm.core.today.expiring import vouchers_expiring
from shopcrm.core.today.late import late_regulars
from shopcrm.core.today.model import Today, TodayRow

Section = Callable[[date, int], list[TodayRow]]

#: Section key → the function that lists its rows (day, limit); None: not in this build yet.
SECTIONS: dict[str, Section | None] = {
    "birthdays": birthdays,
    "followups_due": None,  # shopcrm.core.followups: followups_due
    "late_regulars": late_regulars,
    "vouchers_expiring": vouchers_expiring,
    "complaints_overdue": None,  # shopcrm.core.followups: complaints_overdue
}
#: The most rows a section shows: a morning list, not a report.
LIMIT = 100


def today_page(day: date, limit: int = LIMIT) -> Today:
    """Every section's rows for ``day`` (the shop's local date), each at most ``limit``.
    Plain reads, no transaction: on SQLite a write transaction would hold the other tills up,
    and a section a visit later is what the next refresh shows."""
    return Today(
        day,
        {key: section(day, limit) if section else [] for key, section in SECTIONS.items()},
    )
