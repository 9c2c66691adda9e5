"""Cold start of the app against a bare PySide6 window, and the peak memory of each.

Each run is a fresh process, timed from launch to exit; with ``SHOPCRM_STARTUP_PROBE=1`` the app
quits as soon as its window is shown, and the bare script does the same, so the difference is
what shopcrm adds (imports, opening and checking the database, building the window). Peak RSS
comes from ``wait4`` for that one child, not from the benchmark process.

Both start as installed programs do: from compiled bytecode. A pip install compiles every
module and the PyInstaller build ships them compiled, but a source checkout run with
``PYTHONDONTWRITEBYTECODE=1`` (as on these machines) would compile shopcrm's hundred-odd
modules on every start, ~60 ms that no shop ever pays. So the children write and read their
bytecode in a cache folder of this run (``PYTHONPYCACHEPREFIX``, so the checkout stays clean),
and one untimed start of each fills it first.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BARE_WINDOW = (
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "window = QMainWindow()\n"
    "window.show()\n"
    "QTimer.singleShot(0, app.quit)\n"
    "app.exec()\n"
)
_TIMEOUT_S = 120


@dataclass
class RunStats:
    median_s: float
    times_s: list[float]
    peak_rss_mb: float
    failures: list[str]


def gui_available() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("shopcrm.cli", "shopcrm.ui.app"))


def _run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, str | None]:
    """(wall seconds, peak RSS MB, failure or None) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    killer = threading.Timer(_TIMEOUT_S, child.kill)
    killer.start()
    try:
        _, status, usage = os.wait4(child.pid, 0)
    finally:
        killer.cancel()
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    failure = None
    if child.returncode != 0:
        failure = f"exit code {child.returncode}: {errors.strip()[-500:]}"
    return wall, usage.ru_maxrss / 1024, failure


def _compiled(env: dict[str, str]) -> dict[str, str]:
    """``env`` for a child that starts from bytecode kept in this run's cache folder."""
    cache = os.path.join(tempfile.gettempdir(), "shopcrm-bench-bytecode")
    env = {**env, "PYTHONPYCACHEPREFIX": cache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(argv: list[str], runs: int, extra_env: dict[str, str]) -> RunStats:
    env = _compiled({**os.environ, "QT_QPA_PLATFORM": "offscreen", **extra_env})
    _run_once(argv, env)  # untimed: fills the bytecode cache
    times, peaks, failures = [], [], []
    for _ in range(runs):
        wall, peak, failure = _run_once(argv, env)
        times.append(wall)
        peaks.append(peak)
        if failure:
            failures.append(failure)
    return RunStats(statistics.median(times), times, max(peaks), failures)


def app_start(db_path: str, runs: int = 5) -> RunStats:
    return measure(
        [sys.executable, "-m", "shopcrm", "--db", db_path], runs, {"SHOPCRM_STARTUP_PROBE": "1"}
    )


def bare_start(runs: int = 5) -> RunStats:
    return measure([sys.executable, "-c", BARE_WINDOW], runs, {})


def alternate_starts(db_path: str, runs: int = 7) -> tuple[RunStats, RunStats]:
    """(bare window, app) started alternately, so a burst of load on a shared machine falls
    on both alike rather than on whichever ran during it."""
    code = str(Path(__file__).resolve().parents[2])  # this checkout's shopcrm, not another
    env = _compiled({**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": code})
    argv = {
        "bare": [sys.executable, "-c", BARE_WINDOW],
        "app": [sys.executable, "-m", "shopcrm", "--db", db_path],
    }
    extra = {"bare": {}, "app": {"SHOPCRM_STARTUP_PROBE": "1"}}
    samples: dict[str, tuple[list[float], list[float], list[str]]] = {
        kind: ([], [], []) for kind in argv
    }
    for kind in argv:  # untimed: fills the bytecode cache
        _run_once(argv[kind], {**env, **extra[kind]})
    for _ in range(runs):
        for kind in argv:
            wall, peak, failure = _run_once(argv[kind], {**env, **extra[kind]})
            times, peaks, failures = samples[kind]
            times.append(wall)
            peaks.append(peak)
            if failure:
                failures.append(failure)
    bare, app = (RunStats(statistics.median(t), t, max(p), f) for t, p, f in samples.values())
    return bare, app
