"""Draws one history item so its kind shows before it is read.

A coloured bar on the left tells visits (highlight colour), notes (muted; amber when pinned) and
loyalty events (green) apart; a small muted line says what and when; the headline is what the
cashier reads (the amount and what it earned, the note, the redemption). A voided visit keeps
its place, struck through, with the reason underneath in red.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from shopcrm.core.timeline import NOTE, VISIT, TimelineItem
from shopcrm.ui.widgets.palette_colors import alert_colors, error_color, is_dark, muted_text
from shopcrm.ui.widgets.timeline_model import (
    ITEM_ROLE,
    TimelineModel,
    date_line,
    details,
    headline,
)

_BAR = 4
_PAD_X = 10
_PAD_Y = 5
_GAP = 2
_FLAGS = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

_Index = QModelIndex | QPersistentModelIndex


def _loyalty_green(palette: QPalette) -> QColor:
    return QColor(90, 200, 120) if is_dark(palette) else QColor(30, 140, 70)


class TimelineDelegate(QStyledItemDelegate):
    """Paints and sizes history rows (the height follows the wrapped text)."""

    def _fonts(self, option: QStyleOptionViewItem, item: TimelineItem) -> tuple[QFont, QFont]:
        small = QFont(option.font)
        small.setStrikeOut(False)
        small.setBold(False)
        small.setPointSizeF(option.font.pointSizeF() * 0.85)
        body = QFont(option.font)
        body.setStrikeOut(item.voided)
        body.setBold(item.pinned or (item.kind == VISIT and not item.voided))
        return small, body

    def _texts(self, index: _Index, item: TimelineItem) -> tuple[str, str, str]:
        model = index.model()
        if not isinstance(model, TimelineModel):  # the money format lives on the model
            raise TypeError("TimelineDelegate draws the rows of a TimelineModel")
        return date_line(item), headline(item, model.money), details(item)

    def _width(self, option: QStyleOptionViewItem) -> int:
        return max(80, option.rect.width() or 300) - 2 * _PAD_X - _BAR

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        item = index.data(ITEM_ROLE)
        if not isinstance(item, TimelineItem):
            return super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        small, body = self._fonts(opt, item)
        width = self._width(option)
        _when, main, extra = self._texts(index, item)
        height = QFontMetrics(small).height() + _GAP + self._height(body, width, main)
        if extra:
            height += _GAP + self._height(small, width, extra)
        return QSize(width + 2 * _PAD_X + _BAR, height + 2 * _PAD_Y)

    @staticmethod
    def _height(font: QFont, width: int, text: str) -> int:
        return QFontMetrics(font).boundingRect(QRect(0, 0, width, 100_000), _FLAGS, text).height()

    def _bar_color(self, palette: QPalette, item: TimelineItem) -> QColor:
        if item.kind == VISIT:
            highlight = palette.color(QPalette.ColorRole.Highlight)
            return muted_text(palette) if item.voided else highlight
        if item.kind == NOTE:
            return alert_colors(palette)[1] if item.pinned else muted_text(palette)
        return _loyalty_green(palette)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        item = index.data(ITEM_ROLE)
        if not isinstance(item, TimelineItem):
            super().paint(painter, option, index)
            return
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
        small, body = self._fonts(opt, item)
        when, main, extra = self._texts(index, item)
        painter.save()
        bar = QRect(opt.rect.left() + 2, opt.rect.top() + 3, _BAR, opt.rect.height() - 6)
        painter.fillRect(bar, self._bar_color(palette, item))
        area = opt.rect.adjusted(_PAD_X + _BAR, _PAD_Y, -_PAD_X, -_PAD_Y)
        painter.setFont(small)
        painter.setPen(text_color if selected else muted_text(palette))
        line = QFontMetrics(small).height()
        painter.drawText(QRect(area.left(), area.top(), area.width(), line), _FLAGS, when)
        top = area.top() + line + _GAP
        painter.setFont(body)
        painter.setPen(muted_text(palette) if item.voided and not selected else text_color)
        main_height = self._height(body, area.width(), main)
        painter.drawText(QRect(area.left(), top, area.width(), main_height), _FLAGS, main)
        if extra:
            top += main_height + _GAP
            painter.setFont(small)
            color = error_color(palette) if item.voided else muted_text(palette)
            painter.setPen(text_color if selected else color)
            rest = QRect(area.left(), top, area.width(), area.bottom() - top)
            painter.drawText(rest, _FLAGS, extra)
        painter.restore()
