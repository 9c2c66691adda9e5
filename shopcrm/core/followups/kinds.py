"""What a follow-up can be, what state it can be in, and the defaults a counter capture uses.

Defaults (the counter types only the text):

* due — a complaint the next working day (it is urgent, but the person who heard it may not
  be able to fix it before the customer leaves); a call-back today (the customer expects the
  call); a check-in in a week ("ask how the move went"); anything else today.
* assignee — whoever captures it: they heard the customer and know the story. When nobody is
  named (the command line without ``--staff``, a shop without staff), the till's default
  person, the first active owner (:func:`shopcrm.core.staff.default_staff`). A complaint
  opened by a low score goes to whoever logged the visit, by the same rule.
"""

from __future__ import annotations

from datetime import date, timedelta

from shopcrm.core.followups.workdays import next_working_day

COMPLAINT = "complaint"
CALLBACK = "callback"
CHECKIN = "checkin"
OTHER = "other"
KINDS = (COMPLAINT, CALLBACK, CHECKIN, OTHER)

OPEN = "open"
DONE = "done"
DROPPED = "dropped"
STATUSES = (OPEN, DONE, DROPPED)

#: A check-in is due this long after it is captured.
CHECKIN_AFTER = timedelta(days=7)
#: The longest a follow-up may be put off (a typing slip in the year otherwise hides it).
MAX_AHEAD = timedelta(days=366)
#: What a follow-up is about, at most (a few lines; the notes keep the long stories).
MAX_ABOUT = 2_000


def default_due(kind: str, today: date) -> date:
    if kind == COMPLAINT:
        return next_working_day(today)
    if kind == CHECKIN:
        return today + CHECKIN_AFTER
    return today


def kind_title(kind: str) -> str:
    """The kind as a person reads it, in the command line's English."""
    return {COMPLAINT: "Complaint", CALLBACK: "Call back", CHECKIN: "Check in"}.get(kind, "Other")
