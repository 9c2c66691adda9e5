"""The import's review of possible duplicates: each new customer that looks like one the shop had
already, with Merge… to fold it into that customer (the card's merge dialog, owner-only, with
its preview; a merge can be undone from the card like any other)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core.customers import get_card
from shopcrm.core.errors import ShopError
from shopcrm.core.importing import ImportReport
from shopcrm.ui.card.merge_dialog import MergeDialog
from shopcrm.ui.widgets.formatting import shop_formats

_PAIR = Qt.ItemDataRole.UserRole


class DuplicateReview(QWidget):
    """The look-alikes an import wrote as new customers; ``merged`` counts the merges made."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.merged = 0
        self.heading = QLabel(self.tr("Possible duplicates: merge the new customer into the one"
                                      " the shop had, or leave both."))  # fmt: skip
        self.heading.setWordWrap(True)
        self.list = QListWidget()
        self.merge_button = QPushButton(self.tr("&Merge…"))
        self.merge_button.clicked.connect(self.merge_selected)
        self.list.currentRowChanged.connect(lambda _row: self._update())
        self.list.itemActivated.connect(lambda _item: self.merge_selected())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)

    def show_report(self, report: ImportReport) -> None:
        self.list.clear()
        line = self.tr("Line %1: %2")
        number = shop_formats().number
        for duplicate in report.duplicates:
            if duplicate.customer is None or duplicate.imported_as is None:
                continue  # a repeat within the file, or a dry run: nothing to merge
            text = line.replace("%1", number(duplicate.line)).replace("%2", duplicate.reason)
            item = QListWidgetItem(text)
            item.setData(_PAIR, (duplicate.customer, duplicate.imported_as))
            self.list.addItem(item)
        self.setVisible(self.list.count() > 0)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update()

    def _update(self) -> None:
        item = self.list.currentItem()
        self.merge_button.setEnabled(item is not None and item.data(_PAIR) is not None)

    def merge_selected(self) -> None:
        """Merge the chosen row's new customer into the existing one (kept)."""
        item = self.list.currentItem()
        pair = item.data(_PAIR) if item is not None else None
        if item is None or pair is None:
            return
        keep_id, new_id = pair
        try:
            keep = get_card(keep_id)
        except ShopError as exc:
            item.setText(item.text() + " — " + str(exc))
            return
        if MergeDialog.ask(keep, self, other_id=new_id) is None:
            return
        self.merged += 1
        item.setData(_PAIR, None)
        item.setText(item.text() + " — " + self.tr("merged into %1").replace("%1", keep.full_name))
        self._update()
