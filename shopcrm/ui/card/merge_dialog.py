"""Customer → Merge with…: merge a duplicate into the customer on the card.

The owner finds the duplicate with the counter's search (type, then Down or Enter into the
list), reads what would move before anything does (core's
:func:`~shopcrm.core.merging.merge_preview`: visits, notes, loyalty lines, vouchers,
follow-ups, tags, the points and stamps that join, the blanks filled in), and confirms with
Merge (Alt+M or a click: Enter only chooses), which asks for the owner PIN through owner mode
when the shop has one. The customer on the card is the one kept; the merge can be undone from
the same menu (:mod:`.undo_merge_dialog`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core import settings
from shopcrm.core.customers import CustomerCard, get_card, search_customers
from shopcrm.core.errors import ShopError
from shopcrm.core.merging import MergePreview, MergeView, merge_customers, merge_preview
from shopcrm.core.validation import format_phone
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.form_errors import error_label, show_error
from shopcrm.ui.widgets.plural import plural_tr

#: How many customers the search offers: the duplicate is usually the first few.
_OFFERED = 10
_SEARCH_AFTER_MS = 150


class _SearchBox(QLineEdit):
    """Down (or Enter) moves into the results, as in the counter's search; Enter never
    reaches the dialog's buttons."""

    entered = Signal()

    def __init__(self, results: QListWidget) -> None:
        super().__init__()
        self._results = results

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.entered.emit()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Down and self._results.count():
            self._results.setFocus()
            self._results.setCurrentRow(max(0, self._results.currentRow()))
            return
        super().keyPressEvent(event)


