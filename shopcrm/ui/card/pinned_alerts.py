"""Pinned notes shown at the top of the card as alerts ("nut allergy", "ask about the move").

They are what the cashier must not miss, so they sit above everything else in a warm tint, each
with its own Unpin button.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from shopcrm.core.notes import NoteView
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
        text = QLabel(note.text)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        unpin = QPushButton(self.tr("Unpin"))
        unpin.setFlat(True)
        unpin.setToolTip(self.tr("Move this note back into the timeline"))
        unpin.clicked.connect(lambda _=False, note_id=note.id: self.unpin_requested.emit(note_id))
        row.addWidget(text, 1)
        row.addWidget(unpin)
        return frame

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
