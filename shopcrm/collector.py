"""Python's cycle collector around the start and the end of the app's process.

Measured on the start benchmark (a 1,000,000-customer shop, compiled bytecode): while the
window's few hundred modules load, the collector runs again and again over objects that all
stay alive for the whole session (classes, functions, Qt's enums), ~10 ms of a start of a
quarter second; and at exit its final collection walks them all once more, ~20 ms. So:

- :func:`pause_for_start` stops the collector while the app starts, and
  :func:`resume_after_start` turns it back on once the window is on screen (nothing is lost:
  the objects made meanwhile are looked at by the next collection);
- :func:`freeze_for_exit` moves everything alive when the window has closed (the database
  closed, the logs flushed) out of the collector's sight, so the interpreter's final
  collection skips it. The interpreter still ends in order: exit handlers run, streams flush.

Only the process that started the app from its command line does either (see
:func:`shopcrm.cli.main`); code that runs the window in a process of its own kind (the tests)
keeps Python's defaults, since :func:`resume_after_start` does nothing unless the collector was
paused here.
"""

from __future__ import annotations

import gc

_paused_here = False


def pause_for_start() -> None:
    """Stop the collector until :func:`resume_after_start` (if it is running now)."""
    global _paused_here
    if gc.isenabled():
        gc.disable()
        _paused_here = True


def resume_after_start() -> None:
    """Turn the collector back on, if :func:`pause_for_start` stopped it."""
    global _paused_here
    if _paused_here:
        _paused_here = False
        gc.enable()


def freeze_for_exit() -> None:
    """Keep the exit's collection off the objects alive now: the process is about to end."""
    resume_after_start()
    gc.freeze()
