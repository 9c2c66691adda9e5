"""Follow-ups: complaints, call-backs and check-ins the shop owes its customers, and the
feedback that opens them.

- :mod:`.kinds` — kinds, statuses, and the defaults of a counter capture (due date, assignee);
- :mod:`.workdays` — a complaint's age in working days (Monday to Friday);
- :mod:`.lifecycle` — opening, closing (with a recovery voucher), dropping, reassigning;
- :mod:`.queries` — the card's open ones, the Follow-ups list, and the Today page's lists;
- :mod:`.feedback` — the Feedback list and its monthly averages;
- :mod:`.views` — a follow-up as its readers see it.

The ui and the command line import from here.
"""

from shopcrm.core.followups.feedback import (
    FeedbackRow,
    MonthAverage,
    feedback_list,
    monthly_averages,
)
from shopcrm.core.followups.kinds import (
    CALLBACK,
    CHECKIN,
    COMPLAINT,
    DONE,
    DROPPED,
    KINDS,
    MAX_ABOUT,
    OPEN,
    OTHER,
    STATUSES,
    default_due,
    kind_title,
)
from shopcrm.core.followups.lifecycle import (
    RECOVERY_MESSAGE,
    add_followup,
    close_followup,
    drop_followup,
    get_followup,
    open_complaint_for_score,
    reassign_followup,
)
from shopcrm.core.followups.queries import (
    FILTERS,
    OVERDUE,
    TodayFollowup,
    complaints_overdue,
    followups_due,
    list_followups,
    open_followups,
)
from shopcrm.core.followups.views import FollowupView, local_day
from shopcrm.core.followups.workdays import (
    is_working_day,
    latest_opened_past,
    next_working_day,
    working_days_between,
)

__all__ = [
    "CALLBACK",
    "CHECKIN",
    "COMPLAINT",
    "DONE",
    "DROPPED",
    "FILTERS",
    "KINDS",
    "MAX_ABOUT",
    "OPEN",
    "OTHER",
    "OVERDUE",
    "RECOVERY_MESSAGE",
    "STATUSES",
    "FeedbackRow",
    "FollowupView",
    "MonthAverage",
    "TodayFollowup",
    "add_followup",
    "close_followup",
    "complaints_overdue",
    "default_due",
    "drop_followup",
    "feedback_list",
    "followups_due",
    "get_followup",
    "is_working_day",
    "kind_title",
    "latest_opened_past",
    "list_followups",
    "local_day",
    "monthly_averages",
    "next_working_day",
    "open_complaint_for_score",
    "open_followups",
    "reassign_followup",
    "working_days_between",
]
