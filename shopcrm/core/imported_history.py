"""The imported history a card shows: what another system knew of the customer's visits and
spend when they were imported, kept apart from the visits logged here (written by
:mod:`shopcrm.core.importing`; a module of its own so the card reads it without loading the
importer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shopcrm.db.import_models import ImportedHistory


@dataclass(frozen=True)
class ImportedHistoryView:
    source: str
    visits: int | None
    first_visit: date | None
    last_visit: date | None
    spent_minor: int | None

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "visits": self.visits,
            "first_visit": self.first_visit.isoformat() if self.first_visit else None,
            "last_visit": self.last_visit.isoformat() if self.last_visit else None,
            "spent_minor": self.spent_minor,
        }


def imported_history(customer_id: int) -> list[ImportedHistoryView]:
    """The customer's imported history, one per source that knew any (none: empty list)."""
    query = (
        ImportedHistory.select()
        .where(ImportedHistory.customer == customer_id)
        .order_by(ImportedHistory.source)
    )
    return [
        ImportedHistoryView(h.source, h.visits, h.first_visit, h.last_visit, h.spent_minor)
        for h in query
        if any(v is not None for v in (h.visits, h.first_visit, h.last_visit, h.spent_minor))
    ]
