"""The card's "Overview" tab: loyalty, vouchers, the card's memory and the contact details,
each in its box, in a page that scrolls down (never sideways) on a small counter screen."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from shopcrm.ui.card.page_scroll import PageScroll


def overview_page(
    boxes: Sequence[tuple[str, QWidget]], contact_title: str, contact: Sequence[tuple[str, QLabel]]
) -> PageScroll:
    """``boxes`` (title, content) one under the other, then the contact rows (caption, value)."""
    form = QFormLayout()
    form.setHorizontalSpacing(16)
    form.setVerticalSpacing(4)
    for caption, value in contact:
        label = QLabel(caption)
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form.addRow(label, value)
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(8, 8, 8, 8)
    column.setSpacing(10)
    for title, content in boxes:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(content)
        column.addWidget(box)
    contact_box = QGroupBox(contact_title)
    QVBoxLayout(contact_box).addLayout(form)
    column.addWidget(contact_box)
    column.addStretch(1)
    return PageScroll(page)
