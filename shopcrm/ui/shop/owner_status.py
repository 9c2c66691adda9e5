"""What the window shows of the owner PIN: "Owner mode" with a Lock button in the status bar
(Ctrl+L locks), and, while the shop has no PIN, a banner inviting the owner to set one
(dismissable for the session). :func:`install` wires them into the main window in one call."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from shopcrm.ui.shop.till import Till


class OwnerStatus(QWidget):
    """ "Owner mode: NAME" and Lock, shown only in owner mode."""

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.label = QLabel()
        self.lock_button = QPushButton(self.tr("Lock"))
        self.lock_button.setToolTip(self.tr("Leave owner mode (Ctrl+L)"))
        self.lock_button.clicked.connect(till.owner_mode.lock)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.lock_button)
        till.owner_mode.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        name = self.till.owner_mode.owner_name
        self.label.setText(self.tr("Owner mode: %1").replace("%1", name))
        self.setVisible(bool(name))


class PinBanner(QToolBar):
    """ "No owner PIN yet" with Set a PIN… and Dismiss; shown while the shop has no PIN."""

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ownerPinBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.till = till
        self.dismissed = False
        self.text = QLabel(
            self.tr(
                "No owner PIN is set: anyone at this till can change settings, staff, points"
                " and vouchers. Set a PIN to keep those for owners."
            )
        )
        self.text.setWordWrap(True)  # on one line when the window is wide enough:
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(self.text)
        self.set_button = QPushButton(self.tr("Set a PIN…"))
        self.set_button.clicked.connect(self.set_pin)
        self.addWidget(self.set_button)
        self.dismiss_button = QPushButton(self.tr("Not now"))
        self.dismiss_button.clicked.connect(self.dismiss)
        self.addWidget(self.dismiss_button)
        self.hide()

    def refresh(self) -> None:
        """Show or hide (one small query: whether an owner has a PIN)."""
        from shopcrm.core.owner import shop_has_pin  # the PIN code loads after the window shows

        self.setVisible(not self.dismissed and not shop_has_pin())

    def dismiss(self) -> None:
        self.dismissed = True
        self.hide()

    def set_pin(self) -> None:
        from shopcrm.ui.shop.pin_dialog import SetPinDialog

        if SetPinDialog.ask(self.window(), self.till.owner):
            self.refresh()


def install(window: QMainWindow, till: Till) -> None:
    """The status widget, Ctrl+L and the banner (checked after the window shows: no query
    while it is being built)."""
    window.owner_status = OwnerStatus(till)  # type: ignore[attr-defined]
    window.statusBar().addPermanentWidget(window.owner_status)  # type: ignore[attr-defined]
    lock = QShortcut(QKeySequence("Ctrl+L"), window)
    lock.setContext(Qt.ShortcutContext.WindowShortcut)
    lock.activated.connect(till.owner_mode.lock)
    window.lock_shortcut = lock  # type: ignore[attr-defined]
    banner = PinBanner(till, window)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
    window.pin_banner = banner  # type: ignore[attr-defined]
    QTimer.singleShot(0, window, banner.refresh)
    till.changed.connect(lambda _id: banner.refresh())
