"""Loyalty on the card: the stamp card, points, tier progress, rewards, and redeeming them.

What the customer can have right now is the first thing shown (a full stamp card turns into a
"Redeem <reward>" button; the points menu offers only what the points buy). Every change goes
through ``core.loyalty`` with the person at the till, and "Why this balance?" opens the ledger
so any number on the card can be explained.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QToolButton,
    QWidget,
)

from shopcrm.core import loyalty
from shopcrm.core.errors import ShopError, ValidationError
from shopcrm.core.loyalty import LedgerLine, LoyaltyRules, LoyaltyStatus
from shopcrm.ui.loyalty.ledger_dialog import LedgerDialog
from shopcrm.ui.loyalty.points_dialog import PointsDialog
from shopcrm.ui.loyalty.stamp_row import StampRow
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.formatting import format_date, shop_formats
from shopcrm.ui.widgets.palette_colors import error_color
from shopcrm.ui.widgets.plural import plural_tr
from shopcrm.ui.widgets.shop_money import ShopMoney
from shopcrm.ui.widgets.timeline_model import earned_text, loyalty_title


class LoyaltyPanel(QWidget):
    """Shows a ``LoyaltyStatus``; ``changed`` after anything here wrote to the ledger."""

    changed = Signal()

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.customer_id: int | None = None
        self.customer_name = ""
        self.status: LoyaltyStatus | None = None
        self.ledger_dialog: LedgerDialog | None = None

        self.stamps = StampRow()
        self.stamp_count = QLabel()
        self.redeem_card_button = QPushButton()
        self.redeem_card_button.clicked.connect(self.redeem_stamp_card)
        self.points = QLabel()
        self.expiry = QLabel()
        self.expiry.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.points_menu = QMenu(self)
        self.points_button = QToolButton()
        self.points_button.setText(self.tr("Redeem points"))
        self.points_button.setMenu(self.points_menu)
        self.points_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.tier = QLabel()
        font = self.tier.font()
        font.setBold(True)
        self.tier.setFont(font)
        self.tier_progress = QProgressBar()
        self.tier_progress.setTextVisible(False)
        self.tier_progress.setMaximumHeight(8)
        self.tier_progress.setMaximumWidth(self.fontMetrics().horizontalAdvance("0" * 30))
        self.to_next = QLabel()
        self.rewards = QLabel()
        self.rewards.setWordWrap(True)
        self.why_button = QPushButton(self.tr("Why this balance?"))
        self.why_button.setToolTip(self.tr("Every stamp and point, where it came from and went"))
        self.why_button.clicked.connect(self.show_ledger)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self._lay_out()

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        self._captions = {}
        for row, key, text in (
            (0, "stamps", self.tr("Stamps")),
            (2, "points", self.tr("Points")),
            (4, "tier", self.tr("Tier")),
            (6, "rewards", self.tr("Can have now")),
        ):
            caption = QLabel(text)
            caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self._captions[key] = caption
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        grid.addLayout(self._row(self.stamps, self.stamp_count), 0, 1)
        grid.addWidget(self.redeem_card_button, 1, 1, Qt.AlignmentFlag.AlignLeft)
        grid.addLayout(self._row(self.points, self.points_button), 2, 1)
        grid.addWidget(self.expiry, 3, 1)
        grid.addLayout(self._row(self.tier, self.to_next), 4, 1)
        grid.addWidget(self.tier_progress, 5, 1)
        grid.addWidget(self.rewards, 6, 1)
        grid.addWidget(self.message, 7, 0, 1, 2)
        grid.addWidget(self.why_button, 8, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(1, 1)

    @staticmethod
    def _row(*widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def set_customer(self, customer_id: int | None, name: str = "") -> None:
        self.customer_id = customer_id
        self.customer_name = name
        self.show_message("")
        self._close_ledger()

    def _close_ledger(self) -> None:
        if self.ledger_dialog is not None:
            self.ledger_dialog.close()
            self.ledger_dialog.deleteLater()
            self.ledger_dialog = None

    def set_status(self, status: LoyaltyStatus, rules: LoyaltyRules, money: ShopMoney) -> None:
        """Show the balances; what is redeemable decides which buttons appear."""
        self.status = status
        has_card = status.stamps_per_card > 0
        self._set_visible(has_card, self.stamps, self.stamp_count, self._captions["stamps"])
        self.stamps.set_stamps(status.stamps, status.stamps_per_card)
        self.stamp_count.setText(self._stamp_text(status))
        full = has_card and status.full_cards > 0
        self.redeem_card_button.setVisible(full)
        self.redeem_card_button.setText(self.tr("Redeem %1").replace("%1", status.stamp_reward))

        has_points = rules.points_per_unit > 0 or status.points > 0
        self._set_visible(has_points, self.points, self.points_button, self._captions["points"])
        self.points.setText(plural_tr("LoyaltyPanel", "%n pt(s)", status.points))
        if status.next_expiry:
            at, amount = status.next_expiry
            self.expiry.setText(
                self.tr("%1 expire on %2")
                .replace("%1", shop_formats().number(amount))
                .replace("%2", format_date(at))
            )
        else:
            self.expiry.setText("")
        self.expiry.setVisible(has_points and bool(status.next_expiry))
        self._fill_points_menu(status)
        self._show_tier(status, rules, money)
        self.rewards.setText(", ".join(status.rewards_available) or self.tr("nothing yet"))

    def _stamp_text(self, status: LoyaltyStatus) -> str:
        """ "6 of 10" while collecting; "Full card + 4" once there is a reward to give."""
        per_card = status.stamps_per_card
        cards, extra = status.full_cards, status.stamps % per_card if per_card else 0
        if cards == 0:
            return (
                self.tr("%1 of %2")
                .replace("%1", shop_formats().number(status.stamps))
                .replace("%2", shop_formats().number(per_card))
            )
        text = (
            self.tr("Full card")
            if cards == 1
            else plural_tr("LoyaltyPanel", "%n full card(s)", cards)
        )
        return f"{text} + {shop_formats().number(extra)}" if extra else text

    def _show_tier(self, status: LoyaltyStatus, rules: LoyaltyRules, money: ShopMoney) -> None:
        tier = status.tier
        has_tiers = bool(rules.tiers)
        for widget in (self.tier, self.tier_progress, self.to_next, self._captions["tier"]):
            widget.setVisible(has_tiers)
        self.tier.setText(tier.name or self.tr("No tier yet"))
        self.tier_progress.setVisible(has_tiers and tier.next_at is not None)
        if tier.next_at is None or tier.next_name is None:
            self.to_next.setText(self.tr("top tier") if tier.name else "")
            return
        self.tier_progress.setRange(0, max(1, tier.next_at))
        self.tier_progress.setValue(min(tier.measure, tier.next_at))
        to_next = tier.to_next or 0
        if rules.tier_basis == "spend":
            gap = money.format(to_next * rules.minor_per_unit)
            text = self.tr("%1 more to %2").replace("%1", gap)
        else:
            text = plural_tr("LoyaltyPanel", "%n visit(s) to %2", to_next)
        self.to_next.setText(text.replace("%2", tier.next_name))
        self.tier_progress.setToolTip(self.to_next.text())

    def _fill_points_menu(self, status: LoyaltyStatus) -> None:
        self.points_menu.clear()
        for name, cost in status.point_rewards:
            action = self.points_menu.addAction(
                self.tr("%1 (%2 pts)")
                .replace("%1", name)
                .replace("%2", shop_formats().number(cost))
            )
            action.setEnabled(cost <= status.points)
            action.triggered.connect(lambda _=False, reward=name: self.redeem_reward(reward))
        self.points_menu.addSeparator()
        some = self.points_menu.addAction(self.tr("Redeem some points…"))
        some.setEnabled(status.points > 0)
        some.triggered.connect(self.redeem_some_points)
        adjust = self.points_menu.addAction(self.tr("Adjust points…"))
        adjust.triggered.connect(self.adjust_points)

    def show_message(self, text: str, error: bool = False) -> None:
        palette = self.message.palette()
        color = error_color(palette) if error else self.palette().color(QPalette.ColorRole.Text)
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self.message.setPalette(palette)
        self.message.setText(text[:1].upper() + text[1:])
        self.message.setVisible(bool(text))

    @staticmethod
    def _set_visible(visible: bool, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.setVisible(visible)

    def _write(self, action: Callable[[int], LedgerLine]) -> LedgerLine | None:
        """Run one ledger use case for the customer shown (none: nothing to do); on refusal say
        why here, on success announce the change."""
        customer_id = self.customer_id
        if customer_id is None:
            return None
        try:
            line = action(customer_id)
        except ValidationError as exc:
            self.show_message(next(iter(exc.errors.values()), str(exc)), error=True)
            return None
        except ShopError as exc:
            self.show_message(str(exc), error=True)
            return None
        done = loyalty_title(line.kind) + (f": {line.reason}" if line.reason else "")
        self.show_message(done + "  " + earned_text(line.stamps, line.points))
        self.changed.emit()
        return line

    def redeem_stamp_card(self) -> LedgerLine | None:
        return self._write(lambda cid: loyalty.redeem_stamp_card(cid, staff_id=self.till.staff_id))

    def redeem_reward(self, reward: str) -> LedgerLine | None:
        return self._write(
            lambda cid: loyalty.redeem_points(cid, reward=reward, staff_id=self.till.staff_id)
        )

    def redeem_some_points(self) -> LedgerLine | None:
        """Partial redemption: the cashier says how many points go towards the purchase."""
        available = self.status.points if self.status else 0
        points = PointsDialog.ask_redeem(self, available)
        if points is None:
            return None
        return self._write(
            lambda cid: loyalty.redeem_points(cid, points=points, staff_id=self.till.staff_id)
        )

    def adjust_points(self) -> LedgerLine | None:
        """Add or take away points by hand: owner only (the PIN is asked first, if any)."""
        if not self.till.requires_owner(self.tr("adjust points")):
            return None
        available = self.status.points if self.status else 0
        answer = PointsDialog.ask_adjust(self, available)
        if answer is None:
            return None
        points, reason = answer
        return self._write(
            lambda cid: loyalty.adjust_points(
                cid, points, reason, staff_id=self.till.staff_id, owner=self.till.owner
            )
        )

    def show_ledger(self) -> LedgerDialog | None:
        """Open (or bring forward) the "why this balance" list for this customer."""
        if self.customer_id is None:
            return None
        self._close_ledger()
        self.ledger_dialog = LedgerDialog(
            loyalty.ledger(self.customer_id), self.customer_name, self.window()
        )
        self.ledger_dialog.show()
        return self.ledger_dialog
