"""Rolling backups while the app runs: every 30 minutes and when it closes, when data changed.

The backup runs off the GUI thread through :func:`shopcrm.ui.ops.run_op` (a read: it never
holds the write lock, so the counter goes on logging visits); whether data changed is the
core's business (:func:`shopcrm.core.backup.make_backup` with ``only_if_changed``: a few
milliseconds when nothing did). A failure shows in the status bar until a backup succeeds,
with the reason as its tooltip; so does a failure left by the last run, seen at start. A
warning (the second folder, a USB stick, not plugged in) shows there for a while.

Only a SQLite shop is backed up by the app: a PostgreSQL shop is on a server that several
tills share, backed up with ``shopcrm backup`` and by the server's admin.

When the app ends, :meth:`RollingBackups.last_backup` backs up once more (if data changed)
and waits for it, so the last changes of the day are in a backup.

The backup code and the page are imported when first used (on the GUI thread, before the work
goes to the ops thread), not when the window is built: ~10 ms of every cold start otherwise.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from shopcrm.core.errors import ShopError
from shopcrm.ui.ops import Op, Task, run_op

if TYPE_CHECKING:  # the backup code and the page load with the first backup, not at start
    from shopcrm.core.backup import BackupResult
    from shopcrm.ui.shop.backups_page import BackupsPage

log = logging.getLogger(__name__)

#: How often the app backs up a shop whose data changed.
BACKUP_EVERY_MS = 30 * 60 * 1000
#: The last run's failure is looked for this long after the start: the first turns of the
#: event loop belong to the cashier (the start reads nothing but the staff).
FIRST_LOOK_MS = 10_000
_WARNING_MS = 15_000


class RollingBackups(QLabel):
    """The status bar's "backup failed" label, and the timer that backs up. ``finished``
    carries each backup's end: "" when it went well, else the reason."""

    finished = Signal(str)
    #: A restore the owner confirmed on the Backups page (the file); the window carries it
    #: out and hands the end back to :meth:`restore_ended`.
    restore_requested = Signal(object)

    def __init__(
        self,
        status_bar: QStatusBar,
        parent: QWidget | None = None,
        every_ms: int = BACKUP_EVERY_MS,
        *,
        enabled: bool = True,
        first_look_ms: int = FIRST_LOOK_MS,
    ) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.first_look_ms = first_look_ms
        self.setObjectName("backupStatus")
        self.setVisible(False)
        self.status_bar = status_bar
        self.op: Op | None = None
        self._exit_done = False
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.back_up)
        status_bar.addPermanentWidget(self)
        self.page_action = QAction(self.tr("&Backups…"), parent)
        self.page_action.triggered.connect(self.show_page)
        self.page: BackupsPage | None = None

    def start(self) -> None:
        """Back up from now on, and show a failure the last run left (in a moment)."""
        if not self.enabled:
            return
        QTimer.singleShot(self.first_look_ms, self, self.look_at_last_run)
        self.timer.start()

    def look_at_last_run(self) -> None:
        """Show the failure of the newest backup (hide the label once one went well)."""
        from shopcrm.core.backup import list_backups

        newest = next(iter(list_backups()), None)
        if newest is not None and not newest.verified:
            self._failed(newest.error)
        elif newest is not None:
            self.setVisible(False)

    def stop(self) -> None:
        self.timer.stop()

    def back_up(self, then: Callable[[], None] | None = None) -> bool:
        """Back up off the GUI thread if data changed (not while one runs); ``then`` is
        called when it has ended. False when one was running already."""
        if self.op is not None:
            return False
        from shopcrm.core.backup import make_backup  # here, on the GUI thread: see the doc

        def done(result: BackupResult) -> None:
            self.op = None
            self.setVisible(False)
            for warning in result.warnings:
                self.status_bar.showMessage(
                    self.tr("Backup: %1").replace("%1", warning), _WARNING_MS
                )
            self.finished.emit("")
            if then is not None:
                then()

        def failed(exc: ShopError) -> None:
            self.op = None
            self._failed(str(exc))
            self.finished.emit(str(exc) or type(exc).__name__)
            if then is not None:
                then()

        def work(_: Task) -> BackupResult:
            return make_backup(only_if_changed=True)

        self.op = run_op(self, work, done, on_failure=failed)
        return True

    def last_backup(self) -> None:
        """At exit: back up if data changed, waiting for it in a local event loop (the
        window still repaints; the work is on the ops thread as always)."""
        if not self.enabled:
            return
        self.stop()
        loop = QEventLoop()
        self.finished.connect(loop.quit)
        if self.op is not None or self.back_up():
            self.status_bar.showMessage(self.tr("Backing up before closing…"))
            loop.exec()

    def show_page(self) -> BackupsPage:
        """Tools → Backups… (one page, brought to the front when open already)."""
        if self.page is None:
            from shopcrm.ui.shop.backups_page import BackupsPage

            self.page = BackupsPage(self.window())
            self.page.finished.connect(self.look_at_last_run)
            self.page.restore_requested.connect(self.restore_requested)
        self.page.reload()
        self.page.show()
        self.page.raise_()
        return self.page

    def restore_ended(self, restored: bool, said: str) -> None:
        if self.page is not None:
            self.page.restore_done(restored, said)

    def _failed(self, reason: str) -> None:
        log.warning("backup failed: %s", reason)
        self.setText("⚠ " + self.tr("The last backup failed"))
        self.setToolTip(reason)
        self.setVisible(True)
