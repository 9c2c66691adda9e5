"""A schema upgrade killed (SIGKILL) at random moments, its backup included, never leaves a
file under a backup's name that does not restore, and always leaves the shop openable.

SQLite files only (the backup is a file next to the database file). The shop is big enough
(25,000 customers, 250,000 visits, 25 MB) that the copy, its verification and the upgrade
each take a noticeable part of the child's run, so the kills land in all of them; the child
reports once its imports are done and is killed at a random moment of the time an unkilled
upgrade takes from there. The kills go on in the same folder (what one kill leaves behind is
what the next upgrade meets) until the shop is upgraded; then a new copy of the old shop.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import shopcrm
from shopcrm.db import close, connect, open_database, parse_location
from shopcrm.db.migrations import LATEST, backup, partial_copy
from tests.db.migrations.old_shops import make_old_shop

KILLS = 22
BUDGET_S = 50.0
_CHILD = """
import sys
from shopcrm.db import open_database
print("ready", flush=True)
open_database(sys.argv[1])
print("done", flush=True)
"""


def _build(path: Path, customers: int = 25_000, visits: int = 250_000) -> dict[str, int]:
    db = connect(parse_location(str(path)))
    make_old_shop(db, LATEST - 1)
    close()
    raw = sqlite3.connect(path)
    with raw:
        raw.executemany(
            "INSERT INTO customer (first_name, last_name, phone, email, created_at, updated_at)"
            " VALUES (?, 'Regular', '', '', '2024-01-01 00:00:00', '2024-01-01 00:00:00')",
            ((f"Customer {n}",) for n in range(customers)),
        )
        raw.executemany(
            "INSERT INTO visit (customer_id, visited_at, amount_minor, note, feedback, voided,"
            " void_reason) VALUES (?, ?, ?, '', '', 0, '')",
            (
                (4 + n % customers, f"2024-{1 + n % 12:02}-{1 + n % 28:02} 10:00:00", n % 5000)
                for n in range(visits)
            ),
        )
    counts = backup._row_counts(raw)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    for made_on_the_way in path.parent.glob("*-backup-*"):
        made_on_the_way.unlink()
    return counts


def _child(shop: Path) -> subprocess.Popen[str]:
    root = str(Path(shopcrm.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": root}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(shop)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    return child


def _version(path: Path) -> int:
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        return int(raw.execute("SELECT max(version) FROM schema_migration").fetchone()[0])
    finally:
        raw.close()


def _restores(copy: Path, counts: dict[str, int]) -> bool:
    raw = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return (
            raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            and raw.execute("SELECT max(version) FROM schema_migration").fetchone()[0] == LATEST - 1
            and backup._row_counts(raw) == counts
        )
    except sqlite3.DatabaseError:
        return False
    finally:
        raw.close()


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_kills_during_an_upgrade_never_leave_a_backup_that_does_not_restore(
    tmp_path: Path,
) -> None:
    template = tmp_path / "template" / "shop.sqlite3"
    template.parent.mkdir()
    counts = _build(template)
    folder = tmp_path / "till"
    folder.mkdir()
    shop = folder / "shop.sqlite3"
    shutil.copyfile(template, shop)
    os.chmod(shop, 0o600)

    started = time.monotonic()
    child = _child(shop)
    assert child.wait(timeout=60) == 0
    whole_run = time.monotonic() - started  # the unkilled upgrade, from the child's "ready"
    checked = {copy.name for copy in folder.glob("shop.v*-backup-*.sqlite3")}
    assert len(checked) == 1 and all(_restores(folder / name, counts) for name in checked)

    rng = random.Random(20261207)
    moments, upgraded, kills = [], 0, 0
    shutil.copyfile(template, shop)
    deadline = time.monotonic() + BUDGET_S
    while kills < KILLS and time.monotonic() < deadline:
        child = _child(shop)
        moment = rng.uniform(0, whole_run)
        time.sleep(moment)
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills += 1
        moments.append(moment)
        version = _version(shop)  # openable, whole, the old version or the new
        assert version in (LATEST - 1, LATEST)
        for copy in folder.glob("shop.v*-backup-*.sqlite3"):
            if copy.name not in checked:
                assert _restores(copy, counts), f"{copy.name} does not restore"
                checked.add(copy.name)
        if version == LATEST:
            upgraded += 1
            for copy in folder.glob("shop.sqlite3*"):
                copy.unlink()
            shutil.copyfile(template, shop)
    partials = len(list(folder.glob("*.partial")))  # kills inside a copy or its check
    print(
        f"{kills} kills in {time.monotonic() - deadline + BUDGET_S:.1f} s, upgrade"
        f" {whole_run:.2f} s unkilled, {upgraded} killed after it committed,"
        f" {len(checked)} backups all restore, {partials} partial copies left;"
        f" moments {sorted(round(m, 2) for m in moments)}"
    )
    assert kills >= 20

    # What the kills left does not confuse the next upgrade, which removes it (held by no one
    # now that its makers are dead) once past the seconds a copy in the making is left alone.
    a_while_ago = time.time() - partial_copy.FRESH_S - 1
    for partial in folder.glob("*.partial*"):
        os.utime(partial, (a_while_ago, a_while_ago))
    open_database(str(shop))
    close()
    assert _version(shop) == LATEST
    assert list(folder.glob("*.partial*")) == []
    assert all(_restores(copy, counts) for copy in folder.glob("shop.v*-backup-*.sqlite3"))
