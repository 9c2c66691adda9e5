"""How a long use case says how far it is, and how it is told to stop.

A caller that shows progress (the GUI's ops, a CLI counting to stderr) passes ``progress(done,
total)``; one that offers Cancel passes ``cancelled()``, which the use case asks between steps
and answers by raising :class:`WorkCancelled` before its commit, so a stopped use case leaves
nothing half-written. Both are optional: without them a use case runs as it always did.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(done, total)``; a ``total`` of 0 means "not known yet".
Progress = Callable[[int, int], None]
#: Asked between steps: True once the person pressed Cancel.
CancelCheck = Callable[[], bool]


class WorkCancelled(Exception):
    """The person stopped the work; what it had not committed was rolled back."""


def stop_if_cancelled(cancelled: CancelCheck | None) -> None:
    """Raise :class:`WorkCancelled` when Cancel was pressed (the use case's transaction, if
    one is open, then rolls back)."""
    if cancelled is not None and cancelled():
        raise WorkCancelled
