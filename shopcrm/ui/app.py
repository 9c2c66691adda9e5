"""Starting the desktop app: all the wiring in one place.

Order: QApplication (names set first so QSettings knows where to look), then the records in
the data folder's ``logs/`` (the rotating log, the fault log and the crash handler, so that
anything going wrong from here on is kept; see :mod:`shopcrm.ui.crash`), then the database
(opened and migrated; a bad location, a damaged or locked file or a too-new schema is shown
to the person and ends with exit code 1), then the main window, shown, then the event loop.
A SQLite shop is locked for the window's lifetime before it is opened (see
:mod:`shopcrm.db.instance_lock`): a second app on the same file says which process holds it,
opens nothing and ends with exit code 1. Started on its default shop with no shop there yet,
the app shows the first-run page before the window (:mod:`shopcrm.ui.first_start`); closing
that page ends the app with exit code 0 and leaves no shop file behind.
``SHOPCRM_STARTUP_PROBE=1`` quits as soon as the window is shown, which is how the benchmark
measures a cold start.
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication

from shopcrm import __version__, collector
from shopcrm.config import APP_NAME, ORGANISATION, logs_dir
from shopcrm.db import close, parse_location, start_background_checkpoints
from shopcrm.db.instance_lock import AlreadyOpenError
from shopcrm.errors import ShopError
from shopcrm.logs import setup_logging, stop_logging
from shopcrm.ui import crash
from shopcrm.ui.main_window import MainWindow
from shopcrm.ui.opening import ShopOpener

log = logging.getLogger("shopcrm.app")


def application(argv: list[str] | None = None) -> QApplication:
    """The running QApplication, created with the shop's names if there is none yet."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("shopcrm")
    return app


def run(database_location: str, argv: list[str] | None = None, *, first_start: bool = False) -> int:
    """Open the shop's database and run the window until it is closed; the exit code.

    ``first_start``: the location is the app's default shop (no ``--db``): when no shop is
    there yet, the first-run page comes first (see :mod:`shopcrm.ui.first_start`)."""
    app = application(argv)
    logs = logs_dir()
    try:
        setup_logging(logs)
    except OSError as exc:  # a read-only data folder must not keep the shop closed
        print(f"shopcrm: no log file in {logs}: {exc.strerror}", file=sys.stderr)
    handler = crash.install(logs)
    try:
        return _run_window(app, database_location, first_start)
    finally:
        handler.uninstall()
        stop_logging(logs)


def _run_window(app: QApplication, database_location: str, first_start: bool) -> int:
    log.info("shopcrm %s starting", __version__)
    opener = ShopOpener()
    demo = False
    try:
        opener.take(parse_location(database_location))
        if first_start and opener.needs_setting_up():
            chosen = _first_start(app, opener)
            if chosen is None:
                opener.release()
                return 0
            demo = chosen
        opener.open()
        start_background_checkpoints()  # no commit at the counter pays for a checkpoint
    except ShopError as exc:
        opener.release()
        log.warning("cannot open the database: %s", type(exc).__name__)
        from PySide6.QtWidgets import QMessageBox  # only when it is needed: a faster start

        title = (
            app.translate("app", "shopcrm is already open")
            if isinstance(exc, AlreadyOpenError)
            else app.translate("app", "shopcrm cannot open the database")
        )
        QMessageBox.critical(None, title, str(exc))
        return 1
    assert opener.location is not None
    window = MainWindow(opener.location, demo=demo)
    window.instance_lock = opener.lock  # let go and taken again around a restore
    if demo:
        from shopcrm.ui.first_start.demo_mark import mark_demo

        mark_demo(window)
    try:
        window.show()
        QTimer.singleShot(0, collector.resume_after_start)  # the window is up: see its doc
        if os.environ.get("SHOPCRM_STARTUP_PROBE") == "1":
            QTimer.singleShot(0, app.quit)
        code = app.exec()
        if os.environ.get("SHOPCRM_STARTUP_PROBE") != "1":  # a measured start, not a day's end
            window.backups.last_backup()
        return code
    finally:
        # Gone for good, so run() can be called again in one process (the tests do).
        window.close()
        window.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        close()
        opener.release()  # last: nothing of ours touches the file after this
        log.info("shopcrm closed")


def _first_start(app: QApplication, opener: ShopOpener) -> bool | None:
    """The first-run page, until a shop is open in ``opener``: whether it is the demo; None
    when the page was closed. It runs in the application's own loop (whose start clears a
    quit left over from a window closed earlier in this process, which would end a dialog's
    loop at once), and its closing is not the app's end."""
    from shopcrm.ui.first_start.dialog import FirstStartDialog  # only on a first start

    dialog = FirstStartDialog(opener)
    dialog.finished.connect(app.exit)
    quits = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    try:
        dialog.show()
        accepted = app.exec() == FirstStartDialog.DialogCode.Accepted
    finally:
        app.setQuitOnLastWindowClosed(quits)
        dialog.deleteLater()
    return dialog.demo if accepted else None
