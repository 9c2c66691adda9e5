"""The real crash handler, installed over a logs folder in tmp, with what it would show captured.

pytest-qt catches exceptions raised in slots itself (and fails the test); the tests here carry
``qt_no_exception_capture`` so the exception reaches the handler under test instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from shopcrm.config import logs_dir
from shopcrm.logs import setup_logging, stop_logging
from shopcrm.ui import crash
from shopcrm.ui.crash import CrashHandler
from shopcrm.ui.crash.dialog import CrashDialog, ErrorNotice


@dataclass
class Shown:
    handler: CrashHandler
    logs: Path
    notices: list[str] = field(default_factory=list)
    crashes: list[tuple[Path | None, str]] = field(default_factory=list)

    def crash_logs(self) -> list[Path]:
        return sorted(self.logs.glob("crash-*.txt")) if self.logs.exists() else []


@pytest.fixture
def shown(qapp, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shown]:
    logs = logs_dir()
    setup_logging(logs)
    handler = crash.install(logs, fault_log=False)
    captured = Shown(handler, logs)
    monkeypatch.setattr(
        ErrorNotice, "show", classmethod(lambda cls, parent, text: captured.notices.append(text))
    )
    monkeypatch.setattr(
        CrashDialog,
        "report",
        classmethod(lambda cls, parent, path, details: captured.crashes.append((path, details))),
    )
    try:
        yield captured
    finally:
        handler.uninstall()
        stop_logging(logs)
