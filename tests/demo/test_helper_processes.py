"""The demo's helper processes: used for large demos, stopped by Cancel and Ctrl+C, and a
helper that fails or dies is an error, never a wait that does not end."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime

import peewee
import pytest

from shopcrm.core.check import check_database
from shopcrm.core.errors import ValidationError
from shopcrm.core.progress import WorkCancelled
from shopcrm.db import close, open_database
from shopcrm.demo import shop as demo
from shopcrm.demo.helper_processes import HelperError, made_by_helpers
from shopcrm.demo.rows import batch_count
from shopcrm.demo.shop import generate_demo_shop

NOW = datetime(2026, 3, 14, 15, 9, 26, tzinfo=UTC)
#: A demo of this many customers in batches of ``SMALL_BATCH`` gives each helper far more
#: batches than it can make ahead (a queue of 3, and a pipe of 64 KB holds about two), so
#: every helper is still at work when the first batch is written.
CUSTOMERS = 2_000
SMALL_BATCH = 40


class Cancelled(Exception):
    """What the app's Cancel button raises from inside the progress callback."""


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``CUSTOMERS`` count as a large demo, on a machine with two cores or more."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(demo, "PARALLEL_FROM", CUSTOMERS)
    monkeypatch.setattr(demo, "BATCH", SMALL_BATCH)


def _helpers() -> set[str]:
    return {p.name for p in multiprocessing.active_children()}


def _gone(pids: list[int], wait: float = 10.0) -> bool:
    """Whether none of these processes exists any more (waiting a little for them to go)."""
    deadline = time.monotonic() + wait
    while True:
        alive = []
        for pid in pids:
            try:
                os.kill(pid, 0)
                alive.append(pid)
            except ProcessLookupError:
                pass
        if not alive or time.monotonic() > deadline:
            return not alive
        time.sleep(0.05)


def _count(db: peewee.Database, table: str) -> int:
    return db.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_the_size_decides_who_makes_the_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert demo.helper_count(demo.PARALLEL_FROM - 1) == 0
    assert demo.helper_count(demo.PARALLEL_FROM) == demo.WORKERS >= 2
    assert demo.helper_count(60_000) == demo.WORKERS  # the build's smoke run takes this path
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # a single core gains nothing from helpers
    assert demo.helper_count(demo.PARALLEL_FROM) == 0


def test_a_large_demo_is_made_by_helper_processes_a_smaller_one_here(
    db: peewee.Database, large: None
) -> None:
    seen: list[set[str]] = []
    generate_demo_shop(CUSTOMERS, seed=5, now=NOW, progress=lambda *_: seen.append(_helpers()))
    names = {f"shopcrm-demo-helper-{n}" for n in range(demo.WORKERS)}
    assert seen[0] == names
    assert _helpers() == set()  # stopped and waited for
    seen.clear()
    generate_demo_shop(CUSTOMERS - 1, seed=6, now=NOW, progress=lambda *_: seen.append(_helpers()))
    assert seen and all(helpers == set() for helpers in seen)
    assert _count(db, "customer") == 2 * CUSTOMERS - 1
    assert check_database().ok


@pytest.mark.parametrize("stop", [Cancelled, KeyboardInterrupt])
def test_cancel_or_ctrl_c_stops_the_helpers_and_keeps_nothing(
    db: peewee.Database, large: None, stop: type[BaseException]
) -> None:
    pids: list[int] = []

    def progress(done: int, total: int) -> None:
        pids.extend(p.pid for p in multiprocessing.active_children() if p.pid)
        raise stop()

    staff = _count(db, "staff")
    with pytest.raises(stop):
        generate_demo_shop(CUSTOMERS, seed=5, now=NOW, progress=progress)
    assert len(pids) == demo.WORKERS
    assert _helpers() == set()
    if os.name == "posix":
        assert _gone(pids)
    assert (_count(db, "customer"), _count(db, "visit"), _count(db, "staff")) == (0, 0, staff)
    assert check_database().ok


