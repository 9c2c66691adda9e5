"""The customer card: who is in front of the counter, what to remember, and the notes.

Pinned notes come first as alerts, then the notes timeline, which pages in lazily through
:class:`NotesModel` so a card with hundreds of notes opens as fast as an empty one. Every change
(edit, note, pin) goes through ``shopcrm.core``; the card then re-reads what it shows.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core import customers, notes, settings
from shopcrm.core.customers import CustomerCard
from shopcrm.core.errors import NotFoundError
from shopcrm.core.validation import format_phone
from shopcrm.ui.customer_dialog import CustomerDialog
from shopcrm.ui.formatting import format_birthday, format_date
from shopcrm.ui.note_delegate import NoteDelegate
from shopcrm.ui.note_editor import NoteEditor
from shopcrm.ui.notes_model import NotesModel
from shopcrm.ui.pinned_alerts import PinnedAlerts
from shopcrm.ui.tag_chips import TagChips


class CustomerCardView(QWidget):
    """Shows one customer (``show_customer``); ``customer_changed(id)`` after an edit."""

    customer_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.card: CustomerCard | None = None

        self.name = QLabel()
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setWeight(QFont.Weight.DemiBold)
        self.name.setFont(font)
        self.name.setWordWrap(True)
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.setToolTip(self.tr("Edit this customer (Ctrl+E)"))
        self.edit_button.clicked.connect(self.edit)

        self.phone = self._value_label()
        self.email = self._value_label()
        self.birthday = self._value_label()
        self.since = self._value_label()
        self.tags = TagChips()
        self.pinned = PinnedAlerts()
        self.pinned.unpin_requested.connect(lambda note_id: self.set_note_pinned(note_id, False))

        self.note_editor = NoteEditor()
        self.note_editor.note_added.connect(lambda _note: self.refresh_notes())
        self.notes_model = NotesModel(self)
        self.notes_view = QListView()
        self.notes_view.setModel(self.notes_model)
        self.notes_view.setItemDelegate(NoteDelegate(self.notes_view))
        self.notes_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.notes_view.setWordWrap(True)
        self.notes_view.setAlternatingRowColors(True)
        self.notes_view.setUniformItemSizes(False)
        self.notes_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.notes_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes_view.selectionModel().selectionChanged.connect(self._update_pin_button)
        self.notes_heading = QLabel()
        self.pin_button = QPushButton(self.tr("Pin"))
        self.pin_button.setToolTip(self.tr("Pin or unpin the selected note (Ctrl+P)"))
        self.pin_button.setEnabled(False)
        self.pin_button.clicked.connect(self.toggle_selected_pin)
        self._lay_out()

    def _value_label(self) -> QLabel:
        label = QLabel()
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.name, 1)
        header.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)

        details = QFormLayout()
        details.setHorizontalSpacing(16)
        details.setVerticalSpacing(4)
        details.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self._caption_labels = []
        for caption, value in (
            (self.tr("Phone"), self.phone),
            (self.tr("Email"), self.email),
            (self.tr("Birthday"), self.birthday),
            (self.tr("Customer since"), self.since),
        ):
            label = QLabel(caption)
            self._caption_labels.append(label)
            details.addRow(label, value)
        self._mute(self._caption_labels)

        notes_header = QHBoxLayout()
        heading_font = self.notes_heading.font()
        heading_font.setWeight(QFont.Weight.DemiBold)
        self.notes_heading.setFont(heading_font)
        notes_header.addWidget(self.notes_heading, 1)
        notes_header.addWidget(self.pin_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.tags)
        layout.addWidget(self.pinned)
        layout.addLayout(details)
        layout.addSpacing(6)
        layout.addLayout(notes_header)
        layout.addWidget(self.note_editor)
        layout.addWidget(self.notes_view, 1)

    def _mute(self, labels: list[QLabel]) -> None:
        """Captions in the palette's secondary-text colour (follows a light/dark switch)."""
        for label in labels:
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

    @property
    def customer_id(self) -> int | None:
        return self.card.id if self.card else None

    def show_customer(self, customer_id: int) -> bool:
        """Load and show a customer; False (and nothing shown) if it no longer exists."""
        try:
            card = customers.get_card(customer_id)
        except NotFoundError:
            self.clear()
            return False
        self._show_card(card)
        self.note_editor.set_customer(card.id)
        self.refresh_notes()
        return True

    def clear(self) -> None:
        self.card = None
        self.notes_model.set_customer(None)
        self.note_editor.set_customer(None)
        self.pinned.set_notes([])

    def _show_card(self, card: CustomerCard) -> None:
        self.card = card
        region = settings.phone_region()
        not_given = self.tr("—")
        self.name.setText(card.full_name)
        self.phone.setText(format_phone(card.phone, region) or not_given)
        self.email.setText(card.email or not_given)
        birthday = format_birthday(card.birthday_month, card.birthday_day, card.birthday_year)
        self.birthday.setText(birthday or not_given)
        self.since.setText(format_date(card.since))
        self.tags.set_tags(card.tags)

    def refresh_notes(self) -> None:
        """Re-read the pinned alerts and restart the timeline from the newest note."""
        if self.card is None:
            return
        self.pinned.set_notes(notes.pinned_notes(self.card.id))
        self.notes_model.set_customer(self.card.id)
        self.notes_model.fetch_first_page()  # the view fetches the rest as it scrolls
        count = self.notes_model.total
        self.notes_heading.setText(self.tr("Notes (%n)", "", count))
        self._update_pin_button()

    def edit(self) -> None:
        """Open the customer form prefilled; on save, show (and announce) the new details."""
        if self.card is None:
            return
        saved = CustomerDialog.ask(self, self.card)
        if saved is not None:
            self._show_card(saved)
            self.customer_changed.emit(saved.id)

    def start_note(self) -> None:
        self.note_editor.start()

    def selected_note_row(self) -> int:
        rows = self.notes_view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_note(self, row: int) -> None:
        index = self.notes_model.index(row, 0)
        self.notes_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def toggle_selected_pin(self) -> None:
        note = self.notes_model.note(self.selected_note_row())
        if note is not None:
            self.set_note_pinned(note.id, not note.pinned)

    def set_note_pinned(self, note_id: int, pinned: bool) -> None:
        with contextlib.suppress(NotFoundError):  # deleted meanwhile: refresh shows the truth
            notes.set_pinned(note_id, pinned)
        self.refresh_notes()

    def _update_pin_button(self, *_selection: object) -> None:
        note = self.notes_model.note(self.selected_note_row())
        self.pin_button.setEnabled(note is not None)
        pinned = note is not None and note.pinned
        self.pin_button.setText(self.tr("Unpin") if pinned else self.tr("Pin"))
