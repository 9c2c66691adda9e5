"""What happens when something goes wrong in the window: refusals shown, bugs reported.

:func:`install` (called by :func:`shopcrm.ui.app.run`) routes every exception no screen
caught: a :class:`~shopcrm.errors.ShopError` becomes a plain warning, anything else a crash
log in the data folder's ``logs/`` and a friendly crash dialog
(:class:`~shopcrm.ui.crash.dialog.CrashDialog`); the app keeps running. The dialogs are
loaded when one is first shown, not with the window (the cold start does not pay for them).
"""

from __future__ import annotations

from shopcrm.ui.crash.handler import CrashHandler, install

__all__ = ["CrashHandler", "install"]
