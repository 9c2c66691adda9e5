"""Make the README screenshots from the demo shop (run under Xvfb, see below).

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python resources/screenshots/take_screenshots.py

Builds a throw-away demo shop in a temporary folder (never the real shop), opens the real
main window, types a query, and saves search.png and card.png here.
"""

from __future__ import annotations

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
    from shopcrm.demo.shop import generate_demo_shop
    from shopcrm.db import database, open_database

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
    from shopcrm.demo.vouchers import add_demo_vouchers
    from shopcrm.core.vouchers.values import VoucherValue
    from shopcrm.core.vouchers.batches import default_expiry, issue_single

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
    window.resize(1180, 700)
    window.show()
    QTest.qWaitForWindowExposed(window)
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
