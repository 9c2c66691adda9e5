"""The rows of the search results: one query's customers (the search limit keeps it small).

The model holds only the summaries of the current query, never the whole customer table, so it
stays fast with a million customers. Column order is what tells look-alikes apart at a glance:
name, phone, last visit, loyalty, tags. Rows stay in the order the core ranked them (regulars
first): the model has no sort and the view never sorts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimeZone,
)

from shopcrm.core.customers import CustomerSummary
from shopcrm.core.validation import format_phone
from shopcrm.ui.formatting import format_date, shop_locale
from shopcrm.ui.item_flags import read_only_flags

CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole
# The view asks for half a dozen roles of every visible cell on every paint, i.e. for each
# keystroke: data() and flags() compare plain ints and look up text worked out once per query.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_CUSTOMER_ID = int(CUSTOMER_ID_ROLE)

_Index = QModelIndex | QPersistentModelIndex


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


def local_day(moment: datetime) -> QDate:
    """The calendar day a UTC moment falls on at this till (naive values are UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    utc = QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000), QTimeZone.utc())
    return utc.toLocalTime().date()


def friendly_day(day: QDate, today: QDate, locale: QLocale) -> str:
    """How long ago ``day`` was, the way a person says it: "today", "3 days ago", "12 Mar",
    "Mar 2024". Short, so the column stays narrow and look-alikes differ at a glance."""
    days = day.daysTo(today)
    if days == 0:
        return _tr("today")
    if days == 1:
        return _tr("yesterday")
    if 1 < days < 7:
        # Always 2-6 here, so the English source is plural; %n lets translators inflect.
        return QCoreApplication.translate("SearchResultsModel", "%n days ago", "", days)
    short = locale.dateFormat(QLocale.FormatType.ShortFormat)  # "dd/MM/yyyy", "M/d/yy"
    month_first = short.find("M") < short.find("d")
    if 0 <= days <= RECENT_DAYS:
        return locale.toString(day, "MMM d" if month_first else "d MMM")
    return locale.toString(day, "MMM yyyy")


def last_visit_texts(iso: str | None, today: QDate, locale: QLocale) -> tuple[str, str]:
    """The "Last visit" cell and its tooltip (the full local date) for a summary's value."""
    if not iso:
        return "", _tr("No visit logged yet")
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso, iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    full = _tr("Last visit: %1").replace("%1", format_date(moment, locale))
    return friendly_day(local_day(moment), today, locale), full


class SearchResultsModel(QAbstractTableModel):
    """A read-only table of :class:`CustomerSummary`; ``UserRole`` gives the customer id."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CustomerSummary] = []
        self._cells: list[tuple[str, ...]] = []  # each row's display text, by column
        self._last_visits: list[tuple[str, str]] = []
        self._region = "GB"

    def set_results(
        self, rows: list[CustomerSummary], phone_region: str, today: QDate | None = None
    ) -> None:
        """Replace the rows with a new query's results (a reset: the list is short).

        Every cell's text ("3 days ago", the phone as the shop writes it) is worked out here,
        once per query, not on every repaint."""
        today = today or QDate.currentDate()
        locale = shop_locale()
        self.beginResetModel()
        self._rows = list(rows)
        self._region = phone_region
        self._last_visits = [last_visit_texts(r.last_visit, today, locale) for r in self._rows]
        self._cells = [
            (
                r.full_name,
                format_phone(r.phone, phone_region),
                visit[0],
                r.loyalty or "",
                ", ".join(r.tags),
            )
            for r, visit in zip(self._rows, self._last_visits, strict=True)
        ]
        self.endResetModel()

    def set_loyalty(self, glance: dict[int, str]) -> None:
        """Fill in loyalty at a glance for rows that came without it (customer id → text)."""
        changed = []
        for number, row in enumerate(self._rows):
            text = glance.get(row.id)
            if text is not None and row.loyalty != text:
                self._rows[number] = replace(row, loyalty=text)
                cells = list(self._cells[number])
                cells[Column.LOYALTY] = text
                self._cells[number] = tuple(cells)
                changed.append(number)
        if changed:
            self.dataChanged.emit(
                self.index(min(changed), Column.LOYALTY),
                self.index(max(changed), Column.LOYALTY),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
            )

    def customer_id(self, row: int) -> int | None:
        if 0 <= row < len(self._rows):
            return self._rows[row].id
        return None

    def summary(self, row: int) -> CustomerSummary | None:
        if 0 <= row < len(self._rows):
            return self._rows[row]
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            return _HEADERS[Column(section)]()
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return read_only_flags(index)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._cells):
            return None
        if role == _DISPLAY:
            return self._cells[row][index.column()]
        if role == _TOOLTIP:
            column = index.column()
            if column == Column.LAST_VISIT:
                return self._last_visits[row][1]
            loyalty = self._rows[row].loyalty
            if column == Column.LOYALTY and loyalty:
                return _tr("Loyalty: %1").replace("%1", loyalty)
            return self._tooltip(row)
        if role == _CUSTOMER_ID:
            return self._rows[row].id
        return None

    def _tooltip(self, row_number: int) -> str:
        row, cells = self._rows[row_number], self._cells[row_number]
        lines = [row.full_name]
        phone, tags = cells[Column.PHONE], cells[Column.TAGS]
        lines.extend(value for value in (phone, row.email, tags) if value)
        if row.match == "typo":
            lines.append(_tr("(close match: the spelling differs)"))
        return "\n".join(lines)
