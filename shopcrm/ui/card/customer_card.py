"""The customer card: who is in front of the counter, what to remember, and logging the visit.

Always in view: the name, pinned alerts and the visit line (Ctrl+Enter, amount, Enter). Below,
two tabs keep the card readable on a small counter screen: "Overview" (loyalty, valid vouchers,
the card's memory of their habits, contact details) and "History" (visits, notes and loyalty
events in one lazily paged timeline).

At the counter the keyboard belongs to the search box: each flow that ends here (a visit
logged, a reward redeemed) announces ``flow_finished`` so the window hands the focus back, and
keys typed while the card itself has the focus (a scanner, or the next name) are handed to the
search as ``typed_for_search``.

Opening a card reads only what does not grow with the customer's history (details, alerts, the
first timeline page); the figures that summarise every visit follow a moment later, so a
regular with thousands of visits opens as fast as a newcomer. Changes go through ``core``
with the person at the till; the card re-reads them and announces ``customer_changed``.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core import customers, loyalty, notes, settings, visit_stats, vouchers
from shopcrm.core.customers import CustomerCard
from shopcrm.core.errors import NotFoundError
from shopcrm.core.imported_history import imported_history
from shopcrm.core.loyalty import LoyaltyRules
from shopcrm.core.segments import customer_segment
from shopcrm.core.timeline import NOTE, VISIT, TimelineItem
from shopcrm.core.validation import format_phone
from shopcrm.ui.card.customer_dialog import CustomerDialog
from shopcrm.ui.card.memory import CardMemory
from shopcrm.ui.card.merge_actions import merged_title
from shopcrm.ui.card.note_editor import NoteEditor
from shopcrm.ui.card.overview_page import overview_page
from shopcrm.ui.card.page_scroll import PageScroll
from shopcrm.ui.card.pinned_alerts import PinnedAlerts
from shopcrm.ui.card.tag_chips import TagChips
from shopcrm.ui.card.timeline_delegate import TimelineDelegate
from shopcrm.ui.card.visit_panel import VisitPanel, visit_shortcuts
from shopcrm.ui.card.visit_voiding import void_visit_from_card
from shopcrm.ui.followups.card_followups import CardFollowups
from shopcrm.ui.loyalty.panel import LoyaltyPanel
from shopcrm.ui.privacy.card_panel import PrivacyPanel
from shopcrm.ui.shop.till import Till
from shopcrm.ui.vouchers.card_section import CardVouchers
from shopcrm.ui.widgets.formatting import format_birthday, format_date
from shopcrm.ui.widgets.palette_colors import error_color
from shopcrm.ui.widgets.shop_money import ShopMoney
from shopcrm.ui.widgets.timeline_model import TimelineModel


class CustomerCardView(QWidget):
    """Shows one customer (``show_customer``); ``customer_changed(id)`` after any change."""

    customer_changed = Signal(int)
    flow_finished = Signal()  # a visit logged, a reward redeemed: back to the search box
    typed_for_search = Signal(QKeyEvent)  # text typed with the focus on the card, not a field

    def __init__(self, till: Till | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.till = till if till is not None else Till(self)
        self.card: CustomerCard | None = None
        self.money = ShopMoney()
        self.rules = LoyaltyRules()
        self._figures_shown = False
        self.voucher_output: object = None

        self.name = QLabel()
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setWeight(QFont.Weight.DemiBold)
        self.name.setFont(font)
        self.name.setWordWrap(True)
        self.edit_button = QPushButton(self.tr("E&dit…"))
        self.edit_button.setToolTip(self.tr("Edit this customer (Ctrl+E)"))
        self.edit_button.clicked.connect(self.edit)
        self.tags = TagChips()
        self.pinned = PinnedAlerts()
        self.pinned.unpin_requested.connect(lambda note_id: self.set_note_pinned(note_id, False))
        self.followups = CardFollowups(self, self.till)  # Ctrl+Shift+F captures one
        self.followups.changed.connect(self.changed_elsewhere)
        self.followups.changed.connect(self.refresh_vouchers)  # a recovery voucher given
        self.capture_followup = self.followups.capture

        self.visit_panel = VisitPanel(self.till)
        self.visit_panel.visit_logged.connect(self._visit_logged)
        self.loyalty = LoyaltyPanel(self.till)
        self.loyalty.changed.connect(self.changed_elsewhere)
        self.loyalty.changed.connect(self.flow_finished)
        self.vouchers = CardVouchers()
        self.vouchers.redeem_requested.connect(self.redeem_voucher)
        self.vouchers.scan_requested.connect(self.redeem_voucher)
        self.vouchers.give_requested.connect(self.give_voucher)
        self.memory = CardMemory()
        self.privacy = PrivacyPanel(self.till)
        self.privacy.changed.connect(self.show_customer)  # erased: a new name, no notes...
        self.privacy.changed.connect(self.customer_changed)
        self.phone = self._value_label()
        self.email = self._value_label()
        self.birthday = self._value_label()
        self.since = self._value_label()

        self.note_editor = NoteEditor(self.till)
        self.note_editor.note_added.connect(lambda _note: self.refresh_history())
        self.timeline_model = TimelineModel(self)
        self.timeline_view = QListView()
        self.timeline_view.setModel(self.timeline_model)
        self.timeline_view.setItemDelegate(TimelineDelegate(self.timeline_view))
        self.timeline_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.timeline_view.setWordWrap(True)
        self.timeline_view.setUniformItemSizes(False)
        self.timeline_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.timeline_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.timeline_view.selectionModel().selectionChanged.connect(self._update_item_buttons)
        self.pin_button = QPushButton(self.tr("Pin"))
        self.pin_button.setToolTip(self.tr("Pin or unpin the selected note (Ctrl+P)"))
        self.pin_button.clicked.connect(self.toggle_selected_pin)
        self.void_button = QPushButton(self.tr("Void visit…"))
        self.void_button.setToolTip(self.tr("Void the selected visit (it stays in the history)"))
        self.void_button.clicked.connect(self.void_selected_visit)
        self.history_message = QLabel()
        self.history_message.setWordWrap(True)
        self.history_message.setVisible(False)
        palette = self.history_message.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_color(palette))
        self.history_message.setPalette(palette)
        self.tabs = QTabWidget()
        self._lay_out()
        self._update_item_buttons()

        self.visit_shortcuts = visit_shortcuts(self, self.start_visit)

    def _value_label(self) -> QLabel:
        label = QLabel()
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.name, 1)
        header.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.tags)
        layout.addWidget(self.pinned)
        layout.addWidget(self.followups)
        layout.addWidget(self.visit_panel)
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._overview(), self.tr("&Overview"))
        self.tabs.addTab(self._history(), self.tr("&History"))

    def _overview(self) -> PageScroll:
        contact = (
            (self.tr("Phone"), self.phone),
            (self.tr("Email"), self.email),
            (self.tr("Birthday"), self.birthday),
            (self.tr("Customer since"), self.since),
        )
        boxes = (
            (self.tr("Loyalty"), self.loyalty),
            (self.tr("Vouchers"), self.vouchers),
            (self.tr("Visits"), self.memory),
            (self.tr("Consent and privacy"), self.privacy),
        )
        return overview_page(boxes, self.tr("Contact"), contact)

    def _history(self) -> QWidget:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.void_button)
        buttons.addWidget(self.pin_button)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(6)
        column.addWidget(self.note_editor)
        column.addWidget(self.timeline_view, 1)
        column.addWidget(self.history_message)
        column.addLayout(buttons)
        return page

    @property
    def customer_id(self) -> int | None:
        return self.card.id if self.card else None

    def show_customer(self, customer_id: int) -> bool:
        """Load and show a customer; False (and nothing shown) if it no longer exists."""
        try:
            card = customers.get_card(customer_id)
        except NotFoundError:
            self.clear()
            return False
        shop = settings.load()
        self.money = ShopMoney.from_settings(shop)
        self.rules = LoyaltyRules.from_settings(shop)
        self._show_card(card, shop.phone_region)
        self.visit_panel.set_customer(card.id, self.money)
        self.note_editor.set_customer(card.id)
        self.loyalty.set_customer(card.id, card.full_name)
        self.privacy.set_customer(card.id, card.full_name)
        self.timeline_model.set_customer(card.id, self.money)
        self.refresh_history()
        self.refresh_vouchers()
        self._figures_shown = False
        QTimer.singleShot(0, lambda wanted=card.id: self._figures_later(wanted))
        return True

    def _figures_later(self, wanted: int) -> None:
        if self.customer_id == wanted and not self._figures_shown:
            self.refresh_figures()

    def clear(self) -> None:
        self.card = None
        self.timeline_model.set_customer(None)
        self.note_editor.set_customer(None)
        self.visit_panel.set_customer(None)
        self.loyalty.set_customer(None)
        self.pinned.set_notes([])
        self.followups.set_customer(None)
        self.vouchers.set_vouchers([])

    def _show_card(self, card: CustomerCard, region: str) -> None:
        self.card = card
        not_given = self.tr("—")
        self.name.setText(merged_title(self, card.full_name, card.id))
        self.phone.setText(format_phone(card.phone, region) or not_given)
        self.email.setText(card.email or not_given)
        birthday = format_birthday(card.birthday_month, card.birthday_day, card.birthday_year)
        self.birthday.setText(birthday or not_given)
        self.since.setText(format_date(card.since))
        self.tags.set_tags(card.tags)

    def refresh_figures(self) -> None:
        """Re-read what summarises the whole history: loyalty status and visit statistics."""
        if self.card is None:
            return
        self._figures_shown = True
        self.loyalty.set_status(loyalty.status(self.card.id), self.rules, self.money)
        summary = visit_stats.visit_summary(self.card.id)
        self.memory.set_summary(summary, self.money, customer_segment(self.card.id))
        self.memory.set_imported(imported_history(self.card.id), self.money)

    def refresh_history(self) -> None:
        """Re-read the pinned alerts and follow-ups, restart the timeline from the newest."""
        if self.card is None:
            return
        self.pinned.set_notes(notes.pinned_notes(self.card.id))
        self.followups.set_customer(self.card.id, self.card.full_name, self.money)
        self.timeline_model.reload()  # the view fetches older pages as it scrolls
        self._update_item_buttons()

    def refresh_vouchers(self) -> None:
        """Re-read the customer's valid vouchers (a handful: cheap enough to read on opening)."""
        if self.card is None:
            return
        self.vouchers.set_vouchers(vouchers.customer_vouchers(self.card.id, only_valid=True))

    def redeem_voucher(self, code: str = "") -> None:
        """Open the redeem dialog, for one of this customer's vouchers or for a scanned code."""
        from shopcrm.ui.vouchers.redeem_dialog import redeem_dialog

        dialog = redeem_dialog(self, code)
        dialog.redeemed.connect(self._voucher_redeemed, Qt.ConnectionType.UniqueConnection)

    def _voucher_redeemed(self, customer_id: int) -> None:
        """The voucher (and the visit logged with it) show at once on this customer's card;
        another customer's card is opened by the main window."""
        if customer_id == self.customer_id:
            self.refresh_vouchers()
            self.changed_elsewhere()

    def give_voucher(self) -> None:
        """Issue one voucher to this customer, then offer to print it."""
        from shopcrm.ui.vouchers.single_voucher_dialog import SingleVoucherDialog, offer_to_print

        if self.card is None:
            return
        issued = SingleVoucherDialog.ask(self, self.card, self.money)
        if issued is None:
            return
        self.refresh_vouchers()
        self.voucher_output = offer_to_print(self, issued)  # kept while it prints

    def _visit_logged(self, _visit: object) -> None:
        """The focus leaves the visit line (a second Enter cannot log the visit twice) for the
        search box, ready for the next customer (or the card, shown on its own)."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed_elsewhere()
        self.flow_finished.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Text typed while the card (or a button on it) has the focus goes to the search: a
        voucher scanned now still redeems, and the next name is not lost."""
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        if plain and event.text().isprintable() and event.text().strip():
            self.typed_for_search.emit(event)
            event.accept()
            return
        super().keyPressEvent(event)

    def changed_elsewhere(self) -> None:
        """After a visit, void or redemption: everything on the card follows at once."""
        if self.card is None:
            return
        self.refresh_history()
        self.refresh_figures()
        self.customer_changed.emit(self.card.id)

    def edit(self) -> None:
        """Open the customer form prefilled; on save, show (and announce) the new details."""
        if self.card is None:
            return
        saved = CustomerDialog.ask(self, self.card)
        if saved is not None:
            self._show_card(saved, settings.load().phone_region)
            self.loyalty.customer_name = saved.full_name
            self.customer_changed.emit(saved.id)

    def start_visit(self) -> None:
        """Ctrl+Enter: the cursor goes to the amount; Enter logs the visit."""
        if self.card is not None:
            self.visit_panel.start()

    def start_note(self) -> None:
        self.tabs.setCurrentIndex(1)
        self.note_editor.start()

    def redeem_stamp_card(self) -> None:
        self.loyalty.redeem_stamp_card()

    def selected_row(self) -> int:
        rows = self.timeline_view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def selected_item(self) -> TimelineItem | None:
        return self.timeline_model.item(self.selected_row())

    def select_item(self, row: int) -> None:
        index = self.timeline_model.index(row, 0)
        self.timeline_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def toggle_selected_pin(self) -> None:
        item = self.selected_item()
        if item is not None and item.kind == NOTE:
            self.set_note_pinned(item.id, not item.pinned)

    def set_note_pinned(self, note_id: int, pinned: bool) -> None:
        with contextlib.suppress(NotFoundError):  # deleted meanwhile: refresh shows the truth
            notes.set_pinned(note_id, pinned)
        self.refresh_history()

    def void_selected_visit(self) -> None:
        """Ask why, then void: the visit stays in the history, struck through."""
        item = self.selected_item()
        if item is not None and item.kind == VISIT and not item.voided:
            void_visit_from_card(self, item)

    def _update_item_buttons(self, *_selection: object) -> None:
        item = self.selected_item()
        note = item if item is not None and item.kind == NOTE else None
        self.pin_button.setEnabled(note is not None)
        self.pin_button.setText(self.tr("Unpin") if note and note.pinned else self.tr("Pin"))
        self.void_button.setEnabled(item is not None and item.kind == VISIT and not item.voided)
