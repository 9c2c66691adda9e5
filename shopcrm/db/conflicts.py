"""A transaction that collided with another till's: nobody's fault, and it may run again.

Kept apart from :mod:`.transactions` (which retries it) so that the PostgreSQL error
translation can raise it without importing the connection it belongs to.
"""

from __future__ import annotations

from shopcrm.db.storage_errors import StorageError, StorageKind

#: PostgreSQL's SQLSTATEs of a transaction that did nothing wrong and may simply run again.
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock


class TransientConflict(StorageError):
    """Another till's transaction collided with this one (a deadlock, a serialization
    failure); this one was rolled back whole and may run again unchanged. Shown to the
    person at the till only when it kept happening (see :func:`.transactions.transactional`)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            StorageKind.LOCKED,
            "another till was changing the same data at the same moment; try again",
            detail,
        )
