"""Restoring a backup from the window: the window lets go of the shop, core puts the backup
back, and the window opens the restored shop again as if it had just started.

Core refuses to replace a SQLite file that any connection has open
(:func:`shopcrm.core.backup.restoring.app_holding`), and a running window holds several: its
own connection on the GUI thread, the background checkpointer's, one per slow op while it
runs, and the shop's instance lock (:mod:`shopcrm.db.instance_lock`). So, in order:

1. owner only: the till's PIN gate, and core checks the proof again;
2. slow work under way is let end (a backup, a batch of vouchers): a restore never cuts one
   short; work that does not end within :data:`QUIET_WAIT_S` refuses the restore;
3. the rolling backups' timer stops, the GUI's connection and the checkpointer close, the
   instance lock is released;
4. core restores on an ops thread (checks the backup, backs up the shop as it is now, one
   rename), while a window-modal progress dialog with no Cancel keeps the counter still: no
   keystroke can start a query against a file being replaced;
5. whatever happened, the lock is taken again and the shop opened again (the restored one,
   or the untouched old one after a refusal), the timer restarts, and the window reads
   everything it shows again (:meth:`MainWindow.shop_replaced`). Should even that fail
   (another app took the file meanwhile), the window says so and closes: it cannot go on
   without its shop.

A PostgreSQL shop goes the same way without a lock: core copies the backup into the server
in one transaction.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from shopcrm.core.errors import ShopError
from shopcrm.db import close, open_database, start_background_checkpoints
from shopcrm.ui.ops import Task, hold_reads, let_running_end, run_op

if TYPE_CHECKING:
    from shopcrm.core.backup.restoring import RestoreResult
    from shopcrm.ui.main_window import MainWindow

log = logging.getLogger("shopcrm.restore")

#: How long a restore waits for slow work under way to end before it gives up.
QUIET_WAIT_S = 30.0


class WindowRestore(QObject):
    """One restore of ``file`` into the shop ``window`` shows. ``ended(restored, message)``
    comes once: True and what was done, or False and why not ("" when the owner cancelled
    the PIN prompt)."""

    ended = Signal(bool, str)

    def __init__(self, window: MainWindow, file: Path) -> None:
        super().__init__(window)
        self.window = window
        self.file = file
        self.progress: QProgressDialog | None = None

    def start(self) -> None:
        window = self.window
        if not window.till.requires_owner(self.tr("restore a backup")):
            self.ended.emit(False, "")
            return
        owner = window.till.owner
        window.backups.stop()
        if not let_running_end(QUIET_WAIT_S):
            window.backups.start()
            self.ended.emit(
                False,
                self.tr(
                    "Slow work is still running; try again when it has ended. Nothing changed."
                ),
            )
            return
        log.info("restoring a backup from the window")
        hold_reads(True)  # a timer's read meanwhile would open the file being replaced
        close()
        if window.instance_lock is not None:
            window.instance_lock.release()
        self.progress = QProgressDialog(self.tr("Restoring the backup…"), "", 0, 0, window)
        self.progress.setCancelButton(None)  # a restore is not stopped half-way
        self.progress.setWindowTitle(self.tr("Restore"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.show()
        location, file = window.location, self.file

        def work(_: Task) -> RestoreResult:
            from shopcrm.core.backup.restoring import restore_backup

            return restore_backup(file, location, owner=owner)

        run_op(None, work, self._restored, on_failure=self._refused, writes=True)

    def _restored(self, result: RestoreResult) -> None:
        if not self._reopen():
            return
        said = self.tr("Restored %1.").replace("%1", result.restored.name)
        if result.kept is not None:
            kept = QDir.toNativeSeparators(os.fspath(result.kept))
            said += " " + self.tr("The shop as it was is kept in %1.").replace("%1", kept)
        if result.erased_again:
            said += " " + self.tr(
                "%n customer(s) erased since the backup was taken were erased again.",
                "",
                result.erased_again,
            )
        self.ended.emit(True, said)

    def _refused(self, exc: ShopError) -> None:
        if self._reopen():
            self.ended.emit(False, str(exc))

    def _reopen(self) -> bool:
        """The shop opened again behind the window, and the window refreshed; False (and the
        window closing) when the shop cannot be opened again."""
        window = self.window
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        try:
            if window.instance_lock is not None:
                window.instance_lock.acquire()
            open_database(window.location)
            start_background_checkpoints()
        except ShopError as exc:
            log.warning("the shop could not be opened again after a restore: %s", exc)
            QMessageBox.critical(window, self.tr("shopcrm cannot open the database"), str(exc))
            self.ended.emit(False, str(exc))
            window.close()
            hold_reads(False)  # the waiting reads start, and fail with the shop's words
            return False
        hold_reads(False)
        window.backups.start()
        window.shop_replaced()
        return True
