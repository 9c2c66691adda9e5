"""Voiding a visit from the card's history: why, asked first; the visit stays, struck through."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shopcrm.core import visits
from shopcrm.core.errors import ShopError
from shopcrm.core.timeline import TimelineItem
from shopcrm.ui.widgets.formatting import format_date_time
from shopcrm.ui.widgets.reason_dialog import VoidDialog

if TYPE_CHECKING:
    from shopcrm.ui.card.customer_card import CustomerCardView


def void_visit_from_card(card: CustomerCardView, item: TimelineItem) -> None:
    """Ask why the visit ``item`` is voided, void it as the person at the till, and show a
    refusal under the history; the card re-reads what it shows either way."""
    amount = card.money.format(item.amount_minor) or card.tr("no purchase")
    description = (
        card.tr("Visit of %1 — %2").replace("%1", format_date_time(item.at)).replace("%2", amount)
    )
    reason = VoidDialog.ask(card, description)
    if reason is None:
        return
    try:
        visits.void_visit(item.id, reason, staff_id=card.till.staff_id)
    except ShopError as exc:
        card.history_message.setText(str(exc))
        card.history_message.setVisible(True)
    else:
        card.history_message.setVisible(False)
    card.changed_elsewhere()
