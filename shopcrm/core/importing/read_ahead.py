"""Reading and checking an import's next chunks on a thread of their own, while the last one
is written.

An import spends its time in two places that need not wait for each other: Python reads and
checks the file's rows (phone numbers, dates, names: about 70 µs a row), and the database
writes them (PostgreSQL's server indexes every customer's ~36 search terms in a process of its
own). Done one after the other, an import of 100,000 customers took their sum. Here the
reading runs a chunk or two ahead on a worker thread, so the checking of one chunk overlaps
the writing of the one before.

On PostgreSQL only (:mod:`.run` decides): SQLite writes in this process, mostly holding
Python's lock, so there was little to overlap, and two threads contending for the lock cost
more than they saved (100,000 rows: 16.0 s in line, 21.5 s with a reading thread).

Only the worker touches the file and the file's own bookkeeping; every chunk it hands over is
whole and finished, with how far into the file it reached. The database is used only by the
caller's thread. A problem the worker meets (a broken file on line 90,000) is raised in the
caller's thread when it reaches that point, exactly where reading in line would have raised it;
and when the caller stops early (Cancel, a problem of its own) the worker is told to stop and is
waited for, so nothing reads the file after the import has returned.
"""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
from collections.abc import Iterator
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")

#: Chunks read ahead at most: enough to keep both sides busy, little memory.
DEPTH = 2
#: Python's thread switch interval while reading ahead (its default is 5 ms). The writing
#: thread waits on the database many times a chunk, and each time it comes back it must wait
#: for the reading thread to hand back Python's lock, which by default it does only every
#: 5 ms: ~3,000 such waits cost an import of 100,000 rows about 6 s, which made reading ahead
#: slower than reading in line.
SWITCH_S = 0.0005
_POLL_S = 0.05


class _End:
    """Put by the worker after the last item (``error``: what stopped it, if anything)."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error


class ReadAhead(Generic[T]):
    """Iterate ``items`` on a worker thread, ``depth`` items ahead of the caller.

    Use it as a context manager: leaving the block (normally or by an exception) stops the
    worker and waits for it."""

    def __init__(self, items: Iterator[T], depth: int = DEPTH) -> None:
        self._items = items
        self._queue: queue.Queue[T | _End] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._work, name="import-read-ahead", daemon=True)
        self._done = False

    def __enter__(self) -> ReadAhead[T]:
        self._switch = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch, SWITCH_S))
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker (it may be blocked handing over an item) and wait for it."""
        self._stop.set()
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=_POLL_S)
        self._thread.join()
        sys.setswitchinterval(self._switch)

    def __iter__(self) -> Iterator[T]:
        while not self._done:
            item = self._queue.get()
            if isinstance(item, _End):
                self._done = True
                if item.error is not None:
                    raise item.error
                return
            yield item

    def _hand_over(self, item: T | _End) -> bool:
        """Put ``item`` in the queue; False when the caller stopped listening first."""
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def _work(self) -> None:
        try:
            for item in self._items:
                if not self._hand_over(item):
                    return
        except BaseException as exc:  # handed to the caller's thread, raised there
            self._hand_over(_End(exc))
            return
        self._hand_over(_End())
