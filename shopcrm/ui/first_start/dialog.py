"""The first-run page: set up the shop, explore a demo, or connect to the shop's server.

One dialog with a page per step (a stack rather than a QWizard: the three ways do not share
their steps). Everything is reached from the keyboard: each choice has its letter (Alt+S,
Alt+E, Alt+C), Enter sets the shop up from the form, and Esc goes back a page (on the first
page it closes the app, leaving no shop file behind). The database work goes through
:class:`~shopcrm.ui.opening.ShopOpener`, which keeps the right file locked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from shopcrm.config import database_refusal
from shopcrm.core.errors import ShopError, ValidationError
from shopcrm.ui.first_start.demo_page import DemoPage
from shopcrm.ui.first_start.setup_form import SetupForm
from shopcrm.ui.ops import run_op
from shopcrm.ui.widgets.buddy_label import buddy_label
from shopcrm.ui.widgets.form_errors import caption_label, error_label, show_error

if TYPE_CHECKING:  # the app's wiring hands it over
    from shopcrm.ui.opening import ShopOpener

CHOICE, SETUP, SERVER, DEMO = range(4)


class FirstStartDialog(QDialog):
    """Accepted once a shop is open in ``opener`` (the real one, or the demo: ``demo``)."""

    def __init__(self, opener: ShopOpener, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert opener.shop is not None
        self.opener = opener
        self.demo = False
        self._closing = False  # closed while the demo was being made: close once it stops
        self.setWindowTitle(self.tr("Welcome to shopcrm"))
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choice_page())
        self.pages.addWidget(self._setup_page())
        self.pages.addWidget(self._server_page())
        self.demo_page = DemoPage()
        self.demo_page.done.connect(self._demo_made)
        self.demo_page.stopped.connect(self._demo_stopped)
        self.pages.addWidget(self.demo_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addSpacing(6)
        layout.addWidget(self.pages, 1)
        self.resize(640, 440)
        self.show_page(CHOICE)

    # -- the pages --

    def _choice_page(self) -> QWidget:
        assert self.opener.shop is not None
        page = QWidget()
        self.set_up_button = QCommandLinkButton(
            self.tr("&Set up my shop"),
            self.tr(
                "Your shop's name, currency, language and owner: about a minute. Then"
                " your customers are added at the counter as they come in."
            ),
        )
        self.demo_button = QCommandLinkButton(
            self.tr("&Explore a demo shop"),
            self.tr(
                "Thousands of made-up customers with visits and vouchers to try everything"
                " on, kept in a file of their own. Your shop stays untouched."
            ),
        )
        self.server_button = QCommandLinkButton(
            self.tr("&Connect to the shop's server (PostgreSQL)"),
            self.tr("Another till already keeps the shop on a server in the shop."),
        )
        self.set_up_button.clicked.connect(lambda: self.show_page(SETUP))
        self.demo_button.clicked.connect(self.explore_demo)
        self.server_button.clicked.connect(lambda: self.show_page(SERVER))
        where = caption_label(
            self.tr("Your shop will be kept in %1, on this computer.").replace(
                "%1", self.opener.shop.describe()
            )
        )
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.set_up_button, self.demo_button, self.server_button):
            # The style draws no focus frame on these: a keyboard user must see where
            # Enter goes.
            button.setStyleSheet(
                "QCommandLinkButton { border: 1px solid transparent; border-radius: 4px; }"
                " QCommandLinkButton:focus { border: 1px solid palette(highlight); }"
                " QCommandLinkButton:hover { background: palette(midlight); }"
            )
            layout.addWidget(button)
        layout.addStretch(1)
        layout.addWidget(where)
        return page

    def _setup_page(self) -> QWidget:
        self.form = SetupForm()
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.open_button = QPushButton(self.tr("Open my &shop"))
        self.open_button.clicked.connect(self.set_up)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(self._buttons(self.open_button))
        return page

    def _server_page(self) -> QWidget:
        self.url = QLineEdit()
        self.url.setPlaceholderText("postgresql://till@shop-server/shop")
        self.url_error = error_label()
        self.connect_button = QPushButton(self.tr("Co&nnect"))
        self.connect_button.clicked.connect(self.connect_server)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(buddy_label(self.tr("The server's &address:"), self.url))
        layout.addWidget(self.url)
        layout.addWidget(self.url_error)
        layout.addWidget(
            caption_label(
                self.tr(
                    "The password is not typed here: it goes in the .pgpass file (or"
                    ' PGPASSWORD), as the README\'s "Two tills or more" explains. This computer'
                    " opens the server from now on; an empty server is set up next."
                )
            )
        )
        layout.addStretch(1)
        layout.addLayout(self._buttons(self.connect_button))
        return page

    def _buttons(self, main: QPushButton) -> QHBoxLayout:
        back = QPushButton(self.tr("&Back"))
        back.setAutoDefault(False)
        back.clicked.connect(self.back)
        row = QHBoxLayout()
        row.addWidget(back)
        row.addStretch(1)
        row.addWidget(main)
        return row

    def show_page(self, page: int) -> None:
        texts = {
            CHOICE: (
                self.tr("Welcome to shopcrm"),
                self.tr("There is no shop on this computer yet. How would you like to start?"),
            ),
            SETUP: (
                self.tr("Set up your shop"),
                self.tr(
                    'Type to search the lists ("swiss", "german (switz"). Everything here'
                    " can be changed later in Edit → Settings."
                ),
            ),
            SERVER: (
                self.tr("Connect to the shop's server"),
                self.tr("Several tills share one shop on a PostgreSQL server."),
            ),
            DEMO: (
                self.tr("A demo shop"),
                self.tr("Made-up customers, in a file of their own: nothing here is your shop's."),
            ),
        }
        heading, intro = texts[page]
        self.heading.setText(heading)
        self.intro.setText(intro)
        self.pages.setCurrentIndex(page)
        wanted = self.sizeHint().height()
        if page == SETUP and self.height() < wanted:  # the form needs more than the choice
            self.resize(self.width(), wanted)
        self.open_button.setDefault(page == SETUP)  # Enter in the form sets the shop up
        self.connect_button.setDefault(page == SERVER)
        focus = {
            CHOICE: self.set_up_button,
            SETUP: self.form.name,
            SERVER: self.url,
            DEMO: self.demo_page.cancel_button,
        }[page]
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def back(self) -> None:
        if self.pages.currentIndex() == DEMO:
            self.demo_page.cancel()
        else:
            self.show_page(CHOICE)

    def reject(self) -> None:
        """Esc: back to the first page; there, close (the app ends, nothing made)."""
        if self.pages.currentIndex() == CHOICE:
            super().reject()
        else:
            self.back()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's close button closes it from any page; a demo being made is stopped
        first (nothing of it is kept), and the page closes when it has."""
        if self.demo_page.running():
            self._closing = True
            self.demo_page.cancel()
            event.ignore()
            return
        event.accept()
        if self.isVisible():
            super().reject()

    # -- what the choices do --

    def set_up(self) -> None:
        """Check the answers, make the shop's file, set the shop up (one transaction)."""
        from shopcrm.core.first_start import check_setup, set_up_shop

        setup = self.form.setup()
        if setup is None:
            return
        try:
            check_setup(setup)
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            return
        self.form.show_errors({})
        try:
            self.opener.open_shop()
        except ShopError as exc:
            self._tell(str(exc))
            return
        self.open_button.setEnabled(False)
        run_op(
            self,
            lambda _task: set_up_shop(setup),
            lambda _done: self._finish(demo=False),
            on_failure=self._setup_refused,
            writes=True,
            label=self.tr("Setting up your shop…"),
        )

    def _setup_refused(self, error: ShopError) -> None:
        self.open_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.form.show_errors(error.errors)
        else:
            self._tell(str(error))

    def explore_demo(self) -> None:
        """Open the demo's own file (the shop's stays as it was) and make the demo there."""
        try:
            self.opener.open_demo()
        except ShopError as exc:
            self._back_to_shop()
            self._tell(str(exc))
            return
        self.show_page(DEMO)
        self.demo_page.start()

    def _demo_made(self) -> None:
        self._finish(demo=True)

    def _demo_stopped(self, reason: str) -> None:
        self._back_to_shop()
        if self._closing:
            super().reject()
            return
        self.show_page(CHOICE)
        if reason:
            self._tell(reason)

    def _back_to_shop(self) -> None:
        try:
            self.opener.back_to_shop()
        except ShopError as exc:  # another app took the shop meanwhile
            self._tell(str(exc))
            super().reject()

    def connect_server(self) -> None:
        """Open the server; remember it for this computer; set it up when it is empty."""
        url = self.url.text().strip()
        refusal = database_refusal(url) if url else self.tr("type the server's address")
        if not refusal and not url.lower().startswith(("postgresql://", "postgres://")):
            refusal = self.tr("a server's address starts with postgresql://")
        if refusal:
            show_error(self.url_error, refusal)
            return
        show_error(self.url_error, "")
        try:
            empty = self.opener.open_server(url)
        except ShopError as exc:
            show_error(self.url_error, str(exc))
            return
        if empty:
            self.show_page(SETUP)
            self.heading.setText(self.tr("Set up the shop on the server"))
        else:
            self._finish(demo=False)

    def _finish(self, *, demo: bool) -> None:
        self.demo = demo
        self.accept()

    def _tell(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Not done"), message[:1].upper() + message[1:])
