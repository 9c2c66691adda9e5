"""Starting the app: the probe quits at once after showing; a bad database is explained."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from shopcrm.ui import app


def test_startup_probe_shows_the_window_and_quits(tmp_path: Path):
    """A real cold start in its own process, exactly as the benchmark runs it."""
    database = tmp_path / "new-shop.sqlite3"
    env = dict(os.environ, SHOPCRM_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen")
    code = "import sys; from shopcrm.ui.app import run; sys.exit(run(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(database)], env=env, timeout=60, capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert database.exists()
    assert (Path(env["SHOPCRM_CONFIG_DIR"]) / "window.ini").exists()  # closed → state saved


def test_application_carries_the_names_qsettings_needs(qapp):
    assert app.application().organizationName() == "shopcrm"
    assert qapp.applicationName() == "shopcrm"


@pytest.mark.parametrize("where", ["folder", "url"])
def test_unusable_database_is_explained_and_exits_1(qapp, tmp_path: Path, monkeypatch, where):
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, _title, text: shown.append(text))
    )
    location = str(tmp_path) if where == "folder" else "mysql://nope/shop"
    assert app.run(location) == 1
    assert shown and shown[0]
