"""The customers a voucher run picks, as a table the owner ticks: one row per candidate.

A row's tick says "send this customer a voucher"; unticking leaves them out of this run only.
Customers who already have a voucher from an earlier run for the same month and rule are shown
greyed and cannot be ticked: issuing again only ever reaches the others.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QPalette

from shopcrm.core.formats import ShopFormats
from shopcrm.core.vouchers import Candidate
from shopcrm.ui.widgets.formatting import format_date, shop_formats
from shopcrm.ui.widgets.palette_colors import muted_text
from shopcrm.ui.widgets.shop_money import ShopMoney

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    VISITS = 1
    SPENT = 2
    LAST_VISIT = 3


def _tr(text: str) -> str:
    return QCoreApplication.translate("CandidatesModel", text)


_HEADERS = {
    Column.NAME: lambda: _tr("Customer"),
    Column.VISITS: lambda: _tr("Visits"),
    Column.SPENT: lambda: _tr("Spent"),
    Column.LAST_VISIT: lambda: _tr("Last visit"),
}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CHECKABLE = (
    Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsUserCheckable
    | Qt.ItemFlag.ItemNeverHasChildren
)
_PLAIN = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class CandidatesModel(QAbstractTableModel):
    """Candidates with a tick each; ``ticks_changed`` after any tick changes."""

    ticks_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Candidate] = []
        self._texts: dict[int, tuple[str, str, str, str]] = {}  # by row, once shown
        self._money, self._shop = ShopMoney(), ShopFormats()
        self._excluded: set[int] = set()
        self._served: frozenset[int] = frozenset()
        self._holders: frozenset[int] = frozenset()
        self._muted = muted_text(QPalette())

    def set_candidates(
        self,
        candidates: Sequence[Candidate],
        money: ShopMoney,
        *,
        excluded: Collection[int] = (),
        served: Collection[int] = (),
        holders: Collection[int] = (),
    ) -> None:
        """Show a new selection; ``excluded`` stay unticked, ``served`` have a voucher already
        (greyed, never ticked); ``holders`` hold a live voucher issued this month (counted, so
        the run can warn before reaching them twice). A row's texts are worked out when it is
        first shown: a month's regulars of a big shop are tens of thousands of rows, and
        formatting each amount costs about 60 µs, a second and more for rows nobody scrolls to."""
        self.beginResetModel()
        self._rows = list(candidates)
        self._texts = {}
        self._money, self._shop = money, shop_formats()
        ids = {c.customer_id for c in self._rows}
        self._served = frozenset(served) & ids
        self._excluded = (set(excluded) & ids) - self._served
        self._holders = (frozenset(holders) & ids) - self._served
        self.endResetModel()
        self.ticks_changed.emit()

    def _row_texts(self, row: int) -> tuple[str, str, str, str]:
        texts = self._texts.get(row)
        if texts is None:
            c, shop = self._rows[row], self._shop
            texts = (
                c.name or _tr("(no name)"),
                shop.number(c.visits),
                self._money.format(c.spent_minor),
                _last_visit_text(c.last_visit_at, shop),
            )
            self._texts[row] = texts
        return texts

    # -- reading -------------------------------------------------------------------------------

    def candidate(self, row: int) -> Candidate | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def is_ticked(self, row: int) -> bool:
        candidate = self.candidate(row)
        return candidate is not None and self._ticked(candidate.customer_id)

    def _ticked(self, customer_id: int) -> bool:
        return customer_id not in self._excluded and customer_id not in self._served

    def excluded(self) -> frozenset[int]:
        """The customers the owner unticked (those served already are not counted here)."""
        return frozenset(self._excluded)

    def ticked_count(self) -> int:
        return len(self._rows) - len(self._excluded) - len(self._served)

    def served_count(self) -> int:
        return len(self._served)

    def ticked_holders(self) -> int:
        """Ticked customers who hold a live voucher issued this month already."""
        return len(self._holders) - len(self._holders & self._excluded)

    def first_ticked(self) -> Candidate | None:
        """The first customer who will get a voucher: the one the preview is written for."""
        return next((c for c in self._rows if self._ticked(c.customer_id)), None)

    # -- ticking -------------------------------------------------------------------------------

    def set_ticked(self, row: int, ticked: bool) -> bool:
        candidate = self.candidate(row)
        if candidate is None or candidate.customer_id in self._served:
            return False
        if ticked == self._ticked(candidate.customer_id):
            return True
        if ticked:
            self._excluded.discard(candidate.customer_id)
        else:
            self._excluded.add(candidate.customer_id)
        index = self.index(row, Column.NAME)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit()
        return True

    def set_rows_ticked(self, rows: Collection[int], ticked: bool) -> None:
        """Tick (or untick) several rows at once: one change for the view, not one a row."""
        ids = {c.customer_id for row in rows if (c := self.candidate(row)) is not None}
        ids -= self._served
        if ticked:
            self._excluded -= ids
        else:
            self._excluded |= ids
        if ids:
            self.dataChanged.emit(
                self.index(min(rows), Column.NAME),
                self.index(max(rows), Column.NAME),
                [Qt.ItemDataRole.CheckStateRole],
            )
            self.ticks_changed.emit()

    def tick_all(self, ticked: bool) -> None:
        """Select all (True) or none (False) of the customers who can be ticked."""
        if ticked:
            self._excluded.clear()
        else:
            self._excluded = {c.customer_id for c in self._rows} - self._served
        if self._rows:
            self.dataChanged.emit(
                self.index(0, Column.NAME),
                self.index(len(self._rows) - 1, Column.NAME),
                [Qt.ItemDataRole.CheckStateRole],
            )
        self.ticks_changed.emit()

    # -- Qt's side -----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() != Column.NAME:
            return _PLAIN
        if self._rows[index.row()].customer_id in self._served:
            return Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        return _CHECKABLE

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        candidate = self._rows[row]
        served = candidate.customer_id in self._served
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row_texts(row)[column]
        if role == Qt.ItemDataRole.CheckStateRole and column == Column.NAME:
            ticked = self._ticked(candidate.customer_id)
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column != Column.NAME:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and served:
            return self._muted
        if role == Qt.ItemDataRole.ToolTipRole:
            if served:
                return _tr("Has a voucher from the earlier run already")
            return _tr("Untick to leave this customer out of the run")
        if role == Qt.ItemDataRole.UserRole:
            return candidate.customer_id
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if index.column() != Column.NAME:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        return self.set_ticked(index.row(), checked)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[Column(section)]()
        if role == Qt.ItemDataRole.TextAlignmentRole and section != Column.NAME:
            return _RIGHT
        return None


def _last_visit_text(moment: datetime | None, shop: ShopFormats) -> str:
    return format_date(moment, shop) if moment else ""
