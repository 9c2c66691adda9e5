"""``python -m shopcrm``: the same as the ``shopcrm`` command, and the PyInstaller build's entry.

:func:`multiprocessing.freeze_support` comes before anything else: in the frozen app the demo's
helper processes are this same executable started again with multiprocessing's arguments, and
there it runs the helper and exits instead of starting the app (from source it does nothing,
so multiprocessing is not even imported: the app starts sooner). The guard keeps a "spawn"
helper, which imports the parent's main module, from running the CLI.
"""

import sys

if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()

    from shopcrm.cli import main

    sys.exit(main())
