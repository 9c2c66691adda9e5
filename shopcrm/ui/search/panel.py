"""The always-ready search box and its results: the counter's main tool.

The search runs synchronously on every keystroke (the index answers in about a millisecond), so
the list is never stale and there is no timer to wait for. Only the rows on screen are made, with
their loyalty at a glance, before the list is painted; the rows below the fold come right after
(a zero timer), unless the next keystroke came first. The keyboard never has to leave the
box: Up/Down move through the results, Enter opens the selected (or first) customer.

A voucher scanner types into the same box (it types wherever the focus is): text that reads as a
voucher code (letters and digits, or the printed grouping, with a valid check character) runs
no customer search and shows a hint instead, and Enter opens the redeem dialog with it; a code
with a typo opens it too, to say which. Text of letters only (a 13-letter name passes the check
one time in 32) stays a search unless the shop has a voucher with that code.
"""

from __future__ import annotations

import re
from enum import StrEnum

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core.errors import ShopError
from shopcrm.ui.search.columns import ResultsTable
from shopcrm.ui.search.results_model import SearchResultsModel
from shopcrm.ui.widgets.palette_colors import subtle_tint

SEARCH_LIMIT = 50

_MOVES = {
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: 10,
    Qt.Key.Key_PageUp: -10,
}


class VoucherIntent(StrEnum):
    """What a search text says about a voucher: a code, a mistyped code, or maybe one."""

    CODE = "code"
    MISTYPED = "mistyped"
    MAYBE_CODE = "maybe_code"


CODE, MISTYPED, MAYBE_CODE = VoucherIntent.CODE, VoucherIntent.MISTYPED, VoucherIntent.MAYBE_CODE
#: The printed grouping, ``K7QM-3XPD-9HRT-4`` (any separators, as ``classify`` allows).
_GROUPED = re.compile(r"\s*\w{4}[\s\-‐‑‒–—_.]+\w{4}[\s\-‐‑‒–—_.]+\w{4}[\s\-‐‑‒–—_.]+\w\s*")


def voucher_intent(text: str) -> VoucherIntent | None:
    """How Enter should take the search box's ``text``: ``"code"`` or ``"mistyped"`` (surely
    meant as a voucher code), ``"maybe_code"`` (letters only, or digits only, that pass the
    check: a code only if the shop has it) or None (a customer search). Pure Python, no query.

    ``classify`` counts any space or hyphen as the printed grouping; here a code must mix
    letters and digits or be grouped 4-4-4-1, so "Anna-Kate Jones" and a 13-digit phone number
    stay searches."""
    # Imported here: the vouchers package is not needed to show the window (a faster start).
    from shopcrm.core.vouchers import classify

    kind = classify(text)
    if kind is None:
        return None
    has_digit = any(char.isdigit() for char in text)
    has_letter = any(char.isalpha() for char in text)
    if (has_digit and has_letter) or _GROUPED.fullmatch(text):
        return VoucherIntent(kind)
    return MAYBE_CODE if kind == CODE else None


#: When the search's code is loaded after the panel is built: once the window is on screen,
#: before anyone can have typed a name (see :meth:`SearchPanel.warm_up`).
WARM_UP_MS = 200


