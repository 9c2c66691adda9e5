"""What a demo helper process runs: its share of the row batches, down a pipe to the writer.

This is the target of a :mod:`multiprocessing` "spawn" process (see
:mod:`shopcrm.demo.helper_processes`), so it is all the helper imports of shopcrm: it must stay
importable without Qt, the CLI or an open database.
"""

from __future__ import annotations

import os
import pickle
import signal
import traceback
from contextlib import suppress
from multiprocessing.connection import Connection

from shopcrm.demo.rows import Plan, produce


def make_rows(plan: Plan, worker: int, workers: int, out: Connection) -> None:
    """Send batches ``worker``, ``worker + workers``, ... pickled, then ``None``; a failure is
    sent as its traceback text, so the writer can raise it instead of waiting."""
    # Ctrl+C in a terminal reaches the whole process group: the writer stops the helpers, and a
    # helper that saw it too would only print a second traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "nice"):
        # The writing process is the one everything waits for: on a two-core machine it gets
        # a core of its own, the helpers share what is left.
        os.nice(5)
    try:
        for batch in produce(plan, worker, workers):
            # Pickled whole, then sent: the pipe is busy for a copy, not for the pickling.
            out.send_bytes(pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))
        out.send_bytes(pickle.dumps(None))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the demo was abandoned; nobody is listening
    except BaseException:
        with suppress(OSError):
            out.send_bytes(pickle.dumps(traceback.format_exc()))
    finally:
        out.close()
