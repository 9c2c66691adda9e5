"""What happens when something goes wrong in the window: refusals shown, bugs reported.

:func:`install` (called by :func:`shopcrm.ui.app.run`) routes every exception no screen
caught: a :class:`~shopcrm.errors.ShopError` becomes a plain warning, anything else a crash
log in the data folder's ``logs/`` and a friendly :class:`CrashDialog`; the app keeps running.
"""

from __future__ import annotations

from shopcrm.ui.crash.dialog import CrashDialog, ErrorNotice
from shopcrm.ui.crash.handler import CrashHandler, install

__all__ = ["CrashDialog", "CrashHandler", "ErrorNotice", "install"]
