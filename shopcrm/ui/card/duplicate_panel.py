""" "Possibly the same person": the customers a new customer's form may be duplicating.

Shown under the form while the cashier types (see :class:`~.customer_dialog.CustomerDialog`),
never in the way: the form's Save stays (as "Save anyway"), and Open (Alt+O, or Enter on a
row of the list) opens the customer already saved instead. Enter on the list opens that
customer and nothing else: the key does not also reach the dialog's Save.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core import settings
from shopcrm.core.merging import Duplicate
from shopcrm.core.validation import format_phone

#: Rows the list shows without scrolling (core offers at most five).
_ROWS = 3


class _DuplicateList(QListWidget):
    """A list whose Enter opens the current row (and is not passed on to the dialog)."""

    open_current = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.open_current.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class DuplicatePanel(QWidget):
    """The possible duplicates; ``open_requested(id)`` when one should be opened instead."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self.tr("Possibly the same person:"))
        self.list = _DuplicateList()
        self.list.itemDoubleClicked.connect(lambda _item: self._open())
        self.list.open_current.connect(self._open)
        self.open_button = QPushButton(self.tr("&Open this customer"))
        self.open_button.setToolTip(self.tr("Open the customer already saved instead"))
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self._open)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.list)
        column.addLayout(buttons)
        self.setVisible(False)

    def set_duplicates(self, found: list[Duplicate]) -> None:
        """Show ``found`` (hide the panel when empty), the first row current."""
        self.list.clear()
        region = settings.load().phone_region if found else ""
        for duplicate in found:
            contact = format_phone(duplicate.phone, region) or duplicate.email
            parts = [duplicate.full_name, contact, _reason(self, duplicate.reason)]
            item = QListWidgetItem(" · ".join(p for p in parts if p))
            item.setData(Qt.ItemDataRole.UserRole, duplicate.id)
            self.list.addItem(item)
        if found:
            self.list.setCurrentRow(0)
            rows = min(len(found), _ROWS)  # as tall as its rows, up to three
            frame = 2 * self.list.frameWidth()
            self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows + frame)
        self.setVisible(bool(found))

    def customer_ids(self) -> list[int]:
        return [
            self.list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.list.count())
        ]

    def _open(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.open_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))


def _reason(panel: QWidget, reason: str) -> str:
    from shopcrm.core.merging import duplicates as d

    return {
        d.SAME_PHONE: panel.tr("same phone"),
        d.SAME_EMAIL: panel.tr("same email"),
        d.SIMILAR_NAME: panel.tr("similar name, same phone ending"),
        d.SAME_NAME: panel.tr("same name"),
    }.get(reason, reason)
