"""Storage faults on the command line: one line on stderr, nothing on stdout, exit non-zero,
never a traceback. (Another till holding the database: tests/cli/test_readers_never_wait.py.)

SQLite-only: the faults are of a database file (read-only, capped, junk, damaged pages). The
server's faults on the command line are in ``tests/db/test_postgres_storage_errors.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from shopcrm.cli import main
from shopcrm.core import customers
from shopcrm.core.customers import CustomerInput
from shopcrm.db import close, connection, database, open_database
from tests.storage_faults import checkpoint, damage, fill_up, make_read_only, overwrite_with_junk

Run = tuple[int, str, str]


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A closed shop file with a few hundred customers, so every table spans several pages."""
    path = tmp_path / "shop.sqlite3"
    open_database(str(path))
    for number in range(300):
        customers.add_customer(CustomerInput(f"Ada{number}", "Lovelace"))
    close()
    checkpoint(path)
    return path


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> Run:
    capsys.readouterr()
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(result: Run) -> str:
    code, out, err = result
    assert code != 0
    assert out == ""
    assert err.startswith("error: ")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


ADD = ("customers", "add", "--first-name", "Grace", "--json")


def test_read_only_file(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_read_only(shop)
    before = shop.read_bytes()
    err = one_line_error(run(capsys, shop, *ADD))
    assert err == (
        f"error: the database file cannot be written (read-only file or folder): {shop};"
        " make it writable, then try again\n"
    )
    code, out, _ = run(capsys, shop, "customers", "show", "1", "--json")
    assert code == 0 and "Ada0" in out  # reading still works
    assert shop.read_bytes() == before


def test_full_database(
    shop: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    open_database(str(shop))
    fill_up(database.obj)
    pages = database.obj.execute_sql("PRAGMA page_count").fetchone()[0]
    count = customers.customer_count()
    close()
    # max_page_count holds for one connection: every connection the command opens gets it.
    monkeypatch.setitem(connection.SQLITE_PRAGMAS, "max_page_count", pages)
    err = one_line_error(run(capsys, shop, *ADD))
    assert err.startswith("error: the disk is full: free some space, then try again")
    assert "rollback" not in err
    monkeypatch.delitem(connection.SQLITE_PRAGMAS, "max_page_count")
    open_database(str(shop))
    try:
        assert customers.customer_count() == count  # the refused add left nothing behind
    finally:
        close()


def test_not_a_database(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    overwrite_with_junk(shop)
    for command in (ADD, ("customers", "show", "1"), ("check",)):
        err = one_line_error(run(capsys, shop, *command))
        assert err == (
            f"error: this file is not a shopcrm database or it is damaged: {shop};"
            " restore it from a backup\n"
        )


@pytest.mark.parametrize("at", [0.3, 0.5, 0.7, 0.9])
def test_check_reports_damage_in_the_middle_of_the_file(
    shop: Path, capsys: pytest.CaptureFixture[str], at: float
) -> None:
    """Damage SQLite cannot read past stops the check with one line; damage it can read past
    (a few bad pages in one table) is listed, one problem per line, and the check fails."""
    damage(shop, at)
    code, out, err = run(capsys, shop, "check")
    assert code != 0 and "Traceback" not in err
    if "problem: " in out + err:
        lines = [line for line in (out + err).splitlines() if line]
        assert lines and all(line.startswith("problem: integrity: ") for line in lines), lines
    else:
        assert "damaged" in one_line_error((code, out, err))


def test_check_of_a_sound_file_still_passes(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, shop, "check")
    assert code == 0, err
    assert out.startswith("ok: schema version")
