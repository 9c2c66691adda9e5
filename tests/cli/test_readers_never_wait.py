"""A reader never waits for a writer: showing and searching work while another till (another
process) holds an open write transaction on the same file (or locks the PostgreSQL shop's
tables against writers).

The busy timeout is cut to two seconds; a reader that queued behind the writer (as every
command did when the schema check began ``BEGIN IMMEDIATE``) would fail after it with
"the database is busy".
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from shopcrm.cli import main
from shopcrm.core import customers
from shopcrm.core.customers import CustomerInput
from shopcrm.db import close, open_database
from tests.storage_faults import another_till_writing


@pytest.fixture
def shop(shop_location: str, monkeypatch: pytest.MonkeyPatch) -> str:
    open_database(shop_location)
    customers.add_customer(CustomerInput("Ada", "Lovelace", phone="+44 7911 123456"))
    close()
    monkeypatch.setenv("SHOPCRM_BUSY_TIMEOUT_S", "2")
    return shop_location


@pytest.mark.parametrize(
    "command",
    [
        ("customers", "show", "1", "--json"),
        ("customers", "search", "ada", "--json"),
        ("customers", "search", "3456", "--json"),
    ],
)
def test_reader_succeeds_while_another_till_writes(
    shop: str, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    with another_till_writing(shop):
        capsys.readouterr()
        started = time.monotonic()
        code = main(["--db", shop, *command])
        took = time.monotonic() - started
        out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    assert "Ada" in json.dumps(json.loads(out))
    assert took < 1.5  # it did not wait for the writer


def test_a_writer_still_waits_and_then_says_busy(
    shop: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPCRM_BUSY_TIMEOUT_S", "0.2")
    with another_till_writing(shop):
        capsys.readouterr()
        code = main(["--db", shop, "customers", "add", "--first-name", "Grace"])
        out, err = capsys.readouterr()
    assert code != 0
    assert out == ""
    assert err == (
        "error: the database is busy: another till has held it for more than 0.2 seconds;"
        " try again in a moment\n"
    )


_DEMO_WRITER = """
import sys
import shopcrm.demo.shop as demo
demo.DIRECT_FROM = 10  # the large-demo path, at a size a test can wait for
from shopcrm.cli import main
sys.exit(main(["--db", sys.argv[1], "demo", "--customers", "6000", "--seed", "5"]))
"""


def test_reader_succeeds_while_a_demo_is_written_into_the_shop(
    shop: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A big demo added to a shop that has customers stays in WAL mode, so the till can read
    all along (a rollback journal would lock readers out once its pages spill)."""
    writer = subprocess.Popen(
        [sys.executable, "-c", _DEMO_WRITER, shop],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    reads_during = 0
    try:
        time.sleep(0.3)
        while writer.poll() is None:
            capsys.readouterr()
            code = main(["--db", shop, "customers", "show", "1", "--json"])
            out, err = capsys.readouterr()
            assert code == 0, err
            assert json.loads(out)["first_name"] == "Ada"
            reads_during += writer.poll() is None
    finally:
        _, demo_err = writer.communicate(timeout=120)
    assert writer.returncode == 0, demo_err
    assert reads_during >= 3
