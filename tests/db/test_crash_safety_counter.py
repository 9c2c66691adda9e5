"""Killing a till mid-counter-work loses nothing it acknowledged (issue "Trust", DESIGN.md §5).

A writer logs visits (with amounts, so loyalty is earned) and redeems vouchers with a visit,
one use case at a time, and reports each only after its transaction committed; it is killed
with SIGKILL at a random moment, 50 times. After every kill the shop must hold every visit and
every redemption reported so far, exactly as reported, and the database check must pass.

The writers are forked from one process that imported shopcrm once (a fresh interpreter per
kill would spend most of the test importing): each fork opens its own connection, as a new
till would, and the fork is what gets killed. SQLite-only, like ``test_crash_safety``: it is
about the crash safety of a database file on this computer (WAL, ``synchronous=FULL``); on
PostgreSQL a killed client changes nothing on the server.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from shopcrm.core.check import check_database
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.visits import get_visit
from shopcrm.core.vouchers import VoucherValue, get_voucher, issue_single
from shopcrm.core.vouchers.views import local_today
from shopcrm.db import close, open_database

KILLS = 50

# Reads "go SEED FIRST_CODE_INDEX" lines; for each forks a writer and prints its pid. The
# writer prints one line per committed use case: "V visit_id customer_id amount" or
# "R code visit_id".
_FORK_SERVER = r"""
import os, random, sys, uuid
from shopcrm.core.vouchers import VoucherRefused, redeem
from shopcrm.core.visits import log_visit
from shopcrm.db import open_database

import signal
signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed writers are reaped by the kernel
path, customers, codes = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(",")
for line in sys.stdin:
    _, seed, start = line.split()
    pid = os.fork()
    if pid:
        print("PID", pid, flush=True)
        continue
    out = os.fdopen(1, "w", buffering=1)
    open_database(path)
    rng = random.Random(int(seed))
    next_code = int(start)
    for n in range(1_000_000):
        if rng.random() < 0.2 and next_code < len(codes):
            code = codes[next_code]
            next_code += 1
            try:
                done = redeem(code, log_visit=True, amount_minor=rng.randint(100, 5000))
            except VoucherRefused:  # redeemed by a writer killed before it could say so
                continue
            out.write(f"R {code} {done.visit_id}\n")
        else:
            customer = int(rng.choice(customers))
            amount = rng.randint(50, 9000)
            key = str(uuid.UUID(int=rng.getrandbits(128)))
            visit = log_visit(customer, amount_minor=amount, client_key=key)
            out.write(f"V {visit.id} {customer} {amount}\n")
"""


def _shop(path: str) -> tuple[list[int], list[str]]:
    """A small shop: 40 customers, each with a few vouchers to redeem."""
    open_database(path)
    customers, codes = [], []
    try:
        for i in range(40):
            card = add_customer(CustomerInput(first_name=f"Crash{i}", last_name="Counter"))
            customers.append(card.id)
            for _ in range(6):
                issued = issue_single(
                    card.id,
                    VoucherValue.free_item("A coffee"),
                    local_today() + timedelta(days=30),
                    "Thank you!",
                )
                codes.extend(v.code for v in issued.vouchers)
    finally:
        close()
    return customers, codes


class _Lines:
    """Whole lines from a pipe, read unbuffered: ``select`` tells the truth about what is left
    only if no reader above the file descriptor has swallowed part of it."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.pending = b""

    def read(self, until: float, *, stop_at_pid: bool = False) -> list[str]:
        """Lines until the time ``until`` (or a ``PID`` line, when ``stop_at_pid``)."""
        lines: list[str] = []
        while True:
            while b"\n" in self.pending:
                line, self.pending = self.pending.split(b"\n", 1)
                lines.append(line.decode())
                if stop_at_pid and line.startswith(b"PID"):
                    return lines
            left = until - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                return lines
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return lines
            self.pending += chunk


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX fork and signals")
def test_sigkill_while_logging_visits_and_redeeming_loses_nothing_acknowledged(tmp_path: Path):
    path = str(tmp_path / "shop.sqlite3")
    customers, codes = _shop(path)
    rng = random.Random(7)
    visits: dict[int, tuple[int, int]] = {}
    redeemed: dict[str, int] = {}
    server = subprocess.Popen(
        [sys.executable, "-c", _FORK_SERVER, path, ",".join(map(str, customers)), ",".join(codes)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert server.stdin is not None and server.stdout is not None
    pipe = _Lines(server.stdout.fileno())
    started = time.monotonic()
    try:
        for kill in range(KILLS):
            # Each writer starts at its own stretch of codes, so a kill never hides a code the
            # next writer would then find already redeemed without knowing it was acknowledged.
            server.stdin.write(f"go {kill} {kill * len(codes) // KILLS}\n")
            server.stdin.flush()
            lines = pipe.read(time.monotonic() + 30, stop_at_pid=True)
            assert lines and lines[-1].startswith("PID"), lines
            writer = int(lines.pop().split()[1])
            lines += pipe.read(time.monotonic() + rng.uniform(0.05, 0.3))
            os.kill(writer, signal.SIGKILL)
            _wait_gone(writer)
            # What it reported just before dying may still be in the pipe: committed too.
            lines += pipe.read(time.monotonic() + 0.01)
            for line in lines:
                kind, *fields = line.split()
                if kind == "V":
                    visits[int(fields[0])] = (int(fields[1]), int(fields[2]))
                elif kind == "R":
                    redeemed[fields[0]] = int(fields[1])
            _assert_all_there(path, visits, redeemed)
    finally:
        server.kill()
        server.wait()
    took = time.monotonic() - started
    acknowledged = f"{len(visits)} visits and {len(redeemed)} redemptions acknowledged"
    print(f"{KILLS} kills, {acknowledged}, in {took:.1f} s")
    assert len(visits) > KILLS and len(redeemed) > 10, (len(visits), len(redeemed))


def _wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.002)
    raise AssertionError(f"writer {pid} still there 10 s after SIGKILL")


def _assert_all_there(path: str, visits: dict[int, tuple[int, int]], redeemed: dict[str, int]):
    open_database(path)
    try:
        report = check_database()
        assert report.ok, report.problems
        for visit_id, (customer, amount) in visits.items():
            visit = get_visit(visit_id)
            assert (visit.customer_id, visit.amount_minor, visit.voided) == (
                customer,
                amount,
                False,
            )
        for code, visit_id in redeemed.items():
            voucher = get_voucher(code)
            assert voucher.redeemed_at is not None and voucher.redeemed_visit_id == visit_id
            assert get_visit(visit_id).customer_id == voucher.customer_id
    finally:
        close()
