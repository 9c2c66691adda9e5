"""A progress bar on stderr for the commands that take long (``check``, ``demo``).

Only on a terminal: piped into a file or another program, stderr gets no carriage returns
to wade through, and stdout (the text or the ``--json`` a script reads) never gets any.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

#: The bar's width in characters, and the least time between two redraws.
WIDTH = 30
REDRAW_S = 0.1


class ProgressBar:
    """``progress(done, total)`` for a core call: ``label [#####-----]  42 %``, redrawn in
    place, and wiped when the block ends. ``stream`` is stderr unless told otherwise.

    ``percent`` writes the share the shop's way; it is taken before the work starts, since the
    bar is drawn from inside the work's statements, where no query may run."""

    def __init__(
        self, label: str, percent: Callable[[float], str], stream: TextIO | None = None
    ) -> None:
        self.label = label
        self.percent = percent
        self.stream = stream if stream is not None else sys.stderr
        self.shown = _is_terminal(self.stream)
        self._last = -REDRAW_S
        self._width = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.shown:
            return
        now = time.monotonic()
        if now - self._last < REDRAW_S and done < total:
            return
        self._last = now
        share = min(1.0, done / total) if total > 0 else 0.0
        filled = int(share * WIDTH)
        line = f"{self.label} [{'#' * filled}{'-' * (WIDTH - filled)}] {self.percent(share):>4}"
        self._width = max(self._width, len(line))
        self.stream.write("\r" + line)
        self.stream.flush()

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.shown and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed, or not a real file
        return False
