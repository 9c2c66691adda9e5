"""The cycle collector: paused while the app starts from its command line, back on once the
window is up, and the survivors frozen at exit; never touched by in-process callers."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from shopcrm import collector

# The app's command line run in a process of its own, as `shopcrm --db …` runs it, with a spy on
# the moment the collector is resumed (queued on the event loop once the window is shown).
START_AND_REPORT = """
import gc, json, sys
from shopcrm import collector
from shopcrm.cli import main

resumed = []
real_resume = collector.resume_after_start

def spy():
    from PySide6.QtWidgets import QApplication
    shown = [w.isVisible() for w in QApplication.topLevelWidgets() if w.inherits("QMainWindow")]
    resumed.append({"enabled_before": gc.isenabled(), "window_shown": shown})
    real_resume()
    resumed[-1]["enabled_after"] = gc.isenabled()

collector.resume_after_start = spy
sys.argv = ["shopcrm", "--db", sys.argv[1]]
code = main()
print(json.dumps({"code": code, "resumed": resumed, "enabled": gc.isenabled(),
                  "frozen": gc.get_freeze_count()}))
"""


@pytest.fixture
def collector_as_found() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    collector.resume_after_start()
    gc.enable() if was_enabled else gc.disable()


def test_start_from_the_command_line_pauses_then_resumes_then_freezes(shop_location: str):
    env = dict(os.environ, SHOPCRM_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", START_AND_REPORT, shop_location],
        env=env,
        timeout=120,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    report = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert report["code"] == 0
    first = report["resumed"][0]
    assert first == {"enabled_before": False, "window_shown": [True], "enabled_after": True}
    assert report["enabled"] is True
    assert report["frozen"] > 10_000  # the session's modules, classes and widgets


@pytest.mark.usefixtures("collector_as_found")
def test_resume_only_undoes_its_own_pause():
    gc.disable()  # someone else's choice (a profiler, a test): not ours to undo
    collector.resume_after_start()
    assert not gc.isenabled()
    gc.enable()
    collector.pause_for_start()
    assert not gc.isenabled()
    collector.resume_after_start()
    assert gc.isenabled()
    collector.resume_after_start()  # a second resume changes nothing
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_as_found")
def test_pause_leaves_a_collector_already_off_to_its_owner():
    gc.disable()
    collector.pause_for_start()
    collector.resume_after_start()
    assert not gc.isenabled()
