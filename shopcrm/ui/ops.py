"""Slow work off the GUI thread: the one way the windows run a use case that may take long.

A window never waits for a batch issue, a PDF render or a check: it hands the core call to
:func:`run_op` and carries on (the idea of Anki's ``QueryOp`` and Picard's ``run_task``). The
work runs on a pool thread; its end comes back on the GUI thread exactly once: the result to
``on_success``; Cancel (:class:`~shopcrm.core.progress.WorkCancelled`, raised before the
commit) to ``on_cancelled``; a :class:`~shopcrm.core.errors.ShopError` to ``on_failure`` or a
message box (what was typed stays); anything else, a bug, is raised again on the GUI thread for
the crash handler.

Database: the work gets its own connection (peewee keeps one per thread), closed when it ends.
Writes (``writes=True``) go one at a time, in order, through a pool of one thread; reads run
beside them (WAL and MVCC let readers go on while one connection writes).

Progress: the work gets a :class:`Task`: ``task.progress(done, total)`` moves a dialog or a
status-bar bar; ``task.cancelled()`` says whether Cancel was pressed (a read's running query is
interrupted too, :mod:`shopcrm.db.interrupts`).
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import peewee
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QStatusBar,
    QWidget,
)

from shopcrm.core.errors import ShopError
from shopcrm.core.progress import WorkCancelled
from shopcrm.db import database
from shopcrm.db.interrupts import interrupter, is_interruption

T = TypeVar("T")

#: How long work may take before its progress dialog shows (shorter work never flashes one).
SHOW_AFTER_MS = 400

_RUNNING: dict[int, Op] = {}  # kept alive (on the GUI thread) until their end is delivered
_HELD: list[Op] | None = None  # reads started while the shop is let go of (see hold_reads)
_POOLS: dict[bool, QThreadPool] = {}
_KEYS = itertools.count(1)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Ops", text)


def _pool(writes: bool) -> QThreadPool:
    """One thread for writes (so they never overlap), two for reads."""
    pool = _POOLS.get(writes)
    if pool is None:
        pool = QThreadPool()
        pool.setMaxThreadCount(1 if writes else 2)
        _POOLS[writes] = pool
    return pool


class Task:
    """The work's side of an op: say how far it is, and ask whether to stop."""

    def __init__(self, report: Callable[[int, int], None], stop: threading.Event) -> None:
        self._report = report
        self._stop = stop

    def progress(self, done: int, total: int) -> None:
        """``done`` out of ``total`` (0 when not known yet); safe from the worker thread."""
        self._report(done, total)

    def cancelled(self) -> bool:
        return self._stop.is_set()


class _Dispatcher(QObject):
    """The worker threads' way back to the GUI thread, made there once and kept for good.

    A worker never holds an :class:`Op` (a QObject of the GUI thread): if its last reference
    went in the worker, Qt would delete it on the wrong thread. It reports by key instead."""

    progressed = Signal(int, int, int)  # key, done, total
    finished = Signal(int)  # key

    def __init__(self) -> None:
        super().__init__()
        self.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)

    def _progressed(self, key: int, done: int, total: int) -> None:
        op = _RUNNING.get(key)
        if op is not None:
            op.progressed.emit(done, total)

    def _finished(self, key: int) -> None:
        op = _RUNNING.pop(key, None)
        if op is not None:
            op.deliver()


_DISPATCHER: list[_Dispatcher] = []


def _dispatcher() -> _Dispatcher:
    if not _DISPATCHER:
        _DISPATCHER.append(_Dispatcher())
    return _DISPATCHER[0]


class _Outcome:
    """What the worker leaves for the GUI thread: the error, if the work raised one; and, while
    a read runs, its connection, so that Cancel can interrupt a long query."""

    error: BaseException | None = None

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stop_query: Callable[[], None] | None = None

    def interrupt(self) -> None:
        """Stop the read's running query now (both engines allow this from another thread);
        it fails in the worker, which the op counts as cancelled."""
        with self.lock:
            if self.stop_query is not None:
                self.stop_query()


