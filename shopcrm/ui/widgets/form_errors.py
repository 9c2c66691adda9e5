"""Refusal messages under form fields: one look for every form (customer, staff, settings).

The core explains every refusal per field (``ValidationError.errors``); forms show each one in
red right under the field it is about, so nobody has to match a message box to a field.
"""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from shopcrm.ui.widgets.palette_colors import error_color, muted_text


def error_label() -> QLabel:
    """A hidden label for a refusal message, in the palette's error red."""
    label = QLabel()
    label.setWordWrap(True)
    label.setVisible(False)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, error_color(palette))
    label.setPalette(palette)
    return label


def caption_label(text: str) -> QLabel:
    """A muted line of help under a field (readable in light and dark palettes)."""
    label = QLabel(text)
    label.setWordWrap(True)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, muted_text(palette))
    label.setPalette(palette)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    return label


def show_error(label: QLabel, message: str) -> None:
    """Show ``message`` (capitalised, as the core writes them in lower case); "" hides it."""
    label.setText(message[:1].upper() + message[1:])
    label.setVisible(bool(message))
