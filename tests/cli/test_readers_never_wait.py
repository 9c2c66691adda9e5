"""A reader never waits for a writer: showing and searching work while another till (another
process) holds an open write transaction on the same file.

The busy timeout is cut to two seconds; a reader that queued behind the writer (as every
command did when the schema check began ``BEGIN IMMEDIATE``) would fail after it with
"the database is busy".
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from shopcrm.cli import main
from shopcrm.core import customers
from shopcrm.core.customers import CustomerInput
from shopcrm.db import close, open_database
from tests.storage_faults import another_till_writing


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "shop.sqlite3"
    open_database(str(path))
    customers.add_customer(CustomerInput("Ada", "Lovelace", phone="+44 7911 123456"))
    close()
    monkeypatch.setenv("SHOPCRM_BUSY_TIMEOUT_S", "2")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ("customers", "show", "1", "--json"),
        ("customers", "search", "ada", "--json"),
        ("customers", "search", "3456", "--json"),
    ],
)
def test_reader_succeeds_while_another_till_writes(
    shop: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    with another_till_writing(shop):
        capsys.readouterr()
        started = time.monotonic()
        code = main(["--db", str(shop), *command])
        took = time.monotonic() - started
        out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    assert "Ada" in json.dumps(json.loads(out))
    assert took < 1.5  # it did not wait for the writer


def test_a_writer_still_waits_and_then_says_busy(
    shop: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPCRM_BUSY_TIMEOUT_S", "0.2")
    with another_till_writing(shop):
        capsys.readouterr()
        code = main(["--db", str(shop), "customers", "add", "--first-name", "Grace"])
        out, err = capsys.readouterr()
    assert code != 0
    assert out == ""
    assert err == (
        "error: the database is busy: another till has held it for more than 0.2 seconds;"
        " try again in a moment\n"
    )
