"""The first start as the app runs it, each start a real process (as a person starts it, and
as tests/ui/test_app.py does): the first-run page comes before the window when the default
shop is new, the window opens on what was chosen (its title says DEMO for the demo), the
shop's own file is never written by the demo, and the next start opens the shop that was set
up, or offers the choice again. A database named with ``--db`` or ``SHOPCRM_DB`` opens as it
is, as scripts expect. The page is driven from inside the process, through its widgets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shopcrm.config import choose_database, default_database, demo_database
from shopcrm.core import settings
from shopcrm.core.first_start import shop_is_new
from shopcrm.core.staff import list_staff
from shopcrm.db import close, open_database, parse_location
from shopcrm.db.models import Customer

DRIVER = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from shopcrm.cli import main
from shopcrm.ui import app
from shopcrm.ui.first_start import demo_page
from shopcrm.ui.first_start.dialog import FirstStartDialog

demo_page.DEMO_CUSTOMERS = 300
choice = sys.argv[1]


class Recorded(app.MainWindow):
    def showEvent(self, event):
        print("TITLE", self.windowTitle(), flush=True)
        super().showEvent(event)


def set_up(dialog):
    dialog.set_up_button.click()
    form = dialog.form
    form.name.setText("Corner Café")
    form.currency.set_code("EUR")
    form.formats_list.set_code("fr_FR")
    form.region.set_code("FR")
    form.owner.setText("Camille")
    dialog.open_button.click()


def look():
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, FirstStartDialog) and widget.isVisible():
            print("PAGE", flush=True)
            if choice == "setup":
                set_up(widget)
            elif choice == "demo":
                widget.demo_button.click()
            else:
                widget.reject()
            return
    QTimer.singleShot(20, look)


app.MainWindow = Recorded
app.application([])
QTimer.singleShot(0, look)
sys.exit(main(sys.argv[2:]))
"""


def _start(choice: str, *args: str, **env: str) -> tuple[int, list[str]]:
    """Start the app (``shopcrm`` with ``args``); on the first-run page, do ``choice``; the
    exit code and what the process saw (PAGE, TITLE …)."""
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, choice, *args],
        env=dict(os.environ, SHOPCRM_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen", **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout.splitlines()


@pytest.fixture
def default_shop(backend: str, shop_location: str) -> str:
    """The app's default shop: the data folder's file, or the server chosen on this computer
    (a fresh shop on the test's PostgreSQL server)."""
    if backend == "postgresql":
        choose_database(shop_location)
    return default_database()


def _is_new(location: str) -> bool:
    open_database(location)
    try:
        return shop_is_new()
    finally:
        close()


def test_setting_up_opens_the_window_and_the_next_start_goes_to_the_shop(
    default_shop: str,
) -> None:
    assert _start("setup") == (0, ["PAGE", "TITLE shopcrm"])
    open_database(default_shop)
    try:
        shop = settings.load()
        assert (shop.shop_name, shop.currency, shop.locale, shop.phone_region) == (
            "Corner Café",
            "EUR",
            "fr_FR",
            "FR",
        )
        assert [m.name for m in list_staff() if m.role == "owner"] == ["Camille"]
    finally:
        close()
    assert _start("close") == (0, ["TITLE shopcrm"])  # straight to the shop, no page


def test_the_demo_is_marked_separate_and_offered_again_next_time(
    default_shop: str, backend: str
) -> None:
    code, seen = _start("demo")
    assert code == 0 and seen[0] == "PAGE" and len(seen) == 2
    assert "DEMO" in seen[1]
    demo = demo_database(parse_location(default_shop).target)
    if backend == "sqlite":
        assert not Path(default_shop).exists()  # the real shop's file was never made
        assert Path(demo).parent == Path(default_shop).parent
    else:
        assert _is_new(default_shop)
    open_database(demo)
    made = Customer.select().count()
    close()
    assert made == 300
    # No shop was set up: the choice again; the demo made before opens as it was.
    code, seen = _start("demo")
    assert code == 0 and seen[0] == "PAGE" and "DEMO" in seen[1]
    open_database(demo)
    assert Customer.select().count() == made
    close()
    if backend == "sqlite":
        assert not Path(default_shop).exists()
    else:
        assert _is_new(default_shop)


def test_closing_the_page_ends_the_app_and_makes_nothing() -> None:
    assert _start("close") == (0, ["PAGE"])
    assert not Path(default_database()).exists()


@pytest.mark.parametrize("how", ["--db", "SHOPCRM_DB"])
def test_a_named_database_opens_as_it_is(tmp_path: Path, how: str) -> None:
    named = tmp_path / "script-shop.sqlite3"
    if how == "--db":
        assert _start("close", "--db", str(named)) == (0, ["TITLE shopcrm"])
    else:
        assert _start("close", SHOPCRM_DB=str(named)) == (0, ["TITLE shopcrm"])
    assert named.exists()
