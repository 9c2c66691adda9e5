"""The rotating app log, crash logs and the fault log (shopcrm/logs.py) and where they live."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from shopcrm import config
from shopcrm.logs import (
    BACKUPS,
    MAX_BYTES,
    crash_report,
    setup_logging,
    stop_logging,
    write_crash_log,
)


def test_logs_live_in_the_data_folder(tmp_path: Path) -> None:
    assert config.logs_dir() == tmp_path / "data" / "logs"  # SHOPCRM_DATA_DIR, set for tests


def test_the_default_database_folder_is_made_on_first_start(tmp_path: Path) -> None:
    assert not (tmp_path / "data").exists()
    assert config.default_database() == str(tmp_path / "data" / "shopcrm.sqlite3")
    assert (tmp_path / "data").is_dir()


def test_a_named_database_folder_is_never_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPCRM_DB", str(tmp_path / "elsewhere" / "shop.sqlite3"))
    assert config.default_database() == str(tmp_path / "elsewhere" / "shop.sqlite3")
    assert not (tmp_path / "elsewhere").exists()
    assert not (tmp_path / "data").exists()


def test_setup_logging_writes_one_rotating_file(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    path = setup_logging(folder)
    try:
        assert setup_logging(folder) == path  # a second call adds no second handler
        handlers = [
            h
            for h in logging.getLogger("shopcrm").handlers
            if isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path
        ]
        assert len(handlers) == 1
        assert (handlers[0].maxBytes, handlers[0].backupCount) == (MAX_BYTES, BACKUPS)
        logging.getLogger("shopcrm.vouchers").info("batch %d issued", 42)
        handlers[0].flush()
        assert "INFO shopcrm.vouchers: batch 42 issued" in path.read_text(encoding="utf-8")
    finally:
        stop_logging(folder)
    assert not [
        h for h in logging.getLogger("shopcrm").handlers if isinstance(h, RotatingFileHandler)
    ]


def test_a_crash_report_holds_the_versions_and_the_traceback(tmp_path: Path) -> None:
    try:
        {}["missing"]
    except KeyError:
        exc_type, exc, tb = sys.exc_info()
    assert exc_type is not None and exc is not None
    report = crash_report(exc_type, exc, tb, ("PySide6 6.x",))
    assert report.startswith("shopcrm ")
    assert "PySide6 6.x" in report
    assert "Traceback (most recent call last)" in report
    assert report.rstrip().endswith("KeyError: 'missing'")
    first = write_crash_log(tmp_path / "logs", report)
    second = write_crash_log(tmp_path / "logs", report)
    assert first != second
    assert first.read_text(encoding="utf-8") == report
    assert first.name.startswith("crash-") and first.suffix == ".txt"
