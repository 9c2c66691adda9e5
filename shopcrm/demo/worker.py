"""The demo's helper process: reads a :class:`~shopcrm.demo.rows.Plan`, its own number
and the number of helpers from stdin, and writes its share of the pickled row batches (every
``workers``-th one) to stdout, then ``None``; a failure is written as its traceback.

It is started as ``python -m shopcrm.demo.worker`` rather than through
``multiprocessing``, whose "spawn" start re-runs the caller's main script and so breaks in any
script without an ``if __name__ == "__main__"`` guard.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback

from shopcrm.demo.rows import produce


def main() -> int:
    out = sys.stdout.buffer
    if hasattr(os, "nice"):
        # The writing process is the one everything waits for: on a two-core machine it gets
        # a core of its own, the helpers share what is left.
        os.nice(5)
    try:
        plan, worker, workers = pickle.load(sys.stdin.buffer)
        for batch in produce(plan, worker, workers):
            # Pickled whole, then written: the pipe is busy for a copy, not for the pickling.
            out.write(pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))
            out.flush()
        pickle.dump(None, out)
    except BrokenPipeError:
        return 1  # the demo was abandoned; nobody is listening
    except BaseException:
        pickle.dump(traceback.format_exc(), out)
        out.flush()
        return 1
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
