"""The demo's row batches made in helper processes, in the frozen app as from source.

Making rows is pure Python and takes about twice as long as writing them; threads would share
one interpreter lock (measured: slower than one process alone), so the rows are made in other
processes. They are started with :mod:`multiprocessing`'s "spawn" method, the same on Windows,
macOS and Linux: a fresh interpreter that imports :mod:`shopcrm.demo.worker`. A PyInstaller
build starts its own executable for that, which works because the entry point calls
:func:`multiprocessing.freeze_support` first (``shopcrm/__main__.py``). "fork" does not exist on
Windows and would copy a process holding SQLite connections and, in the app, Qt threads.

Each helper sends its batches down a pipe of its own; a reading thread per helper unpickles them
into a small queue, so a helper never waits for the writer to take a batch off the pipe, and
the unpickling overlaps the writing (SQLite lets go of the interpreter lock while it works).
Leaving the ``with`` block in any way (the end, an error, Cancel, Ctrl+C) stops the helpers and
waits for them; a helper that fails or dies makes the writer raise :class:`HelperError`.
"""

from __future__ import annotations

import multiprocessing
import pickle
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from shopcrm.demo.rows import Plan, RowBatch, batch_count
from shopcrm.demo.worker import make_rows

SPAWN = multiprocessing.get_context("spawn")
#: Batches a helper may have made ahead of the writer (each is a few MB in memory).
_AHEAD = 3
#: How often (seconds) a writer waiting for a batch wakes up: on Windows a wait that never
#: wakes would not see Ctrl+C.
_WAKE = 0.25
#: How long (seconds) a helper asked to stop may take before it is killed.
_GRACE = 5.0


class HelperError(RuntimeError):
    """A helper process failed or died while making the demo's rows; nothing was kept."""


class _HelperTraceback(Exception):
    """The helper's own traceback, chained to :class:`HelperError` so a crash log shows it."""


class _Stopped:
    """What a reading thread passes on when its helper's pipe ends without the last word."""


class _Helper:
    """One helper process, its pipe and the thread that reads it."""

    def __init__(self, plan: Plan, number: int, workers: int) -> None:
        self.number = number
        receiving, sending = SPAWN.Pipe(duplex=False)
        self.pipe = receiving
        self.process = SPAWN.Process(
            target=make_rows,
            args=(plan, number, workers, sending),
            name=f"shopcrm-demo-helper-{number}",
            daemon=True,  # never outlives the app, whatever happens to the writer
        )
        try:
            self.process.start()
        except BaseException:
            receiving.close()
            raise
        finally:
            sending.close()  # the helper has its own end; without this, a dead one is not seen
        self.made: queue.Queue[Any] = queue.Queue(_AHEAD)
        self.reader = threading.Thread(
            target=self._read, name=f"shopcrm-demo-reader-{number}", daemon=True
        )
        self.reader.start()

    def _read(self) -> None:
        try:
            while True:
                item = pickle.loads(self.pipe.recv_bytes())
                self.made.put(item)
                if item is None or isinstance(item, str):
                    return
        except Exception:  # the pipe ended (the helper died or was stopped) or was closed
            self.made.put(_Stopped())

    def next_item(self) -> RowBatch | None:
        """The helper's next batch, or ``None`` when it has sent them all."""
        dead_since: float | None = None
        while True:
            try:
                item = self.made.get(timeout=_WAKE)
            except queue.Empty:
                # Its pipe ends when it dies; should the end not be seen, its exit is.
                if self.process.is_alive():
                    continue
                dead_since = dead_since or time.monotonic()
                if time.monotonic() - dead_since < _GRACE:
                    continue
                item = _Stopped()
            if isinstance(item, _Stopped):
                self.process.join(_GRACE)
                raise HelperError(
                    f"demo helper process {self.number} stopped unexpectedly"
                    f" (exit code {self.process.exitcode})"
                )
            if isinstance(item, str):
                last = item.strip().splitlines()[-1] if item.strip() else "unknown error"
                raise HelperError(
                    f"demo helper process {self.number} failed: {last}"
                ) from _HelperTraceback(item)
            return item

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(_GRACE)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        while self.reader.is_alive():  # it may be waiting for room in its queue
            while not self.made.empty():
                self.made.get_nowait()
            self.reader.join(0.05)
        self.pipe.close()
        self.process.close()


def _batches(helpers: list[_Helper], plan: Plan) -> Iterator[RowBatch]:
    """The plan's batches in order: batch ``n`` comes from helper ``n % len(helpers)``."""
    for number in range(batch_count(plan)):
        batch = helpers[number % len(helpers)].next_item()
        if batch is None:
            raise HelperError("a demo helper process sent fewer rows than asked")
        yield batch
    for helper in helpers:
        if helper.next_item() is not None:
            raise HelperError("a demo helper process made more rows than asked")


@contextmanager
def made_by_helpers(plan: Plan, workers: int) -> Iterator[Iterator[RowBatch]]:
    """The plan's batches in order, made by ``workers`` helper processes that are stopped and
    waited for when the block is left, however it is left."""
    helpers: list[_Helper] = []
    try:
        for number in range(workers):
            helpers.append(_Helper(plan, number, workers))
        yield _batches(helpers, plan)
    finally:
        for helper in helpers:
            if helper.process.is_alive():
                helper.process.terminate()  # all at once: they stop side by side
        for helper in helpers:
            helper.stop()