@pytest.mark.parametrize("size", ["large", "small"])
def test_a_cancelled_demo_keeps_nothing_and_leaves_no_helper(
    db: peewee.Database, monkeypatch: pytest.MonkeyPatch, size: str
) -> None:
    """The GUI's Cancel is a flag the demo asks after each batch (``cancelled``), not an
    exception raised from ``progress``: it stops a large demo with its helpers at work as well
    as a small one made in this process, and the transaction keeps nothing."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(demo, "BATCH", SMALL_BATCH)
    if size == "large":
        monkeypatch.setattr(demo, "PARALLEL_FROM", CUSTOMERS)
    stop = threading.Event()
    pids: list[int] = []
    batches: list[int] = []

    def progress(done: int, total: int) -> None:
        batches.append(done)
        pids.extend(p.pid for p in multiprocessing.active_children() if p.pid)
        if len(batches) == 2:
            stop.set()  # as the Cancel button does, from the GUI thread

    staff = _count(db, "staff")
    with pytest.raises(WorkCancelled):
        generate_demo_shop(CUSTOMERS, seed=5, now=NOW, progress=progress, cancelled=stop.is_set)
    assert batches == [SMALL_BATCH, 2 * SMALL_BATCH]  # stopped right after the batch it was set
    assert len(set(pids)) == (demo.WORKERS if size == "large" else 0)
    assert _helpers() == set()
    if os.name == "posix":
        assert _gone(pids)
    assert (_count(db, "customer"), _count(db, "visit"), _count(db, "staff")) == (0, 0, staff)
    assert check_database().ok


def test_a_helper_that_dies_is_an_error_not_a_wait(db: peewee.Database, large: None) -> None:
    def progress(done: int, total: int) -> None:
        if done == SMALL_BATCH:
            for helper in multiprocessing.active_children():
                if helper.name.endswith("-1"):
                    helper.kill()  # as the system would stop a process out of memory

    with pytest.raises(HelperError, match="helper process 1 stopped unexpectedly"):
        generate_demo_shop(CUSTOMERS, seed=5, now=NOW, progress=progress)
    assert _helpers() == set()
    assert _count(db, "customer") == 0
    assert check_database().ok


def test_a_helper_that_fails_sends_its_traceback(db: peewee.Database) -> None:
    """A plan whose tags were not added makes the helpers fail on the first customer with a
    tag: the writer raises at once with the helper's own traceback attached."""
    with db.atomic() as transaction:
        plan = demo.demo_plan(db.cursor(), CUSTOMERS, 5, NOW, "GB")
        transaction.rollback()
    broken = replace(plan, batch=SMALL_BATCH, tag_ids={})
    made = 0
    failed = r"helper process \d failed: KeyError"
    with pytest.raises(HelperError, match=failed) as raised, made_by_helpers(broken, 2) as batches:
        for _ in batches:
            made += 1
    assert made < batch_count(broken)
    assert "Traceback" in str(raised.value.__cause__)
    assert "tag_ids" in str(raised.value.__cause__)  # where it failed, in the helper's code
    assert _helpers() == set()


@pytest.mark.skipif(os.name != "posix", reason="process groups and SIGINT are POSIX")
def test_ctrl_c_in_a_terminal_leaves_no_process_behind(shop_location: str) -> None:
    """A terminal sends SIGINT to the whole foreground process group: the demo, its helpers
    and multiprocessing's resource tracker. Afterwards none of them may be left."""
    script = (
        "import sys\n"
        "from shopcrm.db import open_database\n"
        "from shopcrm.demo import shop\n"
        f"shop.PARALLEL_FROM, shop.BATCH = {CUSTOMERS}, {SMALL_BATCH // 4}\n"
        "open_database(sys.argv[1])\n"
        "try:\n"
        f"    shop.generate_demo_shop({CUSTOMERS}, progress=lambda d, t: print(d, flush=True))\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted', flush=True)\n"
        "    sys.exit(130)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    demo_run = subprocess.Popen(
        [sys.executable, "-c", script, shop_location],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # a process group of its own, like a job in a shell
    )
    try:
        assert demo_run.stdout is not None
        assert demo_run.stdout.readline().strip().isdigit()  # a first batch is written
        os.killpg(demo_run.pid, signal.SIGINT)
        out, _ = demo_run.communicate(timeout=60)
    finally:
        if demo_run.poll() is None:
            os.killpg(demo_run.pid, signal.SIGKILL)
            demo_run.wait()
    assert demo_run.returncode == 130
    assert out.strip().endswith("interrupted")
    deadline = time.monotonic() + 10
    while True:
        try:
            os.killpg(demo_run.pid, 0)  # is anyone of the group still there?
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "a process of the demo outlived it"
        time.sleep(0.05)
    left = open_database(shop_location)
    try:
        assert left.execute_sql("SELECT count(*) FROM customer").fetchone()[0] == 0
    finally:
        close()


@pytest.mark.parametrize("customers", [0, -1, demo.MAX_CUSTOMERS + 1])
def test_absurd_sizes_are_refused_before_anything_is_written(
    db: peewee.Database, customers: int
) -> None:
    staff = _count(db, "staff")
    with pytest.raises(ValidationError) as refused:
        generate_demo_shop(customers, seed=1)
    assert set(refused.value.errors) == {"customers"}
    assert f"{demo.MAX_CUSTOMERS:,}" in refused.value.errors["customers"]
    assert "\n" not in str(refused.value)
    assert (_count(db, "customer"), _count(db, "staff"), _count(db, "tag")) == (0, staff, 0)


def test_the_command_line_refuses_them_in_one_line(
    shop_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from shopcrm.cli import main

    assert main(["--db", shop_location, "demo", "--customers", "-1"]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "customers" in err and "Traceback" not in err