def _interrupted(error: BaseException) -> bool:
    """A query stopped by :meth:`_Outcome.interrupt`."""
    return is_interruption(error)


class _Runner(QRunnable):
    """Runs the work on a pool thread; holds nothing of Qt's but its own runnable."""

    def __init__(
        self,
        key: int,
        work: Callable[[Task], None],
        stop: threading.Event,
        outcome: _Outcome,
        db: peewee.Database | None,
        reads: bool = False,
    ) -> None:
        super().__init__()
        self.key, self.stop, self.outcome, self.db = key, stop, outcome, db
        self.reads = reads
        self.work: Callable[[Task], None] | None = work

    def run(self) -> None:
        dispatcher = _dispatcher()
        key, work, outcome, db = self.key, self.work, self.outcome, self.db
        self.work = None  # the GUI thread's Op holds it too: the last reference goes there
        assert work is not None, "a runner runs once"
        try:
            if self.reads and db is not None and not self.stop.is_set():
                db.connect(reuse_if_open=True)  # opened now, so Cancel can interrupt its queries
                with outcome.lock:
                    outcome.stop_query = interrupter(db)
            work(Task(lambda done, total: dispatcher.progressed.emit(key, done, total), self.stop))
        except BaseException as exc:  # every end is delivered, none dies with the thread
            outcome.error = exc
        finally:
            with outcome.lock:
                outcome.stop_query = None
            # The connection peewee opened for this thread (if the work used the database):
            # closed here, so no connection outlives its op or sits idle on a pool thread.
            if db is not None and not db.is_closed():
                try:
                    db.close()
                except peewee.PeeweeException as exc:
                    outcome.error = outcome.error or exc
            del work, outcome, db  # the GUI thread holds them too: theirs to let go
            with contextlib.suppress(RuntimeError):  # the app quit meanwhile: nobody to tell
                dispatcher.finished.emit(key)


