"""Draws one note of the timeline: a small muted date line above the wrapped note text.

The date is secondary; the text is what the cashier reads, so it gets the normal font and the
full width. Pinned notes show "Pinned" in the date line and bold text.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from shopcrm.ui.formatting import format_date_time
from shopcrm.ui.notes_model import CREATED_ROLE, PINNED_ROLE, TEXT_ROLE
from shopcrm.ui.palette_colors import muted_text

_PAD_X = 8
_PAD_Y = 5
_GAP = 2
_FLAGS = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

_Index = QModelIndex | QPersistentModelIndex


class NoteDelegate(QStyledItemDelegate):
    """Paints and sizes note rows (the height follows the wrapped text)."""

    def _fonts(self, option: QStyleOptionViewItem, pinned: bool) -> tuple[QFont, QFont]:
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.85)
        body = QFont(option.font)
        body.setBold(pinned)
        return small, body

    def _date_line(self, index: _Index) -> str:
        created = index.data(CREATED_ROLE)
        when = format_date_time(created) if isinstance(created, datetime) else ""
        if index.data(PINNED_ROLE):
            return f"{when}  ·  " + QApplication.translate("NoteDelegate", "Pinned")
        return when

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        small, body = self._fonts(option, bool(index.data(PINNED_ROLE)))
        width = max(80, option.rect.width() or 300) - 2 * _PAD_X
        text = str(index.data(TEXT_ROLE) or "")
        text_rect = QFontMetrics(body).boundingRect(QRect(0, 0, width, 100_000), _FLAGS, text)
        height = QFontMetrics(small).height() + _GAP + text_rect.height() + 2 * _PAD_Y
        return QSize(width + 2 * _PAD_X, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        small, body = self._fonts(opt, bool(index.data(PINNED_ROLE)))
        area = opt.rect.adjusted(_PAD_X, _PAD_Y, -_PAD_X, -_PAD_Y)
        painter.save()
        painter.setFont(small)
        painter.setPen(text_color if selected else muted_text(palette))
        date_height = QFontMetrics(small).height()
        painter.drawText(
            QRect(area.left(), area.top(), area.width(), date_height),
            _FLAGS,
            self._date_line(index),
        )
        painter.setFont(body)
        painter.setPen(text_color)
        body_rect = area.adjusted(0, date_height + _GAP, 0, 0)
        painter.drawText(body_rect, _FLAGS, str(index.data(TEXT_ROLE) or ""))
        painter.restore()