class SearchPanel(QWidget):
    """Search box + results; ``open_requested(customer_id)`` when a customer is chosen."""

    open_requested = Signal(int)
    add_requested = Signal()  # Enter on a search that found nobody: quick-add them
    results_changed = Signal(int, str)  # number of results, query

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._phone_region: str | None = None
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(
            self.tr("Search: name, last digits of the phone, email…  (Ctrl+F)")
        )
        self.search_box.setClearButtonEnabled(True)
        font = self.search_box.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.search_box.setFont(font)
        self.search_box.installEventFilter(self)
        self.search_box.textChanged.connect(self.run_search)

        self.model = SearchResultsModel(self)
        self.results = ResultsTable()  # its columns always as wide as the list, never wider
        self.results.setModel(self.model)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setAlternatingRowColors(True)
        self.results.setShowGrid(False)
        self.results.setWordWrap(False)
        self.results.verticalHeader().setVisible(False)
        self.results.setTabKeyNavigation(False)
        self.results.setSortingEnabled(False)  # regulars first: the core's order is the order
        self.results.horizontalHeader().setHighlightSections(False)
        self._glance_later: list[int] = []  # rows below the fold still without loyalty
        self._glance_timer = QTimer(self)
        self._glance_timer.setSingleShot(True)
        self._glance_timer.setInterval(0)
        self._glance_timer.timeout.connect(self._fill_glance)
        self.results.clicked.connect(self._open_index)
        self.results.activated.connect(self._open_index)

        self.code_hint = QLabel()
        self.code_hint.setWordWrap(True)
        self.code_hint.setContentsMargins(8, 6, 8, 6)
        self.code_hint.setAutoFillBackground(True)
        self.code_hint.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.setSpacing(6)
        layout.addWidget(self.search_box)
        layout.addWidget(self.code_hint)
        layout.addWidget(self.results, 1)
        QTimer.singleShot(WARM_UP_MS, self, self.warm_up)

    def warm_up(self) -> None:
        """Load what the first search needs while nobody types: the search, card, settings
        and loyalty code, the voucher code reader, and PySide6's type of the list's viewport
        (its first sight of a widget made in C++ is ~9 ms of type discovery). Code only, no
        query: a timer must not meet a database that is away. Measured at a million
        customers: the first search took ~220 ms, the next ~15."""
        import shopcrm.core.customers
        import shopcrm.core.loyalty.glance
        import shopcrm.core.settings
        import shopcrm.core.vouchers  # noqa: F401 - loaded for the first search, see above

        self.results.viewport()

    def focus_search(self) -> None:
        """Back to the search box with its text selected, ready for the next customer."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def take_keys(self, event: QKeyEvent) -> None:
        """Keys typed elsewhere in the window (on the card, say) start a new search: the box
        takes the focus with its text selected, so the first key replaces it, and the rest
        follow the focus as they come (a scanner's code, then its Enter)."""
        if self.window().focusWidget() is not self.search_box:
            self.focus_search()
        copy = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
        QApplication.sendEvent(self.search_box, copy)

    def phone_region(self) -> str:
        """The shop's phone region, read once (lazily, so start-up touches no table)."""
        if self._phone_region is None:
            from shopcrm.core import settings

            self._phone_region = settings.load().phone_region
        return self._phone_region

    def settings_changed(self) -> None:
        """Forget the cached phone region and search again: loyalty shows under new rules."""
        self._phone_region = None
        if self.search_box.text().strip():
            self.run_search()

    def run_search(self, text: str | None = None) -> None:
        """Search for what the box holds and show the results, first one selected."""
        query = self.search_box.text() if text is None else text
        if self._show_code_hint(voucher_intent(query)):
            self._show_no_search()
            return
        # The search's modules load with the first search, not with the window.
        from shopcrm.core.customers import search_customers

        on_screen = self.rows_on_screen()
        rows = (
            search_customers(query, limit=SEARCH_LIMIT, glance_rows=on_screen)
            if query.strip()
            else []
        )
        self.model.set_results(rows, self.phone_region(), first=on_screen)
        self._glance_later = [row.id for row in rows[on_screen:]]
        if self._glance_later:
            self._glance_timer.start()
        else:
            self._glance_timer.stop()
        if rows:
            self.select_row(0)
        self.results_changed.emit(len(rows), query)

    def _show_code_hint(self, intent: str | None) -> bool:
        """A hint instead of "no customer found" while the box holds a voucher code."""
        if intent == CODE:
            self.code_hint.setText(self.tr("Voucher code — press Enter to redeem it"))
        elif intent == MISTYPED:
            self.code_hint.setText(
                self.tr("Voucher code? One character looks wrong — press Enter to check it")
            )
        shown = intent in (CODE, MISTYPED)
        if shown:
            self._tint_hint()
        self.code_hint.setVisible(shown)
        return shown

    def _tint_hint(self) -> None:
        """The hint's background from the panel's own palette (light or dark, as it is now)."""
        palette = QPalette(self.palette())
        palette.setColor(QPalette.ColorRole.Window, subtle_tint(palette, 0.25))
        self.code_hint.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._tint_hint()
        super().changeEvent(event)

    def _show_no_search(self) -> None:
        """No customer search for a voucher code: an empty list, and no count to announce."""
        self._glance_timer.stop()
        self._glance_later = []
        self.model.set_results([], self.phone_region(), first=0)
        self.results_changed.emit(0, "")

    def rows_on_screen(self) -> int:
        """How many result rows the list shows without scrolling (and a few more)."""
        height = max(1, self.results.verticalHeader().defaultSectionSize())
        return self.results.viewport_size().height() // height + 2

    def _fill_glance(self) -> None:
        """The rows below the fold, with their loyalty, once the list has been painted."""
        ids, self._glance_later = self._glance_later, []
        if ids:
            from shopcrm.core.loyalty.glance import loyalty_glance

            self.model.set_loyalty(loyalty_glance(ids))
        self.model.build_rest()

    def select_row(self, row: int) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        row = max(0, min(row, count - 1))
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.results.selectionModel().setCurrentIndex(index, flags)
        self.results.scrollTo(index)

    def selected_row(self) -> int:
        index = self.results.currentIndex()
        return index.row() if index.isValid() else -1

    def open_selected(self) -> None:
        """Open the selected result, or the first one when nothing is selected."""
        row = self.selected_row()
        customer_id = self.model.customer_id(row if row >= 0 else 0)
        if customer_id is not None:
            self.open_requested.emit(customer_id)

    def _open_index(self, index: QModelIndex) -> None:
        customer_id = self.model.customer_id(index.row())
        if customer_id is not None:
            self.open_requested.emit(customer_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in _MOVES and self.model.rowCount():
                self.select_row(max(self.selected_row(), 0) + _MOVES[Qt.Key(key)])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.redeem_typed_code():
                    pass
                elif self.model.rowCount() == 0 and self.search_box.text().strip():
                    self.add_requested.emit()
                else:
                    self.open_selected()
                return True
        return super().eventFilter(watched, event)

    def redeem_typed_code(self) -> bool:
        """Enter on a voucher code: the redeem dialog opens with it looked up. False when the
        box holds a customer search (then Enter opens a customer, as ever)."""
        text = self.search_box.text()
        intent = voucher_intent(text)
        if intent == MAYBE_CODE:
            intent = CODE if self._is_a_voucher(text) else None
        if intent is None:
            return False
        from shopcrm.ui.vouchers.redeem_dialog import open_redeem

        open_redeem(self, text)
        self.search_box.selectAll()  # the next scan or name replaces the code
        return True

    @staticmethod
    def _is_a_voucher(text: str) -> bool:
        """Does the shop have a voucher with this code? (Asked without counting a wrong code
        against the till: for letters-only text it is most likely a name.)"""
        from shopcrm.core.vouchers import get_voucher

        try:
            get_voucher(text)
        except ShopError:
            return False
        return True
