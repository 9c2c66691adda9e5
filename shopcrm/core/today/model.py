"""What the Today page and ``shopcrm today`` show: sections of rows, each row a customer and
why they are on the list today.

Every section is produced by one function ``(day, limit) -> list[TodayRow]`` registered in
:data:`shopcrm.core.today.page.SECTIONS`, so a new reason to be on the page (follow-ups due,
complaints past their target) is one function and one line there. A row carries the reason
as English text for the command line, and as facts (``kind`` and ``detail``) from which the
GUI writes it in the shop's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class TodayRow:
    customer_id: int
    name: str
    reason: str
    #: Orders the rows of a section, smallest first (ties by customer id).
    sort_key: tuple[Any, ...]
    kind: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "customer_id": self.customer_id,
            "name": self.name,
            "reason": self.reason,
            **{k: v.isoformat() if isinstance(v, date) else v for k, v in self.detail.items()},
        }


@dataclass(frozen=True)
class Today:
    day: date
    sections: dict[str, list[TodayRow]]

    def customer_ids(self) -> set[int]:
        return {row.customer_id for rows in self.sections.values() for row in rows}

    def to_json(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(),
            **{key: [row.to_json() for row in rows] for key, rows in self.sections.items()},
        }
