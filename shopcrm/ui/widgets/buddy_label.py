"""A field's label, tied to it so the label's ``&`` key (and a screen reader) reaches the field.

PySide6 accepts ``QLabel(text, buddy=field)`` at run time, but its type stubs know only the
constructor's own arguments, so the forms build their labels here instead.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