class _StatusProgress(QWidget):
    """Progress in a status bar, for work the window goes on being used during."""

    def __init__(self, status_bar: QStatusBar, label: str, cancel: Callable[[], None]) -> None:
        super().__init__(status_bar)
        self.status_bar = status_bar
        self.label = QLabel(label)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton(_tr("Cancel"))
        self.cancel_button.clicked.connect(cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        status_bar.addPermanentWidget(self)

    def step(self, done: int, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)

    def finish(self) -> None:
        self.status_bar.removeWidget(self)
        self.setParent(None)  # out of the status bar now, not when the deletion comes round
        self.deleteLater()


class _DialogProgress:
    """A window-modal progress dialog with Cancel, shown only once the work takes a while."""

    def __init__(
        self, parent: QWidget | None, label: str, title: str, cancel: Callable[[], None]
    ) -> None:
        self.dialog = QProgressDialog(label, _tr("Cancel"), 0, 0, parent)
        if title:
            self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        self.dialog.canceled.connect(cancel)

    def step(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def finish(self) -> None:
        self.dialog.canceled.disconnect()
        self.dialog.reset()
        self.dialog.deleteLater()


class Op(QObject):
    """One piece of work on a pool thread. Made by :func:`run_op`; ``progressed(done, total)``
    while it runs, ``stopped()`` when it was cancelled, ``ended()`` last, whatever happened."""

    progressed = Signal(int, int)
    stopped = Signal()
    ended = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        work: Callable[[Task], None],
        on_success: Callable[[], None],
        *,
        on_failure: Callable[[ShopError], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        writes: bool = False,
        label: str = "",
        title: str = "",
        status_bar: QStatusBar | None = None,
    ) -> None:
        super().__init__()  # no parent: it outlives a window closed while it works
        self.window = parent
        self.work, self.on_success = work, on_success
        self.on_failure, self.on_cancelled = on_failure, on_cancelled
        self.writes, self.label, self.title = writes, label, title
        self.status_bar = status_bar
        self.key = next(_KEYS)
        self._outcome = _Outcome()
        self._stop = threading.Event()
        self._running = False
        self._orphaned = False
        self._progress: _StatusProgress | _DialogProgress | None = None
        if parent is not None:
            parent.destroyed.connect(self._orphan)

    def running(self) -> bool:
        return self._running

    def cancel(self) -> None:
        """Ask the work to stop; it does at its next check (a read also at once, its running
        query interrupted), and ends with ``stopped``."""
        self._stop.set()
        if not self.writes:  # a write is left to stop at its own checks, before its commit
            self._outcome.interrupt()

    def start(self) -> Op:
        if _HELD is not None and not self.writes:
            _HELD.append(self)
            return self
        _dispatcher()  # made on the GUI thread, before any worker needs it
        _RUNNING[self.key] = self
        self._running = True
        if self.status_bar is not None:
            self._progress = _StatusProgress(self.status_bar, self.label, self.cancel)
        elif self.label:
            self._progress = _DialogProgress(self.window, self.label, self.title, self.cancel)
        if self._progress is not None:
            self.progressed.connect(self._progress.step)
        runner = _Runner(
            self.key, self.work, self._stop, self._outcome, database.obj, reads=not self.writes
        )
        _pool(self.writes).start(runner)
        return self

    def _orphan(self) -> None:
        """The window that asked is gone: stop, and deliver nothing but bugs."""
        self._orphaned = True
        self.window = None
        self.cancel()

    def deliver(self) -> None:
        """The end, on the GUI thread (called once the worker is done with everything)."""
        self._running = False
        if self._progress is not None:
            self.progressed.disconnect(self._progress.step)
            self._progress.finish()
            self._progress = None
        error, self._outcome.error = self._outcome.error, None
        try:
            if error is None:
                if not self._orphaned:
                    self.on_success()
            elif isinstance(error, WorkCancelled) or (self._stop.is_set() and _interrupted(error)):
                self.stopped.emit()
                if self.on_cancelled is not None and not self._orphaned:
                    self.on_cancelled()
            elif isinstance(error, ShopError):
                if not self._orphaned:
                    (self.on_failure or self._tell)(error)
            else:
                raise error  # a bug: the crash handler's, on the GUI thread
        finally:
            self.ended.emit()

    def _tell(self, error: ShopError) -> None:
        message = str(error)
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.title or _tr("Not done"))
        box.setText(message[:1].upper() + message[1:])
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # does not block: the window (and what was typed in it) stays as it was


def run_op(
    parent: QWidget | None,
    work: Callable[[Task], T],
    on_success: Callable[[T], None],
    *,
    on_failure: Callable[[ShopError], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    writes: bool = False,
    label: str = "",
    title: str = "",
    status_bar: QStatusBar | None = None,
    start: bool = True,
) -> Op:
    """Run ``work(task)`` on a pool thread and hand its end back on the GUI thread (see the
    module docstring). ``label`` shows a progress dialog over ``parent`` (or, with
    ``status_bar``, a bar there instead); ``writes`` puts the op in line with the other
    writes. ``start=False`` returns the op unstarted (to connect to it first)."""
    results: list[T] = []

    def collect(task: Task) -> None:
        results.append(work(task))

    op = Op(
        parent,
        collect,
        lambda: on_success(results[0]),
        on_failure=on_failure,
        on_cancelled=on_cancelled,
        writes=writes,
        label=label,
        title=title,
        status_bar=status_bar,
    )
    return op.start() if start else op


def let_running_end(timeout_s: float) -> bool:
    """Turn the event loop until every op's end is delivered; False on timeout."""
    deadline = time.monotonic() + timeout_s
    while _RUNNING and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.002)
    return not _RUNNING


def hold_reads(held: bool) -> None:
    """While a restore has let go of the shop, reads (a timer's) wait, and start on release."""
    global _HELD
    waiting, _HELD = _HELD or [], [] if held else None
    if not held:
        for op in waiting:
            op.start()
