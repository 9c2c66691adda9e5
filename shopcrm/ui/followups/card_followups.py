"""The customer's open follow-ups, pinned at the top of the card under the alerts.

Each shows its kind, what it is about, when it is due and who has it; a complaint shows how
many working days it has been open, in red once past the owner's target. "Done…" closes it
(with a recovery voucher for a complaint), "Drop…" lets it go. Ctrl+Shift+F anywhere on the
card captures a new one (see :mod:`.capture_dialog`).
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from shopcrm.core.errors import ShopError
from shopcrm.core.followups import COMPLAINT, FollowupView, drop_followup, open_followups
from shopcrm.ui.followups.words import kind_name, working_days
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.formatting import format_date
from shopcrm.ui.widgets.palette_colors import error_color
from shopcrm.ui.widgets.shop_money import ShopMoney

CAPTURE_KEYS = "Ctrl+Shift+F"


class CardFollowups(QWidget):
    """Open follow-ups of ``customer_id``; ``changed`` after one is opened, closed or dropped."""

    changed = Signal()

    def __init__(self, card: QWidget, till: Till) -> None:
        super().__init__(card)
        self.till = till
        self.customer_id: int | None = None
        self.customer_name = ""
        self.money = ShopMoney()
        self.followups: list[FollowupView] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.capture_shortcut = QShortcut(QKeySequence(CAPTURE_KEYS), card)
        self.capture_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.capture_shortcut.activated.connect(self.capture)
        self.capture_shortcut.setWhatsThis(self.tr("New follow-up for the customer on the card"))
        self.setVisible(False)

    def set_customer(
        self, customer_id: int | None, name: str = "", money: ShopMoney | None = None
    ) -> None:
        self.customer_id, self.customer_name = customer_id, name
        self.money = money or self.money
        self.refresh()

    def refresh(self) -> None:
        self.followups = open_followups(self.customer_id) if self.customer_id else []
        while (item := self._layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for followup in self.followups:
            self._layout.addWidget(self._row(followup))
        self.setVisible(bool(self.followups))

    def texts(self) -> list[str]:
        return [self.line(f) for f in self.followups]

    def line(self, followup: FollowupView) -> str:
        parts = [kind_name(followup.kind)]
        if followup.kind == COMPLAINT:
            parts.append(working_days(followup.age_days))
        parts.append(self.tr("due %1").replace("%1", format_date(followup.due_on)))
        if followup.assignee:
            parts.append(followup.assignee)
        return " · ".join(parts) + f": {followup.about}"

    def _row(self, followup: FollowupView) -> QFrame:
        frame = QFrame()
        frame.setObjectName("followup")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(frame)
        row.setContentsMargins(10, 4, 6, 4)
        text = QLabel(self.line(followup))
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if followup.late:
            palette = text.palette()
            palette.setColor(QPalette.ColorRole.WindowText, error_color(palette))
            text.setPalette(palette)
            text.setToolTip(self.tr("Past its target: resolve it today"))
        done = QPushButton(self.tr("Done…"))
        done.setToolTip(self.tr("Close it with how it was resolved"))
        done.clicked.connect(lambda _=False, f=followup: self.close_followup(f))
        drop = QPushButton(self.tr("Drop…"))
        drop.setFlat(True)
        drop.clicked.connect(lambda _=False, f=followup: self.drop(f))
        row.addWidget(text, 1)
        row.addWidget(done)
        row.addWidget(drop)
        return frame

    def capture(self) -> FollowupView | None:
        """Ctrl+Shift+F: the text, Enter (see :mod:`.capture_dialog`)."""
        from shopcrm.ui.followups.capture_dialog import CaptureDialog

        if self.customer_id is None:
            return None
        made = CaptureDialog.ask(self.window(), self.customer_id, self.customer_name, self.till)
        if made is not None:
            self.refresh()
            self.changed.emit()
        return made

    def close_followup(self, followup: FollowupView) -> FollowupView | None:
        from shopcrm.ui.followups.close_dialog import CloseDialog

        closed = CloseDialog.ask(self.window(), followup, self.money, self.till)
        if closed is not None:
            self.refresh()
            self.changed.emit()
        return closed

    def drop(self, followup: FollowupView) -> None:
        from shopcrm.ui.followups.close_dialog import DropDialog

        reason = DropDialog.ask(self.window(), self.line(followup))
        if reason is None:
            return
        with contextlib.suppress(ShopError):  # closed at another till: the refresh tells
            drop_followup(followup.id, reason, staff_id=self.till.staff_id)
        self.refresh()
        self.changed.emit()
