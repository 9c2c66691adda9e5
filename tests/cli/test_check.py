"""``shopcrm check [--full]``: the quick check by default, a progress bar on a terminal's
stderr only, and the same ``--json`` either way."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from shopcrm.cli import main
from shopcrm.core.notes import add_note
from shopcrm.db import close, open_database
from shopcrm.db.migrations import LATEST
from tests.storage_faults import index_out_of_step

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A closed shop with a few customers and their notes."""
    path = tmp_path / "shop.sqlite3"
    open_database(str(path))
    from shopcrm.core.customers import CustomerInput, add_customer

    for name in ("Olga", "Oleg", "Olivia"):
        add_note(add_customer(CustomerInput(name, "Petrova")).id, "prefers rye bread")
    close()
    return path


def run(capsys: pytest.CaptureFixture[str], shop: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(shop), "check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_quick_by_default_and_no_progress_when_stderr_is_no_terminal(shop, capsys) -> None:
    assert run(capsys, shop) == (
        0,
        f"ok: schema version {LATEST}, 3 customers (quick check; --full for the deep one)\n",
        "",
    )
    assert run(capsys, shop, "--full") == (
        0,
        f"ok: schema version {LATEST}, 3 customers (full check)\n",
        "",
    )


def test_full_finds_what_quick_cannot_with_the_same_json(shop, capsys) -> None:
    index_out_of_step(shop, "note_customer_id", "text")
    code, out, err = run(capsys, shop, "--json")
    assert (code, err) == (0, "")
    quick = json.loads(out)
    code, out, err = run(capsys, shop, "--full", "--json")
    assert (code, err) == (1, "")
    full = json.loads(out)
    assert list(quick) == list(full) == ["ok", "problems", "schema_version", "customers"]
    assert quick["ok"] and quick["problems"] == []
    assert not full["ok"]
    assert any("note_customer_id" in p for p in full["problems"])


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("full", [False, True])
def test_a_terminal_sees_the_bar_on_stderr_and_stdout_stays_clean(shop, tmp_path, full) -> None:
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SHOPCRM_DATA_DIR": str(tmp_path / "data")}
    args = ["--db", str(shop), "check", "--json", *(["--full"] if full else [])]
    child = subprocess.Popen(
        [sys.executable, "-m", "shopcrm", *args],
        stdout=subprocess.PIPE,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    out, _ = child.communicate(timeout=120)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child is gone and the terminal closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert child.returncode == 0
    assert json.loads(out)["ok"] is True  # stdout: the JSON and nothing else
    label = "Checking the database in full" if full else "Checking the database"
    text = seen.decode()
    assert f"\r{label} [" in text
    assert "100%" in text
    assert text.endswith("\r")  # the bar is wiped when the check ends
