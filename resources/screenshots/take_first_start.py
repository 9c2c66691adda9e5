"""Make the first start's screenshots (run under Xvfb, like take_screenshots.py):

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb LANG=en_GB.UTF-8 \
        .venv/bin/python resources/screenshots/take_first_start.py

The first-run page over a data folder in a temporary folder (nothing is set up: the page is
only looked at), then the setup form as an owner fills it in. Saves first-start.png and
first-start-setup.png here.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _settle(app, ms: int = 300) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="shopcrm-first-start-"))
    os.environ["SHOPCRM_DATA_DIR"] = str(folder / "data")
    os.environ["SHOPCRM_CONFIG_DIR"] = str(folder / "config")
    from shopcrm.config import default_database
    from shopcrm.db import parse_location
    from shopcrm.ui.app import application
    from shopcrm.ui.first_start.dialog import SETUP, FirstStartDialog
    from shopcrm.ui.opening import ShopOpener

    app = application([])
    opener = ShopOpener()
    opener.take(parse_location(default_database()))
    try:
        dialog = FirstStartDialog(opener)
        dialog.show()
        dialog.activateWindow()
        _settle(app)
        dialog.grab().save(str(HERE / "first-start.png"))
        dialog.show_page(SETUP)
        form = dialog.form
        form.name.setText("Corner Café")
        form.owner.setText("Sam Baker")
        form.pin.setText("2468")
        form.pin_again.setText("2468")
        form.loyalty.setCurrentIndex(form.loyalty.findData("stamp-card"))
        _settle(app)
        dialog.grab().save(str(HERE / "first-start-setup.png"))
        dialog.close()
    finally:
        opener.release()
    return 0


if __name__ == "__main__":
    sys.exit(main())
