"""A customer's tags as small rounded chips, tinted from the system palette."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from shopcrm.ui.widgets.palette_colors import subtle_tint


class TagChips(QWidget):
    """A row of tag chips; empty (and hidden) when the customer has no tags."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._tags: tuple[str, ...] = ()

    @property
    def tags(self) -> tuple[str, ...]:
        return self._tags

    def set_tags(self, tags: tuple[str, ...]) -> None:
        self._tags = tuple(tags)
        while (item := self._layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for tag in self._tags:
            chip = QLabel(tag)
            chip.setObjectName("tagChip")
            self._layout.addWidget(chip)
        self._layout.addStretch(1)
        self._apply_tint()
        self.setVisible(bool(self._tags))

    def _apply_tint(self) -> None:
        tint = subtle_tint(self.palette()).name()
        self.setStyleSheet(
            f"QLabel#tagChip {{ background: {tint}; border-radius: 9px; padding: 1px 8px; }}"
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_tint()
        super().changeEvent(event)
