"""Colours derived from the system palette, so light and dark themes both stay readable.

Nothing in the UI hard-codes a background: tints are the palette's highlight blended into its
base colour, and the error red is chosen darker or lighter depending on the theme.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def blend(base: QColor, tint: QColor, amount: float) -> QColor:
    """``amount`` of ``tint`` mixed into ``base`` (0 = base, 1 = tint)."""
    return QColor(
        round(base.red() + (tint.red() - base.red()) * amount),
        round(base.green() + (tint.green() - base.green()) * amount),
        round(base.blue() + (tint.blue() - base.blue()) * amount),
    )


def subtle_tint(palette: QPalette, amount: float = 0.15) -> QColor:
    """A background just distinguishable from the page: for tag chips."""
    return blend(
        palette.color(QPalette.ColorRole.Base),
        palette.color(QPalette.ColorRole.Highlight),
        amount,
    )


def alert_colors(palette: QPalette) -> tuple[QColor, QColor]:
    """Background and border of a pinned note: warm amber, toned to the theme."""
    amber = QColor(255, 183, 0)
    base = palette.color(QPalette.ColorRole.Base)
    return blend(base, amber, 0.22 if is_dark(palette) else 0.28), amber


def error_color(palette: QPalette) -> QColor:
    """Red that reads well on the current window colour."""
    return QColor(255, 120, 110) if is_dark(palette) else QColor(190, 30, 30)


def muted_text(palette: QPalette) -> QColor:
    """Secondary text (dates, captions): text blended halfway towards the background."""
    return blend(
        palette.color(QPalette.ColorRole.WindowText),
        palette.color(QPalette.ColorRole.Window),
        0.4,
    )
