"""Make the README screenshots from a small sample shop (run under Xvfb, see below).

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python resources/screenshots/take_screenshots.py

Builds a throw-away database in a temporary folder through ``shopcrm.core`` (never the real
shop), opens the real main window, types a query, and saves search.png and card.png here.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

SAMPLE = [  # first, last, phone, email, (month, day, year), tags
    (
        "María",
        "González",
        "+44 7911 123456",
        "maria@example.com",
        (3, 14, 1986),
        ["regular", "oat milk"],
    ),
    ("Mario", "Gonzales", "+44 7912 900123", "", (None, None, None), ["new"]),
    ("Marianne", "O'Brien", "+353 85 123 4567", "marianne@example.ie", (7, 2, None), ["regular"]),
    ("Marek", "Nowak", "+48 512 345 678", "", (None, None, None), []),
    (
        "José",
        "Martínez",
        "+34 612 345 678",
        "jose@example.es",
        (11, 30, 1979),
        ["vip", "gluten-free"],
    ),
    ("Юлия", "Смирнова", "+44 7912 654321", "", (1, 9, None), ["regular"]),
    ("佐藤", "花子", "+81 90 1234 5678", "", (None, None, None), []),
    (
        "Mark",
        "Thompson",
        "+44 20 7946 0958",
        "mark@example.co.uk",
        (None, None, None),
        ["wholesale"],
    ),
    ("Maria", "Gomez", "+44 7911 123999", "", (None, None, None), []),
]


def build_sample_shop(path: str) -> int:
    """Fill a fresh database; returns the id of the customer whose card is photographed."""
    from shopcrm.core import customers, notes, settings
    from shopcrm.core.customers import CustomerInput
    from shopcrm.db import open_database

    open_database(path)
    settings.set_value("phone_region", "GB")
    first_id = 0
    for first, last, phone, email, (month, day, year), tags in SAMPLE:
        card = customers.add_customer(
            CustomerInput(first, last, phone, email, month, day, year, tags)
        )
        first_id = first_id or card.id
    notes.add_note(first_id, "Nut allergy — check every order", pinned=True)
    notes.add_note(first_id, "Usual: flat white with oat milk and a cinnamon bun")
    notes.add_note(first_id, "Asked about the gluten-free sourdough; told her Thursdays")
    notes.add_note(first_id, "Moving house in May — ask how it went")
    return first_id


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
    from PySide6.QtTest import QTest

    os.environ.setdefault("SHOPCRM_CONFIG_DIR", tempfile.mkdtemp())
    folder = tempfile.mkdtemp()
    db_path = os.path.join(folder, "sample.sqlite3")
    customer_id = build_sample_shop(db_path)

    from shopcrm.db import parse_location
    from shopcrm.ui.app import application
    from shopcrm.ui.customer_dialog import CustomerDialog
    from shopcrm.ui.main_window import MainWindow

    app = application(sys.argv)
    window = MainWindow(parse_location(db_path))
    window.resize(1180, 700)
    window.show()
    QTest.qWaitForWindowExposed(window)
    QTest.keyClicks(window.search.search_box, "mar")
    QTest.qWait(200)
    window.grab().save(str(HERE / "search.png"))

    window.open_customer(customer_id)
    QTest.qWait(200)
    window.grab().save(str(HERE / "card.png"))

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