class MergeDialog(QDialog):
    """Merge another customer into ``keep``; ``merged`` holds the merge once done."""

    def __init__(
        self, keep: CustomerCard, parent: QWidget | None = None, other_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.keep = keep
        self.till = Till.of(parent)
        self.merged: MergeView | None = None
        self.preview: MergePreview | None = None
        self.setWindowTitle(self.tr("Merge customers"))
        self.setMinimumWidth(480)
        intro = QLabel(
            self.tr("Find the duplicate of %1: it is merged into this card, which is kept.")
            .replace("%1", keep.full_name)
        )  # fmt: skip
        intro.setWordWrap(True)
        self.results = QListWidget()
        self.search = _SearchBox(self.results)
        self.search.setPlaceholderText(self.tr("name, phone or email of the duplicate"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(
            self.tr("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.merge_button.setEnabled(False)
        for button in self.buttons.buttons():  # a merge is confirmed on purpose (Alt+M), not
            if isinstance(button, QPushButton):  # by the Enter that chose the duplicate
                button.setAutoDefault(False)
                button.setDefault(False)
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_SEARCH_AFTER_MS)
        self._timer.timeout.connect(self.look_up)
        self.search.textChanged.connect(self._timer.start)
        self.search.entered.connect(self._into_results)
        self.results.currentRowChanged.connect(lambda _row: self.show_preview())
        layout = QVBoxLayout(self)
        for widget in (intro, self.search, self.results, self.summary, self.error, self.buttons):
            layout.addWidget(widget)
        self.search.setFocus()
        if other_id is not None:
            self.offer(other_id)

    @classmethod
    def ask(
        cls, keep: CustomerCard, parent: QWidget | None = None, other_id: int | None = None
    ) -> MergeView | None:
        """Merge into ``keep``; ``other_id`` offers that duplicate already chosen (the import's
        review), its preview shown, Merge one key away."""
        dialog = cls(keep, parent, other_id)
        try:
            return dialog.merged if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def look_up(self) -> None:
        """The customers the search box finds (not the one kept)."""
        self._timer.stop()
        self.results.clear()
        text = self.search.text().strip()
        found = search_customers(text, _OFFERED + 1, glance_rows=0) if text else []
        region = settings.load().phone_region if found else ""
        for customer in [c for c in found if c.id != self.keep.id][:_OFFERED]:
            contact = format_phone(customer.phone, region) or customer.email
            item = QListWidgetItem(" · ".join(p for p in (customer.full_name, contact) if p))
            item.setData(Qt.ItemDataRole.UserRole, customer.id)
            self.results.addItem(item)
        self.show_preview()

    def offer(self, other_id: int) -> None:
        """The duplicate already known (from the import's review): listed, chosen, previewed."""
        try:
            other = get_card(other_id)
        except ShopError as exc:
            show_error(self.error, str(exc))
            return
        region = settings.load().phone_region
        contact = format_phone(other.phone, region) or other.email
        item = QListWidgetItem(" · ".join(p for p in (other.full_name, contact) if p))
        item.setData(Qt.ItemDataRole.UserRole, other.id)
        self.results.clear()
        self.results.addItem(item)
        self.results.setCurrentRow(0)
        self.results.setFocus()

    def _into_results(self) -> None:
        self.look_up()
        if self.results.count():
            self.results.setFocus()
            self.results.setCurrentRow(0)

    def other_id(self) -> int | None:
        item = self.results.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def show_preview(self) -> None:
        """What merging the chosen customer would do, or why it cannot be done."""
        self.preview = None
        other = self.other_id()
        show_error(self.error, "")
        if other is None:
            self.summary.setText(self.tr("Choose the duplicate in the list."))
        else:
            try:
                self.preview = merge_preview(self.keep.id, other)
            except ShopError as exc:
                self.summary.clear()
                show_error(self.error, str(exc))
            else:
                self.summary.setText(describe(self, self.preview))
        self.merge_button.setEnabled(self.preview is not None)

    def merge(self) -> None:
        """Merge the chosen customer (the owner's PIN first, when the shop has one)."""
        if self.preview is None:
            return
        if self.till is not None and not self.till.requires_owner(self.tr("merge customers")):
            return
        try:
            self.merged = merge_customers(
                self.keep.id,
                self.preview.other_id,
                owner=self.till.owner if self.till else None,
                staff_id=self.till.staff_id if self.till else None,
            )
        except ShopError as exc:
            show_error(self.error, str(exc))
            return
        self.accept()


def describe(widget: QWidget, preview: MergePreview) -> str:
    """The confirmation's words: who goes where, what moves, what joins, what is filled in."""
    context = "MergeDialog"
    counted = (
        ("visit", "%n visit(s)"),
        ("note", "%n note(s)"),
        ("loyalty_entry", "%n loyalty line(s)"),
        ("voucher", "%n voucher(s)"),
        ("followup", "%n follow-up(s)"),
        ("customer_tag", "%n tag(s)"),
        ("imported_history", "%n imported history(s)"),
    )
    moves = [plural_tr(context, text, preview.moves.get(key, 0)) for key, text in counted]
    lines = [
        widget.tr("%1 is merged into %2 and leaves the search.")
        .replace("%1", preview.other_name)
        .replace("%2", preview.keep_name),
        widget.tr("Moves: %1.").replace("%1", ", ".join(moves)),
    ]
    if preview.points or preview.stamps:
        joins = [plural_tr(context, "%n point(s)", preview.points)]
        joins.append(plural_tr(context, "%n stamp(s)", preview.stamps))
        lines.append(widget.tr("Joins the balance: %1.").replace("%1", ", ".join(joins)))
    if preview.filled:
        names = {
            "last_name": widget.tr("last name"),
            "phone": widget.tr("phone"),
            "email": widget.tr("email"),
            "birthday_month": widget.tr("birthday"),
            "do_not_contact": widget.tr("do not contact"),
        }
        filled = [names[f] for f in preview.filled if f in names]
        lines.append(
            widget.tr("Filled in from the duplicate: %1.").replace("%1", ", ".join(filled))
        )
    lines.append(widget.tr("The merge can be undone (Customer → Undo merge…)."))
    return "\n".join(lines)
