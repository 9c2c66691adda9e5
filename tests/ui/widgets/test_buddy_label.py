"""A form label's mnemonic (Alt+letter) puts the cursor in its field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from shopcrm.ui.widgets.buddy_label import buddy_label


def test_the_labels_key_focuses_its_field(qtbot):
    form = QWidget()
    qtbot.addWidget(form)
    other, reason = QLineEdit(), QLineEdit()
    label = buddy_label("&Reason:", reason)
    layout = QVBoxLayout(form)
    for widget in (other, label, reason):
        layout.addWidget(widget)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)

    assert label.text() == "&Reason:"
    qtbot.keyClick(form, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(reason.hasFocus)
