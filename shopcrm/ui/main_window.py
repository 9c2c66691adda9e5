"""The main window: search on the left, the chosen customer's card on the right.

Start-up order matters for the cold-start budget: building, restoring the geometry and showing
run no query. The person at the till (a handful of staff rows) is read on the event loop's
first turn; nothing proportional to the number of customers is read until the cashier types.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QStackedWidget, QWidget

from shopcrm.db import DatabaseLocation
from shopcrm.db.reachability import server_probe
from shopcrm.ui.followups.actions import FollowupActions
from shopcrm.ui.search.counter_focus import CounterFocus
from shopcrm.ui.search.panel import SEARCH_LIMIT, SearchPanel
from shopcrm.ui.shop import owner_status
from shopcrm.ui.shop.maintenance import ShopMaintenance
from shopcrm.ui.shop.rolling_backups import RollingBackups
from shopcrm.ui.shop.server_status import ServerStatus
from shopcrm.ui.shop.till import Till
from shopcrm.ui.shop.till_switcher import TillSwitcher
from shopcrm.ui.widgets.plural import plural_tr
from shopcrm.ui.widgets.window_state import restore_layout, save_layout
from shopcrm.ui.window_menus import build_menus

if TYPE_CHECKING:
    from shopcrm.db.instance_lock import InstanceLock
    from shopcrm.ui.card.customer_card import CustomerCardView


class MainWindow(QMainWindow):
    """The counter screen; ``location`` is named in the status bar; a demo: DEMO, no backups."""

    def __init__(
        self, location: DatabaseLocation, parent: QWidget | None = None, *, demo: bool = False
    ) -> None:
        super().__init__(parent)
        self.location = location
        self.instance_lock: InstanceLock | None = None  # the app's, let go around a restore
        self.setWindowTitle(self.tr("shopcrm — DEMO shop") if demo else self.tr("shopcrm"))
        self.till = Till(self)

        self.search = SearchPanel()
        self._card: CustomerCardView | None = None  # built when the first card opens
        self.placeholder = QLabel(self._start_hint())
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)  # drawn in the palette's muted text colour
        self.right = QStackedWidget()
        self.right.addWidget(self.placeholder)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.search)
        self.splitter.addWidget(self.right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([640, 460])
        self.setCentralWidget(self.splitter)

        self.result_label = QLabel()
        self.location_label = QLabel(location.describe())
        self.location_label.setToolTip(self.tr("The shop's database"))
        self.till_switcher = TillSwitcher(self.till)
        self.till_switcher.manage_requested.connect(self.manage_staff)
        self.server_status = ServerStatus(server_probe(location))
        self.backups = RollingBackups(
            self.statusBar(), self, enabled=location.kind == "sqlite" and not demo
        )
        self.backups.restore_requested.connect(self.restore)
        self.statusBar().addWidget(self.result_label, 1)
        self.statusBar().addPermanentWidget(self.server_status)
        self.statusBar().addPermanentWidget(self.location_label)
        self.statusBar().addPermanentWidget(QLabel(self.tr("At the till:")))
        self.statusBar().addPermanentWidget(self.till_switcher)

        self._build_actions()
        build_menus(self)
        owner_status.install(self, self.till)  # owner mode, Ctrl+L, the "set a PIN" banner
        self.search.open_requested.connect(self.open_customer)
        self.search.add_requested.connect(self.new_customer)
        self.search.results_changed.connect(self._show_result_count)

        # Window-wide rather than application-wide, so Esc still closes dialogs.
        self.escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.escape.setContext(Qt.ShortcutContext.WindowShortcut)
        self.escape.activated.connect(self.back_to_search)
        self.escape.setWhatsThis(self.tr("Back to the search box, from anywhere"))
        self.counter_focus = CounterFocus(self, self.search.focus_search)  # after each dialog

        self.resize(1100, 680)
        restore_layout(self, self.splitter)
        self.search.search_box.setFocus()
        QTimer.singleShot(0, self, self.load_till)  # after the show: see the module docstring
        QTimer.singleShot(0, self, self.server_status.start)
        self.backups.start()  # no query now: see its doc

    def load_till(self) -> None:
        """Read who is at the till and the staff to choose from (or catch up after changes)."""
        self.till.load()
        self.till_switcher.reload()

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.new_customer_action = self._action(
            self.tr("&New customer…"), QKeySequence("Ctrl+N"), self.new_customer
        )
        self.quit_action = self._action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.find_action = self._action(
            self.tr("&Find customer"), QKeySequence.StandardKey.Find, self.back_to_search
        )
        self.edit_customer_action = self._action(
            self.tr("&Edit customer…"), QKeySequence("Ctrl+E"), lambda: self.card.edit()
        )
        self.add_note_action = self._action(
            self.tr("Add &note"), QKeySequence("Ctrl+Shift+N"), lambda: self.card.start_note()
        )
        self.pin_note_action = self._action(
            self.tr("&Pin/unpin selected note"),
            QKeySequence("Ctrl+P"),
            lambda: self.card.toggle_selected_pin(),
        )
        # The card handles Ctrl+Enter itself (its own shortcut); the menu only names the key,
        # after a tab, so there is no second, ambiguous Ctrl+Enter shortcut.
        self.log_visit_action = self._action(
            self.tr("&Log visit") + "\t" + self.tr("Ctrl+Enter"),
            QKeySequence(),
            lambda: self._card_do("start_visit"),
        )
        self.void_visit_action = self._action(
            self.tr("&Void visit…"), QKeySequence(), lambda: self._card_do("void_selected_visit")
        )
        self.redeem_action = self._action(
            self.tr("&Redeem stamp card"),
            QKeySequence(),
            lambda: self._card_do("redeem_stamp_card"),
        )
        self.switch_staff_action = self._action(
            self.tr("&Switch person at the till"),
            QKeySequence("Ctrl+Shift+S"),
            self.switch_staff,
        )
        self.manage_staff_action = self._action(
            self.tr("Manage s&taff…"), QKeySequence(), self.manage_staff
        )
        self.settings_action = self._action(
            self.tr("&Settings…"), QKeySequence.StandardKey.Preferences, self.edit_settings
        )
        if self.settings_action.shortcut().isEmpty():  # no standard key on this platform
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.voucher_run_action = self._action(
            self.tr("&New voucher run…"), QKeySequence(), self.new_voucher_run
        )
        self.voucher_batches_action = self._action(
            self.tr("Voucher &batches…"), QKeySequence(), self.voucher_batches
        )
        self.redeem_voucher_action = self._action(
            self.tr("&Redeem voucher…"), QKeySequence("Ctrl+Shift+R"), self.redeem_voucher
        )
        self.give_voucher_action = self._action(
            self.tr("&Give a voucher…"), QKeySequence(), lambda: self._card_do("give_voucher")
        )
        self.maintenance = ShopMaintenance(self)  # slow: through ui.ops, progress in the status bar
        capture = lambda: self._card_do("capture_followup")  # noqa: E731
        self.followup_actions = FollowupActions(self, self.till, self.open_customer, capture)
        self.shortcuts_action = self._action(
            self.tr("&Keyboard shortcuts"), QKeySequence.StandardKey.HelpContents, self.shortcuts
        )
        self.about_action = self._action(self.tr("&About shopcrm"), QKeySequence(), self.about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self._update_card_actions()

    @property
    def card(self) -> CustomerCardView:
        """The customer card, built on first use so start-up does not pay for it."""
        if self._card is None:
            from shopcrm.ui.card.customer_card import CustomerCardView

            self._card = CustomerCardView(self.till)
            self._card.customer_changed.connect(lambda _id: self.search.run_search())
            self._card.flow_finished.connect(self.back_to_search)
            self._card.typed_for_search.connect(self.search.take_keys)
            self.right.addWidget(self._card)
        return self._card

    def _update_card_actions(self) -> None:
        card = self._card
        has_card = card is not None and card.card is not None and self.right.currentWidget() is card
        for action in (self.edit_customer_action, self.add_note_action, self.pin_note_action):
            action.setEnabled(has_card)
        for action, method in (
            (self.log_visit_action, "start_visit"),
            (self.void_visit_action, "void_selected_visit"),
            (self.redeem_action, "redeem_stamp_card"),
            (self.give_voucher_action, "give_voucher"),
        ):
            action.setEnabled(has_card and hasattr(card, method))

    def _card_do(self, method: str) -> None:
        """Run one of the card's visit/loyalty commands (if this card has it)."""
        if self._card is not None and self.right.currentWidget() is self._card:
            command = getattr(self._card, method, None)
            if command is not None:
                command()

    def _start_hint(self) -> str:
        return self.tr("Type a name or the last digits of a phone number to find a customer.")

    def _show_result_count(self, count: int, query: str) -> None:
        if count:
            self.placeholder.setText(
                self.tr("Press Enter to open the selected customer, Up/Down to choose another.")
            )
        else:
            self.placeholder.setText(self._start_hint())
        if not query.strip():
            self.result_label.clear()
        elif count == 0:
            self.result_label.setText(
                self.tr("No customer matches “%1”: Enter adds a new customer.").replace("%1", query)
            )
        elif count >= SEARCH_LIMIT:  # there may be more than the list holds
            shown = plural_tr("MainWindow", "First %n customers shown", count)
            self.result_label.setText(shown + self.tr(": type more to narrow it down"))
        else:
            self.result_label.setText(plural_tr("MainWindow", "%n customer(s) found", count))

    def open_customer(self, customer_id: int) -> None:
        """Show the customer's card and move the keyboard focus onto it."""
        if self.card.show_customer(customer_id):
            self.right.setCurrentWidget(self.card)
            self.card.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.right.setCurrentWidget(self.placeholder)
            self.statusBar().showMessage(self.tr("That customer no longer exists."), 5000)
        self._update_card_actions()

    def back_to_search(self) -> None:
        self.search.focus_search()

    def new_customer(self) -> None:
        """Quick-add: a first name is enough; the new card opens and search finds it at once.
        After a search that found nobody, what was typed starts the form (name, phone or
        email, wherever it belongs)."""
        from shopcrm.ui.card.customer_dialog import CustomerDialog

        typed = self.search.search_box.text()
        found = self.search.model.rowCount() or not typed.strip()
        saved = CustomerDialog.ask(self, search_text="" if found else typed)
        if saved is None:
            return
        self.open_customer(saved.id)
        self.statusBar().showMessage(self.tr("Saved %1.").replace("%1", saved.full_name), 5000)
        if self.search.search_box.text().strip():
            self.search.run_search()

    def switch_staff(self) -> None:
        """Ctrl+Shift+S: the list of staff opens, arrows and Enter choose who serves now."""
        self.till_switcher.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.till_switcher.showPopup()

    def manage_staff(self) -> None:
        from shopcrm.ui.shop.staff_dialog import StaffDialog

        if StaffDialog.ask(self):
            self.load_till()  # someone left or the first person was added

    def edit_settings(self) -> None:
        """The shop's settings; the results list is redrawn under the new rules."""
        from shopcrm.ui.shop.settings_dialog import SettingsDialog

        if SettingsDialog.ask(self) is None:
            return
        self.search.settings_changed()
        self._refresh_card()
        self.statusBar().showMessage(self.tr("Settings saved."), 5000)

    def listed_customer_ids(self) -> list[int]:
        """The customers the search lists now (the hand-picked choice of a voucher run)."""
        ids: list[int] = []
        model = self.search.model
        while (customer_id := model.customer_id(len(ids))) is not None:
            ids.append(customer_id)
        return ids

    def new_voucher_run(self) -> None:
        """The owner's monthly run; the search's customers can be its hand-picked list."""
        from shopcrm.ui.vouchers.wizard.wizard import VoucherWizard

        batch_id = VoucherWizard.ask(self, hand_picked=self.listed_customer_ids())
        if batch_id is not None:
            self._refresh_card()
            self.statusBar().showMessage(self.tr("Vouchers issued."), 5000)

    def voucher_batches(self) -> None:
        from shopcrm.ui.vouchers.batches_dialog import VoucherBatchesDialog

        VoucherBatchesDialog.ask(self)
        self._refresh_card()  # a voucher on the open card may have been voided

    def redeem_voucher(self) -> None:
        """Ctrl+Shift+R: a voucher handed over at the counter, typed or scanned."""
        from shopcrm.ui.vouchers.redeem_dialog import open_redeem

        open_redeem(self)

    def restore(self, file: Path) -> None:
        """Put the backup ``file`` back (the owner confirmed it on the Backups page)."""
        from shopcrm.ui.restore_flow import WindowRestore

        flow = WindowRestore(self, file)
        flow.ended.connect(self.backups.restore_ended)
        flow.ended.connect(flow.deleteLater)
        flow.start()

    def shop_replaced(self) -> None:
        """After a restore: everything shown is read again from the shop as it is now (its
        staff, PINs, settings and customers may all differ); owner mode ends."""
        self.till.owner_mode.lock()
        self.load_till()
        self.search.settings_changed()
        card = self._card
        if card is not None and self.right.currentWidget() is card and card.customer_id:
            self.open_customer(card.customer_id)  # or "no longer exists"
        self.pin_banner.refresh()  # type: ignore[attr-defined]

    def _refresh_card(self) -> None:
        card = self._card
        if card is not None and self.right.currentWidget() is card and card.customer_id:
            card.show_customer(card.customer_id)

    def shortcuts(self) -> None:
        """Every shortcut of this window, read from its actions (the card's included)."""
        from shopcrm.ui.help.shortcuts_dialog import show_shortcuts

        _ = self.card  # built now, so its own shortcuts are listed too
        show_shortcuts(self)

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # not needed for the start

        QMessageBox.about(
            self,
            self.tr("About shopcrm"),
            self.tr(
                "<p><b>shopcrm</b> — an offline customer book for small shops.</p>"
                "<p>Your customers' data stays on this computer.</p>"
            ),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.server_status.stop()
        save_layout(self, self.splitter)
        super().closeEvent(event)
