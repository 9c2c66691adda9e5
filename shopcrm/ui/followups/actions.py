"""The main window's follow-up entries (Customer menu): New follow-up (the card's own
Ctrl+Shift+F, named here), the Follow-ups list and the Feedback list.

The lists are built when first asked for (not at start-up) and kept, non-modal, so the owner
can leave one open beside the counter; a row opened shows the customer's card.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QWidget

from shopcrm.ui.shop.till import Till

CAPTURE_KEYS = "Ctrl+Shift+F"  # the card's shortcut (see card_followups), shown in the menu


class FollowupActions:
    def __init__(
        self,
        window: QWidget,
        till: Till,
        open_customer: Callable[[int], object],
        capture: Callable[[], object],
    ) -> None:
        self.window = window
        self.till = till
        self.open_customer = open_customer
        self.followups_window: QDialog | None = None
        self.feedback_window: QDialog | None = None
        # The card owns Ctrl+Shift+F; the menu only names the key (no second, ambiguous one).
        self.capture_action = QAction(window.tr("New &follow-up…") + "\t" + CAPTURE_KEYS, window)
        self.capture_action.triggered.connect(capture)
        self.list_action = QAction(window.tr("Follow-&ups…"), window)
        self.list_action.triggered.connect(self.show_followups)
        self.feedback_action = QAction(window.tr("Feed&back…"), window)
        self.feedback_action.triggered.connect(self.show_feedback)

    def actions(self) -> list[QAction]:
        return [self.capture_action, self.list_action, self.feedback_action]

    def show_followups(self) -> QDialog:
        from shopcrm.ui.followups.list_window import FollowupsWindow

        if self.followups_window is None:
            window = FollowupsWindow(self.window, self.till)
            window.open_customer.connect(self.open_customer)
            self.followups_window = window
        else:
            self.followups_window.refresh()  # type: ignore[attr-defined]
        self._raise(self.followups_window)
        return self.followups_window

    def show_feedback(self) -> QDialog:
        from shopcrm.ui.followups.feedback_window import FeedbackWindow

        if self.feedback_window is None:
            window = FeedbackWindow(self.window)
            window.open_customer.connect(self.open_customer)
            self.feedback_window = window
        else:
            self.feedback_window.refresh()  # type: ignore[attr-defined]
        self._raise(self.feedback_window)
        return self.feedback_window

    @staticmethod
    def _raise(window: QDialog) -> None:
        window.show()
        window.raise_()
        window.activateWindow()
