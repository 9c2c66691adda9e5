"""Logging a visit from the card: Ctrl+Enter, type the amount (or nothing), Enter.

Everything else a visit can carry (a note, satisfaction 1-5, feedback) is optional and kept
out of the way: the note beside the amount, the rest behind "More". A score is one keystroke
from the visit line: Alt+1 to Alt+5 sets it, opens "More" and puts the cursor in the
feedback; Enter logs the visit. A score at or below the shop's threshold opens a complaint
follow-up by itself (in the visit's transaction), and the confirmation says so. The amount is
read the way people type it (``12,50`` or ``12.50``) in the shop's currency; a refusal is
shown right under the field and nothing is saved.

Each visit typed here carries a key of the form's own (:attr:`VisitPanel.visit_key`), new
once a visit is logged or another customer shown, the same while the cashier retries: when
the connection to the shop's server broke as the visit was committed, pressing Log again
finds the visit saved by the first try instead of logging it twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from shopcrm.core import visits
from shopcrm.core.errors import ShopError, ValidationError
from shopcrm.core.visits import VisitView
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.buddy_label import buddy_label
from shopcrm.ui.widgets.palette_colors import error_color
from shopcrm.ui.widgets.shop_money import ShopMoney
from shopcrm.ui.widgets.timeline_model import earned_text


def visit_shortcuts(card: QWidget, start: Callable[[], None]) -> list[QShortcut]:
    """Ctrl+Enter (and the keypad's) anywhere on ``card``: start logging a visit."""
    shortcuts = []
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        shortcut = QShortcut(QKeySequence(keys), card)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(start)
        shortcut.setWhatsThis(card.tr("Log a visit for the customer on the card"))
        shortcuts.append(shortcut)
    return shortcuts


class VisitPanel(QWidget):
    """Logs visits for ``customer_id`` through ``core.visits``; emits ``visit_logged``."""

    visit_logged = Signal(object)  # VisitView

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.customer_id: int | None = None
        self.money = ShopMoney()
        self.visit_key = str(uuid.uuid4())

        self.amount = QLineEdit()
        self.amount.setMaximumWidth(self.fontMetrics().horizontalAdvance("0" * 14))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note (optional)"))
        self.log_button = QPushButton(self.tr("Log visit"))
        self.log_button.setToolTip(self.tr("Log a visit now (Ctrl+Enter, then Enter)"))
        self.more_button = QToolButton()
        self.more_button.setText(self.tr("More"))
        self.more_button.setCheckable(True)
        self.more_button.setArrowType(Qt.ArrowType.RightArrow)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_button.setToolTip(self.tr("Satisfaction and feedback"))
        self.satisfaction = QComboBox()
        self.satisfaction.addItem(self.tr("—"), None)
        for stars in range(1, 6):
            self.satisfaction.addItem("★" * stars + "☆" * (5 - stars), stars)
        self.feedback = QLineEdit()
        self.feedback.setPlaceholderText(self.tr("What did they say?"))
        self.more = QWidget()
        self.more.setVisible(False)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        palette = self.error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_color(palette))
        self.error.setPalette(palette)
        self.confirmation = QLabel()
        self.confirmation.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.confirmation.setWordWrap(True)
        self._lay_out()

        for line in (self.amount, self.note, self.feedback):
            line.returnPressed.connect(self.submit)
        self.amount.textEdited.connect(lambda _text: self._show_error(""))
        self.log_button.clicked.connect(self.submit)
        self.more_button.toggled.connect(self._show_more)
        self.score_shortcuts = []
        for stars in range(1, 6):
            shortcut = QShortcut(QKeySequence(f"Alt+{stars}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda stars=stars: self.set_score(stars))
            shortcut.setWhatsThis(self.tr("In the visit line: satisfaction 1 to 5"))
            self.score_shortcuts.append(shortcut)

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.amount)
        row.addWidget(self.note, 1)
        row.addWidget(self.log_button)
        row.addWidget(self.more_button)
        more = QHBoxLayout(self.more)
        more.setContentsMargins(0, 0, 0, 0)
        more.addWidget(buddy_label(self.tr("Satisfaction"), self.satisfaction))
        more.addWidget(self.satisfaction)
        more.addWidget(self.feedback, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addLayout(row)
        column.addWidget(self.more)
        column.addWidget(self.error)
        column.addWidget(self.confirmation)

    def set_customer(self, customer_id: int | None, money: ShopMoney | None = None) -> None:
        self.customer_id = customer_id
        if money is not None:
            self.money = money
        example = self.money.format(1250)
        self.amount.setPlaceholderText(self.tr("Amount"))
        self.amount.setToolTip(
            self.tr("Like %1; leave empty for a visit with no purchase").replace("%1", example)
        )
        self._reset()
        self.confirmation.clear()
        self.confirmation.setVisible(False)

    def _reset(self) -> None:
        self.visit_key = str(uuid.uuid4())
        for line in (self.amount, self.note, self.feedback):
            line.clear()
        self.satisfaction.setCurrentIndex(0)
        self.more_button.setChecked(False)
        self._show_error("")

    def _show_more(self, shown: bool) -> None:
        self.more.setVisible(shown)
        arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        self.more_button.setArrowType(arrow)

    def set_score(self, stars: int) -> None:
        """Alt+1…5 in the visit line: the score set, the feedback field next."""
        self.satisfaction.setCurrentIndex(self.satisfaction.findData(stars))
        self.more_button.setChecked(True)
        self.feedback.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def start(self) -> None:
        """Put the cursor in the amount field, ready for "12.50, Enter"."""
        self.amount.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.amount.selectAll()

    def submit(self) -> VisitView | None:
        """Log the visit as typed; on refusal say why under the field and save nothing."""
        if self.customer_id is None:
            return None
        try:
            amount = self.money.parse(self.amount.text())
        except ValueError as exc:
            self._refuse(str(exc))
            return None
        try:
            visit = visits.log_visit(
                self.customer_id,
                amount_minor=amount,
                note=self.note.text(),
                staff_id=self.till.staff_id,
                satisfaction=self.satisfaction.currentData(),
                feedback=self.feedback.text(),
                client_key=self.visit_key,
            )
        except ValidationError as exc:
            self._refuse(next(iter(exc.errors.values()), str(exc)))
            return None
        except ShopError as exc:
            self._refuse(str(exc))
            return None
        self._reset()
        self.confirmation.setText(self._confirmation(visit))
        self.confirmation.setVisible(True)
        self.visit_logged.emit(visit)
        return visit

    def _refuse(self, message: str) -> None:
        self._show_error(message)
        self.amount.setFocus(Qt.FocusReason.OtherFocusReason)
        self.amount.selectAll()
        return None

    def _confirmation(self, visit: VisitView) -> str:
        amount = self.money.format(visit.amount_minor) or self.tr("no purchase")
        earned = earned_text(visit.stamps_earned, visit.points_earned)
        text = self.tr("Visit logged: %1").replace("%1", amount)
        if visit.complaint_id is not None:
            text += "  " + self.tr("The low score opened a complaint follow-up.")
        return f"{text}  {earned}" if earned else text

    def _show_error(self, message: str) -> None:
        self.error.setText(message[:1].upper() + message[1:])
        self.error.setVisible(bool(message))
