"""Make the README screenshots from the demo shop (run under Xvfb, see below).

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python resources/screenshots/take_screenshots.py

Builds a throw-away demo shop in a temporary folder (never the real shop), opens the real
main window at 1366×768 (the commonest shop PC screen), types a query, and saves search.png,
card.png and the others here.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build_sample_shop(path: str) -> tuple[int, str]:
    """Make the demo shop; returns a customer with pinned notes and tags, and a query for it
    typed the way a cashier would (start of the surname, then of the first name)."""
    from shopcrm.core import settings
    from shopcrm.core.customers import get_card, search_customers
    from shopcrm.db import database, open_database
    from shopcrm.demo.shop import generate_demo_shop

    open_database(path)
    settings.set_many({"phone_region": "GB", "currency": "GBP", "locale": "en_GB"})  # a UK shop
    generate_demo_shop(5000, seed=7)
    rows = database.obj.execute_sql(
        "SELECT n.customer_id FROM note n JOIN customer_stats s ON s.customer_id = n.customer_id"
        " WHERE s.visits >= 12 GROUP BY n.customer_id HAVING sum(n.pinned) > 0"
        " ORDER BY max(s.visits) DESC"
    ).fetchall()
    for (customer_id,) in rows:
        card = get_card(customer_id)
        if card.tags and card.last_name and card.first_name.isascii() and card.phone:
            query = f"{card.last_name[:4]} {card.first_name[:2]}".lower()
            if len(search_customers(query, limit=50)) > 3:
                _give_vouchers(customer_id)
                return customer_id, query
    raise SystemExit("the demo shop has no customer worth a screenshot")


def _give_vouchers(customer_id: int) -> None:
    """The demo's voucher runs, and a birthday treat for the card shown."""
    from shopcrm.core.vouchers.batches import default_expiry, issue_single
    from shopcrm.core.vouchers.values import VoucherValue
    from shopcrm.demo.vouchers import add_demo_vouchers

    add_demo_vouchers(5000, seed=7)
    issue_single(
        customer_id,
        VoucherValue.free_item("A slice of cake"),
        default_expiry(),
        "Thank you for being one of our regulars, {first_name}!",
    )


