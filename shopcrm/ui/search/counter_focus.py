"""The search box gets the keyboard back whenever a dialog of the counter window closes.

A USB scanner types wherever the focus is, and a cashier starts typing the next name without
looking: after a dialog ends (Enter, Esc, a button), whatever it was, the search box must hold
the focus again with its text selected. Rather than every place that opens a dialog
remembering to do so, this watches which window has the focus: each dialog of the counter window
that gets it is followed to its end, and once no dialog of the window is left open the window
is made active again (not every platform does that by itself) and the search box takes the
focus. Switching to another program and back leaves the focus where it was.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QDialog, QWidget

_FOLLOWED = "counterFocusFollowed"  # a dynamic property: the dialog is followed already


class CounterFocus(QObject):
    """Calls ``ready()`` (the search box's ``focus_search``) when the last open dialog of
    ``window`` has ended."""

    def __init__(self, window: QWidget, ready: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._ready = ready
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.focusWindowChanged.connect(self._focus_window_changed)

    def _focus_window_changed(self, focused: QWindow | None) -> None:
        dialog = QApplication.activeWindow()
        if focused is None or not isinstance(dialog, QDialog) or dialog.property(_FOLLOWED):
            return
        if _belongs_to(dialog, self._window):
            dialog.setProperty(_FOLLOWED, True)
            dialog.finished.connect(self._dialog_ended)
            if not dialog.isVisible():  # it ended before the focus came to it
                self._dialog_ended(0)

    def _dialog_ended(self, _result: int) -> None:
        # After the code that opened the dialog has run on (it may open a card, say).
        QTimer.singleShot(0, self, self._back_to_counter)

    def _back_to_counter(self) -> None:
        if any(dialog.isVisible() for dialog in self._window.findChildren(QDialog)):
            return  # a dialog opened over another one ended: the other one keeps the keys
        self._window.activateWindow()
        self._ready()


def _belongs_to(dialog: QWidget, window: QWidget) -> bool:
    """Whether ``dialog`` was opened over ``window`` (directly or over another dialog)."""
    parent = dialog.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False
