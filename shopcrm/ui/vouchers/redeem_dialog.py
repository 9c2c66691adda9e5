"""Redeeming a voucher at the counter: scan (or type) the code, see the voucher, Enter.

A USB scanner types the code and Enter into whatever has focus, so the code field takes Enter
as "look it up"; a new scan replaces the selected code and is looked up in turn. The voucher is
shown big (value, name, expiry, message) before anything is written, and every refusal the core
gives has its own words and look (:mod:`~shopcrm.ui.vouchers.refusal_words`).

A voucher redeemed with a visit asks for the amount (the cursor goes there); Enter in an empty
amount logs no visit of nothing that earns a stamp, unless the shop's settings allow it. A code
scanned into the amount is looked up. Redeeming (``core.redemption``, the visit in the same
transaction) closes the dialog; the window says what was done, and the search has the keys.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core import settings
from shopcrm.core.errors import ShopError, ValidationError
from shopcrm.core.vouchers import (
    THROTTLED,
    Redemption,
    VoucherRefused,
    VoucherView,
    classify,
    find,
    normalise,
    redeem,
    refusal,
)
from shopcrm.ui.shop.till import Till
from shopcrm.ui.vouchers.display import (
    ERROR,
    INFO,
    SUCCESS,
    VoucherBanner,
    VoucherPanel,
)
from shopcrm.ui.vouchers.refusal_words import refusal_words, sentence
from shopcrm.ui.widgets.form_errors import error_label, show_error
from shopcrm.ui.widgets.formatting import shop_formats
from shopcrm.ui.widgets.shop_money import ShopMoney


class RedeemDialog(QDialog):
    """Look up and redeem vouchers; ``redeemed(customer_id)`` after each redemption."""

    redeemed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Redeem a voucher"))
        shop = settings.load()
        self.money = ShopMoney.from_settings(shop)
        self.amount_optional = shop.voucher_visit_without_amount
        self.done_text = ""  # what the last redemption did, in words
        self.voucher: VoucherView | None = None  # the voucher on screen
        self.refused: VoucherRefused | None = None  # why it (or the code) was refused
        self.redemption: Redemption | None = None  # what this dialog redeemed last
        self._shown_code = ""  # the normalised code of the voucher on screen
        self._wait_until = 0.0  # time.monotonic() when a slowed-down till may try again

        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("Scan or type the voucher code"))
        self.code.setMaxLength(40)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(self.font().pointSizeF() * 1.5)
        self.code.setFont(mono)
        self.code.installEventFilter(self)
        self.code.textEdited.connect(self._code_edited)
        self.look_up_button = QPushButton(self.tr("&Look up"))
        self.look_up_button.setAutoDefault(False)
        self.look_up_button.clicked.connect(self.look_up)
        self.banner = VoucherBanner()
        self.panel = VoucherPanel()
        self.log_visit = QCheckBox(self.tr("Log a &visit with it"))
        self.log_visit.setChecked(True)
        self.log_visit.toggled.connect(self._log_visit_toggled)
        self.amount = QLineEdit()
        example = self.money.format(1250)
        if self.amount_optional:
            self.amount.setPlaceholderText(self.tr("Amount (optional)"))
            tip = self.tr("What they spent, like %1; leave empty for none")
        else:
            self.amount.setPlaceholderText(self.tr("Amount"))
            tip = self.tr("What they spent, like %1 (0 when they bought nothing)")
        self.amount.setToolTip(tip.replace("%1", example))
        self.amount.installEventFilter(self)
        self.amount.setMaximumWidth(self.fontMetrics().horizontalAdvance("0" * 16))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount_error = error_label()
        self.amount.textEdited.connect(lambda _text: show_error(self.amount_error, ""))
        self.redeem_button = QPushButton(self.tr("&Redeem"))
        self.redeem_button.setDefault(True)
        self.redeem_button.clicked.connect(self.redeem)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self._countdown = QTimer(self)
        self._countdown.setInterval(250)
        self._countdown.timeout.connect(self._tick)
        self._lay_out()
        self.setTabOrder(self.code, self.amount)
        self.setTabOrder(self.amount, self.log_visit)
        self.setTabOrder(self.log_visit, self.redeem_button)
        self._update_buttons()

    def _lay_out(self) -> None:
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.look_up_button)
        visit_row = QHBoxLayout()
        visit_row.addWidget(self.log_visit)
        visit_row.addWidget(self.amount)
        visit_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.redeem_button)
        column = QVBoxLayout(self)
        column.setSpacing(10)
        column.addLayout(code_row)
        column.addWidget(self.banner)
        column.addWidget(self.panel)
        column.addStretch(1)
        column.addLayout(visit_row)
        column.addWidget(self.amount_error)
        column.addLayout(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0" * 64))

    # -- looking up ---------------------------------------------------------------------------

    def look_up(self) -> VoucherView | None:
        """Find the voucher the field names and show it, or why it cannot be redeemed."""
        if self.waiting_s() > 0:
            return None
        text = self.code.text()
        if not normalise(text):  # nothing to look up: not a wrong code either
            self._ready_for_next_scan()
            return None
        self.redemption = None
        try:
            view = find(text)
        except VoucherRefused as exc:
            self._show_refusal(exc, text)
            return None
        except ShopError as exc:
            self._show_failure(str(exc))
            return None
        refused = refusal(view)
        self.voucher, self.refused = view, refused
        self._shown_code = view.code
        self.panel.show_voucher(view)
        if refused is not None:
            self._show_refusal(refused, text)
        else:
            self.banner.show_news(
                INFO,
                self.tr("Valid: ready to redeem"),
                self.tr("Check it is their voucher, then press Enter or Redeem."),
            )
        self._update_buttons()
        if refused is None and self.log_visit.isChecked():
            self._ask_amount()
        else:
            self._ready_for_next_scan()
        return view

    def waiting_s(self) -> float:
        """Seconds before this slowed-down till may look up another code (0: it may now)."""
        return max(0.0, self._wait_until - time.monotonic())

    def _code_edited(self, text: str) -> None:
        """A different code is being typed: what was shown no longer belongs to the field."""
        if normalise(text) != self._shown_code and self.voucher is not None:
            self.voucher = self.refused = self.redemption = None
            self._shown_code = ""
            self.panel.setVisible(False)
            if self.banner.reason != THROTTLED:
                self.banner.clear()
        self._update_buttons()

    def _ready_for_next_scan(self) -> None:
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)
        self.code.selectAll()

    def _ask_amount(self) -> None:
        self.amount.setFocus(Qt.FocusReason.OtherFocusReason)
        self.amount.selectAll()

    # -- refusals -----------------------------------------------------------------------------

    def _show_refusal(self, exc: VoucherRefused, text: str) -> None:
        self.refused = exc
        if exc.voucher is not None:
            self.voucher, self._shown_code = exc.voucher, exc.voucher.code
            self.panel.show_voucher(exc.voucher)
        else:
            self.voucher, self._shown_code = None, normalise(text)
            self.panel.setVisible(False)
        tone, title, words = refusal_words(exc, text, self.money)
        self.banner.show_news(tone, title, words, exc.reason)
        if exc.reason == THROTTLED:
            self._wait_until = time.monotonic() + exc.wait_s + 0.2  # the core's clock agrees
            self._countdown.start()
            self._tick()
        self._update_buttons()
        self._ready_for_next_scan()

    def _tick(self) -> None:
        """The throttle countdown: Look up comes back when the till may try again."""
        left = self.waiting_s()
        if left <= 0:
            self._countdown.stop()
            if self.banner.reason == THROTTLED:
                self.banner.show_news(
                    INFO, self.tr("You can try again now"), self.tr("Check the code first.")
                )
        else:
            self.banner.text.setText(
                self.tr("Wait %1 s before trying another code.").replace(
                    "%1", shop_formats().number(math.ceil(left))
                )
            )
            self.banner.text.setVisible(True)
        self._update_buttons()

    def _show_failure(self, message: str) -> None:
        self.banner.show_news(ERROR, self.tr("Cannot be redeemed"), sentence(message))
        self._update_buttons()

    # -- redeeming ----------------------------------------------------------------------------

    def can_redeem(self) -> bool:
        return (
            self.voucher is not None
            and self.refused is None
            and self.redemption is None
            and self.waiting_s() <= 0
            and normalise(self.code.text()) == self._shown_code
        )

    def redeem(self) -> Redemption | None:
        """Redeem the voucher on screen (a code typed since is looked up first instead)."""
        if not self.can_redeem():
            if self.redemption is None and normalise(self.code.text()) != self._shown_code:
                self.look_up()
            return None
        amount = None
        if self.log_visit.isChecked():
            if not self.amount.text().strip() and not self.amount_optional:
                self._refuse_amount(
                    self.tr("Type what they spent (0 if nothing), or untick “Log a visit”.")
                )
                return None
            try:
                amount = self.money.parse(self.amount.text())
            except ValueError as exc:
                self._refuse_amount(str(exc))
                return None
        staff = Till.of(self)
        try:
            done = redeem(
                self.code.text(),
                staff_id=staff.staff_id if staff else None,
                log_visit=self.log_visit.isChecked(),
                amount_minor=amount,
            )
        except VoucherRefused as exc:
            self._show_refusal(exc, self.code.text())
            return None
        except ValidationError as exc:
            self._refuse_amount(next(iter(exc.errors.values()), str(exc)))
            return None
        except ShopError as exc:
            self._show_failure(str(exc))
            return None
        self._show_redeemed(done, amount)
        self.redeemed.emit(done.voucher.customer_id)
        self.accept()  # the window says what was done; the counter is ready for the next one
        return done

    def _refuse_amount(self, message: str) -> None:
        show_error(self.amount_error, message)
        self.amount.setFocus(Qt.FocusReason.OtherFocusReason)
        self.amount.selectAll()

    def _show_redeemed(self, done: Redemption, amount: int | None) -> None:
        self.redemption, self.voucher = done, done.voucher
        self.panel.show_voucher(done.voucher)
        words = self.tr("%1 for %2.").replace("%1", done.voucher.value_text)
        words = words.replace("%2", done.voucher.customer_name)
        if done.visit_id is not None:
            spent = self.money.format(amount) or self.tr("no purchase")
            words += " " + self.tr("Visit logged (%1).").replace("%1", spent)
        self.banner.show_news(SUCCESS, self.tr("Redeemed"), words)
        self.done_text = self.tr("Redeemed: %1").replace("%1", words)
        self.amount.clear()
        show_error(self.amount_error, "")
        self._update_buttons()
        self._ready_for_next_scan()

    def _log_visit_toggled(self, checked: bool) -> None:
        self.amount.setEnabled(checked)
        if not checked:
            show_error(self.amount_error, "")

    def _update_buttons(self) -> None:
        waiting = self.waiting_s() > 0
        self.look_up_button.setEnabled(not waiting)
        self.redeem_button.setEnabled(self.can_redeem())
        self.amount.setEnabled(self.log_visit.isChecked())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the code field: look up a new code, redeem the one shown (which asks for
        the amount first when it is missing), or close after a refusal of the same code. Enter
        in the amount field redeems, or looks up a code scanned into it. The scanner's Enter
        never reaches the default button."""
        if event.type() != QEvent.Type.KeyPress or watched not in (self.code, self.amount):
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return super().eventFilter(watched, event)
        typed, refused = self.amount.text(), self.refused
        if watched is self.amount and classify(typed) and any(c.isalpha() for c in typed):
            self.amount.clear()  # a voucher scanned while the cursor was in the amount
            self.code.setText(typed)
            self.look_up()
        elif (
            watched is self.code
            and refused is not None
            and refused.reason != THROTTLED
            and (normalise(self.code.text()) == self._shown_code)
        ):
            self.reject()  # read and understood: the same code again would say the same
        elif self.can_redeem():
            self.redeem()
        else:
            self.look_up()
        return True

    def start(self, code: str = "") -> None:
        """Show the dialog for ``code`` (looked up at once), or empty, waiting for a scan."""
        if code:
            self.code.setText(code)
        self.show()
        self.raise_()
        self.activateWindow()
        view = self.look_up() if code else None
        if view is None or self.refused is not None or not self.log_visit.isChecked():
            self._ready_for_next_scan()  # else the cursor waits in the amount


def _open_card(widget: QWidget | None, customer_id: int, words: str = "") -> bool:
    """Ask the main window (the first parent with ``open_customer``) to show the customer,
    and say in its status bar what was redeemed (the dialog has closed)."""
    while widget is not None:
        opener = getattr(widget, "open_customer", None)
        if callable(opener):
            opener(customer_id)
            if words and isinstance(widget, QMainWindow):
                widget.statusBar().showMessage(words, 15_000)
            return True
        widget = widget.parentWidget()
    return False


def redeem_dialog(parent: QWidget, code: str = "") -> RedeemDialog:
    """The window's redeem dialog, shown (one per window: a second scan reuses it)."""
    window = parent.window()
    dialog = next((d for d in window.findChildren(RedeemDialog) if d.isVisible()), None)
    if dialog is None:
        dialog = RedeemDialog(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.redeemed.connect(lambda cid, d=dialog: _open_card(parent, cid, d.done_text))
    dialog.start(code)
    return dialog


def open_redeem(parent: QWidget, code: str = "") -> None:
    """Open the redeem dialog (for ``code``, looked up at once); after a redemption the main
    window shows that customer's card."""
    redeem_dialog(parent, code)
