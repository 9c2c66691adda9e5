"""Pinned notes shown at the top of the card as alerts ("nut allergy", "ask about the move").

They are what the cashier must not miss, so they sit above everything else in a warm tint, each
with its own Unpin button. An alert with an until-date says so and drops off after that day;
Snooze hides one for a day or a week (it comes back by itself), without unpinning it.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core import notes
from shopcrm.core.errors import ShopError
from shopcrm.core.notes import NoteView
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.formatting import format_date
from shopcrm.ui.widgets.palette_colors import alert_colors


class PinnedAlerts(QWidget):
    """One highlighted box per pinned note; ``unpin_requested(note_id)`` when asked."""

    unpin_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._notes: list[NoteView] = []

    @property
    def notes(self) -> list[NoteView]:
        return list(self._notes)

    def texts(self) -> list[str]:
        return [note.text for note in self._notes]

    def set_notes(self, notes: list[NoteView]) -> None:
        self._notes = list(notes)
        while (item := self._layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for note in self._notes:
            self._layout.addWidget(self._alert(note))
        self._apply_tint()
        self.setVisible(bool(self._notes))

    def _alert(self, note: NoteView) -> QFrame:
        frame = QFrame()
        frame.setObjectName("pinnedAlert")
        row = QHBoxLayout(frame)
        row.setContentsMargins(10, 6, 6, 6)
        shown = note.text
        if note.pinned_until is not None:
            until = self.tr("until %1").replace("%1", format_date(note.pinned_until))
            shown = f"{note.text} ({until})"
        text = QLabel(shown)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        unpin = QPushButton(self.tr("Unpin"))
        unpin.setFlat(True)
        unpin.setToolTip(self.tr("Move this note back into the timeline"))
        unpin.clicked.connect(lambda _=False, note_id=note.id: self.unpin_requested.emit(note_id))
        snooze = QToolButton()
        snooze.setText(self.tr("Snooze"))
        snooze.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(snooze)
        for label, days in ((self.tr("Until tomorrow"), 1), (self.tr("For a week"), 7)):
            action = menu.addAction(label)
            action.triggered.connect(lambda _=False, n=note.id, d=days: self.snooze(n, d))
        snooze.setMenu(menu)
        row.addWidget(text, 1)
        row.addWidget(snooze)
        row.addWidget(unpin)
        return frame

    def snooze(self, note_id: int, days: int) -> None:
        """Hide the alert for ``days`` days (today included); it stays pinned."""
        till = Till.of(self)
        with contextlib.suppress(ShopError):  # gone meanwhile: it leaves the card anyway
            notes.snooze_note(note_id, days, staff_id=till.staff_id if till else None)
        self.set_notes([note for note in self._notes if note.id != note_id])

    def _apply_tint(self) -> None:
        background, border = alert_colors(self.palette())
        self.setStyleSheet(
            f"QFrame#pinnedAlert {{ background: {background.name()};"
            f" border-left: 4px solid {border.name()}; border-radius: 4px; }}"
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_tint()
        super().changeEvent(event)
