"""peewee is loaded without the PostgreSQL drivers, and both engines still work.

Each case runs in a fresh interpreter, as the ``shopcrm`` command does: the test process has
loaded peewee (and psycopg) long ago, which is exactly what must not be assumed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from shopcrm.peewee_loading import DRIVERS_PEEWEE_NEED_NOT_LOAD

ROOT = Path(__file__).resolve().parents[1]


def _shopcrm(*arguments: str, after: str = "") -> subprocess.CompletedProcess[str]:
    """``shopcrm ARGUMENTS`` in a new interpreter; then ``after`` (Python) runs in it."""
    probe = (
        "import sys\n"
        "from shopcrm.cli import main\n"
        f"code = main({list(arguments)!r})\n"
        "sys.stdout.flush()\n"
        f"{after}\n"
        "sys.exit(code)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )


def test_a_command_on_a_sqlite_shop_loads_no_postgresql_driver(tmp_path) -> None:
    shop = str(tmp_path / "shop.sqlite3")
    made = _shopcrm("--db", shop, "customers", "add", "--first-name", "Olga")
    assert made.returncode == 0, made.stderr  # (a new shop's migrations may load anything)
    done = _shopcrm(
        "--db", shop, "customers", "search", "olg", "--json",
        after="import peewee\n"
        f"print('LOADED', [m for m in {DRIVERS_PEEWEE_NEED_NOT_LOAD!r} if m in sys.modules],"
        " peewee.psycopg)",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found, loaded = done.stdout.split("LOADED ")
    assert [c["first_name"] for c in json.loads(found)] == ["Olga"]
    assert loaded.strip() == "[] None"  # peewee believes no driver is there, and none was loaded


def test_a_postgresql_shop_works_with_peewee_loaded_without_drivers(postgres_url) -> None:
    added = _shopcrm(
        "--db", postgres_url, "customers", "add", "--first-name", "Olga", "--json",
        after="import peewee\nprint('DRIVER', peewee.psycopg)",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    card, driver = added.stdout.split("DRIVER ")
    assert driver.strip() == "None"  # peewee's own view; shopcrm's adapter brought psycopg
    assert json.loads(card)["first_name"] == "Olga"

    found = _shopcrm("--db", postgres_url, "customers", "search", "olg", "--json")
    assert found.returncode == 0, found.stderr
    assert [c["first_name"] for c in json.loads(found.stdout)] == ["Olga"]
