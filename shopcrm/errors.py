"""The root of the errors meant for the person at the till, seen by every layer.

It lives above ``core`` and ``db`` because both raise such errors and ``db`` may not import
``core``: ``db`` raises :class:`~shopcrm.db.storage_errors.StorageError` (the disk is full, the
file is damaged, ...), ``core`` raises validation and not-found errors, and the command line
and the window catch all of them as one :class:`ShopError`. ``shopcrm.core.errors`` re-exports
both, so use cases and screens keep importing their errors from one place.
"""

from __future__ import annotations


class ShopError(Exception):
    """Base of the errors meant for the person at the till: ``str(error)`` is the message,
    one line, in the shop's words; no traceback is ever shown for one."""
