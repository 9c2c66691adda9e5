"""Redeeming a voucher at the counter: scan (or type) the code, see the voucher, Enter.

A USB scanner types the code and Enter into whatever has focus, so the code field takes Enter
as "look it up" and, once the voucher on screen is the one in the field, as "redeem it"; a new
scan replaces the selected code and is looked up in turn. The voucher is shown big (value, name,
expiry, message) before anything is written, and every refusal the core gives has its own words
and look, so "already redeemed" is never mistaken for a typo. Redeeming goes through
``core.redemption`` with the person at the till, logging the visit in the same transaction.
"""

from __future__ import annotations

import math
import time
from datetime import date

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core import settings, visits
from shopcrm.core.errors import NotFoundError, ShopError, ValidationError
from shopcrm.core.redemption import (
    ALREADY_REDEEMED,
    MISTYPED,
    NOT_A_CODE,
    THROTTLED,
    UNKNOWN,
    Redemption,
    VoucherRefused,
    find,
    redeem,
    refusal,
)
from shopcrm.core.voucher_codes import grouped, normalise
from shopcrm.core.voucher_views import EXPIRED, REDEEMED, VALID, VOIDED, VoucherView
from shopcrm.ui.form_errors import error_label, show_error
from shopcrm.ui.formatting import format_birthday, format_date_time
from shopcrm.ui.palette_colors import blend, is_dark
from shopcrm.ui.shop_money import ShopMoney
from shopcrm.ui.till import Till

INFO, SUCCESS, WARNING, ERROR = "info", "success", "warning", "error"
_TONES = {
    INFO: (QColor(61, 125, 202), QStyle.StandardPixmap.SP_MessageBoxInformation),
    SUCCESS: (QColor(40, 150, 70), QStyle.StandardPixmap.SP_DialogApplyButton),
    WARNING: (QColor(230, 150, 0), QStyle.StandardPixmap.SP_MessageBoxWarning),
    ERROR: (QColor(205, 40, 40), QStyle.StandardPixmap.SP_MessageBoxCritical),
}
_STATUS_TONES = {VALID: SUCCESS, REDEEMED: ERROR, EXPIRED: WARNING, VOIDED: ERROR}
WAIT = "wait"  # the throttle's own icon: a clock, so "wait" never reads as "wrong"


def day_text(day: date) -> str:
    """A calendar day (an expiry) the shop locale's long way, ``30 April 2026``."""
    return format_birthday(day.month, day.day, day.year)  # the locale's date without weekday


def _drawn_icon(kind: str, colour: QColor, size: int, ratio: float) -> QPixmap:
    """A tick (redeemed) or a clock (wait) in a filled circle, in the style's icon size: the
    style has no icon for either that looks like its message box icons."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    pen = QPen(QColor("white"), max(2.0, size / 10))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    s = size / 32
    if kind == SUCCESS:
        points = (QPointF(9 * s, 17 * s), QPointF(14 * s, 22 * s), QPointF(23 * s, 11 * s))
        painter.drawPolyline(points)
    else:
        centre = QPointF(16 * s, 16 * s)
        painter.drawLine(centre, QPointF(16 * s, 8 * s))
        painter.drawLine(centre, QPointF(22 * s, 19 * s))
    painter.end()
    return pixmap


def _scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    if bold:
        font.setWeight(QFont.Weight.Bold)
    return font


class VoucherBanner(QFrame):
    """One line of news in colour with an icon: a refusal (amber or red), the voucher ready
    (blue) or redeemed (green). ``tone`` and ``reason`` say which, for tests and readers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voucherBanner")
        self._page = QPalette(self.palette())  # blended from, before any tint of ours
        self.tone = ""
        self.reason = ""
        self.icon = QLabel()
        self.title = QLabel()
        self.title.setFont(_scaled_font(self, 1.25, bold=True))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.title)
        words.addWidget(self.text)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(12)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(words, 1)
        self.setVisible(False)

    def show_news(self, tone: str, title: str, text: str = "", reason: str = "") -> None:
        self.tone, self.reason = tone, reason
        colour, standard = _TONES[tone]
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize, None, self)
        if tone == SUCCESS or reason == THROTTLED:
            kind = SUCCESS if tone == SUCCESS else WAIT
            pixmap = _drawn_icon(kind, colour, size, self.devicePixelRatioF())
        else:
            pixmap = self.style().standardIcon(standard, None, self).pixmap(size, size)
        self.icon.setPixmap(pixmap)
        self.title.setText(title)
        self.text.setText(text)
        self.text.setVisible(bool(text))
        base = self._page.color(QPalette.ColorRole.Base)
        background = blend(base, colour, 0.30 if is_dark(self._page) else 0.14)
        self.setStyleSheet(
            f"QFrame#voucherBanner {{ background: {background.name()};"
            f" border: 1px solid {colour.name()}; border-left: 6px solid {colour.name()};"
            " border-radius: 4px; }"
        )
        self.setVisible(True)

    def clear(self) -> None:
        self.tone = self.reason = ""
        self.setVisible(False)


