"""A check's progress: one bar over steps of very different cost, moving with the work done.

Each step says what it expects to cost (seconds on the reference machine, from the size of the
shop, see :mod:`.steps`) and how many engine ticks it expects (SQLite reports every few
thousand steps of its virtual machine, see :func:`shopcrm.db.health.engine_ticks`). The bar
is the share of expected seconds done; inside a step it moves with the ticks seen, never
past 99 % of the step until the step has ended, so a wrong guess makes the bar uneven, never
backwards. Cancel is asked at every tick, so even the longest statement stops within
milliseconds, and between steps.

A step may bring a second job to run ``beside`` it, on a connection of its own in a thread:
SQLite lets go of the interpreter while it works, so on two cores the foreign-key check costs
no time beside the file check (measured at 1,000,000 customers: the two took 35 s one after
the other). An in-memory database has no second connection to the same data: there the job
runs after the step.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import peewee

from shopcrm.core.progress import CancelCheck, Progress, WorkCancelled, stop_if_cancelled
from shopcrm.db import database
from shopcrm.db.health import EngineStopped, engine_ticks

#: The bar counts to this (per mille): fine enough for any bar, coarse enough to be cheap.
SCALE = 1000


@dataclass(frozen=True)
class Step:
    """One part of a check: ``run()`` returns the problems it found."""

    name: str
    run: Callable[[], list[str]]
    seconds: float  # expected cost: the step's share of the bar
    ticks: int = 0  # engine ticks expected (0: unknown, the bar moves when the step ends)
    beside: Callable[[], list[str]] | None = None  # run at the same time, its ticks counted in


class _Bar:
    def __init__(self, steps: Sequence[Step], progress: Progress | None) -> None:
        self.progress = progress
        self.total = sum(step.seconds for step in steps) or 1.0
        self.done = 0.0
        self.shown = -1

    def show(self, seconds: float) -> None:
        self._report(min(SCALE - 1, int(seconds / self.total * SCALE)))

    def finish(self) -> None:
        self._report(SCALE)

    def _report(self, value: int) -> None:
        if self.progress is not None and value > self.shown:
            self.shown = value
            self.progress(value, SCALE)


class _Ticks:
    """What the engine calls back during one step."""

    def __init__(self, bar: _Bar, step: Step, cancelled: CancelCheck | None) -> None:
        self.bar, self.step, self.cancelled = bar, step, cancelled
        self.seen = 0
        self.lock = threading.Lock()  # two connections may tick at once
        self.abandoned = False  # the step failed: the job beside it stops too

    def __call__(self) -> bool:
        with self.lock:
            self.seen += 1
            if self.step.ticks:
                share = min(0.99, self.seen / self.step.ticks)
                self.bar.show(self.bar.done + self.step.seconds * share)
            return self.abandoned or (self.cancelled is not None and self.cancelled())


class _Beside(threading.Thread):
    """A step's second job, on its own connection (opened and closed in the thread)."""

    def __init__(self, db: peewee.Database, job: Callable[[], list[str]], ticks: _Ticks) -> None:
        super().__init__(name="shopcrm-check-beside", daemon=True)
        self.db, self.job, self.ticks = db, job, ticks
        self.problems: list[str] = []
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            with engine_ticks(self.db, self.ticks):
                self.problems = self.job()
        except BaseException as exc:  # raised again by the step's own thread
            self.error = exc
        finally:
            if not self.db.is_closed():
                self.db.close()

    def result(self) -> list[str]:
        self.join()
        if self.error is not None:
            raise self.error
        return self.problems


def _file_database(db: peewee.Database) -> bool:
    return not isinstance(db, peewee.SqliteDatabase) or db.database not in ("", ":memory:")


def _run_step(db: peewee.Database, step: Step, ticks: _Ticks) -> list[str]:
    if step.beside is None:
        with engine_ticks(db, ticks):
            return step.run()
    if not _file_database(db):
        with engine_ticks(db, ticks):
            return step.run() + step.beside()
    beside = _Beside(db, step.beside, ticks)
    try:
        with engine_ticks(db, ticks):
            problems = step.run()
    except BaseException:
        ticks.abandoned = True
        beside.join()
        raise
    return problems + beside.result()


def run_steps(
    steps: Sequence[Step], progress: Progress | None, cancelled: CancelCheck | None
) -> list[str]:
    """Run ``steps`` in order and return their problems; raises
    :class:`~shopcrm.core.progress.WorkCancelled` once ``cancelled()`` says so."""
    bar = _Bar(steps, progress)
    bar.show(0)
    problems: list[str] = []
    db = database.obj
    for step in steps:
        stop_if_cancelled(cancelled)
        try:
            problems.extend(_run_step(db, step, _Ticks(bar, step, cancelled)))
        except EngineStopped:
            raise WorkCancelled from None
        bar.done += step.seconds
        bar.show(bar.done)
    bar.finish()
    return problems
