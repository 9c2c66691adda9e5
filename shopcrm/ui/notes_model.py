"""A customer's notes timeline, newest first, loaded a page at a time as the view scrolls.

A regular may have hundreds of notes; the card opens instantly because only the first page is
read, and Qt's ``canFetchMore``/``fetchMore`` pulls the next page when the list reaches the end.
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

from shopcrm.core import notes
from shopcrm.core.notes import NoteView
from shopcrm.ui.formatting import format_date_time

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole
PINNED_ROLE = Qt.ItemDataRole.UserRole + 1
CREATED_ROLE = Qt.ItemDataRole.UserRole + 2
TEXT_ROLE = Qt.ItemDataRole.UserRole + 3

PAGE_SIZE = 50

_Index = QModelIndex | QPersistentModelIndex


class NotesModel(QAbstractListModel):
    """The notes of one customer (``set_customer``); pages in through ``fetchMore``."""

    def __init__(self, parent: QObject | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._page_size = page_size
        self._customer_id: int | None = None
        self._total = 0
        self._notes: list[NoteView] = []

    @property
    def customer_id(self) -> int | None:
        return self._customer_id

    @property
    def total(self) -> int:
        """How many notes the customer has, loaded or not."""
        return self._total

    def set_customer(self, customer_id: int | None) -> None:
        """Show another customer's notes (or none); only the count is read until fetched."""
        self.beginResetModel()
        self._customer_id = customer_id
        self._notes = []
        self._total = notes.note_count(customer_id) if customer_id is not None else 0
        self.endResetModel()

    def reload(self) -> None:
        """Start again from the newest note (after a note was added or pinned)."""
        self.set_customer(self._customer_id)

    def fetch_first_page(self) -> None:
        """Load the newest page now, so the card never opens with an empty timeline."""
        if not self._notes:
            self.fetchMore(QModelIndex())

    def note(self, row: int) -> NoteView | None:
        return self._notes[row] if 0 <= row < len(self._notes) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._notes)

    def canFetchMore(self, parent: _Index) -> bool:
        if parent.isValid() or self._customer_id is None:
            return False
        return len(self._notes) < self._total

    def fetchMore(self, parent: _Index) -> None:
        if not self.canFetchMore(parent):
            return
        assert self._customer_id is not None
        page = notes.list_notes(self._customer_id, len(self._notes), self._page_size)
        if not page:
            self._total = len(self._notes)  # notes vanished meanwhile; stop asking
            return
        first = len(self._notes)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._notes.extend(page)
        self.endInsertRows()

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._notes):
            return None
        note = self._notes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            prefix = (
                QCoreApplication.translate("NotesModel", "Pinned") + " · " if note.pinned else ""
            )
            return f"{prefix}{format_date_time(note.created_at)}\n{note.text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return note.text
        if role == Qt.ItemDataRole.FontRole and note.pinned:
            font = QFont()
            font.setBold(True)
            return font
        if role == NOTE_ID_ROLE:
            return note.id
        if role == PINNED_ROLE:
            return note.pinned
        if role == CREATED_ROLE:
            return note.created_at
        if role == TEXT_ROLE:
            return note.text
        return None
