"""The Today page in the counter window: its place on the right, its key, and when it reads.

At start-up the page is the first thing on the right (where the empty hint was) and reads
nothing until the window shows; then, off the GUI thread, the customers whose segment time
has moved on are caught up (a write, in line with the other writes: after an upgrade this
fills every customer, with progress in the status bar) and the page reads its rows. Ctrl+T
(``Go → Today``) brings it back from a card; it reads again whenever it is shown and after
any change to a customer, so a row goes as soon as its reason does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence

from shopcrm.ui.ops import Op, Task, run_op
from shopcrm.ui.today.page import TodayPage

if TYPE_CHECKING:
    from shopcrm.ui.main_window import MainWindow

SHORTCUT = "Ctrl+T"
#: How long after the window is built the page first reads (see ``__init__``).
START_AFTER_MS = 300
#: From this many customers to catch up (some seconds' work), the status bar shows progress.
SHOW_PROGRESS_FROM = 20_000


class TodayStart(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.page = TodayPage()
        window.right.addWidget(self.page)
        window.right.setCurrentWidget(self.page)
        window.right.currentChanged.connect(self._shown)
        self.page.open_requested.connect(window.open_customer)
        self.action = QAction(self.tr("&Today"), window)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setStatusTip(
            self.tr("Birthdays, late regulars and expiring vouchers: who to greet today")
        )
        self.action.triggered.connect(self.show)
        window.addAction(self.action)
        self.segments_action = QAction(self.tr("&Segments…"), window)
        self.segments_action.setStatusTip(
            self.tr("Customers by segment: tag them, give them a voucher, export for a mailing")
        )
        self.segments_action.triggered.connect(self.segments)
        self.catch_up_op: Op | None = None
        # A moment after the window shows: the first read loads the segments' code (~60 ms of
        # imports on a worker, which still contends for the GIL), and the cashier's first
        # keystroke and the window's first paint come first.
        QTimer.singleShot(START_AFTER_MS, self, self._start)

    def show(self) -> None:
        """Ctrl+T: the page on the right, the keyboard on its rows."""
        self.window.right.setCurrentWidget(self.page)
        self.page.tree.setFocus()

    def segments(self) -> None:
        """Tools → Segments… (its code loaded when first opened, not at the start)."""
        from shopcrm.ui.segments.list_dialog import SegmentsDialog

        SegmentsDialog.ask(self.window)

    def customer_changed(self, _customer_id: int = 0) -> None:
        self.page.refresh()

    def _shown(self, _index: int) -> None:
        if self.window.right.currentWidget() is self.page:
            self.page.refresh()

    def _start(self) -> None:
        """Count what is due (a read), then catch up (a write): with a bar and Cancel in the
        status bar only when there is much to do, as after an upgrade."""

        def count(_task: Task) -> int:
            from shopcrm.core.segments import due_count

            return due_count()

        run_op(self.window, count, self._catch_up, on_failure=lambda _error: self.page.refresh())

    def _catch_up(self, due: int) -> None:
        if not due:
            self.page.refresh()
            return

        def work(task: Task) -> int:
            from shopcrm.core.segments import refresh_due

            return refresh_due(progress=task.progress, cancelled=task.cancelled)

        shown = due >= SHOW_PROGRESS_FROM
        self.catch_up_op = run_op(
            self.window,
            work,
            lambda _count: self.page.refresh(),
            writes=True,
            label=self.tr("Bringing segments and late regulars up to date…") if shown else "",
            status_bar=self.window.statusBar() if shown else None,
            on_failure=lambda _error: self.page.refresh(),
            on_cancelled=self.page.refresh,
        )
