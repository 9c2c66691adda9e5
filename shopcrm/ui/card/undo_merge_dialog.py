"""Customer → Undo merge…: the merges that kept the customer on the card, and undoing one.

Undoing asks for the owner PIN through owner mode (as merging does) and puts back every row
the merge moved (:func:`~shopcrm.core.merging.unmerge`); when that cannot be done (see its
rules) the reason shows here and nothing changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core.customers import CustomerCard
from shopcrm.core.errors import ShopError
from shopcrm.core.merging import MergeView, merges_into, unmerge
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.form_errors import error_label, show_error
from shopcrm.ui.widgets.formatting import format_date_time


class UndoMergeDialog(QDialog):
    """The merges into ``keep`` that can still be undone; ``undone`` once one was."""

    def __init__(self, keep: CustomerCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keep = keep
        self.till = Till.of(parent)
        self.undone: MergeView | None = None
        self.setWindowTitle(self.tr("Undo merge"))
        self.setMinimumWidth(420)
        self.merges = QListWidget()
        for merge in merges_into(keep.id):
            if merge.undone_at is None:
                text = self.tr("%1, merged %2").replace("%1", merge.other_name)
                item = QListWidgetItem(text.replace("%2", format_date_time(merge.merged_at)))
                item.setData(Qt.ItemDataRole.UserRole, merge.id)
                self.merges.addItem(item)
        intro = QLabel(
            self.tr("Merged into %1: undoing one gives back everything it moved.")
            .replace("%1", keep.full_name)
            if self.merges.count()
            else self.tr("No merge into %1 to undo.").replace("%1", keep.full_name)
        )  # fmt: skip
        intro.setWordWrap(True)
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.undo_button = self.buttons.addButton(
            self.tr("&Undo merge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.undo_button.setEnabled(self.merges.count() > 0)
        self.buttons.accepted.connect(self.undo)
        self.buttons.rejected.connect(self.reject)
        self.merges.setCurrentRow(0)
        layout = QVBoxLayout(self)
        for widget in (intro, self.merges, self.error, self.buttons):
            layout.addWidget(widget)
        self.merges.setFocus()

    @classmethod
    def ask(cls, keep: CustomerCard, parent: QWidget | None = None) -> MergeView | None:
        dialog = cls(keep, parent)
        try:
            return dialog.undone if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def undo(self) -> None:
        item = self.merges.currentItem()
        if item is None:
            return
        if self.till is not None and not self.till.requires_owner(self.tr("undo a merge")):
            return
        try:
            self.undone = unmerge(
                int(item.data(Qt.ItemDataRole.UserRole)),
                owner=self.till.owner if self.till else None,
                staff_id=self.till.staff_id if self.till else None,
            )
        except ShopError as exc:
            show_error(self.error, str(exc))
            return
        self.accept()
