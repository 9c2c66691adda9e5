"""The customer's answer per channel (email, text messages, post, printed vouchers), changed
with where the answer came from; never-asked stays a choice only until it is answered."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core.privacy.consent import CHANNELS, ConsentState

#: The combo boxes' rows: granted, withdrawn, never asked.
YES, NO, UNKNOWN = 0, 1, 2


class ConsentDialog(QDialog):
    """``answers()`` (channel -> granted) of the channels changed, and ``source()``."""

    def __init__(self, state: ConsentState, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Consent"))
        self.state = state
        titles = {
            "email": self.tr("Email newsletters"),
            "sms": self.tr("Text messages"),
            "post": self.tr("Letters by post"),
            "vouchers": self.tr("Printed vouchers"),
        }
        form = QFormLayout()
        self.choices: dict[str, QComboBox] = {}
        for channel in CHANNELS:
            box = QComboBox()
            box.addItems([self.tr("Yes"), self.tr("No")])
            current = state.of(channel)
            if current is None:
                box.addItem(self.tr("Not asked"))
            box.setCurrentIndex(UNKNOWN if current is None else YES if current else NO)
            self.choices[channel] = box
            form.addRow(titles[channel], box)
        self.source_box = QComboBox()
        self.source_box.setEditable(True)
        self.source_box.addItems(
            [
                self.tr("at the counter"),
                self.tr("paper form"),
                self.tr("email"),
                self.tr("phone call"),
            ]
        )
        form.addRow(self.tr("Given"), self.source_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("What %1 said they want to hear from the shop:").replace("%1", name))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def answers(self) -> dict[str, bool]:
        changed = {}
        for channel, box in self.choices.items():
            index = box.currentIndex()
            if index == UNKNOWN:
                continue
            granted = index == YES
            if self.state.of(channel) is not granted:
                changed[channel] = granted
        return changed

    def source(self) -> str:
        return self.source_box.currentText()

    @classmethod
    def ask(
        cls, state: ConsentState, name: str, parent: QWidget | None
    ) -> tuple[dict[str, bool], str] | None:
        """The changed answers and their source, or None when cancelled (tests replace it)."""
        dialog = cls(state, name, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answers(), dialog.source()
