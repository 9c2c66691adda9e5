"""The inline "write a note" line on the card: type, optionally tick Pin, press Enter.

A pinned note can be told how long to stay an alert ("ask how the move went" for a week):
the alert then drops off the card by itself after that day.

Inline rather than a dialog because a note is usually a few words said at the counter
("prefers oat milk"); the core's refusal (an empty note) shows under the line.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core import notes
from shopcrm.core.errors import ShopError, ValidationError
from shopcrm.core.notes import NoteView
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.palette_colors import error_color


class NoteEditor(QWidget):
    """Adds a note to ``customer_id`` through ``core.notes``; emits ``note_added``."""

    note_added = Signal(object)  # NoteView

    def __init__(self, till: Till | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.customer_id: int | None = None
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Write a note and press Enter…"))
        self.text.setClearButtonEnabled(True)
        self.pin = QCheckBox(self.tr("P&in"))
        self.pin.setToolTip(self.tr("Show this note at the top of the card as an alert"))
        self.until = QComboBox()
        for text, days in (
            (self.tr("until unpinned"), None),
            (self.tr("today only"), 1),
            (self.tr("for a week"), 7),
            (self.tr("for a month"), 31),
            (self.tr("for three months"), 92),
        ):
            self.until.addItem(text, days)
        self.until.setToolTip(self.tr("How long the pinned note stays an alert"))
        self.until.setEnabled(False)
        self.pin.toggled.connect(self.until.setEnabled)
        self.add_button = QPushButton(self.tr("Add note"))
        self.error = QLabel()
        self.error.setVisible(False)
        self.error.setWordWrap(True)
        palette = self.error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_color(palette))
        self.error.setPalette(palette)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.pin)
        row.addWidget(self.until)
        row.addWidget(self.add_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.error)

        self.text.returnPressed.connect(self.submit)
        self.add_button.clicked.connect(self.submit)

    def set_customer(self, customer_id: int | None) -> None:
        self.customer_id = customer_id
        self.text.clear()
        self.pin.setChecked(False)
        self.until.setCurrentIndex(0)
        self._show_error("")

    def start(self) -> None:
        """Put the cursor in the note line (the Add note shortcut)."""
        self.text.setFocus()

    def submit(self) -> NoteView | None:
        if self.customer_id is None:
            return None
        days = self.until.currentData() if self.pin.isChecked() else None
        until = notes.local_today() + timedelta(days=days - 1) if days else None
        try:
            note = notes.add_note(
                self.customer_id,
                self.text.text(),
                pinned=self.pin.isChecked(),
                staff_id=self.till.staff_id if self.till else None,
                pinned_until=until,
            )
        except ValidationError as exc:
            self._show_error(next(iter(exc.errors.values()), str(exc)))
            return None
        except ShopError as exc:
            self._show_error(str(exc))
            return None
        self.text.clear()
        self.pin.setChecked(False)
        self.until.setCurrentIndex(0)
        self._show_error("")
        self.note_added.emit(note)
        return note

    def _show_error(self, message: str) -> None:
        self.error.setText(message[:1].upper() + message[1:])
        self.error.setVisible(bool(message))
