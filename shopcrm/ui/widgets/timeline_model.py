"""A customer's history (visits, notes, loyalty events), newest first, a page at a time.

A regular may have thousands of visits; the card opens as fast as an empty one because only the
first page is read, and Qt's ``canFetchMore``/``fetchMore`` asks for the next page (keyset: the
items older than the last one shown, never OFFSET) when the list reaches its end.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from shopcrm.core import timeline
from shopcrm.core.loyalty import ADJUST, EXPIRE, REDEEM, REVERSE
from shopcrm.core.timeline import LOYALTY, NOTE, VISIT, TimelineItem
from shopcrm.ui.widgets.formatting import format_date_time, shop_formats
from shopcrm.ui.widgets.item_flags import read_only_flags
from shopcrm.ui.widgets.plural import plural_tr
from shopcrm.ui.widgets.shop_money import ShopMoney

ITEM_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
PINNED_ROLE = Qt.ItemDataRole.UserRole + 3
VOIDED_ROLE = Qt.ItemDataRole.UserRole + 4

PAGE_SIZE = 50

_Index = QModelIndex | QPersistentModelIndex


def _tr(text: str, n: int | None = None) -> str:
    if n is not None:
        return plural_tr("TimelineModel", text, n)
    return QCoreApplication.translate("TimelineModel", text)


def earned_text(stamps: int, points: int) -> str:
    """ "+1 stamp +12 pts" (or "−10 stamps"): what an item did to the balances."""
    parts = []
    if stamps:
        sign = "+" if stamps > 0 else "−"
        parts.append(sign + _tr("%n stamp(s)", abs(stamps)))
    if points:
        sign = "+" if points > 0 else "−"
        parts.append(sign + _tr("%n pt(s)", abs(points)))
    return " ".join(parts)


def loyalty_title(kind: str) -> str:
    titles: dict[str, str] = {  # keyed by the kind as stored, a plain string
        REDEEM: _tr("Redeemed"),
        ADJUST: _tr("Points adjusted"),
        EXPIRE: _tr("Points expired"),
        REVERSE: _tr("Reversed"),
    }
    return titles.get(kind, kind)


def satisfaction_stars(satisfaction: int | None) -> str:
    return "★" * satisfaction + "☆" * (5 - satisfaction) if satisfaction else ""


def headline(item: TimelineItem, money: ShopMoney) -> str:
    """The item's main line: the amount of a visit, the note, what a loyalty event did."""
    if item.kind == VISIT:
        amount = money.format(item.amount_minor) if item.amount_minor is not None else ""
        parts = [amount or _tr("Visit, no purchase"), earned_text(item.stamps, item.points)]
        parts.append(satisfaction_stars(item.satisfaction))
        return "  ".join(part for part in parts if part)
    if item.kind == NOTE:
        return item.text
    title = loyalty_title(item.loyalty_kind)
    text = shop_formats().days_in(item.text) if item.loyalty_kind == EXPIRE else item.text
    reason = f" — {text}" if text else ""
    change = earned_text(item.stamps, item.points)
    return f"{title}{reason}" + (f"  {change}" if change else "")


def details(item: TimelineItem) -> str:
    """Secondary text under the headline: a visit's note and feedback, why it was voided."""
    if item.kind != VISIT:
        return ""
    lines = [item.text] if item.text else []
    if item.feedback:
        lines.append(_tr("Feedback: %1").replace("%1", item.feedback))
    if item.voided:
        lines.append(_tr("Voided: %1").replace("%1", item.void_reason))
    return "\n".join(lines)


def date_line(item: TimelineItem) -> str:
    kind = {VISIT: _tr("Visit"), NOTE: _tr("Note"), LOYALTY: _tr("Loyalty")}[item.kind]
    parts = [kind, format_date_time(item.at)]
    if item.staff:
        parts.append(item.staff)
    if item.kind == NOTE and item.pinned:
        parts.append(_tr("Pinned"))
    return "  ·  ".join(parts)


class TimelineModel(QAbstractListModel):
    """The history of one customer (``set_customer``); pages in through ``fetchMore``."""

    def __init__(self, parent: QObject | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._page_size = page_size
        self._customer_id: int | None = None
        self._items: list[TimelineItem] = []
        self._exhausted = True
        self.money = ShopMoney()

    @property
    def customer_id(self) -> int | None:
        return self._customer_id

    def set_customer(self, customer_id: int | None, money: ShopMoney | None = None) -> None:
        """Show another customer's history (or none); nothing is read until fetched."""
        self.beginResetModel()
        self._customer_id = customer_id
        self._items = []
        self._exhausted = customer_id is None
        if money is not None:
            self.money = money
        self.endResetModel()

    def reload(self) -> None:
        """Start again from the newest item (after a visit, a void, a note or a redemption)."""
        self.set_customer(self._customer_id)
        self.fetch_first_page()

    def fetch_first_page(self) -> None:
        """Load the newest page now, so the card never opens with an empty history."""
        if not self._items:
            self.fetchMore(QModelIndex())

    def item(self, row: int) -> TimelineItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index) -> None:
        if not self.canFetchMore(parent):
            return
        assert self._customer_id is not None
        last = self._items[-1].position if self._items else None
        page = timeline.timeline(self._customer_id, before=last, limit=self._page_size)
        if len(page) < self._page_size:
            self._exhausted = True
        if not page:
            return
        first = len(self._items)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._items.extend(page)
        self.endInsertRows()

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return read_only_flags(index)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            extra = details(item)
            return f"{date_line(item)}\n{headline(item, self.money)}" + (
                f"\n{extra}" if extra else ""
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return details(item) or headline(item, self.money)
        if role == Qt.ItemDataRole.FontRole:
            return self._font(item)
        return {
            ITEM_ROLE: item,
            KIND_ROLE: item.kind,
            ID_ROLE: item.id,
            PINNED_ROLE: item.pinned,
            VOIDED_ROLE: item.voided,
        }.get(role)

    def _font(self, item: TimelineItem) -> QFont | None:
        """Struck through for a voided visit, bold for a pinned note; else the view's font."""
        if not (item.voided or item.pinned):
            return None
        font = QFont()
        font.setStrikeOut(item.voided)
        font.setBold(item.pinned)
        return font
