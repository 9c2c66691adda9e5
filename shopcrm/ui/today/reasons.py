"""Why a customer is on the Today page, written in the shop's language and formats.

The core gives each row its facts (``kind`` and ``detail``); the words are chosen here, through
Qt's translation, with numbers, days and amounts written by the shop's formats.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from shopcrm.core.formats import ShopFormats
from shopcrm.ui.widgets.plural import plural_tr

_CONTEXT = "TodayPage"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _when(in_days: int) -> str:
    if in_days == 0:
        return _tr("today")
    if in_days == 1:
        return _tr("tomorrow")
    return plural_tr(_CONTEXT, "in %n day(s)", in_days)


def reason_text(kind: str, detail: dict[str, Any], shop: ShopFormats, fallback: str) -> str:
    """The row's reason as the page shows it (``fallback``, the core's English, for a kind
    this page does not know yet)."""
    if kind == "birthday":
        text = _tr("Birthday %1 (%2)").replace("%1", _when(detail["in_days"]))
        text = text.replace("%2", shop.day_month(detail["on"]))
        if detail.get("age"):
            text += ", " + plural_tr(_CONTEXT, "turns %n", detail["age"])
        return text
    if kind == "late":
        text = _tr("Away %1, usually every %2 days").replace(
            "%1", plural_tr(_CONTEXT, "%n day(s)", detail["days_away"])
        )
        text = text.replace("%2", shop.number(detail["usual_gap_days"]))
        if detail.get("usual_spend_minor"):
            text += "; " + _tr("spends %1").replace("%1", shop.money(detail["usual_spend_minor"]))
        return text
    if kind == "voucher":
        text = _tr("%1, expires %2 (%3)").replace("%1", detail["value"])
        text = text.replace("%2", _when(detail["in_days"]))
        return text.replace("%3", shop.day_month(detail["expires_on"]))
    if kind == "followup":
        what = _followup_kinds().get(detail["kind"], detail["kind"])
        text = _tr("%1 due %2: %3").replace("%1", what)
        text = text.replace("%2", shop.day_month(detail["due_on"]))
        text = text.replace("%3", _short(detail["about"]))
        if detail.get("assignee"):
            text += " — " + _tr("for %1").replace("%1", detail["assignee"])
        return text
    if kind == "complaint":
        text = plural_tr(_CONTEXT, "Complaint open %n working day(s)", detail["age_working_days"])
        return text + ": " + _short(detail["about"])
    return fallback


def _followup_kinds() -> dict[str, str]:
    return {
        "complaint": _tr("Complaint"),
        "callback": _tr("Call back"),
        "checkin": _tr("Check in"),
        "other": _tr("Follow-up"),
    }


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
