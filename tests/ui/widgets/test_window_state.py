"""The window comes back the size and layout it was closed at (QSettings in the test's folder)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSize

from shopcrm.db import parse_location
from shopcrm.ui.main_window import MainWindow
from shopcrm.ui.widgets.window_state import GEOMETRY_KEY, window_settings


def _open(qtbot, shop_location: str) -> MainWindow:
    win = MainWindow(parse_location(shop_location))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_geometry_and_splitter_are_saved_and_restored(qtbot, shop, shop_location):
    first = _open(qtbot, shop_location)
    first.resize(700, 450)
    first.splitter.setSizes([250, 450])
    qtbot.waitUntil(lambda: first.size() == QSize(700, 450))
    sizes = first.splitter.sizes()
    first.close()

    ini = Path(os.environ["SHOPCRM_CONFIG_DIR"]) / "window.ini"
    assert ini.exists()
    assert window_settings().value(GEOMETRY_KEY) is not None

    second = _open(qtbot, shop_location)
    assert second.size() == QSize(700, 450)
    assert second.splitter.sizes() == sizes


def test_settings_live_under_the_config_dir(shop):
    assert window_settings().fileName().startswith(os.environ["SHOPCRM_CONFIG_DIR"])
