"""Where the window remembers its size and layout (QSettings, never the shop's database).

Window state belongs to this computer, not to the shop's data, so it lives in QSettings.
``SHOPCRM_CONFIG_DIR`` moves the file (tests point it at a temporary folder so they never touch
the real user settings).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from shopcrm.config import APP_NAME, ORGANISATION

GEOMETRY_KEY = "main_window/geometry"
WINDOW_STATE_KEY = "main_window/state"
SPLITTER_KEY = "main_window/splitter"


def window_settings() -> QSettings:
    """The QSettings that hold window geometry; an INI file under SHOPCRM_CONFIG_DIR if set."""
    override = os.environ.get("SHOPCRM_CONFIG_DIR")
    if override:
        folder = Path(override)
        folder.mkdir(parents=True, exist_ok=True)
        return QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
    if not QCoreApplication.organizationName():
        return QSettings(ORGANISATION, APP_NAME)
    return QSettings()


def restore_layout(window: QMainWindow, splitter: QSplitter) -> None:
    """Put the window and its splitter back where they were last time (if anywhere)."""
    settings = window_settings()
    for key, restore in (
        (GEOMETRY_KEY, window.restoreGeometry),
        (WINDOW_STATE_KEY, window.restoreState),
        (SPLITTER_KEY, splitter.restoreState),
    ):
        saved = settings.value(key)
        if isinstance(saved, QByteArray) and not saved.isEmpty():
            restore(saved)


def save_layout(window: QMainWindow, splitter: QSplitter) -> None:
    settings = window_settings()
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.setValue(WINDOW_STATE_KEY, window.saveState())
    settings.setValue(SPLITTER_KEY, splitter.saveState())
    settings.sync()