class VoucherPanel(QFrame):
    """The voucher itself, large enough to read across the counter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel()
        self.value.setFont(_scaled_font(self, 2.2, bold=True))
        self.value.setWordWrap(True)
        self.status = QLabel()
        self.status.setFont(_scaled_font(self, 1.1, bold=True))
        self.name = QLabel()
        self.name.setFont(_scaled_font(self, 1.5))
        self.name.setWordWrap(True)
        self.code = QLabel()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(self.font().pointSizeF() * 1.1)
        self.code.setFont(mono)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.expiry = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        italic = self.message.font()
        italic.setItalic(True)
        self.message.setFont(italic)
        top = QHBoxLayout()
        top.addWidget(self.value, 1)
        top.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(4)
        column.addLayout(top)
        column.addWidget(self.name)
        column.addWidget(self.expiry)
        column.addWidget(self.code)
        column.addSpacing(6)
        column.addWidget(self.message)
        self.setVisible(False)

    def show_voucher(self, view: VoucherView) -> None:
        self.value.setText(view.value_text)
        self.name.setText(view.customer_name)
        self.code.setText(view.grouped_code)
        self.expiry.setText(self.tr("Valid until %1").replace("%1", day_text(view.expires_on)))
        self.message.setText(f"“{view.message}”" if view.message else "")
        self.message.setVisible(bool(view.message))
        words = {
            VALID: self.tr("Valid"),
            REDEEMED: self.tr("Redeemed"),
            EXPIRED: self.tr("Expired"),
            VOIDED: self.tr("Voided"),
        }
        self.status.setText(words.get(view.status, view.status))
        colour = _TONES[_STATUS_TONES.get(view.status, INFO)][0]
        self.status.setStyleSheet(f"color: {colour.name()};")
        self.setVisible(True)


class RedeemDialog(QDialog):
    """Look up and redeem vouchers; ``redeemed(customer_id)`` after each redemption."""

    redeemed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Redeem a voucher"))
        self.money = ShopMoney.from_settings(settings.all_values())
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
        self.amount.setPlaceholderText(self.tr("Amount (optional)"))
        self.amount.setToolTip(
            self.tr("What they spent, like %1; leave empty for none").replace(
                "%1", self.money.format(1250)
            )
        )
        self.amount.setMaximumWidth(self.fontMetrics().horizontalAdvance("0" * 16))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.textEdited.connect(lambda _text: show_error(self.amount_error, ""))
        self.amount_error = error_label()
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

    # -- refusals -----------------------------------------------------------------------------

    def _show_refusal(self, exc: VoucherRefused, text: str) -> None:
        self.refused = exc
        if exc.voucher is not None:
            self.voucher, self._shown_code = exc.voucher, exc.voucher.code
            self.panel.show_voucher(exc.voucher)
        else:
            self.voucher, self._shown_code = None, normalise(text)
            self.panel.setVisible(False)
        tone, title, words = self._refusal_words(exc, text)
        self.banner.show_news(tone, title, words, exc.reason)
        if exc.reason == THROTTLED:
            self._wait_until = time.monotonic() + exc.wait_s + 0.2  # the core's clock agrees
            self._countdown.start()
            self._tick()
        self._update_buttons()
        self._ready_for_next_scan()

    def _refusal_words(self, exc: VoucherRefused, text: str) -> tuple[str, str, str]:
        """Tone, title and explanation for each reason the core can give."""
        typed = grouped(normalise(text)) or text.strip()
        view = exc.voucher
        if exc.reason == MISTYPED:
            return (
                WARNING,
                self.tr("Check the characters"),
                self.tr(
                    "%1 is not quite right: one character is wrong, or two are swapped. "
                    "Check the code against the voucher and type it again."
                ).replace("%1", typed),
            )
        if exc.reason == NOT_A_CODE:
            return WARNING, self.tr("Not a voucher code"), _sentence(str(exc))
        if exc.reason == UNKNOWN:
            return (
                ERROR,
                self.tr("Not one of our vouchers"),
                self.tr(
                    "No voucher of this shop has the code %1. Check it against the voucher."
                ).replace("%1", typed),
            )
        if exc.reason == ALREADY_REDEEMED and view is not None:
            return ERROR, self.tr("Already redeemed"), self._redeemed_words(view)
        if exc.reason == EXPIRED and view is not None:
            return (
                WARNING,
                self.tr("Expired"),
                self.tr("It was valid until %1.").replace("%1", day_text(view.expires_on)),
            )
        if exc.reason == VOIDED and view is not None:
            when = format_date_time(view.voided_at) if view.voided_at else ""
            words = self.tr("It was voided on %1.").replace("%1", when)
            if view.void_reason:
                words += "\n" + self.tr("Why: %1").replace("%1", view.void_reason)
            return ERROR, self.tr("Voided"), words
        if exc.reason == THROTTLED:
            return WARNING, self.tr("Too many wrong codes"), ""
        return ERROR, self.tr("Cannot be redeemed"), _sentence(str(exc))

    def _redeemed_words(self, view: VoucherView) -> str:
        """When, by whom, at which visit (and till): enough to settle "but I never used it"."""
        lines = []
        if view.redeemed_at is not None:
            when = self.tr("On %1").replace("%1", format_date_time(view.redeemed_at))
            if view.redeemed_by:
                when += self.tr(", by %1").replace("%1", view.redeemed_by)
            lines.append(when + ".")
        if view.redeemed_visit_id is not None:
            lines.append(self._visit_words(view.redeemed_visit_id))
        if view.redeemed_till:
            lines.append(self.tr("Till: %1").replace("%1", view.redeemed_till))
        return "\n".join(lines)

    def _visit_words(self, visit_id: int) -> str:
        try:
            visit = visits.get_visit(visit_id)
        except NotFoundError:
            return self.tr("With visit #%1 (no longer on file).").replace("%1", str(visit_id))
        spent = self.money.format(visit.amount_minor) or self.tr("no purchase")
        words = self.tr("With the visit of %1 (%2)").replace(
            "%1", format_date_time(visit.visited_at)
        )
        words = words.replace("%2", spent)
        return words + (self.tr(", voided later") if visit.voided else "") + "."

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
                self.tr("Wait %1 s before trying another code.").replace("%1", str(math.ceil(left)))
            )
            self.banner.text.setVisible(True)
        self._update_buttons()

    def _show_failure(self, message: str) -> None:
        self.banner.show_news(ERROR, self.tr("Cannot be redeemed"), _sentence(message))
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
            try:
                amount = self.money.parse(self.amount.text())
            except ValueError as exc:
                return self._refuse_amount(str(exc))
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
            return self._refuse_amount(next(iter(exc.errors.values()), str(exc)))
        except ShopError as exc:
            self._show_failure(str(exc))
            return None
        self._show_redeemed(done, amount)
        self.redeemed.emit(done.voucher.customer_id)
        return done

    def _refuse_amount(self, message: str) -> None:
        show_error(self.amount_error, message)
        self.amount.setFocus(Qt.FocusReason.OtherFocusReason)
        self.amount.selectAll()
        return None

    def _show_redeemed(self, done: Redemption, amount: int | None) -> None:
        self.redemption, self.voucher = done, done.voucher
        self.panel.show_voucher(done.voucher)
        words = self.tr("%1 for %2.").replace("%1", done.voucher.value_text)
        words = words.replace("%2", done.voucher.customer_name)
        if done.visit_id is not None:
            spent = self.money.format(amount) or self.tr("no purchase")
            words += " " + self.tr("Visit logged (%1).").replace("%1", spent)
        self.banner.show_news(SUCCESS, self.tr("Redeemed"), words)
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
        """Enter in the code field: look up a new code, redeem the one shown, or (after a
        redemption, with the same code still there) close: the scanner's Enter never reaches
        the default button directly."""
        if watched is self.code and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                same = normalise(self.code.text()) == self._shown_code
                if self.redemption is not None and same:
                    self.accept()
                elif self.can_redeem():
                    self.redeem()
                else:
                    self.look_up()
                return True
        return super().eventFilter(watched, event)

    def start(self, code: str = "") -> None:
        """Show the dialog for ``code`` (looked up at once), or empty, waiting for a scan."""
        if code:
            self.code.setText(code)
            self.look_up()
        self.show()
        self.raise_()
        self.activateWindow()
        self._ready_for_next_scan()


def _sentence(message: str) -> str:
    """The core writes its messages in lower case without a full stop."""
    message = message.strip()
    if not message:
        return ""
    message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."


def _open_card(widget: QWidget | None, customer_id: int) -> bool:
    """Ask the main window (the first parent with ``open_customer``) to show the customer."""
    while widget is not None:
        opener = getattr(widget, "open_customer", None)
        if callable(opener):
            opener(customer_id)
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
        dialog.redeemed.connect(lambda customer_id: _open_card(parent, customer_id))
    dialog.start(code)
    return dialog


def open_redeem(parent: QWidget, code: str = "") -> None:
    """Open the redeem dialog (for ``code``, looked up at once); after a redemption the main
    window shows that customer's card."""
    redeem_dialog(parent, code)
