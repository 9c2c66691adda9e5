"""A second app on the same SQLite shop is told which process has it, opens nothing, exits 1;
a killed app blocks nothing. Every other app here is a real process.

SQLite-only: the lock is a file beside a SQLite shop; PostgreSQL shops are not locked (several
tills on one server is the point), which the last test shows on both engines.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from shopcrm.db.instance_lock import holder, lock_path
from shopcrm.ui import app

HERE = str(Path(__file__).resolve().parents[2])

#: A real app whose error dialog prints its title and text instead of waiting for a click.
APP = """
import sys
from PySide6.QtWidgets import QMessageBox
def shown(_parent, title, text):
    print(title)
    print(text)
QMessageBox.critical = staticmethod(shown)
from shopcrm.ui.app import run
sys.exit(run(sys.argv[1]))
"""

HOLD = """
import sys
from shopcrm.db.instance_lock import InstanceLock
with InstanceLock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


def _env(**extra: str) -> dict[str, str]:
    path = os.pathsep.join([HERE, os.environ.get("PYTHONPATH", "")])
    return dict(os.environ, PYTHONPATH=path, QT_QPA_PLATFORM="offscreen", **extra)


def _start(code: str, *args: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=_env(**extra),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_until_held_by(database: Path, process: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = holder(database)
        if found and f"process {process.pid} " in found:
            return found
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("the first app never took the shop")


@pytest.fixture
def stop() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def test_a_second_app_is_told_who_has_the_shop_and_opens_nothing(
    qapp, tmp_path: Path, monkeypatch, stop
):
    database = tmp_path / "shop.sqlite3"  # a new shop: nothing must make it
    other = _start(HOLD, str(database))
    stop.append(other)
    assert other.stdout is not None and other.stdout.readline().strip() == "held"
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _p, title, text: shown.append((title, text)))
    )
    assert app.run(str(database)) == 1
    assert shown == [
        (
            "shopcrm is already open",
            f"shopcrm is already open on this database (process {other.pid} on"
            f" {socket.gethostname()}): {database}; switch to that window, or close it and"
            " start again (one app at a time on a shop file; several tills share a PostgreSQL"
            " server)",
        )
    ]
    assert not database.exists()  # nothing opened, nothing made
    assert not Path(f"{database}-wal").exists()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_a_second_real_app_is_refused_and_a_killed_one_blocks_nothing(tmp_path: Path, stop):
    database = tmp_path / "shop.sqlite3"
    first = _start(APP, str(database))  # a real app, its window open until it is killed
    stop.append(first)
    _wait_until_held_by(database, first)

    second = subprocess.run(
        [sys.executable, "-c", APP, str(database)],
        env=_env(SHOPCRM_STARTUP_PROBE="1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 1, second.stderr
    title, text = second.stdout.splitlines()[-2:]
    assert title == "shopcrm is already open"
    assert text.startswith(f"shopcrm is already open on this database (process {first.pid} on ")

    os.kill(first.pid, signal.SIGKILL)  # a crash: no cleanup runs, the lock file stays
    first.wait(timeout=30)
    assert lock_path(database).exists()
    third = subprocess.run(
        [sys.executable, "-c", APP, str(database)],
        env=_env(SHOPCRM_STARTUP_PROBE="1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert third.returncode == 0, third.stdout + third.stderr
    assert holder(database) is None  # and it let go when it closed


#: A real app run to the end by the start probe; asks who holds the shop while the window is up
#: (on the event loop's first turn) and after it has closed, and prints both.
HOLDER_WHILE_OPEN = """
import json, sys
from PySide6.QtCore import QTimer
from shopcrm.db.instance_lock import holder
from shopcrm.ui.app import run

seen = []
original = QTimer.singleShot

def single_shot(*args):
    seen.append(holder(sys.argv[1]))  # asked while the window is up
    return original(*args)

QTimer.singleShot = staticmethod(single_shot)
code = run(sys.argv[1])
print(json.dumps({"code": code, "while_open": seen, "after": holder(sys.argv[1])}))
"""


def test_the_app_holds_a_sqlite_shop_only_while_it_runs(shop_location: str):
    """On SQLite the window's lifetime is the lock's; a PostgreSQL shop gets no lock. The app
    runs in a process of its own: an app run to its end quits the QApplication, which would
    leave this process's later windows unable to become active."""
    done = subprocess.run(
        [sys.executable, "-c", HOLDER_WHILE_OPEN, shop_location],
        env=_env(SHOPCRM_STARTUP_PROBE="1"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0
    assert report["while_open"]  # asked while the window was up
    if shop_location.startswith("postgres"):
        assert report["while_open"][0] is None
    else:
        assert "shopcrm is already open on this database (process " in report["while_open"][0]
    assert report["after"] is None
