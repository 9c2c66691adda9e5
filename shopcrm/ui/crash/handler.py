"""Catching what nothing else caught, so the app goes on and the owner gets a report.

PySide6 hands an exception raised in a slot or an event handler during the event loop to
:data:`sys.excepthook` and carries on; by default that only prints to a stderr nobody at a
till reads. :class:`CrashHandler` replaces the hook (and :data:`threading.excepthook`, and
Qt's message handler) for the window's lifetime:

* a :class:`~shopcrm.errors.ShopError` is not a crash: its message is shown as a warning and
  logged by kind, with no traceback and no crash log;
* anything else writes a crash log with the traceback into ``logs/`` first (so it is kept even
  if showing fails), then shows :class:`~shopcrm.ui.crash.dialog.CrashDialog`;
* Qt's own fatal messages (after which Qt aborts) get a crash log with the Python stack;
  critical messages and warnings go to the app log.

Dialogs are shown from the event loop (a zero timer), not from inside the hook, which may run
in the middle of a paint or another dialog's close; while one crash dialog is open, further
crashes are logged but not shown again, and one run writes at most
:data:`MAX_CRASH_LOGS` crash files, so an error repeating on every repaint cannot bury the
screen or fill the disk (a refusal repeating is likewise shown once at a time).
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    QTimer,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from shopcrm.errors import ShopError
from shopcrm.logs import crash_report, enable_fault_log, stderr_fallback, write_crash_log

MAX_CRASH_LOGS = 20

log = logging.getLogger("shopcrm.crash")

QtMessageHandler = Callable[[QtMsgType, QMessageLogContext, str], Any]


class CrashHandler(QObject):
    """Installed by :func:`install`; :meth:`uninstall` puts every previous handler back."""

    #: Exceptions from other threads, delivered to the GUI thread (a queued connection).
    from_thread = Signal(object)

    def __init__(self, logs: Path) -> None:
        super().__init__()
        self.logs = logs
        self.crash_logs: list[Path] = []
        self._showing_crash = False
        self._showing_notice = False
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._previous_qt_handler: QtMessageHandler | None = None
        self._fault_file: TextIO | None = None
        self._faults_were_on = faulthandler.is_enabled()
        self.from_thread.connect(lambda info: self.handle(*info))

    # -- installing ----------------------------------------------------------------------

    def install(self, fault_log: bool = True) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        self._previous_qt_handler = qInstallMessageHandler(self._qt_message)
        if fault_log:
            try:
                self._fault_file = enable_fault_log(self.logs)
            except OSError as exc:
                log.warning("no fault log: %s", exc.strerror)

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook
        qInstallMessageHandler(self._previous_qt_handler)
        if self._fault_file is not None:
            faulthandler.disable()
            self._fault_file.close()
            self._fault_file = None
            if self._faults_were_on and sys.__stderr__ is not None:
                faulthandler.enable(sys.__stderr__)

    # -- handling ------------------------------------------------------------------------

    def handle(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        """The excepthook: a refusal is shown, a bug is logged and reported."""
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_hook(exc_type, exc, tb)
            return
        if isinstance(exc, ShopError):
            log.warning("not done: %s %s", exc_type.__name__, getattr(exc, "kind", ""))
            if not self._showing_notice:
                self._showing_notice = True
                QTimer.singleShot(0, lambda: self._show_notice(str(exc)))
            return
        report = crash_report(exc_type, exc, tb, (f"PySide6 {pyside_version}",))
        path = self._write(report)
        log.error("crash: %s, report in %s", exc_type.__name__, path)
        if not self._showing_crash:
            self._showing_crash = True
            QTimer.singleShot(0, lambda: self._show_crash(path, report))

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.from_thread.emit((args.exc_type, args.exc_value, args.exc_traceback))

    def _write(self, report: str) -> Path | None:
        if len(self.crash_logs) >= MAX_CRASH_LOGS:
            return None
        try:
            path = write_crash_log(self.logs, report)
        except OSError:
            stderr_fallback(report)
            return None
        self.crash_logs.append(path)
        return path

    def _show_notice(self, message: str) -> None:
        try:
            from shopcrm.ui.crash.dialog import ErrorNotice  # loaded when first needed

            ErrorNotice.show(QApplication.activeWindow(), message)
        finally:
            self._showing_notice = False

    def _show_crash(self, path: Path | None, report: str) -> None:
        try:
            from shopcrm.ui.crash.dialog import CrashDialog  # loaded when first needed

            CrashDialog.report(QApplication.activeWindow(), path, report)
        finally:
            self._showing_crash = False

    def _qt_message(self, mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if mode == QtMsgType.QtFatalMsg:
            stack = "".join(traceback.format_stack())
            self._write(f"Qt fatal error: {message}\n\nPython stack:\n{stack}")
            log.critical("Qt fatal error: %s", message)
            stderr_fallback(f"Qt fatal error: {message}\n")
        elif mode == QtMsgType.QtCriticalMsg:
            log.error("Qt: %s", message)
            stderr_fallback(f"Qt critical: {message}\n")
        elif mode == QtMsgType.QtWarningMsg:
            log.warning("Qt: %s", message)
        else:
            log.debug("Qt: %s", message)


def install(logs: Path, fault_log: bool = True) -> CrashHandler:
    """Catch unexpected exceptions, Qt's messages and hard faults from now on (see above)."""
    handler = CrashHandler(logs)
    handler.install(fault_log)
    return handler
