"""The Customer menu's Merge with… and Undo merge…, for the customer on the card.

Built by :func:`shopcrm.ui.window_menus.build_menus`; the dialogs and core load only when an
action is used (the window's start does not pay for them). After either, the window shows the
kept customer again (everything re-read) and the search rows follow; the actions are enabled
while a customer not merged away is on the card (checked as the menu opens).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from shopcrm.core.customers import CustomerCard
    from shopcrm.ui.main_window import MainWindow


class CardMerging(QObject):
    """The two actions; ``actions()`` for the menu, ``update()`` before it shows."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.merge_action = QAction(self.tr("&Merge with…"), window)
        self.merge_action.setToolTip(self.tr("Merge a duplicate into the customer on the card"))
        self.merge_action.triggered.connect(self.merge)
        self.undo_action = QAction(self.tr("Un&do merge…"), window)
        self.undo_action.triggered.connect(self.undo)

    def actions(self) -> list[QAction]:
        return [self.merge_action, self.undo_action]

    def shown_card(self) -> CustomerCard | None:
        """The customer on the card, when the card is what the window shows."""
        view = self.window._card
        if view is None or self.window.right.currentWidget() is not view:
            return None
        return view.card

    def update(self) -> None:
        card = self.shown_card()
        for action in self.actions():
            action.setEnabled(card is not None)

    def merge(self) -> None:
        from shopcrm.ui.card.merge_dialog import MergeDialog

        card = self.shown_card()
        if card is not None and MergeDialog.ask(card, self.window) is not None:
            self._show_again(card.id, self.tr("Merged into %1.").replace("%1", card.full_name))

    def undo(self) -> None:
        from shopcrm.ui.card.undo_merge_dialog import UndoMergeDialog

        card = self.shown_card()
        undone = UndoMergeDialog.ask(card, self.window) if card is not None else None
        if card is not None and undone is not None:
            self._show_again(card.id, self.tr("%1 is back.").replace("%1", undone.other_name))

    def _show_again(self, customer_id: int, message: str) -> None:
        self.window.open_customer(customer_id)
        self.window.statusBar().showMessage(message, 5000)
        self.window.search.run_search()
        self.window.card.setFocus(Qt.FocusReason.OtherFocusReason)


def merged_title(widget: QObject, name: str, customer_id: int) -> str:
    """A card's title: the name, and where the customer went when merged into another."""
    from shopcrm.core.merging import merged_into

    kept = merged_into(customer_id)
    if kept is None:
        return name
    return widget.tr("%1 (merged into %2)").replace("%1", name).replace("%2", kept[1])