def dark_palette():
    """A dark theme like a desktop's, to check nothing is hard-coded for light mode."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#2b2b2b"),
        (roles.WindowText, "#e6e6e6"),
        (roles.Base, "#1f1f1f"),
        (roles.AlternateBase, "#262626"),
        (roles.Text, "#e6e6e6"),
        (roles.Button, "#353535"),
        (roles.ButtonText, "#e6e6e6"),
        (roles.Highlight, "#3d7dca"),
        (roles.HighlightedText, "#ffffff"),
        (roles.PlaceholderText, "#8a8a8a"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def _grab_when_shown(widget, name: str) -> None:
    from PySide6.QtTest import QTest

    widget.show()
    QTest.qWaitForWindowExposed(widget)
    QTest.qWait(150)
    widget.grab().save(str(HERE / name))
    widget.close()


def wait_until(done, limit_ms: int = 60_000) -> None:
    """Run the event loop until ``done()`` (QTest.qWait holds the GIL and starves ui.ops's
    worker threads; the app's own loop does not)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    poll = QTimer(interval=20)
    poll.timeout.connect(lambda: done() and loop.quit())
    QTimer.singleShot(limit_ms, loop.quit)
    poll.start()
    loop.exec()
    poll.stop()


def error_screens(window, folder: str) -> None:
    """The one error path, as the till sees it: a real full database refusing a quick-add
    (the typed name stays), the crash dialog, and Tools > Check the database."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMessageBox

    from shopcrm.db import database
    from shopcrm.ui.card.customer_dialog import CustomerDialog
    from shopcrm.ui.crash.dialog import CrashDialog, ErrorNotice

    shown: list[QMessageBox] = []

    def keep_open(parent, message: str) -> None:  # the real text, in a box that does not block
        box = QMessageBox(QMessageBox.Icon.Warning, "shopcrm", message[:1].upper() + message[1:])
        box.setParent(parent, box.windowFlags())
        shown.append(box)

    ErrorNotice.show = classmethod(lambda cls, parent, message: keep_open(parent, message))
    from shopcrm.core.customers import CustomerInput, add_customer
    from shopcrm.core.errors import StorageError

    pages = database.obj.execute_sql("PRAGMA page_count").fetchone()[0]
    database.obj.execute_sql(f"PRAGMA max_page_count = {pages}")  # the disk is full
    with contextlib.suppress(StorageError):
        for _ in range(5000):  # take the last free room, as the smallest customers
            add_customer(CustomerInput("X"))
    dialog = CustomerDialog(window)
    dialog.first_name.setText("Grace")
    dialog.last_name.setText("Hopper")
    dialog.show()
    try:
        dialog.save()
    except StorageError as exc:  # in the app the excepthook hands it to ErrorNotice
        ErrorNotice.show(dialog, str(exc))
    QTest.qWait(100)
    if shown:
        _grab_when_shown(shown[-1], "error-disk-full.png")
    dialog.reject()
    database.obj.execute_sql("PRAGMA max_page_count = 1073741823")

    log = Path(folder) / "logs" / "crash-2026-12-07T10-30-00.txt"
    crash = CrashDialog(window, log, "Traceback (most recent call last): ...")
    _grab_when_shown(crash, "crash-dialog.png")

    window.maintenance.check()
    wait_until(lambda: window.maintenance.last_message is not None)
    QTest.qWait(200)
    _grab_when_shown(window.maintenance.last_message, "check-result.png")


def settings_screen(folder: str) -> None:
    """The settings as an owner fills them in: a logo picked (with its preview), the lists of
    names, rewards and tiers as tables."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    from shopcrm.core import settings
    from shopcrm.ui.shop.logo_picker import LogoPicker
    from shopcrm.ui.shop.settings_dialog import SettingsDialog

    logo = QImage(360, 120, QImage.Format.Format_RGB32)
    logo.fill(QColor("#f4efe6"))
    painter = QPainter(logo)
    painter.setPen(QColor("#6b3e26"))
    painter.setFont(QFont("serif", 40, QFont.Weight.Bold))
    painter.drawText(logo.rect(), Qt.AlignmentFlag.AlignCenter, "Corner Café")
    painter.end()
    path = os.path.join(folder, "corner-cafe-logo.png")
    logo.save(path)
    settings.set_value("shop_name", "Corner Café")
    dialog = SettingsDialog()
    picker = dialog.editors["shop_logo"].editor
    assert isinstance(picker, LogoPicker)
    picker.take(path)
    _grab_when_shown(dialog, "settings.png")


def today_screen(window) -> None:
    """The start page: the Today page once its rows (segments caught up first) are read."""
    from PySide6.QtTest import QTest

    reads: list[bool] = []
    window.today.page.refreshed.connect(lambda *_: reads.append(True))
    wait_until(lambda: bool(window.today.page.customer_ids("complaints_overdue")) and reads)
    QTest.qWait(300)
    window.grab().save(str(HERE / "today.png"))


def backups_screen(window) -> None:
    """Tools → Backups… with backups of the last days (the app keeps one a day), one kept by
    hand, and one chosen for a restore."""
    import json
    from datetime import UTC, datetime, timedelta

    from shopcrm.core.backup import main_folder, make_backup
    from shopcrm.core.customers import CustomerInput, add_customer
    from shopcrm.core.settings import load

    now = datetime.now(UTC)
    for days, name in ((40, "Ada"), (9, "Ben"), (2, "Cleo"), (1, "Dev")):
        add_customer(CustomerInput(name, "Newcomer"))
        made = make_backup(now=now - timedelta(days=days, hours=3)).record.path
        # As if taken on that day (the sample shop is minutes old): only the date is changed.
        record = made.with_suffix(".json")
        stored = json.loads(record.read_text())
        stored["time"] = (now - timedelta(days=days, hours=3)).isoformat()
        record.write_text(json.dumps(stored))
    make_backup(main_folder(load()))
    page = window.backups.show_page()
    page.resize(820, 360)
    page.table.selectRow(1)
    _grab_when_shown(page, "backups.png")


def main() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    os.environ.setdefault("SHOPCRM_CONFIG_DIR", tempfile.mkdtemp())
    folder = tempfile.mkdtemp()
    db_path = os.path.join(folder, "demo.sqlite3")
    customer_id, query = build_sample_shop(db_path)

    from shopcrm.db import parse_location
    from shopcrm.ui.app import application
    from shopcrm.ui.card.customer_dialog import CustomerDialog
    from shopcrm.ui.main_window import MainWindow

    app = application(sys.argv)
    window = MainWindow(parse_location(db_path))
    window.resize(1366, 768)
    window.show()
    QTest.qWaitForWindowExposed(window)
    today_screen(window)
    QTest.keyClicks(window.search.search_box, query)
    QTest.qWait(200)
    window.grab().save(str(HERE / "search.png"))

    model = window.search.results.model()
    row = next(
        r for r in range(model.rowCount()) if model.index(r, 0).data(Qt.UserRole) == customer_id
    )
    window.search.select_row(row)
    QTest.keyClick(window.search.search_box, Qt.Key.Key_Return)
    QTest.qWait(200)
    window.grab().save(str(HERE / "card.png"))
    window.card.tabs.setCurrentIndex(1)
    QTest.qWait(200)
    window.grab().save(str(HERE / "card-history.png"))
    window.card.tabs.setCurrentIndex(0)

    dialog = CustomerDialog(window)
    dialog.first_name.setText("Ada")
    dialog.phone.setText("12")
    dialog.email.setText("ada@")
    dialog.birthday_day.setCurrentIndex(dialog.birthday_day.findData(30))
    dialog.birthday_month.setCurrentIndex(dialog.birthday_month.findData(2))
    dialog.show()
    dialog.save()
    QTest.qWait(200)
    dialog.grab().save(str(HERE / "dialog-errors.png"))
    dialog.reject()
    settings_screen(folder)
    error_screens(window, folder)
    backups_screen(window)
    sys.path.insert(0, str(HERE))
    from import_screens import import_screens

    import_screens(window, folder, customer_id, wait_until)

    app.setStyle("Fusion")
    app.setPalette(dark_palette())
    window.open_customer(customer_id)
    QTest.qWait(200)
    window.grab().save(str(HERE / "card-dark.png"))
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
