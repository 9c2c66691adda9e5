"""Follow-up kinds and statuses as the person at the till reads them (translated)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from shopcrm.ui.widgets.plural import plural_tr

_CONTEXT = "FollowupWords"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def kind_name(kind: str) -> str:
    return {
        "complaint": _tr("Complaint"),
        "callback": _tr("Call back"),
        "checkin": _tr("Check in"),
    }.get(kind, _tr("Other"))


def status_name(status: str) -> str:
    return {"open": _tr("Open"), "done": _tr("Done"), "dropped": _tr("Dropped")}.get(status, status)


def working_days(n: int) -> str:
    """ "open 3 working days" — a complaint's age."""
    return plural_tr(_CONTEXT, "open %n working day(s)", n)
