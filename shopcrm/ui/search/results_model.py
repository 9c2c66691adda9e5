"""The rows of the search results: one query's customers (the search limit keeps it small).

The model holds only the summaries of the current query, never the whole customer table, so it
stays fast with a million customers. Column order is what tells look-alikes apart at a glance:
name, phone, last visit, loyalty, tags. Rows stay in the order the core ranked them (regulars
first): the model has no sort and the view never sorts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    Qt,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel

from shopcrm.core.formats import ShopFormats
from shopcrm.core.validation import format_phone
from shopcrm.ui.widgets.formatting import format_date, shop_formats
from shopcrm.ui.widgets.plural import plural_tr
from shopcrm.ui.widgets.segment_badge import segment_icon, segment_name

if TYPE_CHECKING:
    from shopcrm.core.customers import CustomerSummary

CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole


class Column(IntEnum):
    NAME = 0
    PHONE = 1
    LAST_VISIT = 2
    LOYALTY = 3
    TAGS = 4


def _tr(text: str) -> str:
    return QCoreApplication.translate("SearchResultsModel", text)


_HEADERS = {
    Column.NAME: lambda: _tr("Name"),
    Column.PHONE: lambda: _tr("Phone"),
    Column.LAST_VISIT: lambda: _tr("Last visit"),
    Column.LOYALTY: lambda: _tr("Loyalty"),
    Column.TAGS: lambda: _tr("Tags"),
}


#: Up to this many days ago a visit shows as day and month ("12 Mar"), older as "Mar 2024".
RECENT_DAYS = 180


def friendly_day(day: date, today: date, shop: ShopFormats) -> str:
    """How long ago ``day`` was, the way a person says it: "today", "3 days ago", "12 Mar"
    ("Mar 12" in the US), "Mar 2024". Short, so the column stays narrow and look-alikes
    differ at a glance."""
    days = (today - day).days
    if days == 0:
        return _tr("today")
    if days == 1:
        return _tr("yesterday")
    if 1 < days < 7:
        return plural_tr("SearchResultsModel", "%n day(s) ago", days)
    if 0 <= days <= RECENT_DAYS:
        return shop.day_month(day)
    return shop.month_year(day)


def last_visit_texts(iso: str | None, today: date, shop: ShopFormats) -> tuple[str, str]:
    """The "Last visit" cell and its tooltip (the full local date) for a summary's value."""
    if not iso:
        return "", _tr("No visit logged yet")
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso, iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    full = _tr("Last visit: %1").replace("%1", format_date(moment, shop))
    return friendly_day(shop.day_of(moment), today, shop), full


class SearchResultsModel(QStandardItemModel):
    """A read-only table of :class:`CustomerSummary`; ``UserRole`` of a row's first cell
    gives the customer id.

    The cells are Qt's own items, so painting the list (on every keystroke) asks Python for
    nothing: a Python model was asked seven roles and the flags of every visible cell, a
    thousand calls per paint. Items are made for the rows on screen when the results come
    and for the rest by :meth:`build_rest`, after the paint."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(Column), parent)
        self.setHorizontalHeaderLabels([_HEADERS[column]() for column in Column])
        self._rows: list[CustomerSummary] = []
        self._region = "GB"
        self._today = date.today()
        self._shop = ShopFormats()  # the shop's, from the first results on (no query here)

    def set_results(
        self,
        rows: list[CustomerSummary],
        phone_region: str,
        today: date | None = None,
        first: int | None = None,
    ) -> None:
        """Replace the rows with a new query's results (a reset: the list is short); only
        the ``first`` rows are made now when given (see :meth:`build_rest`).

        Every cell's text ("3 days ago", the phone as the shop writes it) is worked out here,
        once per query, not on every repaint."""
        self._shop = shop_formats()
        self._today = today or self._shop.day_of(datetime.now(UTC))
        self._region = phone_region
        self._rows = list(rows)
        count = len(self._rows) if first is None else max(0, min(first, len(self._rows)))
        made = [self._items(row) for row in self._rows[:count]]
        self.beginResetModel()
        self.blockSignals(True)  # one reset for the view instead of a signal per row
        try:
            self.setRowCount(0)
            for items in made:
                self.appendRow(items)
        finally:
            self.blockSignals(False)
        self.endResetModel()

    def build_rest(self) -> None:
        """Make the rows that :meth:`set_results` left for later."""
        for row in self._rows[self.rowCount() :]:
            self.appendRow(self._items(row))

    def _items(self, row: CustomerSummary) -> list[QStandardItem]:
        phone = format_phone(row.phone, self._region)
        tags = ", ".join(row.tags)
        visit, visit_tip = last_visit_texts(row.last_visit, self._today, self._shop)
        lines = [row.full_name, *(value for value in (phone, row.email, tags) if value)]
        if row.segment:
            lines.append(_tr("Segment: %1").replace("%1", segment_name(row.segment)))
        if row.match == "typo":
            lines.append(_tr("(close match: the spelling differs)"))
        tip = "\n".join(lines)
        items = []
        for text, tooltip in (
            (row.full_name, tip),
            (phone, tip),
            (visit, visit_tip),
            (row.loyalty or "", _loyalty_tip(row.loyalty) or tip),
            (tags, tip),
        ):
            item = QStandardItem(text)
            item.setToolTip(tooltip)
            items.append(item)
        items[0].setData(row.id, CUSTOMER_ID_ROLE)
        if row.segment:
            items[0].setIcon(segment_icon(row.segment))  # the badge: drawn once, cached
        return items

    def set_loyalty(self, glance: dict[int, str]) -> None:
        """Fill in loyalty at a glance for rows that came without it (customer id → text)."""
        for number, row in enumerate(self._rows):
            text = glance.get(row.id)
            if text is None or row.loyalty == text:
                continue
            self._rows[number] = replace(row, loyalty=text)
            if number < self.rowCount():
                item = self.item(number, Column.LOYALTY)
                item.setText(text)
                item.setToolTip(_loyalty_tip(text))

    def customer_id(self, row: int) -> int | None:
        if 0 <= row < len(self._rows):
            return self._rows[row].id
        return None

    def summary(self, row: int) -> CustomerSummary | None:
        if 0 <= row < len(self._rows):
            return self._rows[row]
        return None


def _loyalty_tip(loyalty: str | None) -> str:
    return _tr("Loyalty: %1").replace("%1", loyalty) if loyalty else ""
