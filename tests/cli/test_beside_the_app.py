"""The command line takes no lock: an owner's script works on the shop while the app is open.

SQLite-only: the app's lock is a file beside a SQLite shop (``db_path``). The app here is a
real second process holding that lock, as a running window does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shopcrm.cli import main
from shopcrm.db.instance_lock import holder

HOLD = """
import sys
from shopcrm.db.instance_lock import InstanceLock
with InstanceLock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


def test_a_command_runs_while_an_app_holds_the_shop(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    here = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([here, os.environ.get("PYTHONPATH", "")]))
    app = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db_path)],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stdout is not None and app.stdout.readline().strip() == "held"
        assert holder(db_path) is not None
        assert main(["--db", str(db_path), "settings", "set", "currency", "GBP"]) == 0
        capsys.readouterr()
        assert main(["--db", str(db_path), "settings", "show", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["currency"] == "GBP"
        assert holder(db_path) is not None  # still the app's
    finally:
        app.kill()
        app.communicate(timeout=30)
